public import Foundation
public import ProfileModel

/// A zone as read from a file, before reprojection and validation.
public struct RawZone: Sendable {
    /// Position in the file (0-based).
    public var index: Int
    /// The zone's id (from `--id-field`, or its position).
    public var id: String
    /// The zone's name (from `--name-field`), if any.
    public var name: String?
    /// The geometry as WKB in the file's CRS.
    public var wkb: Data
    /// The file's CRS, or `nil` when the file does not say.
    public var crs: String?
    /// Other attributes of the feature, as text.
    public var properties: [String: String]
}

/// How to read zones from a file.
public struct ZoneReadOptions: Sendable {
    /// GeoPackage layer.
    public var layer: String?
    /// CRS that overrides (or supplies) the file's.
    public var crs: String?
    /// Attribute holding the zone id.
    public var idField: String?
    /// Attribute holding the zone name.
    public var nameField: String?

    /// Creates options.
    public init(layer: String? = nil, crs: String? = nil, idField: String? = nil, nameField: String? = nil) {
        self.layer = layer
        self.crs = crs
        self.idField = idField
        self.nameField = nameField
    }
}

/// Reads planning zones from GeoJSON, GeoPackage, ESRI Shapefile or WKT files.
public enum ZoneReader {
    /// The file formats recognised by extension.
    public enum Format: String, Sendable, CaseIterable {
        /// RFC 7946 GeoJSON (`.geojson`, `.json`).
        case geojson
        /// OGC GeoPackage (`.gpkg`).
        case geopackage
        /// ESRI Shapefile (`.shp` with `.shx`, `.dbf`, `.prj`).
        case shapefile
        /// Well-known text, optionally with an EWKT `SRID=n;` prefix (`.wkt`, `.txt`).
        case wkt
    }

    /// The format of a file by its extension.
    public static func format(of url: URL) throws(AreaAnalysisError) -> Format {
        switch url.pathExtension.lowercased() {
        case "geojson", "json": return .geojson
        case "gpkg": return .geopackage
        case "shp": return .shapefile
        case "wkt", "txt", "ewkt": return .wkt
        default:
            throw AreaAnalysisError(
                .usage,
                "\(url.lastPathComponent): unknown zone file type '.\(url.pathExtension)'; use .geojson, .gpkg, .shp or .wkt"
            )
        }
    }

    /// The format a document's first bytes show: GeoPackage (SQLite's header), Shapefile
    /// (its file code 9994), GeoJSON (an object) or WKT (a geometry keyword or `SRID=`);
    /// `nil` when they show none of these.
    public static func sniff(_ head: Data) -> Format? {
        if head.starts(with: Data("SQLite format 3\u{0}".utf8)) { return .geopackage }
        if head.starts(with: [0x00, 0x00, 0x27, 0x0A]) { return .shapefile }
        var text = head
        if text.starts(with: [0xEF, 0xBB, 0xBF]) { text = text.dropFirst(3) }
        let start = text.drop { [0x20, 0x09, 0x0A, 0x0D].contains($0) }
        guard let first = start.first else { return nil }
        if first == UInt8(ascii: "{") { return .geojson }
        let word = String(decoding: start.prefix(20), as: UTF8.self).uppercased()
        let keywords = ["SRID=", "POLYGON", "MULTIPOLYGON", "POINT", "MULTIPOINT", "GEOMETRYCOLLECTION"]
        if keywords.contains(where: { word.hasPrefix($0) }) { return .wkt }
        return nil
    }

    /// The format of a file: what its content shows (see ``sniff(_:)``), else its extension.
    /// A file whose content contradicts its extension is read as what it is.
    static func detectFormat(of url: URL) throws(AreaAnalysisError) -> Format {
        let byExtension = try? format(of: url)
        let head: Data
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            head = try handle.read(upToCount: 64) ?? Data()
        } catch {
            throw AreaAnalysisError(.missingInput, "the zone file \(url.path) cannot be read")
        }
        if let sniffed = sniff(head) {
            // A Shapefile's .shp is only readable with its .shx and .dbf beside it.
            if sniffed == .shapefile, byExtension != .shapefile {
                throw AreaAnalysisError(
                    .usage, "\(url.lastPathComponent) is the .shp part of a Shapefile; give it its .shp name")
            }
            return sniffed
        }
        guard !head.isEmpty else { throw AreaAnalysisError(.invalidData, "\(url.lastPathComponent) is empty") }
        // The reader for the extension explains best what is wrong with the content.
        if let byExtension, url.pathExtension.lowercased() != "txt" { return byExtension }
        guard url.pathExtension.isEmpty || url.pathExtension.lowercased() == "txt" else { return try format(of: url) }
        throw AreaAnalysisError(
            .usage,
            "\(url.lastPathComponent) is not a zone file geoprofile can read: its content is not GeoJSON, GeoPackage, a Shapefile or WKT"
        )
    }

    /// Reads every zone of a file; `-` or `/dev/stdin` reads standard input (GeoJSON or WKT,
    /// told apart by content).
    public static func read(_ url: URL, options: ZoneReadOptions = ZoneReadOptions()) throws(AreaAnalysisError)
        -> [RawZone]
    {
        if url.path == "/dev/stdin" || url.relativePath == "-" {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            guard let format = sniff(data.prefix(64)), format == .geojson || format == .wkt else {
                throw AreaAnalysisError(
                    .invalidData, "standard input holds no GeoJSON or WKT zone; pipe a GeoJSON or WKT file into it")
            }
            return try read(data, format: format, name: "standard input", options: options)
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw AreaAnalysisError(.missingInput, "the zone file \(url.path) does not exist", input: .zones)
        }
        guard !isDirectory.boolValue else {
            throw AreaAnalysisError(.usage, "\(url.path) is a folder; give the zone file inside it")
        }
        let format = try detectFormat(of: url)
        var zones: [RawZone]
        switch format {
        case .geojson: zones = try GeoJSONZones.read(url)
        case .geopackage: zones = try readGeoPackage(url, options: options)
        case .shapefile: zones = try ShapefileZones.read(url)
        case .wkt:
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                throw AreaAnalysisError(.invalidData, "\(url.lastPathComponent) is not UTF-8 text")
            }
            zones = [try readWKT(text, name: url.deletingPathExtension().lastPathComponent)]
        }
        guard !zones.isEmpty else { throw AreaAnalysisError(.invalidData, "\(url.lastPathComponent) holds no zone") }
        try label(&zones, options: options, file: url.lastPathComponent)
        return zones
    }

    /// Reads every zone of a GeoJSON or WKT document held in memory (an upload, a fuzzer's
    /// input); `name` stands for the file in messages. GeoPackage and Shapefile need a file.
    public static func read(
        _ data: Data, format: Format, name: String, options: ZoneReadOptions = ZoneReadOptions()
    ) throws(AreaAnalysisError) -> [RawZone] {
        var zones: [RawZone]
        switch format {
        case .geojson: zones = try GeoJSONZones.read(data, file: name)
        case .wkt:
            guard let text = String(data: data, encoding: .utf8) else {
                throw AreaAnalysisError(.invalidData, "\(name) is not UTF-8 text")
            }
            zones = [try readWKT(text, name: name)]
        case .geopackage, .shapefile:
            throw AreaAnalysisError(.usage, "\(name): a \(format.rawValue) zone file must be read from a file")
        }
        guard !zones.isEmpty else { throw AreaAnalysisError(.invalidData, "\(name) holds no zone") }
        try label(&zones, options: options, file: name)
        return zones
    }

    /// Reads one zone from a WKT or EWKT string (`SRID=28992;POLYGON((...))`).
    public static func readWKT(_ text: String, name: String = "wkt", crs: String? = nil) throws(AreaAnalysisError)
        -> RawZone
    {
        var body = text.trimmingCharacters(in: .whitespacesAndNewlines)
        var srid: String?
        if body.uppercased().hasPrefix("SRID="), let semicolon = body.firstIndex(of: ";") {
            let code = body[body.index(body.startIndex, offsetBy: 5)..<semicolon].trimmingCharacters(in: .whitespaces)
            guard Int(code) != nil else {
                throw AreaAnalysisError(.invalidData, "the EWKT prefix 'SRID=\(code)' is not a number")
            }
            srid = "EPSG:\(code)"
            body = String(body[body.index(after: semicolon)...])
        }
        guard !body.isEmpty else { throw AreaAnalysisError(.invalidData, "the WKT text is empty") }
        let context = GEOSContext()
        let geometry = try Geometry(wkt: body, context: context)
        return RawZone(index: 0, id: name, name: nil, wkb: try geometry.wkb(), crs: crs ?? srid, properties: [:])
    }

    /// Reads a GeoPackage layer's zones in id order; a large layer is read in parts on all
    /// cores, each worker through its own connection.
    static func readGeoPackage(_ url: URL, options: ZoneReadOptions) throws(AreaAnalysisError) -> [RawZone] {
        let package = try GeoPackage(url: url)
        let layer = try package.layer(named: options.layer)
        // A file without a CRS can still be read when --crs supplies one.
        let crs = options.crs ?? (try? package.crs(srsID: layer.srsID))
        let ids = try package.featureIDs(of: layer)
        guard !ids.isEmpty else { return [] }
        let workers = ids.count >= 4096 ? max(1, ProcessInfo.processInfo.activeProcessorCount) : 1
        // Several parts a worker, so that one finishing early takes another.
        let partCount = workers == 1 ? 1 : 4 * workers
        let starts = (0...partCount).map { ids.count * $0 / partCount }
        let parts = PartResults<[RawZone], AreaAnalysisError>(count: partCount)
        let queue = WorkQueue(count: partCount)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var connection: GeoPackage?
            while let part = queue.next() {
                parts.set(
                    part,
                    Result { () throws(AreaAnalysisError) -> [RawZone] in
                        let reader: GeoPackage
                        if let connection {
                            reader = connection
                        } else {
                            reader = worker == 0 ? package : try GeoPackage(url: url)
                            connection = reader
                        }
                        let features = try reader.features(
                            of: layer, columns: layer.columns, idRange: ids[starts[part]]...ids[starts[part + 1] - 1])
                        var zones: [RawZone] = []
                        zones.reserveCapacity(features.count)
                        for (offset, feature) in features.enumerated() {
                            guard let wkb = feature.wkb else {
                                throw AreaAnalysisError(
                                    .invalidData,
                                    "feature \(feature.fid) of layer '\(layer.name)' in \(url.lastPathComponent) has no geometry"
                                )
                            }
                            var properties: [String: String] = [:]
                            for (key, value) in feature.attributes { properties[key] = value.text }
                            zones.append(
                                RawZone(
                                    index: starts[part] + offset, id: String(feature.fid), name: nil, wkb: wkb,
                                    crs: crs, properties: properties))
                        }
                        return zones
                    })
            }
        }
        var zones: [RawZone] = []
        zones.reserveCapacity(ids.count)
        for part in parts.values { zones += try part.get() }
        return zones
    }

    /// Applies `--id-field`, `--name-field` and `--crs`; ids default to the file's own
    /// (`id` member, fid) or the position.
    static func label(_ result: inout [RawZone], options: ZoneReadOptions, file: String) throws(AreaAnalysisError) {
        let nameCandidates = ["name", "naam", "NAME", "Naam", "gemeente", "statnaam", "buurtnaam", "wijknaam"]
        for index in result.indices {
            if let field = options.idField {
                guard let value = result[index].properties[field], !value.isEmpty else {
                    let known = result[index].properties.keys.sorted().joined(separator: ", ")
                    throw AreaAnalysisError(
                        .invalidData,
                        "zone \(index + 1) of \(file) has no value in the id field '\(field)'; its fields are: \(known.isEmpty ? "none" : known)",
                        input: .idField
                    )
                }
                result[index].id = value
            }
            if let field = options.nameField {
                guard let value = result[index].properties[field] else {
                    let known = result[index].properties.keys.sorted().joined(separator: ", ")
                    throw AreaAnalysisError(
                        .invalidData,
                        "zone \(index + 1) of \(file) has no name field '\(field)'; its fields are: \(known.isEmpty ? "none" : known)",
                        input: .nameField
                    )
                }
                result[index].name = value
            } else if result[index].name == nil {
                let properties = result[index].properties
                result[index].name = nameCandidates.lazy.compactMap { properties[$0] }.first
            }
            if let crs = options.crs { result[index].crs = crs }
        }
        var seen = Set<String>()
        for zone in result where !seen.insert(zone.id).inserted {
            throw AreaAnalysisError(
                .invalidData,
                "\(file) has two zones with the id '\(zone.id)'; choose a unique field with \(input: .idField)")
        }
    }
}
