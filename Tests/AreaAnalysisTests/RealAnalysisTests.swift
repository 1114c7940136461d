import AreaAnalysis
import Foundation
import ProfileModel
import Testing

/// The area analysis on the real CBS data: the same zone in every format gives the same
/// answer, and the municipalities together hold the nation.
@Suite("Area analysis on the CBS data", .enabled(if: Fixtures.mirrorCondition, Fixtures.mirrorReason))
struct RealAnalysisTests {
    /// Residents and profile counts of the single zone of a source.
    struct Figures {
        var residents: Double
        var profiles: [Double]
        var coverage: Double
    }

    func figures(_ source: ZoneSource, options: ZoneReadOptions = ZoneReadOptions()) throws -> Figures {
        let analyzer = AreaAnalyzer(dataset: try RealData.dataset().dataset)
        let result = try analyzer.run(AnalysisRequest(source: source, readOptions: options))
        let zone = try #require(result.report.zones.first)
        #expect(result.report.zones.count == 1)
        return Figures(residents: zone.residents, profiles: zone.profiles.map(\.adults), coverage: zone.coverage)
    }

    func expectSame(
        _ actual: Figures, _ expected: Figures, _ label: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(
            Fixtures.relative(actual.residents, expected.residents) < 1e-6,
            "\(label): \(actual.residents) residents, expected \(expected.residents)", sourceLocation: sourceLocation)
        #expect(
            Fixtures.approximately(actual.profiles, expected.profiles, tolerance: 1e-6),
            "\(label): \(actual.profiles), expected \(expected.profiles)", sourceLocation: sourceLocation)
    }

    /// The shell of the example zone as (longitude, latitude) pairs, closed.
    func utrechtRing() throws -> [[Double]] {
        let root = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: Fixtures.utrechtZone)) as? [String: Any])
        let feature = try #require((root["features"] as? [[String: Any]])?.first)
        let geometry = try #require(feature["geometry"] as? [String: Any])
        let ring = try #require((geometry["coordinates"] as? [[[Double]]])?.first)
        try #require(ring.count > 4 && ring.first == ring.last)
        return ring
    }

    func geoJSON(_ ring: [[Double]]) -> String {
        let positions = ring.map { "[\($0[0]), \($0[1])]" }.joined(separator: ", ")
        return ZoneFiles.polygon("[\(positions)]")
    }

    @Test("the Utrecht zone gives the same figures as GeoJSON, GeoPackage, Shapefile and WKT")
    func formats() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { Fixtures.remove(folder) }
        let baseline = try figures(.file(Fixtures.utrechtZone))
        print(
            "Utrecht binnenstad: \(String(format: "%.1f", baseline.residents)) residents, coverage \(String(format: "%.4f", baseline.coverage))"
        )
        #expect(baseline.residents > 5_000 && baseline.residents < 60_000, "\(baseline.residents)")
        #expect(baseline.coverage > 0.95)

        // The same polygon transformed to RD New.
        let context = GEOSContext()
        let raw = try #require(try ZoneReader.read(Fixtures.utrechtZone).first)
        let rd = try CoordinateTransformation(from: "EPSG:4326", to: "EPSG:28992").transform(
            Geometry(wkb: raw.wkb, context: context))

        let gpkg = folder.appendingPathComponent("zone.gpkg")
        try GeoPackageWriter(
            layer: "zone", geometryType: "POLYGON", crs: "EPSG:28992", columns: [ColumnSpec("name", .text)]
        )
        .write(
            to: gpkg,
            features: [FeatureRecord(wkb: try rd.wkb(), envelope: rd.envelope, values: [.text("Utrecht binnenstad")])])
        expectSame(try figures(.file(gpkg)), baseline, "GeoPackage in RD New")

        expectSame(try figures(.wkt("SRID=28992;" + rd.wkt(decimals: 9))), baseline, "EWKT in RD New")
        let wktFile = try Fixtures.write("SRID=28992;" + rd.wkt(decimals: 9), to: "zone.wkt", in: folder)
        expectSame(try figures(.file(wktFile)), baseline, "WKT file")
        expectSame(
            try figures(.wkt(rd.wkt(decimals: 9)), options: ZoneReadOptions(crs: "EPSG:28992")), baseline,
            "WKT with --crs")
    }

    @Test(
        "the Utrecht zone as Shapefiles (WGS 84 and RD New .prj) gives the same figures",
        .enabled(if: Fixtures.gdalCondition, Fixtures.gdalReason))
    func shapefiles() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { Fixtures.remove(folder) }
        let baseline = try figures(.file(Fixtures.utrechtZone))

        let wgs84 = folder.appendingPathComponent("zone-wgs84.shp")
        try Fixtures.ogr2ogr(["-f", "ESRI Shapefile", wgs84.path, Fixtures.utrechtZone.path])
        expectSame(try figures(.file(wgs84)), baseline, "Shapefile in WGS 84")

        // RD New coordinates computed here (not by GDAL), copied unchanged into a Shapefile
        let context = GEOSContext()
        let raw = try #require(try ZoneReader.read(Fixtures.utrechtZone).first)
        let rd = try CoordinateTransformation(from: "EPSG:4326", to: "EPSG:28992").transform(
            Geometry(wkb: raw.wkb, context: context))
        let gpkg = folder.appendingPathComponent("zone.gpkg")
        try GeoPackageWriter(
            layer: "zone", geometryType: "POLYGON", crs: "EPSG:28992", columns: [ColumnSpec("name", .text)]
        )
        .write(
            to: gpkg, features: [FeatureRecord(wkb: try rd.wkb(), envelope: rd.envelope, values: [.text("Utrecht")])])
        let rdShape = folder.appendingPathComponent("zone-rd.shp")
        try Fixtures.ogr2ogr(["-f", "ESRI Shapefile", rdShape.path, gpkg.path])
        let prj = try String(contentsOf: folder.appendingPathComponent("zone-rd.prj"), encoding: .utf8)
        #expect(prj.contains("Amersfoort"), "\(prj)")
        expectSame(try figures(.file(rdShape)), baseline, "Shapefile in RD New")
    }

    @Test("reversing the ring or starting it at another vertex changes nothing")
    func ringOrder() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { Fixtures.remove(folder) }
        let baseline = try figures(.file(Fixtures.utrechtZone))
        let ring = try utrechtRing()
        let open = Array(ring.dropLast())
        var variants: [(String, [[Double]])] = [("reversed", ring.reversed())]
        for shift in [1, 5, open.count - 1] {
            let rotated = Array(open[shift...] + open[..<shift])
            variants.append(("rotated by \(shift)", rotated + [rotated[0]]))
            let reversed = Array(rotated.reversed())
            variants.append(("rotated by \(shift) and reversed", reversed + [reversed[0]]))
        }
        for (label, variant) in variants {
            let url = try Fixtures.write(geoJSON(variant), to: "variant.geojson", in: folder)
            expectSame(try figures(.file(url)), baseline, label)
        }
    }

    @Test("the 345 municipalities together hold the nation's residents within 0.5%")
    func conservation() throws {
        let built = try RealData.dataset()
        let url = try RealData.municipalities()
        let analyzer = AreaAnalyzer(dataset: built.dataset)
        let result = try analyzer.run(
            AnalysisRequest(source: .file(url), readOptions: ZoneReadOptions(layer: "gemeenten", idField: "gemeente")))
        let zones = result.report.zones
        #expect(zones.count == 345)
        #expect(Set(zones.map(\.id)).count == 345)
        #expect(zones.contains { $0.id == "Utrecht" })

        let national = built.report.residents
        let total = zones.reduce(0) { $0 + $1.residents }
        let gap = (total - national) / national
        print(
            "Conservation over 345 municipalities: \(String(format: "%.0f", total)) of \(String(format: "%.0f", national)) residents, gap \(String(format: "%+.4f", 100 * gap))%; apportioned in \(String(format: "%.2f", result.apportionSeconds)) s"
        )
        #expect(abs(gap) < 0.005, "gap \(100 * gap)%")

        // every profile is conserved as well as the total
        let set = built.dataset.profileSet
        for k in set.profiles.indices {
            let zoneSum = zones.reduce(0) { $0 + $1.profiles[k].adults }
            let nationalSum = (try built.dataset.records()).reduce(0) { $0 + $1.profileAdults[k] }
            #expect(abs(zoneSum - nationalSum) / nationalSum < 0.005, "\(set.profiles[k].id)")
        }
        // postcodes wholly inside a municipality are taken by the fast path
        let fast = result.apportionments.reduce(0) { $0 + $1.fastPathCount }
        let overlays = result.apportionments.reduce(0) { $0 + $1.overlayCount }
        print("Conservation: \(fast) postcodes taken whole, \(overlays) overlays")
        #expect(fast > 0)
    }

    @Test(
        "every postcode weight of real municipalities equals the plain GEOS overlay, area(P ∩ Z) / area(P)",
        arguments: [
            "Boxtel", "Heemskerk", "Hollands Kroon", "Valkenburg aan de Geul", "Amsterdam", "Utrecht", "Westerveld",
            "Texel",
        ])
    func weightsMatchPlainOverlay(municipality: String) throws {
        let built = try RealData.dataset()
        let package = try GeoPackage(url: try RealData.municipalities())
        let layer = try package.layer(named: "gemeenten")
        let feature = try #require(
            try package.features(of: layer, columns: ["gemeente"]).first {
                $0.attributes["gemeente"]?.text == municipality
            })
        let context = GEOSContext()
        let zoneGeometry = try Geometry(wkb: try #require(feature.wkb), context: context)
        let zone = Zone(
            index: 0, id: municipality, name: nil, wkb: try #require(feature.wkb), area: zoneGeometry.area,
            envelope: try #require(zoneGeometry.envelope), warnings: [])
        let apportioner = Apportioner(dataset: built.dataset)
        let result = try #require(try apportioner.apportion([zone]).first)
        var weights: [Int: Double] = [:]
        for part in result.weights { weights[part.position] = part.weight }
        let candidates = apportioner.candidates(zone.envelope)
        for (position, wkb) in zip(candidates, try built.dataset.geometryWKB(of: candidates)) {
            guard let wkb else { continue }
            let postcode = try Geometry(wkb: wkb, context: context)
            let expected = try zoneGeometry.intersection(with: postcode).area / postcode.area
            let got: Double = weights[position] ?? 0
            let tolerance: Double = 1e-9
            #expect(abs(got - expected) <= tolerance, "\(municipality), position \(position): \(got) vs \(expected)")
        }
    }
}
