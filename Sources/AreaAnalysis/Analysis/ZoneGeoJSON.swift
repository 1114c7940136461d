public import ProfileModel

/// Zone outlines in WGS 84 for GeoJSON output (RFC 7946), which QGIS and web maps read
/// without being told a coordinate system.
public enum ZoneGeoJSON {
    /// Each zone's geometry as a GeoJSON geometry object, longitude/latitude, in the order
    /// of `zones`.
    public static func geometries(_ zones: [Zone]) throws(AreaAnalysisError) -> [String] {
        let context = GEOSContext()
        let toWGS84 = try CoordinateTransformation.forCurrentThread(from: DatasetSchema.crs, to: "EPSG:4326")
        var geometries: [String] = []
        geometries.reserveCapacity(zones.count)
        for zone in zones {
            geometries.append(try toWGS84.transform(try Geometry(wkb: zone.wkb, context: context)).geoJSON())
        }
        return geometries
    }
}

extension ZoneGeoJSON {
    /// The outlines of the dataset's postcodes at `positions` as GeoJSON geometry objects in
    /// WGS 84, in the same order; `nil` for a postcode without geometry.
    public static func postcodeGeometries(_ positions: [Int], in data: PostcodeDataset) throws(AreaAnalysisError)
        -> [String?]
    {
        let context = GEOSContext()
        let toWGS84 = try CoordinateTransformation.forCurrentThread(from: DatasetSchema.crs, to: "EPSG:4326")
        var geometries: [String?] = []
        geometries.reserveCapacity(positions.count)
        for wkb in try data.geometryWKB(of: positions) {
            guard let wkb else {
                geometries.append(nil)
                continue
            }
            geometries.append(try toWGS84.transform(try Geometry(wkb: wkb, context: context)).geoJSON())
        }
        return geometries
    }
}
