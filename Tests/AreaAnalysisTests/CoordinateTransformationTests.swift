import AreaAnalysis
import Foundation
import ProfileModel
import Testing

/// The PROJ wrappers: the RD New origin, axis order, identity, and bad CRS definitions.
@Suite("Coordinate transformation (PROJ)")
struct CoordinateTransformationTests {
    /// The Amersfoort base point of RD New in WGS 84 (longitude, latitude) and in RD.
    static let origin = (lon: 5.38720621, lat: 52.15517440, x: 155_000.0, y: 463_000.0)

    @Test("WGS 84 longitude, latitude of the RD origin → (155000, 463000) within 1 m")
    func rdOrigin() throws {
        let toRD = try CoordinateTransformation(from: "EPSG:4326", to: "EPSG:28992")
        #expect(!toRD.isIdentity)
        let rd = try toRD.transform(x: Self.origin.lon, y: Self.origin.lat)
        #expect(abs(rd.x - Self.origin.x) < 1, "x = \(rd.x)")
        #expect(abs(rd.y - Self.origin.y) < 1, "y = \(rd.y)")
    }

    @Test("the RD origin goes back to WGS 84 within 1e-6 degrees of where it came from, longitude first")
    func rdOriginBack() throws {
        let toRD = try CoordinateTransformation(from: "EPSG:4326", to: "EPSG:28992")
        let toWGS84 = try CoordinateTransformation(from: "EPSG:28992", to: "EPSG:4326")
        let rd = try toRD.transform(x: Self.origin.lon, y: Self.origin.lat)
        let back = try toWGS84.transform(x: rd.x, y: rd.y)
        #expect(abs(back.x - Self.origin.lon) < 1e-6, "lon = \(back.x)")
        #expect(abs(back.y - Self.origin.lat) < 1e-6, "lat = \(back.y)")
        // (155000, 463000) itself lands within 1e-5 degrees (about 1 m, the accuracy of
        // PROJ's Helmert transformation when the RDNAPTRANS grid is not installed)
        let origin = try toWGS84.transform(x: Self.origin.x, y: Self.origin.y)
        #expect(abs(origin.x - Self.origin.lon) < 1e-5, "lon = \(origin.x)")
        #expect(abs(origin.y - Self.origin.lat) < 1e-5, "lat = \(origin.y)")
    }

    @Test("a round trip RD → WGS 84 → RD returns within a millimetre")
    func roundTrip() throws {
        let toWGS84 = try CoordinateTransformation(from: "EPSG:28992", to: "EPSG:4326")
        let toRD = try CoordinateTransformation(from: "EPSG:4326", to: "EPSG:28992")
        for (x, y) in [(121_000.0, 487_000.0), (250_000.0, 600_000.0), (30_000.0, 380_000.0)] {
            let there = try toWGS84.transform(x: x, y: y)
            let back = try toRD.transform(x: there.x, y: there.y)
            #expect(abs(back.x - x) < 1e-3 && abs(back.y - y) < 1e-3)
        }
    }

    @Test("OGC:CRS84 and EPSG:4326 agree within a centimetre (both longitude first after normalisation)")
    func crs84() throws {
        let a = try CoordinateTransformation(from: "OGC:CRS84", to: "EPSG:28992").transform(x: 5.12, y: 52.09)
        let b = try CoordinateTransformation(from: "EPSG:4326", to: "EPSG:28992").transform(x: 5.12, y: 52.09)
        // PROJ may pick a different WGS 84 → Amersfoort operation for each (0.2 mm apart)
        #expect(abs(a.x - b.x) < 1e-2 && abs(a.y - b.y) < 1e-2, "\(a) vs \(b)")
        // Utrecht lies west and south of the RD origin
        #expect(a.x < 155_000 && a.y < 463_000)
        #expect(a.x > 130_000 && a.y > 450_000)
    }

    @Test("the same CRS on both sides is the identity and passes coordinates unchanged")
    func identity() throws {
        let same = try CoordinateTransformation(from: "EPSG:28992", to: "EPSG:28992")
        #expect(same.isIdentity)
        let point = try same.transform(x: 123_456.789, y: 456_789.123)
        #expect(point.x == 123_456.789 && point.y == 456_789.123)
        let other = try CoordinateTransformation(from: "EPSG:28992", to: "EPSG:3035")
        #expect(!other.isIdentity)
    }

    @Test("a geometry keeps its area within 1e-6 when sent to WGS 84 and back")
    func geometryRoundTrip() throws {
        let context = GEOSContext()
        let square = try Geometry(wkt: Fixtures.rectangleWKT(136_000, 455_000, 137_000, 456_000), context: context)
        let there = try CoordinateTransformation(from: "EPSG:28992", to: "EPSG:4326").transform(square)
        let envelope = try #require(there.envelope)
        #expect(envelope.minX > 5 && envelope.maxX < 5.2 && envelope.minY > 52 && envelope.maxY < 52.2)
        let back = try CoordinateTransformation(from: "EPSG:4326", to: "EPSG:28992").transform(there)
        #expect(Fixtures.relative(back.area, 1_000_000) < 1e-6)
    }

    @Test(
        "definitions that are not a CRS are invalid data",
        arguments: ["this is not a CRS", "EPSG:999999999", "", "+proj=nonsense +foo"])
    func garbageCRS(definition: String) {
        expectAreaError(.invalidData) { try CoordinateTransformation(from: definition, to: "EPSG:28992") }
        expectAreaError(.invalidData) { try CRSInfo(definition) }
    }

    @Test("points that cannot be transformed are invalid data")
    func untransformablePoints() throws {
        let toRD = try CoordinateTransformation(from: "EPSG:4326", to: "EPSG:28992")
        expectAreaError(.invalidData, mentioning: ["finite"]) { try toRD.transform(x: .nan, y: 52) }
        expectAreaError(.invalidData, mentioning: ["cannot be transformed"]) { try toRD.transform(x: 5, y: 95) }
    }

    @Test("CRSInfo identifies RD New and WGS 84")
    func crsInfo() throws {
        let rd = try CRSInfo("EPSG:28992")
        #expect(rd.epsg == 28992)
        #expect(rd.name == "Amersfoort / RD New")
        #expect(!rd.isGeographic)
        #expect(rd.wkt1.hasPrefix("PROJCS[\"Amersfoort / RD New\""))
        let wgs84 = try CRSInfo("EPSG:4326")
        #expect(wgs84.epsg == 4326)
        #expect(wgs84.isGeographic)
        // the WKT1 text names the same CRS
        #expect(try CRSInfo(rd.wkt1).epsg == 28992)
    }

    @Test("library versions are reported")
    func versions() {
        #expect(CoordinateTransformation.version.split(separator: ".").count >= 2)
        #expect(GEOSContext.version.hasPrefix("3."))
    }
}
