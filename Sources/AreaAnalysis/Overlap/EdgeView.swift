/// The arrays of a ``PolygonEdges`` as unsafe buffers, for the hot loops.
struct EdgeView {
    let edges: UnsafeBufferPointer<Double>
    let edgeCells: UnsafeBufferPointer<Int32>
    let ringStarts: UnsafeBufferPointer<Int32>
    let cellStarts: UnsafeBufferPointer<Int32>
    let cellEdges: UnsafeBufferPointer<Int32>
    let grid: EdgeGrid

    var edgeCount: Int { edges.count / 4 }

    /// Sets the bit of every edge whose box meets `window`; returns how many were set.
    func markEdges(meeting window: Envelope, in bits: UnsafeMutablePointer<UInt64>) -> Int {
        let count = edgeCount
        if count > 0, window.minX <= grid.minX, window.minY <= grid.minY, window.maxX >= grid.maxX,
            window.maxY >= grid.maxY
        {
            // The window holds the whole polygon: every edge.
            for word in 0..<(count >> 6) { bits[word] = ~0 }
            if count & 63 != 0 { bits[count >> 6] = (UInt64(1) << UInt64(count & 63)) - 1 }
            return count
        }
        let c0 = grid.column(window.minX)
        let c1 = grid.column(window.maxX)
        let r0 = grid.row(window.minY)
        let r1 = grid.row(window.maxY)
        var marked = 0
        for r in r0...r1 {
            for c in c0...c1 {
                let cell = r * grid.columns + c
                for k in Int(cellStarts[cell])..<Int(cellStarts[cell + 1]) {
                    let e = Int(cellEdges[k])
                    let bit = UInt64(1) << UInt64(e & 63)
                    if bits[e >> 6] & bit != 0 { continue }
                    let x1 = edges[4 * e]
                    let y1 = edges[4 * e + 1]
                    let x2 = edges[4 * e + 2]
                    let y2 = edges[4 * e + 3]
                    if Swift.min(x1, x2) > window.maxX || Swift.max(x1, x2) < window.minX
                        || Swift.min(y1, y2) > window.maxY || Swift.max(y1, y2) < window.minY
                    {
                        continue
                    }
                    bits[e >> 6] |= bit
                    marked += 1
                }
            }
        }
        return marked
    }

    /// Where (x, y) lies: 1 inside, 0 outside, -1 within `tolerance` of the boundary.
    ///
    /// Even-odd crossing count along a horizontal ray towards the nearer side of the grid,
    /// visiting only the cells of the point's row; which side of an edge the point lies on
    /// is a filtered orientation test.
    func locate(x: Double, y: Double, tolerance: Double) -> Int {
        let t2 = tolerance * tolerance
        // Too close to an edge to trust the count?
        for r in grid.row(y - tolerance)...grid.row(y + tolerance) {
            for c in grid.column(x - tolerance)...grid.column(x + tolerance) {
                let cell = r * grid.columns + c
                for k in Int(cellStarts[cell])..<Int(cellStarts[cell + 1]) {
                    let e = Int(cellEdges[k])
                    let x1 = edges[4 * e]
                    let y1 = edges[4 * e + 1]
                    let x2 = edges[4 * e + 2]
                    let y2 = edges[4 * e + 3]
                    if Swift.min(x1, x2) > x + tolerance || Swift.max(x1, x2) < x - tolerance
                        || Swift.min(y1, y2) > y + tolerance || Swift.max(y1, y2) < y - tolerance
                    {
                        continue
                    }
                    if segmentDistanceSquared(x, y, x1, y1, x2, y2) <= t2 { return -1 }
                }
            }
        }
        let row = grid.row(y)
        let column = grid.column(x)
        var inside = false
        if 2 * column < grid.columns {
            // Ray to the left; an edge is counted in the first cell of its own the ray visits.
            for c in stride(from: column, through: 0, by: -1) {
                let cell = row * grid.columns + c
                for k in Int(cellStarts[cell])..<Int(cellStarts[cell + 1]) {
                    let e = Int(cellEdges[k])
                    if Swift.min(Int(edgeCells[4 * e + 2]), column) != c { continue }
                    let y1 = edges[4 * e + 1]
                    let y2 = edges[4 * e + 3]
                    if (y1 > y) == (y2 > y) { continue }
                    guard let left = side(x, y, e) else { return -1 }
                    if !left { inside.toggle() }
                }
            }
        } else {
            for c in column..<grid.columns {
                let cell = row * grid.columns + c
                for k in Int(cellStarts[cell])..<Int(cellStarts[cell + 1]) {
                    let e = Int(cellEdges[k])
                    if Swift.max(Int(edgeCells[4 * e]), column) != c { continue }
                    let y1 = edges[4 * e + 1]
                    let y2 = edges[4 * e + 3]
                    if (y1 > y) == (y2 > y) { continue }
                    guard let left = side(x, y, e) else { return -1 }
                    if left { inside.toggle() }
                }
            }
        }
        return inside ? 1 : 0
    }

    /// Whether (x, y) lies left of edge `e` taken upwards (so a horizontal ray from the
    /// point to the right crosses it); `nil` when rounding leaves the side in doubt.
    @inline(__always)
    func side(_ x: Double, _ y: Double, _ e: Int) -> Bool? {
        var lx = edges[4 * e]
        var ly = edges[4 * e + 1]
        var hx = edges[4 * e + 2]
        var hy = edges[4 * e + 3]
        if ly > hy {
            swap(&lx, &hx)
            swap(&ly, &hy)
        }
        let left = (hx - lx) * (y - ly)
        let right = (hy - ly) * (x - lx)
        let orientation = left - right
        if abs(orientation) <= orientationErrorBound * (abs(left) + abs(right)) { return nil }
        return orientation > 0
    }
}
