internal import Foundation
internal import ProfileModel

/// Reads zones from RFC 7946 GeoJSON: a geometry, a Feature or a FeatureCollection.
///
/// Coordinates are longitude, latitude (WGS 84) unless the legacy `crs` member, which QGIS
/// still writes for other CRSs, names one (e.g. `urn:ogc:def:crs:EPSG::28992`).
///
/// The file is read as a stream of bytes (memory-mapped): each feature of a collection is
/// turned into a ``RawZone`` as soon as it has been read, so a large file never exists as
/// a tree of JSON values.
enum GeoJSONZones {
    static func read(_ url: URL) throws(AreaAnalysisError) -> [RawZone] {
        let file = url.lastPathComponent
        let data: Data
        do { data = try Data(contentsOf: url, options: .alwaysMapped) } catch {
            throw AreaAnalysisError(.missingInput, "the zone file \(url.path) cannot be read", input: .zones)
        }
        return try read(data, file: file)
    }

    /// Reads the zones of a GeoJSON document held in memory; `file` names it in messages.
    ///
    /// A FeatureCollection of `parallelFrom` bytes or more is read on all cores: one pass
    /// finds where each feature begins and ends, then the workers read the features, each
    /// with the same functions as the one-thread reader. Whenever anything in that is
    /// wrong, the one-thread reader reads the document again, so the message of a bad
    /// document is the same whichever way it was read.
    static func read(_ data: Data, file: String, parallelFrom: Int = 1 << 20) throws(AreaAnalysisError) -> [RawZone] {
        do {
            return try data.withUnsafeBytes { bytes in
                let workers = ProcessInfo.processInfo.activeProcessorCount
                if bytes.count >= parallelFrom, workers > 1,
                    let zones = ParallelDocument(file: file, bytes: bytes).read(workers: workers)
                {
                    return zones
                }
                var document = Document(file: file, scanner: JSONScanner(bytes))
                do { return try document.read() } catch let error as JSONSyntaxError {
                    let (line, column) = document.scanner.position(of: error.offset)
                    throw AreaAnalysisError(
                        .invalidData, "\(file) is not valid JSON: \(error.message) at line \(line), column \(column)")
                }
            }
        } catch let error as AreaAnalysisError {
            throw error
        } catch {
            throw AreaAnalysisError(.invalidData, "\(file) is not valid JSON")
        }
    }

    /// The CRS named by a legacy `crs` member, as PROJ understands it.
    static func crsName(_ member: JSONValue?, file: String) throws(AreaAnalysisError) -> String? {
        guard let member, case .object = member else { return nil }
        guard let name = member["properties"]?["name"]?.string else {
            throw AreaAnalysisError(.invalidData, "\(file): the \"crs\" member has no properties.name")
        }
        if name.contains("CRS84") { return "OGC:CRS84" }
        // urn:ogc:def:crs:EPSG::28992, EPSG:28992, http://www.opengis.net/def/crs/EPSG/0/28992
        if name.uppercased().contains("EPSG"), let code = name.split(whereSeparator: { !$0.isNumber }).last,
            !code.isEmpty
        {
            return "EPSG:\(code)"
        }
        return name
    }
}

/// Coordinates as read: positions are kept as values, arrays of them as lists.
private enum Coordinates {
    case position(x: Double, y: Double)
    case list([Coordinates])
    /// Anything else: a lone number, a string, an object, a short or mixed position.
    case invalid
}

/// The members of a geometry object that the reader uses.
private struct GeometryParts {
    var type: String?
    var coordinates: Coordinates?
    var geometries: [GeometryParts]?
}

/// The members of a Feature (or of a document's top level) that the reader uses.
private struct FeatureParts {
    var type: String?
    var geometry: GeometryParts?
    var properties: JSONValue?
    var id: JSONValue?
    /// A top-level geometry's own members.
    var coordinates: Coordinates?
    var geometries: [GeometryParts]?
}

/// The bytes of a document, shared by the workers that read its features.
private struct SharedBytes: @unchecked Sendable {
    // @unchecked Sendable: the bytes are only read, and only while `Data.withUnsafeBytes`
    // holds them, which outlasts `DispatchQueue.concurrentPerform`.
    let bytes: UnsafeRawBufferPointer
}

/// A FeatureCollection read on several cores; `nil` from ``read(workers:)`` means "read it
/// with ``Document``", which also gives any error its message.
private struct ParallelDocument {
    let file: String
    let bytes: UnsafeRawBufferPointer

    /// Signals that the document needs the one-thread reader.
    struct Fallback: Error {}

    func read(workers: Int) -> [RawZone]? {
        var scanner = JSONScanner(bytes)
        guard scanner.peek() == UInt8(ascii: "{") else { return nil }
        var top = FeatureParts()
        var crsMember: JSONValue?
        var found: [Range<Int>] = []
        var hasFeatures = false
        do {
            try scanner.object { scanner, key in
                switch key {
                case "type": top.type = try scanner.value().string
                case "crs": crsMember = try scanner.value()
                case "features":
                    guard !hasFeatures, scanner.peek() == UInt8(ascii: "[") else { throw Fallback() }
                    hasFeatures = true
                    try scanner.array { scanner, _ in
                        guard scanner.peek() == UInt8(ascii: "{") else { throw Fallback() }
                        let start = scanner.offset
                        scanner.passOver()
                        found.append(start..<scanner.offset)
                    }
                default: try Document.member(key, of: &top, scanner: &scanner)
                }
            }
            try scanner.expectEnd()
        } catch { return nil }
        guard top.type == "FeatureCollection", hasFeatures, found.count > 1,
            let crs = try? GeoJSONZones.crsName(crsMember, file: file) ?? "EPSG:4326"
        else { return nil }

        // Parts of about a thousand features, claimed in order by the workers.
        let partCount = (found.count + 1023) / 1024
        let parts = PartResults<[RawZone], Fallback>(count: partCount)
        let queue = WorkQueue(count: partCount)
        let shared = SharedBytes(bytes: bytes)
        let file = self.file
        let ranges = found
        DispatchQueue.concurrentPerform(iterations: min(workers, partCount)) { _ in
            while let part = queue.next() {
                let indices = (part * ranges.count / partCount)..<((part + 1) * ranges.count / partCount)
                parts.set(
                    part,
                    Result { () throws(Fallback) -> [RawZone] in
                        var zones: [RawZone] = []
                        zones.reserveCapacity(indices.count)
                        for index in indices {
                            var scanner = JSONScanner(shared.bytes, offset: ranges[index].lowerBound)
                            guard let members = try? Document.feature(&scanner),
                                scanner.offset == ranges[index].upperBound,
                                var zone = try? Document.zone(
                                    members, index: index, context: "feature \(index + 1) of \(file)")
                            else { throw Fallback() }
                            zone.crs = crs
                            zones.append(zone)
                        }
                        return zones
                    })
            }
        }
        var zones: [RawZone] = []
        zones.reserveCapacity(ranges.count)
        for part in parts.values {
            guard case .success(let list) = part else { return nil }
            zones += list
        }
        return zones
    }
}

private struct Document {
    let file: String
    var scanner: JSONScanner

    mutating func read() throws -> [RawZone] {
        guard scanner.peek() == UInt8(ascii: "{") else {
            try scanner.skip()
            try scanner.expectEnd()
            throw AreaAnalysisError(.invalidData, "\(file) is JSON but not GeoJSON: it has no \"type\" member")
        }
        var top = FeatureParts()
        var crsMember: JSONValue?
        var zones: [RawZone] = []
        var featureCount = 0
        var featuresAreArray = true
        var hasFeatures = false
        // An error in the first feature names the file alone when it is the only feature.
        var firstFailure: (parts: FeatureParts, error: any Error)?
        let file = self.file
        try scanner.object { scanner, key in
            switch key {
            case "type": top.type = try scanner.value().string
            case "crs": crsMember = try scanner.value()
            case "features":
                guard scanner.peek() == UInt8(ascii: "[") else {
                    featuresAreArray = false
                    return try scanner.skip()
                }
                hasFeatures = true
                try scanner.array { scanner, index in
                    featureCount = index + 1
                    guard featuresAreArray, scanner.peek() == UInt8(ascii: "{"), firstFailure == nil else {
                        if scanner.peek() != UInt8(ascii: "{") { featuresAreArray = false }
                        return try scanner.skip()
                    }
                    let parts = try Self.feature(&scanner)
                    do {
                        zones.append(try Self.zone(parts, index: index, context: "feature \(index + 1) of \(file)"))
                    } catch {
                        guard index == 0 else { throw error }
                        firstFailure = (parts, error)
                    }
                }
            default: try Self.member(key, of: &top, scanner: &scanner)
            }
        }
        try scanner.expectEnd()
        guard let type = top.type else {
            throw AreaAnalysisError(.invalidData, "\(file) is JSON but not GeoJSON: it has no \"type\" member")
        }
        let crs = try GeoJSONZones.crsName(crsMember, file: file) ?? "EPSG:4326"
        switch type {
        case "FeatureCollection":
            guard hasFeatures, featuresAreArray else {
                throw AreaAnalysisError(.invalidData, "\(file): the FeatureCollection has no \"features\" array")
            }
            if let firstFailure {
                if featureCount == 1 { _ = try Self.zone(firstFailure.parts, index: 0, context: file) }
                throw firstFailure.error
            }
        case "Feature":
            zones = [try Self.zone(top, index: 0, context: file)]
        default:
            let geometry = GeometryParts(type: type, coordinates: top.coordinates, geometries: top.geometries)
            zones = [try Self.zone(FeatureParts(geometry: geometry), index: 0, context: file)]
        }
        for index in zones.indices { zones[index].crs = crs }
        return zones
    }

    /// Reads a Feature object's members.
    static func feature(_ scanner: inout JSONScanner) throws -> FeatureParts {
        var parts = FeatureParts()
        try scanner.object { scanner, key in try member(key, of: &parts, scanner: &scanner) }
        return parts
    }

    /// Reads one member of a Feature or of the top level.
    static func member(_ key: String, of parts: inout FeatureParts, scanner: inout JSONScanner) throws {
        switch key {
        case "type": parts.type = try scanner.value().string
        case "geometry": parts.geometry = try geometry(&scanner)
        case "properties": parts.properties = try scanner.value()
        case "id": parts.id = try scanner.value()
        case "coordinates": parts.coordinates = try coordinates(&scanner)
        case "geometries": parts.geometries = try geometries(&scanner)
        default: try scanner.skip()
        }
    }

    /// A geometry object, or `nil` for `null` or any other value.
    static func geometry(_ scanner: inout JSONScanner) throws -> GeometryParts? {
        guard scanner.peek() == UInt8(ascii: "{") else {
            try scanner.skip()
            return nil
        }
        var parts = GeometryParts()
        try scanner.object { scanner, key in
            switch key {
            case "type": parts.type = try scanner.value().string
            case "coordinates": parts.coordinates = try coordinates(&scanner)
            case "geometries": parts.geometries = try geometries(&scanner)
            default: try scanner.skip()
            }
        }
        return parts
    }

    static func geometries(_ scanner: inout JSONScanner) throws -> [GeometryParts]? {
        guard scanner.peek() == UInt8(ascii: "[") else {
            try scanner.skip()
            return nil
        }
        var list: [GeometryParts] = []
        try scanner.array { scanner, _ in
            if let parts = try geometry(&scanner) { list.append(parts) }
        }
        return list
    }

    static func coordinates(_ scanner: inout JSONScanner, depth: Int = 0) throws -> Coordinates {
        guard depth < 16 else { throw scanner.error("coordinates nest more than 16 levels deep") }
        guard scanner.peek() == UInt8(ascii: "[") else {
            try scanner.skip()
            return .invalid
        }
        var elements: [Coordinates] = []
        // A position's numbers are kept without an array: only the first two are used.
        var x = 0.0
        var y = 0.0
        var numbers = 0
        var mixed = false
        try scanner.array { scanner, _ in
            switch scanner.peek() {
            case UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: "\""), UInt8(ascii: "t"), UInt8(ascii: "f"),
                UInt8(ascii: "n"):
                if numbers > 0 { mixed = true }
                elements.append(try coordinates(&scanner, depth: depth + 1))
            default:
                if !elements.isEmpty { mixed = true }
                let value = try scanner.number()
                if numbers == 0 { x = value } else if numbers == 1 { y = value }
                numbers += 1
            }
        }
        if numbers == 0 { return mixed ? .invalid : .list(elements) }
        guard !mixed, numbers >= 2 else { return .invalid }
        return .position(x: x, y: y)
    }

    /// A feature as a raw zone; `context` names it in messages.
    static func zone(_ parts: FeatureParts, index: Int, context: String) throws(AreaAnalysisError) -> RawZone {
        guard let geometry = parts.geometry else {
            throw AreaAnalysisError(.invalidData, "\(context) has no geometry")
        }
        var properties: [String: String] = [:]
        if case .object(let members) = parts.properties {
            for (key, value) in members {
                if let text = Self.text(value) { properties[key] = text }
            }
        }
        var id = String(index + 1)
        if let member = parts.id, let text = Self.text(member) { id = text }
        // GIS tools show a Feature's "id" member as a field named id; so does the id-field option.
        if parts.id != nil, properties["id"] == nil { properties["id"] = id }
        return RawZone(
            index: index, id: id, name: nil, wkb: try wkb(geometry, context: context), crs: nil,
            properties: properties)
    }

    /// A property or id as text: strings as they are, numbers (and booleans, as 1 and 0) as
    /// the GeoPackage reader writes them; anything else has no text.
    static func text(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): return text
        case .number(let number): return FieldValue.real(number).text
        case .bool(let flag): return FieldValue.real(flag ? 1 : 0).text
        default: return nil
        }
    }

    static func wkb(_ geometry: GeometryParts, context: String) throws(AreaAnalysisError) -> Data {
        guard let type = geometry.type else {
            throw AreaAnalysisError(.invalidData, "\(context): the geometry has no \"type\"")
        }
        switch type {
        case "Polygon":
            return try WKBBuilder.polygons([try rings(geometry.coordinates, context: context)], context: context)
        case "MultiPolygon":
            guard case .list(let polygons) = geometry.coordinates else {
                throw AreaAnalysisError(.invalidData, "\(context): the MultiPolygon has no coordinate array")
            }
            var parsed: [[ContiguousArray<Double>]] = []
            for polygon in polygons { parsed.append(try rings(polygon, context: context)) }
            return try WKBBuilder.polygons(parsed, context: context)
        case "Point":
            let (x, y) = try position(geometry.coordinates, context: context)
            return try WKBBuilder.point(x: x, y: y, context: context)
        case "GeometryCollection":
            let polygons = (geometry.geometries ?? []).filter { ["Polygon", "MultiPolygon"].contains($0.type ?? "") }
            guard !polygons.isEmpty else {
                throw AreaAnalysisError(
                    .invalidData, "\(context) is a GeometryCollection without polygons; a zone must be an area")
            }
            var parsed: [[ContiguousArray<Double>]] = []
            for part in polygons {
                if part.type == "Polygon" {
                    parsed.append(try rings(part.coordinates, context: context))
                } else if case .list(let list) = part.coordinates {
                    for polygon in list { parsed.append(try rings(polygon, context: context)) }
                }
            }
            return try WKBBuilder.polygons(parsed, context: context)
        default:
            throw AreaAnalysisError(
                .invalidData,
                "\(context) is a \(type); a zone must be a Polygon or MultiPolygon (or a Point with \(input: .radius))")
        }
    }

    static func rings(_ value: Coordinates?, context: String) throws(AreaAnalysisError) -> [ContiguousArray<Double>] {
        guard case .list(let rings) = value else {
            throw AreaAnalysisError(.invalidData, "\(context): a polygon's coordinates are not an array of rings")
        }
        var result: [ContiguousArray<Double>] = []
        result.reserveCapacity(rings.count)
        for ring in rings {
            guard case .list(let points) = ring else {
                throw AreaAnalysisError(.invalidData, "\(context): a ring is not an array of positions")
            }
            var flat = ContiguousArray<Double>()
            flat.reserveCapacity(points.count * 2)
            for point in points {
                let (x, y) = try position(point, context: context)
                flat.append(x)
                flat.append(y)
            }
            result.append(flat)
        }
        return result
    }

    static func position(_ value: Coordinates?, context: String) throws(AreaAnalysisError) -> (Double, Double) {
        guard case .position(let x, let y) = value else {
            throw AreaAnalysisError(.invalidData, "\(context): a position is not a pair of numbers")
        }
        guard x.isFinite, y.isFinite else {
            throw AreaAnalysisError(
                .invalidData, "\(context) has a coordinate that is not a finite number (NaN or infinite)")
        }
        return (x, y)
    }
}
