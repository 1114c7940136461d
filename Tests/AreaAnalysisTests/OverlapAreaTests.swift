import AreaAnalysis
import Foundation
import ProfileModel
import Testing

/// A zone and a postcode as WKT, with the area of their intersection worked out on paper.
struct OverlapCase: Sendable, CustomTestStringConvertible {
    var name: String
    var zone: String
    var postcode: String
    var area: Double

    var testDescription: String { name }
}

/// Where the hand-made shapes are placed: at the origin, and at the scale of RD New
/// coordinates (hundreds of kilometres), where shoelace sums lose precision unless shifted.
enum OverlapPlacement: String, Sendable, CaseIterable, CustomTestStringConvertible {
    case origin
    case rdNew

    var offset: (x: Double, y: Double) { self == .origin ? (0, 0) : (155_000.25, 463_000.75) }
    var testDescription: String { rawValue }
}

/// Helpers for the overlap-area tests.
enum OverlapFixtures {
    /// A geometry from WKT, moved to `placement`.
    static func geometry(_ wkt: String, _ placement: OverlapPlacement, _ context: GEOSContext) throws -> Geometry {
        let geometry = try Geometry(wkt: wkt, context: context)
        let (dx, dy) = placement.offset
        return try geometry.transformed { x, y in
            x += dx
            y += dy
        }
    }

    /// The polygons of a geometry as flat rings, the form ``PolygonEdges`` is built from.
    static func rings(_ geometry: Geometry) throws -> [[ContiguousArray<Double>]] {
        try geometry.polygons().map { try $0.rings() }
    }

    /// A flat (x, y) ring with its points in the opposite order.
    static func reversed(_ ring: ContiguousArray<Double>) -> ContiguousArray<Double> {
        var result = ContiguousArray<Double>()
        for i in stride(from: ring.count / 2 - 1, through: 0, by: -1) {
            result.append(ring[2 * i])
            result.append(ring[2 * i + 1])
        }
        return result
    }

    /// Whether `actual` equals `expected` to 1e-9 relative, or 1e-9 m² near zero.
    static func close(_ actual: Double, _ expected: Double) -> Bool {
        abs(actual - expected) <= 1e-9 * max(abs(expected), 1)
    }
}

@Suite("Overlap area from boundary pieces")
struct OverlapAreaTests {
    static let square = "POLYGON((0 0, 10 0, 10 10, 0 10, 0 0))"

    static let exact: [OverlapCase] = [
        OverlapCase(
            name: "two squares overlapping in a corner", zone: square,
            postcode: "POLYGON((5 5, 15 5, 15 15, 5 15, 5 5))", area: 25),
        OverlapCase(
            name: "a diamond cut by a square", zone: "POLYGON((5 0, 10 5, 5 10, 0 5, 5 0))",
            postcode: "POLYGON((4 -1, 14 -1, 14 11, 4 11, 4 -1))", area: 34),
        OverlapCase(
            name: "a square with a hole, partly over the hole",
            zone: "POLYGON((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 4 2, 4 4, 2 4, 2 2))",
            postcode: "POLYGON((3 3, 13 3, 13 13, 3 13, 3 3))", area: 48),
        OverlapCase(
            name: "a square with a hole, the postcode holding the hole",
            zone: "POLYGON((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 4 2, 4 4, 2 4, 2 2))",
            postcode: "POLYGON((1 1, 5 1, 5 5, 1 5, 1 1))", area: 12),
        OverlapCase(
            name: "a square with a hole, the postcode inside the hole",
            zone: "POLYGON((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 5 2, 5 5, 2 5, 2 2))",
            postcode: "POLYGON((3 3, 4 3, 4 4, 3 4, 3 3))", area: 0),
        OverlapCase(
            name: "an L-shaped zone across a square", zone: "POLYGON((0 0, 6 0, 6 2, 2 2, 2 6, 0 6, 0 0))",
            postcode: "POLYGON((1 1, 7 1, 7 7, 1 7, 1 1))", area: 9),
        OverlapCase(
            name: "a U-shaped zone across both arms",
            zone: "POLYGON((0 0, 9 0, 9 9, 6 9, 6 3, 3 3, 3 9, 0 9, 0 0))",
            postcode: "POLYGON((1 5, 8 5, 8 7, 1 7, 1 5))", area: 8),
        OverlapCase(
            name: "a square in the notch of an L (envelopes overlap, shapes do not)",
            zone: "POLYGON((0 0, 6 0, 6 2, 2 2, 2 6, 0 6, 0 0))",
            postcode: "POLYGON((3 3, 5 3, 5 5, 3 5, 3 3))", area: 0),
        OverlapCase(
            name: "disjoint squares", zone: square, postcode: "POLYGON((20 0, 30 0, 30 10, 20 10, 20 0))", area: 0),
        OverlapCase(
            name: "a postcode inside the zone", zone: square, postcode: "POLYGON((2 3, 5 3, 5 7, 2 7, 2 3))",
            area: 12),
        OverlapCase(
            name: "a zone inside the postcode", zone: "POLYGON((2 3, 5 3, 5 7, 2 7, 2 3))", postcode: square,
            area: 12),
        OverlapCase(
            name: "a two-part zone across a strip",
            zone: "MULTIPOLYGON(((0 0, 4 0, 4 4, 0 4, 0 0)), ((6 0, 10 0, 10 4, 6 4, 6 0)))",
            postcode: "POLYGON((2 1, 8 1, 8 3, 2 3, 2 1))", area: 8),
        OverlapCase(
            name: "two multi-polygons, one part each side",
            zone: "MULTIPOLYGON(((0 0, 4 0, 4 4, 0 4, 0 0)), ((6 0, 10 0, 10 4, 6 4, 6 0)))",
            postcode: "MULTIPOLYGON(((3 -1, 5 -1, 5 1, 3 1, 3 -1)), ((9 3, 11 3, 11 5, 9 5, 9 3)))", area: 2),
        OverlapCase(
            name: "a zone just clear of the postcode's edges (1 mm)", zone: square,
            postcode: "POLYGON((5 0.001, 15 0.001, 15 9.999, 5 9.999, 5 0.001))", area: 5 * 9.998),
    ]

    @Test(
        "the area matches the hand computation and GEOS, in either order", arguments: exact, OverlapPlacement.allCases)
    func handComputed(_ example: OverlapCase, _ placement: OverlapPlacement) throws {
        let context = GEOSContext()
        let zone = try OverlapFixtures.geometry(example.zone, placement, context)
        let postcode = try OverlapFixtures.geometry(example.postcode, placement, context)
        #expect(
            OverlapFixtures.close(try zone.intersection(with: postcode).area, example.area), "the case itself is wrong")
        let zoneEdges = try PolygonEdges(zone)
        let postcodeEdges = try PolygonEdges(postcode)
        let forward = try #require(PolygonEdges.overlapArea(zoneEdges, postcodeEdges))
        let backward = try #require(PolygonEdges.overlapArea(postcodeEdges, zoneEdges))
        #expect(OverlapFixtures.close(forward, example.area), "\(forward), expected \(example.area)")
        #expect(OverlapFixtures.close(backward, example.area), "\(backward), expected \(example.area)")
    }

    @Test(
        "rings given the wrong way round, or without the closing point, give the same area",
        arguments: [
            exact[2], exact[5], exact[6], exact[12],
        ])
    func orientation(_ example: OverlapCase) throws {
        let context = GEOSContext()
        let zoneRings = try OverlapFixtures.rings(Geometry(wkt: example.zone, context: context))
        let postcodeRings = try OverlapFixtures.rings(Geometry(wkt: example.postcode, context: context))
        let reversed = zoneRings.map { $0.map(OverlapFixtures.reversed) }
        let open = postcodeRings.map { $0.map { ContiguousArray($0.dropLast(2)) } }
        let zone = PolygonEdges(polygons: zoneRings)
        let flipped = PolygonEdges(polygons: reversed)
        #expect(OverlapFixtures.close(flipped.area, zone.area) && zone.area > 0, "\(flipped.area) vs \(zone.area)")
        let postcode = PolygonEdges(polygons: open)
        let area = try #require(PolygonEdges.overlapArea(flipped, postcode))
        #expect(OverlapFixtures.close(area, example.area), "\(area), expected \(example.area)")
    }

    @Test("the prepared area is shells minus holes")
    func preparedArea() throws {
        let context = GEOSContext()
        let edges = try PolygonEdges(
            Geometry(wkt: "POLYGON((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 4 2, 4 4, 2 4, 2 2))", context: context))
        #expect(edges.area == 96)
        #expect(edges.envelope == Envelope(minX: 0, minY: 0, maxX: 10, maxY: 10))
        let empty = PolygonEdges(polygons: [])
        #expect(empty.area == 0 && empty.envelope == nil)
        #expect(PolygonEdges.overlapArea(empty, edges) == 0)
    }

    @Test("a ring without area makes the answer nil rather than wrong")
    func degenerateInput() throws {
        let flat = PolygonEdges(polygons: [[[0, 0, 10, 0, 5, 0, 0, 0]]])
        let square = PolygonEdges(polygons: [[[0, 0, 10, 0, 10, 10, 0, 10, 0, 0]]])
        #expect(PolygonEdges.overlapArea(flat, square) == nil)
        #expect(PolygonEdges.overlapArea(square, flat) == nil)
    }

    static let touching: [OverlapCase] = [
        OverlapCase(
            name: "the left half, sharing three edges", zone: "POLYGON((0 0, 5 0, 5 10, 0 10, 0 0))",
            postcode: square, area: 50),
        OverlapCase(
            name: "a square half over, sharing parts of two edges", zone: "POLYGON((5 0, 15 0, 15 10, 5 10, 5 0))",
            postcode: square, area: 50),
        OverlapCase(
            name: "neighbours sharing an edge", zone: "POLYGON((10 0, 20 0, 20 10, 10 10, 10 0))", postcode: square,
            area: 0),
        OverlapCase(
            name: "neighbours sharing a corner", zone: "POLYGON((10 10, 20 10, 20 20, 10 20, 10 10))",
            postcode: square, area: 0),
        OverlapCase(
            name: "a zone edge through the postcode's corner", zone: "POLYGON((5 -5, 15 5, 5 15, 5 -5))",
            postcode: square, area: 50),
        OverlapCase(
            name: "a diamond touching the postcode's edges at its corners",
            zone: "POLYGON((5 0, 10 5, 5 10, 0 5, 5 0))", postcode: square, area: 50),
    ]

    @Test(
        "touching boundaries give the right area or nil, and GEOS gives the area", arguments: touching,
        OverlapPlacement.allCases)
    func touchingBoundaries(_ example: OverlapCase, _ placement: OverlapPlacement) throws {
        let context = GEOSContext()
        let zone = try OverlapFixtures.geometry(example.zone, placement, context)
        let postcode = try OverlapFixtures.geometry(example.postcode, placement, context)
        let kernel = PolygonEdges.overlapArea(try PolygonEdges(zone), try PolygonEdges(postcode))
        if let kernel {
            #expect(OverlapFixtures.close(kernel, example.area), "\(kernel), expected \(example.area)")
        }
        // The fallback the caller takes on nil.
        let overlay = try zone.intersection(with: postcode).area
        #expect(OverlapFixtures.close(overlay, example.area), "GEOS gives \(overlay), expected \(example.area)")
    }

    @Test("shared edges are detected, not integrated", arguments: OverlapPlacement.allCases)
    func sharedEdgesAreNil(_ placement: OverlapPlacement) throws {
        let context = GEOSContext()
        let postcode = try PolygonEdges(OverlapFixtures.geometry(Self.square, placement, context))
        for example in Self.touching.prefix(2) {
            let zone = try PolygonEdges(OverlapFixtures.geometry(example.zone, placement, context))
            #expect(PolygonEdges.overlapArea(zone, postcode) == nil, "\(example.name)")
        }
    }

    @Test("a star of long spikes (whose edge boxes overlap a lot) matches GEOS")
    func star() throws {
        let context = GEOSContext()
        var points: [String] = []
        for k in 0..<400 {
            let angle = Double(k) * Double.pi / 200 + 0.001
            let radius = k.isMultiple(of: 2) ? 1000.0 : 3.0
            points.append("\(155_000 + radius * cos(angle)) \(463_000 + radius * sin(angle))")
        }
        let zone = try Geometry(wkt: "POLYGON((\((points + [points[0]]).joined(separator: ", "))))", context: context)
        try #require(zone.isValid)
        let postcode = try Geometry(
            wkt: Fixtures.rectangleWKT(155_123.4, 462_901.7, 155_611.3, 463_377.9), context: context)
        let overlay = try zone.intersection(with: postcode).area
        let kernel = try #require(PolygonEdges.overlapArea(try PolygonEdges(zone), try PolygonEdges(postcode)))
        #expect(overlay > 1_000 && abs(kernel - overlay) <= 1e-9 * overlay, "\(kernel), GEOS \(overlay)")
    }

    @Test(
        "edges 5e-9 apart are not shared: the slivers between them are decided exactly",
        arguments: OverlapPlacement.allCases)
    func nearlySharedEdges(_ placement: OverlapPlacement) throws {
        let context = GEOSContext()
        let postcode = try OverlapFixtures.geometry(Self.square, placement, context)
        let near = try OverlapFixtures.geometry(
            "POLYGON((5 0.000000005, 15 0.000000005, 15 9.999999995, 5 9.999999995, 5 0.000000005))", placement, context
        )
        let expected = 5 * (10 - 1e-8)
        #expect(OverlapFixtures.close(try near.intersection(with: postcode).area, expected))
        let forward = try #require(PolygonEdges.overlapArea(try PolygonEdges(near), try PolygonEdges(postcode)))
        let backward = try #require(PolygonEdges.overlapArea(try PolygonEdges(postcode), try PolygonEdges(near)))
        #expect(OverlapFixtures.close(forward, expected), "\(forward), expected \(expected)")
        #expect(OverlapFixtures.close(backward, expected), "\(backward), expected \(expected)")
    }
}

/// The kernel against GEOS overlay on real municipalities and postcodes.
@Suite(
    "Overlap area on the CBS data",
    .enabled(
        if: OverlapRealData.condition,
        "the CBS mirror with gemeenten_2021.gpkg is missing: set GEOPROFILE_SOURCES or put the files in <repo>/../shared/data/nl"
    ))
struct OverlapAreaRealDataTests {
    @Test("30 municipalities against every postcode whose box meets theirs: each answer matches GEOS to 1e-9 or 1 mm²")
    func municipalities() throws {
        let folder = try #require(OverlapRealData.folder, "the CBS mirror with gemeenten_2021.gpkg is missing")
        let context = GEOSContext()
        let gemeenten = try GeoPackage(url: folder.appendingPathComponent(OverlapRealData.municipalities))
        let zones = try gemeenten.features(of: gemeenten.layer(named: "gemeenten"), columns: ["gemeente"])
            .sorted { ($0.attributes["gemeente"]?.text ?? "") < ($1.attributes["gemeente"]?.text ?? "") }
        try #require(zones.count == 345, "expected the 345 municipalities of 2021, found \(zones.count)")
        let pc4 = try GeoPackage(url: folder.appendingPathComponent(DatasetBuilder.SourceName.areas))
        let postcodes = try pc4.features(of: pc4.layer(named: "cbs_pc4_2020_v1"))
        var parsed: [(geometry: Geometry, envelope: Envelope, edges: PolygonEdges)] = []
        for feature in postcodes {
            guard let wkb = feature.wkb else { continue }
            var geometry = try Geometry(wkb: wkb, context: context)
            if !geometry.isValid { geometry = try geometry.makeValid() }
            guard let envelope = geometry.envelope else { continue }
            parsed.append((geometry, envelope, try PolygonEdges(geometry)))
        }

        var pairs = 0
        var boundaryPairs = 0
        var nils = 0
        var boundaryNils = 0
        var worstAbsolute = 0.0
        var worstRelative = 0.0
        for index in stride(from: 0, to: zones.count, by: zones.count / 30).prefix(30) {
            let zone = try Geometry(wkb: try #require(zones[index].wkb), context: context)
            let zoneEnvelope = try #require(zone.envelope)
            let zoneEdges = try PolygonEdges(zone)
            for postcode in parsed where postcode.envelope.intersects(zoneEnvelope) {
                pairs += 1
                let overlay = try zone.intersection(with: postcode.geometry).area
                let isBoundary = overlay > 0 && overlay < postcode.edges.area * (1 - 1e-9)
                if isBoundary { boundaryPairs += 1 }
                guard let kernel = PolygonEdges.overlapArea(zoneEdges, postcode.edges) else {
                    nils += 1
                    if isBoundary { boundaryNils += 1 }
                    continue
                }
                if let reverse = PolygonEdges.overlapArea(postcode.edges, zoneEdges) {
                    #expect(abs(reverse - kernel) <= 1e-12 * kernel + 1e-9, "\(reverse) one way, \(kernel) the other")
                }
                let difference = abs(kernel - overlay)
                worstAbsolute = max(worstAbsolute, difference)
                if overlay >= 1 { worstRelative = max(worstRelative, difference / overlay) }
                // 1 mm² absolute for slivers: GEOS rounds the crossing points it creates to
                // doubles at RD magnitude (about 6e-11 m), which moves a long thin sliver's
                // area by some 1e-8 m²; its own clip-then-intersect differs by as much.
                #expect(
                    difference <= 1e-9 * overlay + 1e-6,
                    "municipality \(zones[index].attributes["gemeente"]?.text ?? "?"): \(kernel) m², GEOS \(overlay) m²"
                )
            }
        }
        let fraction = Double(nils) / Double(max(pairs, 1))
        let boundaryFraction = Double(boundaryNils) / Double(max(boundaryPairs, 1))
        print(
            "overlap kernel on 30 municipalities: \(pairs) pairs (\(boundaryPairs) crossing the boundary), "
                + "nil for \(nils) (\(String(format: "%.1f", 100 * fraction))%), "
                + "for \(boundaryNils) boundary pairs (\(String(format: "%.1f", 100 * boundaryFraction))%); "
                + "largest difference from GEOS \(worstAbsolute) m², \(worstRelative) relative (areas ≥ 1 m²)")
        #expect(pairs > 500 && boundaryPairs > 200, "too few pairs to mean anything: \(pairs), \(boundaryPairs)")
        #expect(boundaryFraction < 0.05, "the kernel gave up on \(boundaryNils) of \(boundaryPairs) boundary pairs")
    }
}

/// Where the real data for the overlap tests is.
enum OverlapRealData {
    /// The municipalities GeoPackage, beside the PC4 areas in the mirror.
    static let municipalities = "gemeenten_2021.gpkg"
    /// The mirror folder, when it holds the municipalities too.
    static let folder: URL? = Fixtures.mirror.flatMap {
        FileManager.default.fileExists(atPath: $0.appendingPathComponent(municipalities).path) ? $0 : nil
    }
    /// Run when the data is there, and always under CI, where a missing mirror then fails.
    static let condition = folder != nil || Fixtures.isCI
}
