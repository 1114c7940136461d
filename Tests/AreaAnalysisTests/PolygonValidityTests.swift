import AreaAnalysis
import Foundation
import ProfileModel
import TestSupport
import Testing

/// The edge test that shows plain zones valid without GEOS
/// (``PolygonEdges/certainlyValid(_:)``): it may leave a valid polygon to GEOS, but must
/// never pass one that GEOS finds invalid.
@Suite("Validity without GEOS")
struct PolygonValidityTests {
    /// A polygon from WKT, moved to `placement`.
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var wkt: String
        /// Whether the edge test should show it valid (`false`: left to GEOS).
        var shown: Bool
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "square", wkt: "POLYGON((0 0, 4 0, 4 4, 0 4, 0 0))", shown: true),
        Case(name: "triangle, clockwise", wkt: "POLYGON((0 0, 0 4, 4 0, 0 0))", shown: true),
        Case(name: "concave", wkt: "POLYGON((0 0, 6 0, 6 6, 3 2, 0 6, 0 0))", shown: true),
        Case(
            name: "a vertex in the middle of a straight side", wkt: "POLYGON((0 0, 2 0, 4 0, 4 4, 0 4, 0 0))",
            shown: true),
        Case(name: "a repeated point", wkt: "POLYGON((0 0, 4 0, 4 0, 4 4, 0 4, 0 0))", shown: true),
        Case(
            name: "two parts apart", wkt: "MULTIPOLYGON(((0 0, 1 0, 1 1, 0 1, 0 0)), ((3 3, 4 3, 4 4, 3 4, 3 3)))",
            shown: true),
        Case(name: "bow-tie", wkt: "POLYGON((0 0, 4 4, 4 0, 0 4, 0 0))", shown: false),
        Case(name: "a vertex touching another side", wkt: "POLYGON((0 0, 4 0, 4 4, 2 0, 0 4, 0 0))", shown: false),
        Case(
            name: "a ring touching itself at a vertex", wkt: "POLYGON((0 0, 2 2, 4 0, 4 4, 2 2, 0 4, 0 0))",
            shown: false),
        Case(name: "a spike folding back", wkt: "POLYGON((0 0, 4 0, 4 4, 4 6, 4 4, 0 4, 0 0))", shown: false),
        Case(name: "a side running back over another", wkt: "POLYGON((0 0, 4 0, 2 0, 2 3, 0 3, 0 0))", shown: false),
        Case(
            name: "a hole (valid, left to GEOS)", wkt: "POLYGON((0 0, 4 0, 4 4, 0 4, 0 0), (1 1, 1 2, 2 2, 2 1, 1 1))",
            shown: false),
        Case(
            name: "parts touching at a corner",
            wkt: "MULTIPOLYGON(((0 0, 1 0, 1 1, 0 1, 0 0)), ((1 1, 2 1, 2 2, 1 2, 1 1)))", shown: false),
        Case(
            name: "one part inside another",
            wkt: "MULTIPOLYGON(((0 0, 9 0, 9 9, 0 9, 0 0)), ((3 3, 4 3, 4 4, 3 4, 3 3)))", shown: false),
        Case(
            name: "overlapping parts", wkt: "MULTIPOLYGON(((0 0, 2 0, 2 2, 0 2, 0 0)), ((1 1, 3 1, 3 3, 1 3, 1 1)))",
            shown: false),
        Case(name: "collinear points only", wkt: "POLYGON((0 0, 1 0, 2 0, 0 0))", shown: false),
    ]

    @Test("hand-made polygons, at the origin and at RD New scale", arguments: cases, OverlapPlacement.allCases)
    func handMade(_ item: Case, _ placement: OverlapPlacement) throws {
        let context = GEOSContext()
        let geometry = try OverlapFixtures.geometry(item.wkt, placement, context)
        let edges = PolygonEdges.certainlyValid(try OverlapFixtures.rings(geometry))
        #expect((edges != nil) == item.shown)
        if let edges {
            #expect(geometry.isValid)
            #expect(Fixtures.relative(edges.area, geometry.area) < 1e-12)
            #expect(edges.envelope == geometry.envelope)
        }
    }

    @Test("rings that are not closed, too short or not finite are left to GEOS")
    func malformed() {
        let closed: ContiguousArray<Double> = [0, 0, 4, 0, 4, 4, 0, 4, 0, 0]
        #expect(PolygonEdges.certainlyValid([[closed]]) != nil)
        #expect(PolygonEdges.certainlyValid([[ContiguousArray(closed.dropLast(2))]]) == nil)
        #expect(PolygonEdges.certainlyValid([[[0, 0, 4, 0, 0, 0]]]) == nil)
        var nan = closed
        nan[2] = .nan
        #expect(PolygonEdges.certainlyValid([[nan]]) == nil)
        #expect(PolygonEdges.certainlyValid([]) == nil)
    }

    /// Random rings: star-shaped ones (simple by construction) and ones with their points on
    /// a small integer grid, which often cross, touch or run along themselves.
    @Test("random rings: whatever the edge test passes, GEOS finds valid, with the same area")
    func random() throws {
        var random = SeededGenerator(seed: 20_211_124)
        let context = GEOSContext()
        var starShown = 0
        var starTotal = 0
        var gridShown = 0
        var gridInvalid = 0
        for round in 0..<3000 {
            let star = round % 2 == 0
            let n = 3 + Int(random.next() % 40)
            var ring = ContiguousArray<Double>()
            let offset = round % 3 == 0 ? 155_000.0 : 0
            for k in 0..<n {
                if star {
                    let angle = 2 * Double.pi * Double(k) / Double(n)
                    let radius = 10 + 90 * random.unit()
                    ring += [offset + radius * cos(angle), offset + radius * sin(angle)]
                } else {
                    ring += [offset + Double(random.next() % 6), offset + Double(random.next() % 6)]
                }
            }
            ring += [ring[0], ring[1]]
            let geometry = try Geometry(polygonRings: [ring], context: context)
            let edges = PolygonEdges.certainlyValid([[ring]])
            if star { starTotal += 1 }
            if !star && !geometry.isValid { gridInvalid += 1 }
            guard let edges else { continue }
            if star { starShown += 1 } else { gridShown += 1 }
            let wkt = try geometry.wkt()
            #expect(geometry.isValid, "passed, but GEOS finds it invalid: \(wkt)")
            #expect(Fixtures.relative(edges.area, geometry.area) < 1e-9)
        }
        // Star-shaped rings are simple: all but a rare rounding-bound case are shown valid.
        #expect(Double(starShown) >= 0.99 * Double(starTotal), "\(starShown) of \(starTotal)")
        // The grid rings exercise both answers.
        #expect(gridShown > 50 && gridInvalid > 500, "\(gridShown) shown, \(gridInvalid) invalid")
    }
}
