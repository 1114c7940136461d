import AreaAnalysis
import Foundation
import ProfileModel
import Testing

/// Area-weighted apportionment on the tiny hand-made dataset, where every answer can be
/// computed on paper (see ``TinyData`` for the layout).
@Suite("Apportionment on hand-made postcodes")
struct ApportionmentTests {
    /// One zone given in grid units, analysed end to end.
    struct Analysed {
        var apportionment: ZoneApportionment
        var composition: ZoneComposition
        var dataset: PostcodeDataset

        /// The weight of a postcode in the zone (nil when it does not contribute).
        func weight(_ code: String) throws -> PostcodeWeight? {
            let position = try dataset.positions(ofPostcodes: [code])[code]
            return apportionment.weights.first { $0.position == position }
        }
    }

    func analyse(
        _ minX: Double, _ minY: Double, _ maxX: Double, _ maxY: Double, method: ApportionmentMethod = .area,
        compareTo: ComparisonRequest = .nation
    ) throws -> Analysed {
        let dataset = try TinyData.dataset().dataset
        let result = try AreaAnalyzer(dataset: dataset).run(
            AnalysisRequest(
                source: .wkt(TinyData.zoneEWKT(minX, minY, maxX, maxY)), method: method, compareTo: compareTo))
        #expect(result.report.zones.count == 1)
        return Analysed(
            apportionment: try #require(result.apportionments.first),
            composition: try #require(result.report.zones.first),
            dataset: dataset)
    }

    func record(_ code: String) throws -> PostcodeRecord { try TinyData.dataset().dataset.record(code) }

    @Test("a zone over exactly half of a postcode gets half its residents, households and profile counts")
    func half() throws {
        let result = try analyse(0, 0, 500, 1000)
        let postcode = try record("1001")
        let composition = result.composition
        #expect(Fixtures.relative(composition.residents, 500) < 1e-9)
        #expect(Fixtures.relative(composition.households, 250) < 1e-9)
        #expect(Fixtures.approximately(composition.profiles.map(\.adults), postcode.profileAdults.map { $0 / 2 }))
        #expect(Fixtures.approximately(composition.profiles.map(\.share), postcode.shares))
        let weight = try #require(try result.weight("1001"))
        #expect(abs(weight.weight - 0.5) < 1e-12)
        #expect(abs(weight.overlapArea - 500_000) < 1e-6)
        #expect(!weight.fullyInside)
        #expect(result.apportionment.weights.count == 1)
        #expect(result.apportionment.overlayCount == 1)
        #expect(result.apportionment.fastPathCount == 0)
        // the zone shares three edges with the postcode: the exact kernel declines, GEOS decides
        #expect(result.apportionment.geosOverlayCount == 1)
        #expect(composition.postcodes.map(\.postcode) == ["1001"])
        #expect(composition.postcodes.map(\.weight) == [weight.weight])
        #expect(composition.areaM2 == 500_000)
        #expect(abs(composition.coverage - 1) < 1e-12)
        #expect(composition.municipality == "Testgemeente")
        #expect(composition.warnings.isEmpty, "\(composition.warnings)")
    }

    @Test("a zone holding a postcode wholly takes all of it by the fast path, with no overlay")
    func fullyInside() throws {
        let result = try analyse(3900, -100, 5100, 1100)
        let postcode = try record("1003")
        #expect(result.apportionment.fastPathCount == 1)
        #expect(result.apportionment.overlayCount == 0)
        let weight = try #require(try result.weight("1003"))
        #expect(weight.fullyInside)
        #expect(weight.weight == 1)
        #expect(weight.overlapArea == 1_000_000)
        #expect(result.composition.residents == 400)
        #expect(result.composition.households == 180)
        #expect(
            Fixtures.approximately(
                result.composition.profiles.map(\.adults), postcode.profileAdults, tolerance: 1e-12))
        // 1 km² of postcode in a 1.2 km × 1.2 km zone
        #expect(Fixtures.relative(result.composition.coverage, 1 / 1.44) < 1e-12)
        #expect(result.composition.warnings.contains { $0.contains("69.4%") }, "\(result.composition.warnings)")
    }

    @Test("a zone crossing a postcode's boundary with no shared edge is measured by the exact kernel, not GEOS")
    func exactKernel() throws {
        // a quarter of 1001, offset so that no edge or vertex coincides
        let result = try analyse(250, 250, 750, 750)
        let weight = try #require(try result.weight("1001"))
        #expect(abs(weight.weight - 0.25) < 1e-12)
        #expect(result.apportionment.fastPathCount == 0)
        let crossing = try analyse(-250, 250, 250, 750)
        #expect(abs(try #require(try crossing.weight("1001")).weight - 0.125) < 1e-12)
        #expect(crossing.apportionment.overlayCount == 1)
        #expect(crossing.apportionment.geosOverlayCount == 0)
    }

    @Test("a postcode that only touches the zone along an edge contributes nothing")
    func edgeTouch() throws {
        // the left half of 1002; its left edge is 1001's right edge
        let result = try analyse(1000, 0, 1500, 1000)
        #expect(try result.weight("1001") == nil)
        #expect(try #require(try result.weight("1002")).weight == 0.5)
        #expect(result.composition.residents == 1000)
        #expect(result.composition.postcodes.map(\.postcode) == ["1002"])
        // both were candidates: 1001's box touches the zone's
        #expect(result.apportionment.overlayCount == 2)
    }

    @Test("a zone half outside every postcode has coverage 0.5 and a warning")
    func halfCovered() throws {
        let result = try analyse(4500, 0, 5500, 1000)
        #expect(abs(result.composition.coverage - 0.5) < 1e-12)
        #expect(abs(result.apportionment.coveredArea - 500_000) < 1e-6)
        #expect(Fixtures.relative(result.composition.residents, 200) < 1e-9)
        let warning = try #require(result.composition.warnings.first { $0.contains("postcode areas") })
        #expect(warning.contains("50.0%"), "\(warning)")
    }

    @Test("a zone outside every postcode but inside the dataset's extent holds no one")
    func empty() throws {
        let result = try analyse(2500, 1500, 3500, 2500)
        #expect(result.composition.residents == 0)
        #expect(result.composition.coverage == 0)
        #expect(result.composition.dominant.isEmpty)
        #expect(result.composition.profiles.allSatisfy { $0.adults == 0 && $0.index == nil })
        #expect(result.composition.warnings.contains { $0.contains("no residents") })
    }

    @Test(
        "the centroid method takes whole postcodes whose interior point is in the zone",
        arguments: [
            // zone in grid units, residents by area, residents by centroid
            ((0.0, 0.0, 600.0, 1000.0), 600.0, 1000.0),
            ((0, 0, 400, 1000), 400, 0),
            ((0, 0, 1600, 1000), 2200, 3000),
            ((3900, -100, 5100, 1100), 400, 400),
        ])
    func centroid(zone: (Double, Double, Double, Double), byArea: Double, byCentroid: Double) throws {
        let area = try analyse(zone.0, zone.1, zone.2, zone.3)
        let centroid = try analyse(zone.0, zone.1, zone.2, zone.3, method: .centroid)
        #expect(Fixtures.relative(area.composition.residents, byArea) < 1e-9)
        #expect(centroid.composition.residents == byCentroid)
        #expect(centroid.apportionment.weights.allSatisfy { $0.weight == 0 || $0.weight == 1 })
    }

    @Test("a zone over every postcode holds every resident that has a place on the map")
    func everything() throws {
        let result = try analyse(-100, -100, 5100, 3100)
        let dataset = try TinyData.dataset().dataset
        let mapped = try dataset.records().filter { $0.envelope != nil }
        #expect(result.composition.residents == 1000 + 2000 + 400 + 2)
        #expect(result.composition.residents == mapped.reduce(0) { $0 + $1.residents })
        #expect(result.apportionment.fastPathCount == 4)
        #expect(result.apportionment.overlayCount == 0)
        for k in dataset.profileSet.profiles.indices {
            let expected = mapped.reduce(0) { $0 + $1.profileAdults[k] }
            #expect(Fixtures.relative(result.composition.profiles[k].adults, expected) < 1e-12)
        }
        // 1004's residents are imputed: the report says so
        #expect(
            result.composition.warnings.contains { $0.contains("1004") && $0.contains("suppressed") },
            "\(result.composition.warnings)")
        #expect(result.composition.municipality == "Testgemeente")
    }

    @Test("compared with its own municipality, a zone that is the whole municipality has index 100")
    func municipalityIndex() throws {
        let result = try analyse(0, 0, 2000, 1000, compareTo: .municipality)
        #expect(result.composition.municipality == "Testgemeente")
        for figure in result.composition.profiles {
            let index = try #require(figure.indexCompare)
            #expect(abs(index - 100) < 1e-9, "\(figure.id): \(index)")
        }
        #expect(Fixtures.relative(result.composition.residents, 3000) < 1e-12)
    }

    @Test("compared with another zone file, a zone with the same mix has index 100")
    func compareToFile() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { Fixtures.remove(folder) }
        // the reference is all of 1001; the analysed zone is half of it: same shares
        let x0 = TinyData.x0
        let y0 = TinyData.y0
        let reference = try Fixtures.write(
            ZoneFiles.collection(
                [ZoneFiles.feature(ZoneFiles.polygon(ZoneFiles.rdRing(x0, y0, x0 + 1000, y0 + 1000)))],
                crs: "EPSG:28992"),
            to: "reference.geojson", in: folder)
        let result = try analyse(0, 0, 500, 1000, compareTo: .file(reference))
        for figure in result.composition.profiles {
            #expect(abs(try #require(figure.indexCompare) - 100) < 1e-9, "\(figure.id)")
        }
        let other = try analyse(1000, 0, 2000, 1000, compareTo: .file(reference))
        let shares1001 = try record("1001").shares
        let shares1002 = try record("1002").shares
        for (k, figure) in other.composition.profiles.enumerated() {
            #expect(Fixtures.relative(try #require(figure.indexCompare), 100 * shares1002[k] / shares1001[k]) < 1e-9)
        }
    }

    @Test("the national index compares the zone's shares with the dataset's")
    func nationalIndex() throws {
        let result = try analyse(0, 0, 1000, 1000)
        let dataset = try TinyData.dataset().dataset
        let national = CompositionBuilder(dataset: dataset).national
        let shares = try dataset.record("1001").shares
        for (k, figure) in result.composition.profiles.enumerated() {
            #expect(Fixtures.relative(try #require(figure.index), 100 * shares[k] / national[k]) < 1e-9)
            #expect(figure.indexCompare == nil)
        }
        let dominant = result.composition.dominant
        #expect(!dominant.isEmpty)
        let ranked = result.composition.profiles.sorted { $0.share > $1.share }.map(\.id)
        #expect(Array(ranked.prefix(dominant.count)) == dominant)
    }

    @Test("many zones give the same results on one worker or several")
    func threads() throws {
        let dataset = try TinyData.dataset().dataset
        let analyzer = AreaAnalyzer(dataset: dataset)
        var zones: [Zone] = []
        for step in 0..<12 {
            let x = Double(step) * 400
            zones += try analyzer.zones(
                .wkt(TinyData.zoneEWKT(x, -50, x + 700, 2500)), options: ZoneReadOptions(), radius: nil)
        }
        let apportioner = Apportioner(dataset: dataset)
        let one = try apportioner.apportion(zones, threads: 1)
        let several = try apportioner.apportion(zones, threads: 4)
        #expect(one.count == 12 && several.count == 12)
        for (a, b) in zip(one, several) {
            #expect(a.weights == b.weights)
            #expect(a.coveredArea == b.coveredArea)
        }
        // together the strips overlap, but each postcode's weights are the share of it each strip covers
        let builder = CompositionBuilder(dataset: dataset)
        let first = try builder.composition(one[0])
        #expect(Fixtures.relative(first.residents, 700) < 1e-9) // 70% of 1001
    }

    @Test("progress is reported once per zone")
    func progress() throws {
        final class Counter: @unchecked Sendable {
            // @unchecked Sendable: `values` is only touched while holding `lock`.
            let lock = NSLock()
            var values: [Int] = []
        }
        let counter = Counter()
        let dataset = try TinyData.dataset().dataset
        let analyzer = AreaAnalyzer(dataset: dataset)
        let zones = try (0..<5).flatMap { step in
            try analyzer.zones(
                .wkt(TinyData.zoneEWKT(Double(step) * 100, 0, Double(step) * 100 + 50, 50)), options: ZoneReadOptions(),
                radius: nil)
        }
        _ = try Apportioner(dataset: dataset).apportion(zones, threads: 2) { done in
            counter.lock.withLock { counter.values.append(done) }
        }
        let values = counter.lock.withLock { counter.values }
        #expect(values.count == 5)
        #expect(values.allSatisfy { (1...5).contains($0) })
        #expect(values.max() == 5)
    }

    @Test("zones come back as WGS 84 GeoJSON geometries")
    func geoJSONOutput() throws {
        let result = try analyse(0, 0, 500, 1000)
        let text = try #require(try ZoneGeoJSON.geometries([result.apportionment.zone]).first)
        let geometry = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(geometry["type"] as? String == "Polygon")
        let ring = try #require((geometry["coordinates"] as? [[[Double]]])?.first)
        #expect(ring.count == 5)
        // RD (150000, 460000) is 5 km west and 3 km south of the RD origin (5.387° E, 52.155° N)
        #expect(ring.allSatisfy { $0[0] > 5.30 && $0[0] < 5.33 && $0[1] > 52.12 && $0[1] < 52.14 }, "\(ring)")
    }

    @Test("the report encodes with its documented keys")
    func reportJSON() throws {
        let dataset = try TinyData.dataset().dataset
        let result = try AreaAnalyzer(dataset: dataset).run(
            AnalysisRequest(source: .wkt(TinyData.zoneEWKT(0, 0, 500, 1000))))
        let data = try JSONEncoder().encode(result.report)
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(root["method"] as? String == "area")
        #expect(root["profile_set"] as? String == "test-three 2.0.0")
        #expect((root["note"] as? String)?.contains("Bron: CBS") == true)
        let zone = try #require((root["zones"] as? [[String: Any]])?.first)
        #expect(zone["area_m2"] as? Double == 500_000)
        #expect((zone["profiles"] as? [[String: Any]])?.map { $0["id"] as? String } == ["urban", "family", "senior"])
    }

    /// A GeoJSON ring in grid units, moved to the grid's place in RD New.
    static func gridRing(_ points: [(Double, Double)]) -> String {
        "[" + points.map { "[\(TinyData.x0 + $0.0), \(TinyData.y0 + $0.1)]" }.joined(separator: ", ") + "]"
    }

    /// A GeoJSON rectangle in grid units.
    static func gridRectangle(_ minX: Double, _ minY: Double, _ maxX: Double, _ maxY: Double) -> String {
        gridRing([(minX, minY), (maxX, minY), (maxX, maxY), (minX, maxY), (minX, minY)])
    }

    /// Writes zones (GeoJSON geometries, ids z0, z1, ...) as a collection in RD New.
    static func writeZones(_ geometries: [String], in folder: URL, name: String) throws -> URL {
        let features = geometries.enumerated().map { ZoneFiles.feature($1, id: "\"z\($0)\"") }
        return try Fixtures.write(
            ZoneFiles.collection(features, crs: "urn:ogc:def:crs:EPSG::28992"), to: name, in: folder)
    }

    @Test("a file of many zones, checked by the workers that apportion them, gives what each zone gives alone")
    func manyZones() throws {
        let dataset = try TinyData.dataset().dataset
        let analyzer = AreaAnalyzer(dataset: dataset)
        var geometries = (0..<66).map { step -> String in
            let x = Double(step % 11) * 400
            let y = Double(step / 11) * 150
            return ZoneFiles.polygon(Self.gridRectangle(x, y, x + 700, y + 900))
        }
        // a bow-tie (repaired), a rectangle with a hole (valid, checked by GEOS), two parts
        // apart, and a concave zone
        geometries.append(
            ZoneFiles.polygon(Self.gridRing([(0, 0), (1000, 1000), (1000, 0), (0, 1000), (0, 0)])))
        geometries.append(
            ZoneFiles.polygon(
                Self.gridRectangle(0, 0, 2000, 1000) + ", " + Self.gridRectangle(500, 200, 700, 400)))
        geometries.append(
            #"{"type": "MultiPolygon", "coordinates": [[\#(Self.gridRectangle(0, 0, 300, 300))], [\#(Self.gridRectangle(4200, 100, 4600, 900))]]}"#
        )
        geometries.append(
            ZoneFiles.polygon(
                Self.gridRing([(100, 100), (1900, 100), (1900, 900), (1500, 900), (1500, 400), (100, 400), (100, 100)]))
        )
        #expect(geometries.count >= AreaAnalyzer.deferredPreparationThreshold)
        let folder = try Fixtures.temporaryFolder()
        defer { Fixtures.remove(folder) }
        let many = try analyzer.run(
            AnalysisRequest(source: .file(try Self.writeZones(geometries, in: folder, name: "many.geojson"))))
        #expect(many.report.zones.count == geometries.count)
        for (index, geometry) in geometries.enumerated() {
            let alone = try analyzer.run(
                AnalysisRequest(source: .file(try Self.writeZones([geometry], in: folder, name: "z\(index).geojson"))))
            let a = try #require(alone.report.zones.first)
            let b = many.report.zones[index]
            #expect(b.id == "z\(index)")
            #expect(Fixtures.relative(a.areaM2, b.areaM2) < 1e-12, "zone \(index)")
            #expect(Fixtures.relative(a.residents, b.residents) < 1e-12, "zone \(index)")
            #expect(Fixtures.approximately(a.profiles.map(\.adults), b.profiles.map(\.adults), tolerance: 1e-9))
            #expect(a.warnings == b.warnings, "zone \(index)")
            #expect(many.zones[index].area == b.areaM2)
        }
        #expect(many.report.zones[66].warnings.contains { $0.contains("repaired") })
        // the two parts apart: 300 × 300 of 1001 and 400 × 800 of 1003
        #expect(Fixtures.relative(many.report.zones[68].residents, 0.09 * 1000 + 0.32 * 400) < 1e-9)
    }

    @Test("of many zones, the first that lies outside the dataset is the one named")
    func manyZonesFirstError() throws {
        let dataset = try TinyData.dataset().dataset
        var geometries = (0..<70).map { step -> String in
            let x = Double(step % 10) * 400
            return ZoneFiles.polygon(Self.gridRectangle(x, 0, x + 300, 900))
        }
        for outside in [23, 41, 62] {
            geometries[outside] = ZoneFiles.polygon(Self.gridRectangle(-90_000, 0, -89_000, 900))
        }
        let folder = try Fixtures.temporaryFolder()
        defer { Fixtures.remove(folder) }
        let url = try Self.writeZones(geometries, in: folder, name: "zones.geojson")
        for _ in 0..<5 {
            expectAreaError(.invalidData, mentioning: ["'z23'", "outside"]) {
                try AreaAnalyzer(dataset: dataset).run(AnalysisRequest(source: .file(url)))
            }
        }
    }
}
