internal import Foundation

/// Writes analysed zones as a GeoJSON FeatureCollection in WGS 84 (RFC 7946), with the
/// composition as flat properties so QGIS can style and label them.
public enum ZoneGeoJSON {
    /// The FeatureCollection text.
    public static func write(_ zones: [Zone], properties: [[String: Any]]) throws(AreaAnalysisError) -> String {
        let context = GEOSContext()
        let toWGS84 = try CoordinateTransformation(from: DatasetSchema.crs, to: "EPSG:4326")
        var features: [String] = []
        for (zone, props) in zip(zones, properties) {
            let geometry = try toWGS84.transform(try Geometry(wkb: zone.wkb, context: context))
            let propsData: Data
            do { propsData = try JSONSerialization.data(withJSONObject: props, options: [.sortedKeys]) } catch {
                throw AreaAnalysisError(.library, "cannot encode zone properties: \(error)")
            }
            features.append(
                "{\"type\":\"Feature\",\"properties\":\(String(decoding: propsData, as: UTF8.self)),\"geometry\":\(try geometry.geoJSON())}"
            )
        }
        return "{\"type\":\"FeatureCollection\",\"features\":[\n" + features.joined(separator: ",\n") + "\n]}\n"
    }
}
