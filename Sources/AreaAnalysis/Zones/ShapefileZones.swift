internal import CShapelib
internal import Foundation
internal import ProfileModel

/// Reads zones from an ESRI Shapefile through shapelib (`.shp`, `.shx`, `.dbf`), with the
/// CRS from the `.prj` file (ESRI WKT, parsed by PROJ).
enum ShapefileZones {
    static func read(_ url: URL) throws(AreaAnalysisError) -> [RawZone] {
        let file = url.lastPathComponent
        let base = url.deletingPathExtension()
        // shapelib prints its own complaints on standard error unless given hooks whose
        // Error does not: the sentences below say what went wrong instead.
        var hooks = SAHooks()
        SASetupDefaultHooks(&hooks)
        hooks.Error = { _ in }
        // SHPOpenLL returns NULL when the .shp or .shx is missing or unreadable
        guard let shp = SHPOpenLL(url.path, "rb", &hooks) else {
            let shx = base.appendingPathExtension("shx")
            if !FileManager.default.fileExists(atPath: shx.path) {
                throw AreaAnalysisError(
                    .missingInput, "\(file) cannot be read without its index \(shx.lastPathComponent)", input: .zones)
            }
            throw AreaAnalysisError(.invalidData, "\(file) is not a readable Shapefile")
        }
        defer { SHPClose(shp) }
        // DBFOpenLL returns NULL when the .dbf is missing: zones then have no attributes
        let dbf = DBFOpenLL(base.appendingPathExtension("dbf").path, "rb", &hooks)
        defer { if let dbf { DBFClose(dbf) } }
        var fields: [String] = []
        // The DBF's code page (from its .cpg file or language driver byte): UTF-8, or else
        // the Windows-1252 / ISO-8859-1 that GDAL and ArcGIS write by default.
        var utf8 = false
        if let dbf, let page = DBFGetCodePage(dbf) {
            let name = String(cString: page).uppercased()
            utf8 = name.contains("UTF") || name.contains("65001")
        }
        func decode(_ bytes: UnsafePointer<CChar>) -> String {
            let raw = UnsafeBufferPointer(
                start: UnsafeRawPointer(bytes).assumingMemoryBound(to: UInt8.self), count: strlen(bytes))
            if utf8, let text = String(validating: raw, as: UTF8.self) { return text }
            if !utf8, raw.allSatisfy({ $0 < 0x80 }) { return String(decoding: raw, as: UTF8.self) }
            return String(data: Data(raw), encoding: .windowsCP1252) ?? String(decoding: raw, as: UTF8.self)
        }
        if let dbf {
            for index in 0..<DBFGetFieldCount(dbf) {
                var name = [CChar](repeating: 0, count: 12)
                _ = DBFGetFieldInfo(dbf, index, &name, nil, nil)
                fields.append(String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
            }
        }
        var crs: String?
        let prj = base.appendingPathExtension("prj")
        if let bytes = FileManager.default.contents(atPath: prj.path) {
            guard let text = String(data: bytes, encoding: .utf8), !text.contains("\u{0}") else {
                let shown = String(decoding: bytes.prefix(100), as: UTF8.self).map {
                    $0.isASCII && !$0.isWhitespace || $0 == " " ? $0 : "?"
                }
                throw AreaAnalysisError(
                    .invalidData,
                    "\(prj.lastPathComponent) is not the text of a coordinate system: it begins '\(String(shown))\(bytes.count > 100 ? "…" : "")'"
                )
            }
            if !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { crs = text }
        }
        var count: Int32 = 0
        var type: Int32 = 0
        SHPGetInfo(shp, &count, &type, nil, nil)
        var zones: [RawZone] = []
        for index in 0..<count {
            let context = "shape \(index + 1) of \(file)"
            // SHPReadObject returns NULL for a damaged record
            guard let object = SHPReadObject(shp, index) else {
                throw AreaAnalysisError(.invalidData, "\(context) cannot be read: the file is damaged")
            }
            defer { SHPDestroyObject(object) }
            let shape = object.pointee
            let wkb: Data
            switch shape.nSHPType {
            case SHPT_POLYGON, SHPT_POLYGONZ, SHPT_POLYGONM:
                wkb = try WKBBuilder.polygons(try polygons(shape), context: context)
            case SHPT_POINT, SHPT_POINTZ, SHPT_POINTM:
                wkb = try WKBBuilder.point(x: shape.padfX[0], y: shape.padfY[0], context: context)
            case SHPT_NULL:
                throw AreaAnalysisError(.invalidData, "\(context) has no geometry")
            default:
                throw AreaAnalysisError(
                    .invalidData,
                    "\(context) is not a polygon (Shapefile type \(shape.nSHPType)); a zone must be an area")
            }
            var properties: [String: String] = [:]
            if let dbf {
                for (field, name) in fields.enumerated() where DBFIsAttributeNULL(dbf, index, Int32(field)) == 0 {
                    if let value = DBFReadStringAttribute(dbf, index, Int32(field)) {
                        properties[name] = decode(value).trimmingCharacters(in: .whitespaces)
                    }
                }
            }
            zones.append(
                RawZone(index: Int(index), id: String(index + 1), name: nil, wkb: wkb, crs: crs, properties: properties)
            )
        }
        return zones
    }

    /// Groups a Shapefile polygon's rings into polygons: clockwise rings are shells,
    /// counter-clockwise rings are holes of the shell that contains them.
    static func polygons(_ shape: SHPObject) throws(AreaAnalysisError) -> [[ContiguousArray<Double>]] {
        var rings: [ContiguousArray<Double>] = []
        for part in 0..<Int(shape.nParts) {
            let start = Int(shape.panPartStart[part])
            let end = part + 1 < Int(shape.nParts) ? Int(shape.panPartStart[part + 1]) : Int(shape.nVertices)
            var ring = ContiguousArray<Double>()
            ring.reserveCapacity((end - start) * 2)
            for i in start..<end {
                ring.append(shape.padfX[i])
                ring.append(shape.padfY[i])
            }
            rings.append(ring)
        }
        var shells: [[ContiguousArray<Double>]] = []
        var holes: [ContiguousArray<Double>] = []
        for ring in rings {
            if RingGeometry.signedArea(ring) <= 0 { shells.append([ring]) } else { holes.append(ring) }
        }
        if shells.isEmpty { return holes.map { [$0] } } // all counter-clockwise: treat as shells
        for hole in holes where hole.count >= 2 {
            let owner = shells.firstIndex { RingGeometry.contains($0[0], x: hole[0], y: hole[1]) } ?? 0
            shells[owner].append(hole)
        }
        return shells
    }
}
