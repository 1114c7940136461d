extension PolygonEdges {
    /// The distance, as a multiple of the largest coordinate, below which a test point
    /// counts as lying on a boundary: 64 units in the last place, far above the rounding
    /// of a point computed from the coordinates.
    static let relativeTolerance = 64 * Double.ulpOfOne

    /// The area of the intersection of `a` and `b`, or `nil` when the two boundaries touch
    /// or share a stretch, which needs an overlay to decide.
    ///
    /// The intersection's boundary is made of the parts of each polygon's boundary that
    /// lie inside the other; its area is the sum, over those parts, of the shoelace terms
    /// `(x1·y2 − x2·y1) / 2` (Green's theorem), so no geometry is built. Each edge is split
    /// where the other boundary crosses it; the pieces between two crossings form a run
    /// that is wholly inside or wholly outside. Runs alternate at crossings, so a ring is
    /// settled by one run: one that reaches an edge outside the other polygon's envelope,
    /// or else one tested with a point (crossing number).
    ///
    /// The result is `nil` (compute it with an overlay, e.g. ``Geometry/intersection(with:)``)
    /// when:
    /// - an orientation test between the two boundaries cannot be decided in floating
    ///   point: a vertex on (or within rounding error of) the other boundary, shared or
    ///   collinear edges, a crossing at a vertex;
    /// - every test point of a ring lies within 64 units in the last place of the largest
    ///   coordinate from the other boundary, or the runs fail to alternate;
    /// - either input has a ring without area or with non-finite coordinates.
    ///
    /// Boundaries that come close without touching (a postcode vertex a micrometre off a
    /// municipal edge) are decided exactly, leaving the thin sliver between them in or out
    /// as an overlay would. Where it returns a value, it is the exact area up to
    /// floating-point rounding.
    public static func overlapArea(_ a: PolygonEdges, _ b: PolygonEdges) -> Double? {
        guard a.isUsable, b.isUsable else { return nil }
        guard let ea = a.envelope, let eb = b.envelope else { return 0 }
        let tolerance = relativeTolerance * Swift.max(a.magnitude, b.magnitude)
        let window = Envelope(
            minX: Swift.max(ea.minX, eb.minX) - tolerance, minY: Swift.max(ea.minY, eb.minY) - tolerance,
            maxX: Swift.min(ea.maxX, eb.maxX) + tolerance, maxY: Swift.min(ea.maxY, eb.maxY) + tolerance)
        guard window.minX <= window.maxX, window.minY <= window.maxY else { return 0 }
        let pair = OverlapPair(
            originX: Swift.max(ea.minX, eb.minX), originY: Swift.max(ea.minY, eb.minY), window: window,
            tolerance: tolerance)
        let doubled = a.withView { av in b.withView { bv in pair.doubledArea(av, bv) } }
        guard let doubled else { return nil }
        let area = doubled / 2
        // Rounding in the shoelace sums is far below this; anything beyond it is a defect.
        let slack = 1e-12 * Swift.max(a.extent, b.extent) * Swift.max(a.extent, b.extent)
        guard area >= -slack, area <= Swift.min(a.area, b.area) * (1 + 1e-9) + slack else { return nil }
        return Swift.max(area, 0)
    }

    /// Calls `body` with unsafe views of the stored arrays.
    func withView<R>(_ body: (EdgeView) -> R) -> R {
        edges.withUnsafeBufferPointer { e in
            edgeCells.withUnsafeBufferPointer { c in
                ringStarts.withUnsafeBufferPointer { r in
                    cellStarts.withUnsafeBufferPointer { s in
                        cellEdges.withUnsafeBufferPointer { l in
                            body(
                                EdgeView(edges: e, edgeCells: c, ringStarts: r, cellStarts: s, cellEdges: l, grid: grid)
                            )
                        }
                    }
                }
            }
        }
    }
}
