import Foundation
import ProfileModel
import Testing

@testable import AreaAnalysis

/// A large FeatureCollection is read on all cores; the zones, and the message of any bad
/// document, are the same as when it is read on one thread.
@Suite("GeoJSON read on several cores")
struct GeoJSONParallelTests {
    /// A collection of `count` features of several kinds (escapes, ids, MultiPolygons,
    /// members in any order, blanks), larger than 1 MiB for a few thousand features.
    static func collection(_ count: Int, replacing: (index: Int, text: String)? = nil) -> Data {
        var features: [String] = []
        for index in 0..<count {
            let x = 5.0 + Double(index % 80) * 0.01
            let y = 52.0 + Double(index / 80) * 0.001
            let side = 0.0005 * Double(1 + index % 5)
            let ring = "[[\(x),\(y)],[\(x + side),\(y)],[\(x + side),\(y + side)],[\(x),\(y + side)],[\(x),\(y)]]"
            let feature: String
            switch index % 4 {
            case 0:
                feature =
                    #"{"type":"Feature","properties":{"code":"z\#(index)","naam":"Caf\u00e9 \"\#(index)\" {[","#
                    + #""n":\#(index).25},"geometry":{"type":"Polygon","coordinates":[\#(ring)]}}"#
            case 1:
                feature =
                    #"{ "geometry" : { "coordinates" : [ [ \#(ring) ] ], "type" : "MultiPolygon" },"id":"f\#(index)", "#
                    + #""type":"Feature", "properties":{"list":[1,{"a":"]"}],"flag":true,"none":null} }"#
            case 2:
                feature =
                    #"{"type":"Feature","id":\#(index),"properties":null,"bbox":[1e-3,-0,2E+2,3],"#
                    + #""geometry":{"type":"Polygon","coordinates":[\#(ring)]}}"#
            default:
                feature =
                    #"{"type":"Feature","properties":{"code":"z\#(index)","path":"a\\b\/c"},"geometry":"#
                    + #"{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,2]},"#
                    + #"{"type":"Polygon","coordinates":[\#(ring)]}]}}"#
            }
            if let replacing, replacing.index == index {
                features.append(replacing.text)
            } else {
                features.append(feature)
            }
        }
        let text =
            #"{"type":"FeatureCollection","name":"zones","features":[ "# + features.joined(separator: ",\n") + "\n]}"
        return Data(text.utf8)
    }

    static func read(_ data: Data, parallel: Bool) -> Result<[RawZone], AreaAnalysisError> {
        Result { () throws(AreaAnalysisError) -> [RawZone] in
            try GeoJSONZones.read(data, file: "zones.geojson", parallelFrom: parallel ? 0 : .max)
        }
    }

    @Test("the zones of a large collection are those the one-thread reader gives, in order")
    func sameZones() throws {
        let data = Self.collection(6_000)
        #expect(data.count > 1 << 20)
        let one = try Self.read(data, parallel: false).get()
        let many = try Self.read(data, parallel: true).get()
        #expect(one.count == 6_000)
        #expect(many.count == one.count)
        for (a, b) in zip(one, many) {
            #expect(a.index == b.index && a.id == b.id && a.name == b.name && a.crs == b.crs)
            #expect(a.wkb == b.wkb)
            #expect(a.properties == b.properties)
        }
        #expect(many[1].id == "f1")
        #expect(many[2].id == "2")
        #expect(many[0].properties["naam"] == "Café \"0\" {[")
        #expect(many[3].properties["path"] == "a\\b/c")
    }

    @Test(
        "a bad feature in a large collection gets the one-thread reader's message",
        arguments: [
            #"{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[5,52],[5.1,52.1]]}}"#,
            #"{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[5,52],[5.1,52.1],[5, "x"]]]}}"#,
            #"{"type":"Feature","properties":{"a":01},"geometry":null}"#,
            #"{"type":"Feature","properties":{"a":"open}"#,
            #"{"type":"Feature","properties":{"a":[1,2}]},"geometry":null}"#,
            #"{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[5,52],[5.1,1e999],[5,52]]]}}"#,
            #"[1, 2]"#,
            #"{"type":"Feature" "geometry":null}"#,
        ])
    func sameMessage(_ bad: String) {
        let data = Self.collection(5_000, replacing: (3_210, bad))
        let one = Self.read(data, parallel: false)
        let many = Self.read(data, parallel: true)
        guard case .failure(let expected) = one else {
            Issue.record("the one-thread reader accepted \(bad)")
            return
        }
        guard case .failure(let error) = many else {
            Issue.record("the parallel reader accepted \(bad)")
            return
        }
        #expect(error.description == expected.description)
    }
}
