import AreaAnalysis
import Foundation
import ProfileModel
import Testing

/// The GeoJSON reader reads the document as a stream of bytes: JSON details it must get
/// right by itself (escapes, numbers, member order, syntax errors with their position).
@Suite("GeoJSON read as a stream")
struct GeoJSONStreamTests {
    func read(_ text: String, name: String = "zones.geojson") throws -> [RawZone] {
        let folder = try Fixtures.temporaryFolder()
        defer { Fixtures.remove(folder) }
        return try ZoneReader.read(Fixtures.write(text, to: name, in: folder))
    }

    static let square = "[[[5.10, 52.08], [5.13, 52.08], [5.13, 52.10], [5.10, 52.10], [5.10, 52.08]]]"

    @Test("string escapes, surrogate pairs, numbers and booleans become the properties a GIS shows")
    func propertiesAndEscapes() throws {
        let text = #"""
            {"type": "FeatureCollection", "features": [{"type": "Feature",
              "properties": {"naam": "Caf\u00e9 \"De Zon\"\t\/ \ud83c\udf3b", "n": 12, "x": -0.5,
                             "big": 1.5e3, "yes": true, "no": false, "none": null, "list": [1, 2],
                             "nested": {"a": 1}},
              "geometry": {"type": "Polygon", "coordinates": \#(Self.square)}}]}
            """#
        let zone = try #require(try read(text).first)
        #expect(zone.properties["naam"] == "Café \"De Zon\"\t/ 🌻")
        #expect(zone.properties["n"] == "12")
        #expect(zone.properties["x"] == "-0.5")
        #expect(zone.properties["big"] == "1500")
        #expect(zone.properties["yes"] == "1")
        #expect(zone.properties["no"] == "0")
        #expect(zone.properties["none"] == nil)
        #expect(zone.properties["list"] == nil)
        #expect(zone.properties["nested"] == nil)
        #expect(zone.name == "Café \"De Zon\"\t/ 🌻")
    }

    @Test("members in any order: geometry before properties, crs after the features, z values ignored")
    func memberOrder() throws {
        let text = """
            {"features": [{"geometry": {"coordinates": [[[136000, 455000, 3], [137000, 455000, 3], \
            [137000, 456000, 3], [136000, 456000, 3], [136000, 455000, 3]]], "type": "Polygon"}, \
            "id": 7, "properties": {"naam": "a"}, "type": "Feature"}],
             "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}},
             "type": "FeatureCollection"}
            """
        let zone = try #require(try read(text).first)
        #expect(zone.crs == "EPSG:28992")
        #expect(zone.id == "7")
        #expect(zone.properties["id"] == "7")
        let geometry = try Geometry(wkb: zone.wkb, context: GEOSContext())
        #expect(abs(geometry.area - 1_000_000) < 1e-6)
    }

    @Test("every feature of a large collection is read, in order, with its own geometry")
    func manyFeatures() throws {
        var features: [String] = []
        for index in 0..<2_000 {
            let x = 5.0 + Double(index % 50) * 0.01
            let y = 52.0 + Double(index / 50) * 0.01
            let side = 0.001 * Double(1 + index % 7)
            features.append(
                """
                {"type":"Feature","properties":{"code":"z\(index)"},"geometry":{"type":"Polygon",\
                "coordinates":[[[\(x),\(y)],[\(x + side),\(y)],[\(x + side),\(y + side)],[\(x),\(y + side)],[\(x),\(y)]]]}}
                """)
        }
        let zones = try read(#"{"type":"FeatureCollection","features":["# + features.joined(separator: ",") + "]}")
        #expect(zones.count == 2_000)
        let context = GEOSContext()
        for (index, zone) in zones.enumerated() {
            #expect(zone.index == index)
            #expect(zone.properties["code"] == "z\(index)")
            let side = 0.001 * Double(1 + index % 7)
            #expect(abs(try Geometry(wkb: zone.wkb, context: context).area - side * side) < 1e-15)
        }
    }

    @Test(
        "a syntax error names its line and column",
        arguments: [
            ("{\"type\": \"Polygon\",\n \"coordinates\": [[[1, 2]]] ", "line 2, column 28"),
            ("{\"type\": \"Polygon\", \"coordinates\": [[[01, 2]]]}", "leading zero"),
            ("{\"type\": \"Polygon\"} trailing", "after the end"),
            ("{\"type\": \"Poly\u{1}gon\"}", "control character"),
            ("{\"type\": \"\\x\"}", "unknown escape"),
            ("{'type': 1}", "member name"),
            ("{\"type\": tru}", "expected a value"),
        ])
    func syntaxErrors(text: String, fragment: String) {
        expectAreaError(.invalidData, mentioning: ["zones.geojson", "not valid JSON", fragment]) { try read(text) }
    }

    @Test("nesting deeper than any geometry needs is refused, not followed")
    func deepNesting() {
        let deep = String(repeating: "[", count: 100_000)
        expectAreaError(.invalidData, mentioning: ["not valid JSON", "deep"]) {
            try read(#"{"type": "Polygon", "coordinates": "# + deep)
        }
        expectAreaError(.invalidData, mentioning: ["not valid JSON", "deep"]) {
            try read(#"{"type": "Polygon", "bbox": "# + deep)
        }
    }

    @Test("a number too large for a double is not a coordinate")
    func hugeNumber() {
        let ring = "[[[1e400, 52.08], [5.13, 52.08], [5.13, 52.10], [5.10, 52.10], [1e400, 52.08]]]"
        expectAreaError(.invalidData, mentioning: ["not a finite number"]) {
            try read(#"{"type": "Polygon", "coordinates": "# + ring + "}")
        }
    }

    @Test("an error in the only feature names the file; in one of several, the feature")
    func errorContext() {
        let bad = #"{"type": "Feature", "properties": {}, "geometry": {"type": "LineString", "coordinates": []}}"#
        let good =
            #"{"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": "#
            + Self.square + "}}"
        let one = expectAreaError(.invalidData, mentioning: ["LineString"]) {
            try read(#"{"type": "FeatureCollection", "features": ["# + bad + "]}")
        }
        #expect(one?.message.hasPrefix("zones.geojson is a LineString") == true)
        expectAreaError(.invalidData, mentioning: ["feature 1 of zones.geojson", "LineString"]) {
            try read(#"{"type": "FeatureCollection", "features": ["# + bad + "," + good + "]}")
        }
        expectAreaError(.invalidData, mentioning: ["feature 2 of zones.geojson", "LineString"]) {
            try read(#"{"type": "FeatureCollection", "features": ["# + good + "," + bad + "]}")
        }
    }

    @Test("features that are not objects, or a collection without features, are refused")
    func malformedCollections() {
        expectAreaError(.invalidData, mentioning: ["no \"features\" array"]) {
            try read(#"{"type": "FeatureCollection", "features": [1, 2]}"#)
        }
        expectAreaError(.invalidData, mentioning: ["no \"features\" array"]) {
            try read(#"{"type": "FeatureCollection"}"#)
        }
        expectAreaError(.invalidData, mentioning: ["zones.geojson is empty"]) { try read("") }
        expectAreaError(.invalidData, mentioning: ["holds no zone"]) {
            try read(#"{"type": "FeatureCollection", "features": []}"#)
        }
    }
}
