internal import Foundation
internal import ProfileModel

/// Reads zones from RFC 7946 GeoJSON: a geometry, a Feature or a FeatureCollection.
///
/// Coordinates are longitude, latitude (WGS 84) unless the legacy `crs` member, which QGIS
/// still writes for other CRSs, names one (e.g. `urn:ogc:def:crs:EPSG::28992`).
enum GeoJSONZones {
    static func read(_ url: URL) throws(AreaAnalysisError) -> [RawZone] {
        let file = url.lastPathComponent
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw AreaAnalysisError(.missingInput, "the zone file \(url.path) cannot be read", input: .zones)
        }
        let root: Any
        do { root = try JSONSerialization.jsonObject(with: data) } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "it is not valid JSON"
            throw AreaAnalysisError(.invalidData, "\(file) is not valid JSON: \(detail)")
        }
        guard let object = root as? [String: Any], let type = object["type"] as? String else {
            throw AreaAnalysisError(.invalidData, "\(file) is JSON but not GeoJSON: it has no \"type\" member")
        }
        let crs = try crsName(object["crs"], file: file) ?? "EPSG:4326"
        var features: [[String: Any]]
        switch type {
        case "FeatureCollection":
            guard let list = object["features"] as? [[String: Any]] else {
                throw AreaAnalysisError(.invalidData, "\(file): the FeatureCollection has no \"features\" array")
            }
            features = list
        case "Feature":
            features = [object]
        default:
            features = [["type": "Feature", "geometry": object, "properties": [String: Any]()]]
        }
        var zones: [RawZone] = []
        for (index, feature) in features.enumerated() {
            let context = features.count == 1 ? file : "feature \(index + 1) of \(file)"
            guard let geometry = feature["geometry"] as? [String: Any] else {
                throw AreaAnalysisError(.invalidData, "\(context) has no geometry")
            }
            var properties: [String: String] = [:]
            for (key, value) in feature["properties"] as? [String: Any] ?? [:] {
                if let text = value as? String {
                    properties[key] = text
                } else if let number = value as? NSNumber {
                    properties[key] = FieldValue.real(number.doubleValue).text
                }
            }
            var id = String(index + 1)
            if let value = feature["id"] as? String {
                id = value
            } else if let value = feature["id"] as? NSNumber {
                id = FieldValue.real(value.doubleValue).text ?? id
            }
            // GIS tools show a Feature's "id" member as a field named id; so does --id-field.
            if feature["id"] != nil, properties["id"] == nil { properties["id"] = id }
            zones.append(
                RawZone(
                    index: index, id: id, name: nil, wkb: try wkb(geometry, context: context), crs: crs,
                    properties: properties))
        }
        return zones
    }

    /// The CRS named by a legacy `crs` member, as PROJ understands it.
    static func crsName(_ member: Any?, file: String) throws(AreaAnalysisError) -> String? {
        guard let member = member as? [String: Any] else { return nil }
        guard let properties = member["properties"] as? [String: Any], let name = properties["name"] as? String else {
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

    static func wkb(_ geometry: [String: Any], context: String) throws(AreaAnalysisError) -> Data {
        guard let type = geometry["type"] as? String else {
            throw AreaAnalysisError(.invalidData, "\(context): the geometry has no \"type\"")
        }
        switch type {
        case "Polygon":
            return try WKBBuilder.polygons([try rings(geometry["coordinates"], context: context)], context: context)
        case "MultiPolygon":
            guard let polygons = geometry["coordinates"] as? [Any] else {
                throw AreaAnalysisError(.invalidData, "\(context): the MultiPolygon has no coordinate array")
            }
            var parsed: [[ContiguousArray<Double>]] = []
            for polygon in polygons { parsed.append(try rings(polygon, context: context)) }
            return try WKBBuilder.polygons(parsed, context: context)
        case "Point":
            let position = try self.position(geometry["coordinates"], context: context)
            return try WKBBuilder.point(x: position.0, y: position.1, context: context)
        case "GeometryCollection":
            let parts = geometry["geometries"] as? [[String: Any]] ?? []
            let polygons = parts.filter { ["Polygon", "MultiPolygon"].contains($0["type"] as? String ?? "") }
            guard !polygons.isEmpty else {
                throw AreaAnalysisError(
                    .invalidData, "\(context) is a GeometryCollection without polygons; a zone must be an area")
            }
            var parsed: [[ContiguousArray<Double>]] = []
            for part in polygons {
                if part["type"] as? String == "Polygon" {
                    parsed.append(try rings(part["coordinates"], context: context))
                } else {
                    for polygon in part["coordinates"] as? [Any] ?? [] {
                        parsed.append(try rings(polygon, context: context))
                    }
                }
            }
            return try WKBBuilder.polygons(parsed, context: context)
        default:
            throw AreaAnalysisError(
                .invalidData,
                "\(context) is a \(type); a zone must be a Polygon or MultiPolygon (or a Point with \(input: .radius))")
        }
    }

    static func rings(_ value: Any?, context: String) throws(AreaAnalysisError) -> [ContiguousArray<Double>] {
        guard let rings = value as? [Any] else {
            throw AreaAnalysisError(.invalidData, "\(context): a polygon's coordinates are not an array of rings")
        }
        var result: [ContiguousArray<Double>] = []
        for ring in rings {
            guard let points = ring as? [Any] else {
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

    static func position(_ value: Any?, context: String) throws(AreaAnalysisError) -> (Double, Double) {
        guard let numbers = value as? [Any], numbers.count >= 2, let x = (numbers[0] as? NSNumber)?.doubleValue,
            let y = (numbers[1] as? NSNumber)?.doubleValue
        else {
            throw AreaAnalysisError(.invalidData, "\(context): a position is not a pair of numbers")
        }
        guard x.isFinite, y.isFinite else {
            throw AreaAnalysisError(
                .invalidData, "\(context) has a coordinate that is not a finite number (NaN or infinite)")
        }
        return (x, y)
    }
}
