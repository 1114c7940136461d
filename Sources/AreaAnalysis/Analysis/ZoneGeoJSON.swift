public import ProfileModel

/// Zone outlines in WGS 84 for GeoJSON output (RFC 7946), which QGIS and web maps read
/// without being told a coordinate system.
public enum ZoneGeoJSON {
    /// Each zone's geometry as a GeoJSON geometry object, longitude/latitude, in the order
    /// of `zones`.
    public static func geometries(_ zones: [Zone]) throws(AreaAnalysisError) -> [String] {
        let context = GEOSContext()
        let toWGS84 = try CoordinateTransformation(from: DatasetSchema.crs, to: "EPSG:4326")
        var geometries: [String] = []
        geometries.reserveCapacity(zones.count)
        for zone in zones {
            geometries.append(try toWGS84.transform(try Geometry(wkb: zone.wkb, context: context)).geoJSON())
        }
        return geometries
    }
}
