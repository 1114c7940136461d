extension PolygonEdges {
    /// The edges of polygons shown to be valid without GEOS, or `nil` when that cannot be
    /// shown (which does not mean they are invalid: GEOS then decides, see
    /// ``Geometry/invalidityReason``).
    ///
    /// Shown valid are polygons that each have one ring and no holes, whose bounding boxes
    /// do not meet, and whose rings are closed, have at least three edges, finite
    /// coordinates and an area, and are simple: no two edges meet, except consecutive edges
    /// at their shared vertex. That is what a zone drawn in a GIS usually is, and for such
    /// polygons the OGC validity rules that GEOS checks (no self-intersection, no
    /// self-touching ring, no nested or overlapping parts, enough points, finite
    /// coordinates) all hold. Every test is an orientation test with a rounding bound;
    /// where the bound leaves the sign in doubt, the answer is `nil`.
    public static func certainlyValid(_ polygons: [[ContiguousArray<Double>]]) -> PolygonEdges? {
        guard !polygons.isEmpty else { return nil }
        var boxes: [Envelope] = []
        boxes.reserveCapacity(polygons.count)
        for polygon in polygons {
            guard polygon.count == 1, let ring = polygon.first, ring.count >= 8, ring.count % 2 == 0,
                ring[0] == ring[ring.count - 2], ring[1] == ring[ring.count - 1]
            else { return nil }
            var box = Envelope(minX: .infinity, minY: .infinity, maxX: -.infinity, maxY: -.infinity)
            for i in stride(from: 0, to: ring.count, by: 2) {
                box.minX = Swift.min(box.minX, ring[i])
                box.maxX = Swift.max(box.maxX, ring[i])
                box.minY = Swift.min(box.minY, ring[i + 1])
                box.maxY = Swift.max(box.maxY, ring[i + 1])
            }
            boxes.append(box)
        }
        if boxes.count > 1 {
            // Parts whose boxes do not meet can neither touch nor lie one inside another.
            let order = boxes.indices.sorted { boxes[$0].minX < boxes[$1].minX }
            for (k, i) in order.enumerated() {
                for j in order[(k + 1)...] {
                    if boxes[j].minX > boxes[i].maxX { break }
                    if boxes[i].intersects(boxes[j]) { return nil }
                }
            }
        }
        let edges = PolygonEdges(polygons: polygons)
        guard edges.isUsable, edges.ringStarts.count == polygons.count + 1, edges.withView({ $0.ringsAreSimple() })
        else { return nil }
        return edges
    }
}

extension EdgeView {
    /// Whether every ring has at least three edges and no two edges meet, except
    /// consecutive edges of a ring at their shared vertex; `false` also when rounding
    /// leaves that in doubt.
    ///
    /// Each pair of edges listed in a common grid cell is tested once, in the first cell
    /// both boxes cover.
    func ringsAreSimple() -> Bool {
        let ringCount = ringStarts.count - 1
        // Consecutive edges first, in one pass along each ring.
        for ring in 0..<ringCount {
            let start = Int(ringStarts[ring])
            let end = Int(ringStarts[ring + 1])
            guard end - start >= 3 else { return false }
            for e in start..<end where !onlyShareVertex(e, e + 1 == end ? start : e + 1) { return false }
        }
        // Every other pair that shares a cell must be apart. `ringOf` is needed only to
        // recognise consecutive edges when there are several rings.
        let ringOf: [Int32]
        if ringCount > 1 {
            var rings = [Int32](repeating: 0, count: edgeCount)
            for ring in 0..<ringCount {
                for e in Int(ringStarts[ring])..<Int(ringStarts[ring + 1]) { rings[e] = Int32(ring) }
            }
            ringOf = rings
        } else {
            ringOf = []
        }
        let edgeTotal = edgeCount
        /// Whether `i < j` are consecutive edges of one ring (tested above).
        @inline(__always)
        func consecutive(_ i: Int, _ j: Int) -> Bool {
            if ringCount == 1 { return j == i + 1 || (i == 0 && j == edgeTotal - 1) }
            guard ringOf[i] == ringOf[j] else { return false }
            let ring = Int(ringOf[i])
            return j == i + 1 || (i == Int(ringStarts[ring]) && j == Int(ringStarts[ring + 1]) - 1)
        }
        for cell in 0..<(cellStarts.count - 1) {
            let first = Int(cellStarts[cell])
            let last = Int(cellStarts[cell + 1])
            guard last - first >= 2 else { continue }
            let column = Int32(truncatingIfNeeded: cell % grid.columns)
            let row = Int32(truncatingIfNeeded: cell / grid.columns)
            for p in first..<(last - 1) {
                let a = Int(cellEdges[p])
                for q in (p + 1)..<last {
                    let b = Int(cellEdges[q])
                    let i = Swift.min(a, b)
                    let j = Swift.max(a, b)
                    // Most edges sharing a cell follow one another: tested above.
                    if consecutive(i, j) { continue }
                    // Test each pair once: in the first cell both boxes cover.
                    if Swift.max(edgeCells[4 * a], edgeCells[4 * b]) != column
                        || Swift.max(edgeCells[4 * a + 1], edgeCells[4 * b + 1]) != row
                    {
                        continue
                    }
                    if boxesMeet(i, j) && !areApart(i, j) { return false }
                }
            }
        }
        return true
    }

    @inline(__always)
    private func boxesMeet(_ i: Int, _ j: Int) -> Bool {
        let e = edges
        return Swift.min(e[4 * i], e[4 * i + 2]) <= Swift.max(e[4 * j], e[4 * j + 2])
            && Swift.min(e[4 * j], e[4 * j + 2]) <= Swift.max(e[4 * i], e[4 * i + 2])
            && Swift.min(e[4 * i + 1], e[4 * i + 3]) <= Swift.max(e[4 * j + 1], e[4 * j + 3])
            && Swift.min(e[4 * j + 1], e[4 * j + 3]) <= Swift.max(e[4 * i + 1], e[4 * i + 3])
    }

    /// Whether edge `i` and the edge `j` that follows it meet only at their shared vertex:
    /// they turn, or continue straight on, but do not fold back along each other.
    private func onlyShareVertex(_ i: Int, _ j: Int) -> Bool {
        let ax = edges[4 * i] - edges[4 * i + 2]
        let ay = edges[4 * i + 1] - edges[4 * i + 3]
        let bx = edges[4 * j + 2] - edges[4 * j]
        let by = edges[4 * j + 3] - edges[4 * j + 1]
        let left = ax * by
        let right = ay * bx
        if abs(left - right) > orientationErrorBound * (abs(left) + abs(right)) { return true }
        // (Nearly) collinear: fine only if the second edge leaves in the opposite direction.
        let along = ax * bx
        let across = ay * by
        let dot = along + across
        return dot < 0 && abs(dot) > orientationErrorBound * (abs(along) + abs(across))
    }

    /// Whether edges `i` and `j` certainly have no point in common.
    private func areApart(_ i: Int, _ j: Int) -> Bool {
        let ax1 = edges[4 * i]
        let ay1 = edges[4 * i + 1]
        let ax2 = edges[4 * i + 2]
        let ay2 = edges[4 * i + 3]
        let bx1 = edges[4 * j]
        let by1 = edges[4 * j + 1]
        let bx2 = edges[4 * j + 2]
        let by2 = edges[4 * j + 3]
        guard let a1 = orientation(bx1, by1, bx2, by2, ax1, ay1), let a2 = orientation(bx1, by1, bx2, by2, ax2, ay2)
        else { return false }
        if a1 == a2 { return true }
        guard let b1 = orientation(ax1, ay1, ax2, ay2, bx1, by1), let b2 = orientation(ax1, ay1, ax2, ay2, bx2, by2)
        else { return false }
        return b1 == b2
    }

    /// Whether (px, py) lies left of the line from (x1, y1) to (x2, y2); `nil` when it lies
    /// on the line or rounding leaves the side in doubt.
    @inline(__always)
    private func orientation(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, _ px: Double, _ py: Double)
        -> Bool?
    {
        let left = (x2 - x1) * (py - y1)
        let right = (y2 - y1) * (px - x1)
        let value = left - right
        if abs(value) <= orientationErrorBound * (abs(left) + abs(right)) { return nil }
        return value > 0
    }
}
