/// Polygons prepared for computing the area of their intersection with other polygons
/// without building the intersection geometry.
///
/// Holds the polygons' rings normalised (shells counter-clockwise, holes clockwise) as a
/// list of directed edges, and a uniform grid over those edges. Build one per polygon,
/// once, and pass it to ``overlapArea(_:_:)`` for every pair it takes part in.
///
/// The polygons must be valid in the OGC sense (see ``Geometry/isValid``): rings that do
/// not cross themselves or each other.
public struct PolygonEdges: Sendable {
    /// Edge endpoints in the input coordinates, four numbers per edge: x1, y1, x2, y2.
    let edges: ContiguousArray<Double>
    /// The grid cells each edge's bounding box covers, four numbers per edge: first
    /// column, first row, last column, last row.
    let edgeCells: ContiguousArray<Int32>
    /// The index of each ring's first edge, followed by the number of edges.
    let ringStarts: ContiguousArray<Int32>
    /// Where each grid cell's edges start in `cellEdges` (row-major), followed by the total.
    let cellStarts: ContiguousArray<Int32>
    /// The edges in each grid cell.
    let cellEdges: ContiguousArray<Int32>
    /// The grid's placement.
    let grid: EdgeGrid
    /// Whether every ring had finite coordinates and a non-zero area.
    let isUsable: Bool
    /// The larger side of the envelope.
    let extent: Double
    /// The largest absolute coordinate: sets the scale of rounding errors.
    let magnitude: Double

    /// The bounding rectangle of the rings, or `nil` when there are none.
    public let envelope: Envelope?
    /// The area: shells minus holes, in squared units of the coordinates.
    public let area: Double

    /// Prepares polygons given as flat (x, y) rings, shell first, as ``Geometry/rings()``
    /// returns them for each part of ``Geometry/polygons()``.
    ///
    /// Rings may be given either way round and closed or not; repeated points are dropped.
    /// A ring with non-finite coordinates or no area makes the whole set unusable, and
    /// ``overlapArea(_:_:)`` then returns `nil`.
    public init(polygons: [[ContiguousArray<Double>]]) {
        var vertexTotal = 0
        var ringTotal = 0
        for polygon in polygons {
            ringTotal += polygon.count
            for ring in polygon { vertexTotal += ring.count / 2 }
        }
        var ringStarts = ContiguousArray<Int32>()
        ringStarts.reserveCapacity(ringTotal + 1)
        ringStarts.append(0)
        // Cell lists hold at most eight entries an edge, so Int32 indexes cannot overflow.
        var usable = vertexTotal < Int(Int32.max) / 16
        var total = 0.0
        var minX = Double.infinity
        var minY = Double.infinity
        var maxX = -Double.infinity
        var maxY = -Double.infinity
        let edges = ContiguousArray<Double>(unsafeUninitializedCapacity: usable ? 4 * vertexTotal : 0) {
            out, written in
            written = 0
            guard usable else { return }
            var count = 0
            for polygon in polygons {
                for (ringIndex, ring) in polygon.enumerated() {
                    ring.withUnsafeBufferPointer { p in
                        // Leave out the closing point(s) repeating the first.
                        var n = p.count / 2
                        while n > 1, p[2 * n - 2] == p[0], p[2 * n - 1] == p[1] { n -= 1 }
                        if p.count == 0 { return }
                        // Shoelace area shifted by the first point, for precision.
                        let x0 = p[0]
                        let y0 = p[1]
                        var sum = 0.0
                        for i in 0..<n {
                            let j = i + 1 == n ? 0 : i + 1
                            let x = p[2 * i]
                            let y = p[2 * i + 1]
                            sum += (x - x0) * (p[2 * j + 1] - y0) - (p[2 * j] - x0) * (y - y0)
                            minX = Swift.min(minX, x)
                            maxX = Swift.max(maxX, x)
                            minY = Swift.min(minY, y)
                            maxY = Swift.max(maxY, y)
                        }
                        let signed = sum / 2
                        guard signed != 0, signed.isFinite else {
                            usable = false
                            return
                        }
                        // Shells counter-clockwise (positive area), holes clockwise; repeated
                        // points give no edge.
                        let isShell = ringIndex == 0
                        let reverse = (signed > 0) != isShell
                        total += isShell ? abs(signed) : -abs(signed)
                        for k in 0..<n {
                            let i = reverse ? n - 1 - k : k
                            let j = reverse ? (i == 0 ? n - 1 : i - 1) : (i + 1 == n ? 0 : i + 1)
                            let x1 = p[2 * i]
                            let y1 = p[2 * i + 1]
                            let x2 = p[2 * j]
                            let y2 = p[2 * j + 1]
                            if x1 == x2 && y1 == y2 { continue }
                            out[4 * count] = x1
                            out[4 * count + 1] = y1
                            out[4 * count + 2] = x2
                            out[4 * count + 3] = y2
                            count += 1
                        }
                        ringStarts.append(Int32(count))
                    }
                    if !usable { return }
                }
            }
            written = 4 * count
        }
        let edgeCount = edges.count / 4
        self.isUsable = usable
        self.area = usable ? total : .nan
        guard usable, edgeCount > 0 else {
            self.edges = []
            self.edgeCells = []
            self.ringStarts = [0]
            self.cellStarts = [0, 0]
            self.cellEdges = []
            self.grid = EdgeGrid(minX: 0, minY: 0, width: 1, height: 1, cellTarget: 1)
            self.extent = 0
            self.magnitude = 0
            self.envelope = nil
            return
        }
        // About one cell per edge; coarser when long edges would fill too many cells (each
        // edge is listed in every cell its box covers).
        var target = edgeCount
        var grid: EdgeGrid
        var edgeCells = ContiguousArray<Int32>(repeating: 0, count: 4 * edgeCount)
        while true {
            grid = EdgeGrid(minX: minX, minY: minY, width: maxX - minX, height: maxY - minY, cellTarget: target)
            let entries = edges.withUnsafeBufferPointer { e in
                edgeCells.withUnsafeMutableBufferPointer { c in
                    var entries = 0
                    for k in 0..<edgeCount {
                        let c0 = grid.column(Swift.min(e[4 * k], e[4 * k + 2]))
                        let c1 = grid.column(Swift.max(e[4 * k], e[4 * k + 2]))
                        let r0 = grid.row(Swift.min(e[4 * k + 1], e[4 * k + 3]))
                        let r1 = grid.row(Swift.max(e[4 * k + 1], e[4 * k + 3]))
                        c[4 * k] = Int32(truncatingIfNeeded: c0)
                        c[4 * k + 1] = Int32(truncatingIfNeeded: r0)
                        c[4 * k + 2] = Int32(truncatingIfNeeded: c1)
                        c[4 * k + 3] = Int32(truncatingIfNeeded: r1)
                        entries &+= (c1 &- c0 &+ 1) &* (r1 &- r0 &+ 1)
                    }
                    return entries
                }
            }
            if entries <= 8 * edgeCount + 1024 || target == 1 { break }
            target = Swift.max(1, target / 4)
        }
        // Counting sort of the edges into their cells.
        let columns = grid.columns
        let cellCount = columns * grid.rows
        var cellEdges = ContiguousArray<Int32>()
        let cellStarts = ContiguousArray<Int32>(unsafeUninitializedCapacity: cellCount + 1) { s, initialized in
            s.initialize(repeating: 0)
            initialized = cellCount + 1
            edgeCells.withUnsafeBufferPointer { c in
                /// Calls `body` with every cell edge `k`'s box covers, row by row.
                @inline(__always)
                func forEachCell(of k: Int, _ body: (Int) -> Void) {
                    var r = Int(c[4 * k + 1])
                    while r <= Int(c[4 * k + 3]) {
                        var column = Int(c[4 * k])
                        while column <= Int(c[4 * k + 2]) {
                            body(r &* columns &+ column)
                            column &+= 1
                        }
                        r &+= 1
                    }
                }
                for k in 0..<edgeCount { forEachCell(of: k) { s[$0 &+ 1] &+= 1 } }
                var running: Int32 = 0
                for cell in 0...cellCount {
                    running &+= s[cell]
                    s[cell] = running
                }
                // `s[cell]` now holds the end of the cell before it: where `cell` starts.
                let total = Int(running)
                cellEdges = ContiguousArray<Int32>(unsafeUninitializedCapacity: total) { l, filled in
                    var fill = ContiguousArray<Int32>(s[0..<cellCount])
                    fill.withUnsafeMutableBufferPointer { f in
                        for k in 0..<edgeCount {
                            forEachCell(of: k) { cell in
                                l[Int(f[cell])] = Int32(truncatingIfNeeded: k)
                                f[cell] &+= 1
                            }
                        }
                    }
                    filled = total
                }
            }
        }
        self.edges = edges
        self.edgeCells = edgeCells
        self.ringStarts = ringStarts
        self.cellStarts = cellStarts
        self.cellEdges = cellEdges
        self.grid = grid
        self.extent = Swift.max(maxX - minX, maxY - minY)
        self.magnitude = Swift.max(Swift.max(abs(minX), abs(maxX)), Swift.max(abs(minY), abs(maxY)))
        self.envelope = Envelope(minX: minX, minY: minY, maxX: maxX, maxY: maxY)
    }

    /// Prepares the polygons of an areal geometry (a polygon, multi-polygon or collection;
    /// other parts are ignored).
    public init(_ geometry: Geometry) throws(AreaAnalysisError) {
        var polygons: [[ContiguousArray<Double>]] = []
        for polygon in try geometry.polygons() { polygons.append(try polygon.rings()) }
        self.init(polygons: polygons)
    }
}

/// A uniform grid over a rectangle, mapping coordinates to cells.
struct EdgeGrid: Sendable {
    let minX: Double
    let minY: Double
    let maxX: Double
    let maxY: Double
    let scaleX: Double
    let scaleY: Double
    let columns: Int
    let rows: Int

    /// A grid of about `cellTarget` cells shaped like the rectangle.
    init(minX: Double, minY: Double, width: Double, height: Double, cellTarget: Int) {
        let target = Double(Swift.max(1, Swift.min(cellTarget, 1 << 22)))
        let w = Swift.max(width, .leastNormalMagnitude)
        let h = Swift.max(height, .leastNormalMagnitude)
        let ratio = Swift.min(Swift.max(w / h, 1 / target), target)
        let columns = Swift.max(1, Swift.min(Int(target), Int((target * ratio).squareRoot().rounded(.up))))
        let rows = Swift.max(1, Swift.min(Int(target), Int((target / Double(columns)).rounded(.up))))
        self.minX = minX
        self.minY = minY
        self.maxX = minX + width
        self.maxY = minY + height
        self.columns = columns
        self.rows = rows
        scaleX = Double(columns) / w
        scaleY = Double(rows) / h
    }

    /// The column holding `x`, clamped to the grid (coordinates must be finite).
    @inline(__always)
    func column(_ x: Double) -> Int {
        let v = (x - minX) * scaleX
        if v <= 0 { return 0 }
        if v >= Double(columns - 1) { return columns - 1 }
        return Int(v)
    }

    /// The row holding `y`, clamped to the grid (coordinates must be finite).
    @inline(__always)
    func row(_ y: Double) -> Int {
        let v = (y - minY) * scaleY
        if v <= 0 { return 0 }
        if v >= Double(rows - 1) { return rows - 1 }
        return Int(v)
    }
}

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

/// A bound on the relative rounding error of a 2×2 orientation determinant computed in
/// floating point from the coordinates, `(3 + 16ε)ε` (Shewchuk's `ccwerrboundA`, with a
/// margin): when the computed value is smaller than this times the sum of the magnitudes
/// of its two products, even its sign is uncertain.
let orientationErrorBound = 4 * Double.ulpOfOne

/// Squared distance from (px, py) to the segment (x1, y1)–(x2, y2).
@inline(__always)
func segmentDistanceSquared(_ px: Double, _ py: Double, _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double)
    -> Double
{
    let dx = x2 - x1
    let dy = y2 - y1
    let wx = px - x1
    let wy = py - y1
    let along = wx * dx + wy * dy
    if along <= 0 { return wx * wx + wy * wy }
    let length2 = dx * dx + dy * dy
    if along >= length2 {
        let vx = px - x2
        let vy = py - y2
        return vx * vx + vy * vy
    }
    let across = wx * dy - wy * dx
    return across * across / length2
}

/// A crossing of an edge of one polygon by an edge of the other.
struct EdgeCrossing {
    /// The edge of the polygon whose list this is.
    var edge: Int32
    /// Position along that edge, 0 at its start and 1 at its end.
    var t: Double
    /// The crossing point, relative to the pair's origin.
    var x: Double
    var y: Double
}

/// A stretch of one boundary between two breaks (crossings or gaps), with its part of
/// the shoelace sum.
struct BoundaryRun {
    enum Break: UInt8 {
        /// The ring continues (used only while a ring is being read).
        case open
        /// The neighbouring edges lie far outside the other polygon.
        case gap
        /// The boundary crosses the other polygon's boundary here.
        case crossing
    }

    var start: Break
    var end: Break = .open
    /// Sum of `x1·y2 − x2·y1` over the run's pieces (twice their shoelace area).
    var sum = 0.0
    /// Midpoint of the longest piece, relative to the pair's origin: the point tested.
    var pointX = 0.0
    var pointY = 0.0
    var longest = -1.0
    /// 1 inside the other polygon, 0 outside, -1 not known yet, -2 not known and its
    /// test point too close to the other boundary.
    var status = -1

    init(start: Break) { self.start = start }

    @inline(__always)
    mutating func add(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double) {
        sum += x1 * y2 - x2 * y1
        let dx = x2 - x1
        let dy = y2 - y1
        let length2 = dx * dx + dy * dy
        if length2 > longest {
            longest = length2
            pointX = (x1 + x2) / 2
            pointY = (y1 + y2) / 2
        }
    }

    mutating func absorb(_ other: BoundaryRun) {
        sum += other.sum
        if other.longest > longest {
            longest = other.longest
            pointX = other.pointX
            pointY = other.pointY
        }
    }
}

/// The computation for one pair of polygons.
struct OverlapPair {
    /// The local origin: the lower-left corner of the envelopes' common part.
    let originX: Double
    let originY: Double
    /// The envelopes' common part, grown by the tolerance: only edges meeting it matter.
    let window: Envelope
    /// Test points nearer than this to the other boundary are not used.
    let tolerance: Double

    /// Twice the area of `a ∩ b`, or `nil` for a degenerate configuration.
    func doubledArea(_ a: EdgeView, _ b: EdgeView) -> Double? {
        let wordsA = Swift.max(1, (a.edgeCount + 63) >> 6)
        let wordsB = Swift.max(1, (b.edgeCount + 63) >> 6)
        let bitsA = UnsafeMutablePointer<UInt64>.allocate(capacity: wordsA)
        bitsA.initialize(repeating: 0, count: wordsA)
        defer { bitsA.deallocate() }
        let bitsB = UnsafeMutablePointer<UInt64>.allocate(capacity: wordsB)
        bitsB.initialize(repeating: 0, count: wordsB)
        defer { bitsB.deallocate() }
        let countA = a.markEdges(meeting: window, in: bitsA)
        let countB = b.markEdges(meeting: window, in: bitsB)
        if countA == 0 && countB == 0 { return 0 }

        var crossingsA: [EdgeCrossing] = []
        var crossingsB: [EdgeCrossing] = []
        // Query the grid of the polygon with more edges in the window.
        let ok =
            countA <= countB
            ? findCrossings(driver: a, bits: bitsA, words: wordsA, other: b, driverIsA: true, &crossingsA, &crossingsB)
            : findCrossings(driver: b, bits: bitsB, words: wordsB, other: a, driverIsA: false, &crossingsA, &crossingsB)
        guard ok else { return nil }
        crossingsA.sort { $0.edge != $1.edge ? $0.edge < $1.edge : $0.t < $1.t }
        crossingsB.sort { $0.edge != $1.edge ? $0.edge < $1.edge : $0.t < $1.t }

        var runs: [BoundaryRun] = []
        guard let partA = insideSum(of: a, bits: bitsA, words: wordsA, crossings: crossingsA, other: b, &runs),
            let partB = insideSum(of: b, bits: bitsB, words: wordsB, crossings: crossingsB, other: a, &runs)
        else { return nil }
        return partA + partB
    }

    /// Finds every proper crossing between the marked edges of `driver` and the edges of
    /// `other`; `false` when two edges touch or may touch.
    func findCrossings(
        driver: EdgeView, bits: UnsafeMutablePointer<UInt64>, words: Int, other: EdgeView, driverIsA: Bool,
        _ crossingsA: inout [EdgeCrossing], _ crossingsB: inout [EdgeCrossing]
    ) -> Bool {
        let tolerance = tolerance
        let grid = other.grid
        for word in 0..<words {
            var pending = bits[word]
            while pending != 0 {
                let d = word << 6 | pending.trailingZeroBitCount
                pending &= pending - 1
                let dx1 = driver.edges[4 * d]
                let dy1 = driver.edges[4 * d + 1]
                let dx2 = driver.edges[4 * d + 2]
                let dy2 = driver.edges[4 * d + 3]
                let boxMinX = Swift.min(dx1, dx2) - tolerance
                let boxMaxX = Swift.max(dx1, dx2) + tolerance
                let boxMinY = Swift.min(dy1, dy2) - tolerance
                let boxMaxY = Swift.max(dy1, dy2) + tolerance
                let c0 = grid.column(boxMinX)
                let c1 = grid.column(boxMaxX)
                let r0 = grid.row(boxMinY)
                let r1 = grid.row(boxMaxY)
                for r in r0...r1 {
                    for c in c0...c1 {
                        let cell = r * grid.columns + c
                        for k in Int(other.cellStarts[cell])..<Int(other.cellStarts[cell + 1]) {
                            let o = Int(other.cellEdges[k])
                            // Report each edge once: in the first cell of the query it covers.
                            if Swift.max(Int(other.edgeCells[4 * o]), c0) != c
                                || Swift.max(Int(other.edgeCells[4 * o + 1]), r0) != r
                            {
                                continue
                            }
                            let ox1 = other.edges[4 * o]
                            let oy1 = other.edges[4 * o + 1]
                            let ox2 = other.edges[4 * o + 2]
                            let oy2 = other.edges[4 * o + 3]
                            if Swift.min(ox1, ox2) > boxMaxX || Swift.max(ox1, ox2) < boxMinX
                                || Swift.min(oy1, oy2) > boxMaxY || Swift.max(oy1, oy2) < boxMinY
                            {
                                continue
                            }
                            // Always compute with A's edge first, so both lists get the same point.
                            let result =
                                driverIsA
                                ? crossing(dx1, dy1, dx2, dy2, ox1, oy1, ox2, oy2)
                                : crossing(ox1, oy1, ox2, oy2, dx1, dy1, dx2, dy2)
                            switch result {
                            case .none: continue
                            case .degenerate: return false
                            case .proper(let tA, let tB):
                                let (ax, ay, adx, ady) =
                                    driverIsA ? (dx1, dy1, dx2 - dx1, dy2 - dy1) : (ox1, oy1, ox2 - ox1, oy2 - oy1)
                                let x = (ax - originX) + tA * adx
                                let y = (ay - originY) + tA * ady
                                let edgeA = Int32(driverIsA ? d : o)
                                let edgeB = Int32(driverIsA ? o : d)
                                crossingsA.append(EdgeCrossing(edge: edgeA, t: tA, x: x, y: y))
                                crossingsB.append(EdgeCrossing(edge: edgeB, t: tB, x: x, y: y))
                            }
                        }
                    }
                }
            }
        }
        return true
    }

    enum Crossing {
        case none
        case degenerate
        case proper(Double, Double)
    }

    /// How segment A = (ax1, ay1)–(ax2, ay2) meets segment B: not at all, in one proper
    /// crossing (at `tA` along A and `tB` along B), or in a way floating point cannot settle
    /// (an endpoint on, or within rounding error of, the other segment's line).
    @inline(__always)
    func crossing(
        _ ax1: Double, _ ay1: Double, _ ax2: Double, _ ay2: Double,
        _ bx1: Double, _ by1: Double, _ bx2: Double, _ by2: Double
    ) -> Crossing {
        let adx = ax2 - ax1
        let ady = ay2 - ay1
        let bdx = bx2 - bx1
        let bdy = by2 - by1
        // Orientations of each endpoint against the other segment's line, with their
        // rounding bounds: the sign is certain only beyond the bound.
        let a1l = bdx * (ay1 - by1)
        let a1r = bdy * (ax1 - bx1)
        let a1 = a1l - a1r
        let a2l = bdx * (ay2 - by1)
        let a2r = bdy * (ax2 - bx1)
        let a2 = a2l - a2r
        let b1l = adx * (by1 - ay1)
        let b1r = ady * (bx1 - ax1)
        let b1 = b1l - b1r
        let b2l = adx * (by2 - ay1)
        let b2r = ady * (bx2 - ax1)
        let b2 = b2l - b2r
        if abs(a1) <= orientationErrorBound * (abs(a1l) + abs(a1r))
            || abs(a2) <= orientationErrorBound * (abs(a2l) + abs(a2r))
            || abs(b1) <= orientationErrorBound * (abs(b1l) + abs(b1r))
            || abs(b2) <= orientationErrorBound * (abs(b2l) + abs(b2r))
        {
            // The boxes meet (callers test that first), so this may be a touch.
            return .degenerate
        }
        guard (a1 > 0) != (a2 > 0), (b1 > 0) != (b2 > 0) else { return .none }
        let tA = Swift.min(Swift.max(a1 / (a1 - a2), 0), 1)
        let tB = Swift.min(Swift.max(b1 / (b1 - b2), 0), 1)
        return .proper(tA, tB)
    }

    /// Twice the area contributed by the parts of `polygon`'s boundary inside `other`:
    /// splits the marked edges at the crossings, groups the pieces into runs between
    /// crossings and gaps, and tests one point of each run against `other`.
    func insideSum(
        of polygon: EdgeView, bits: UnsafeMutablePointer<UInt64>, words: Int, crossings: [EdgeCrossing],
        other: EdgeView, _ runs: inout [BoundaryRun]
    ) -> Double? {
        var total = 0.0
        var next = 0
        var ring = -1
        var ringStart = 0
        var ringEnd = 0
        var first = -1
        var previous = -1
        var current = BoundaryRun(start: .open)
        return crossings.withUnsafeBufferPointer { crossings -> Double? in
            for word in 0..<words {
                var pending = bits[word]
                while pending != 0 {
                    let e = word << 6 | pending.trailingZeroBitCount
                    pending &= pending - 1
                    if e >= ringEnd {
                        if ring >= 0 {
                            guard let sum = finishRing(&runs, &current, ringStart, ringEnd, first, previous, other)
                            else { return nil }
                            total += sum
                        }
                        repeat { ring += 1 } while Int(polygon.ringStarts[ring + 1]) <= e
                        ringStart = Int(polygon.ringStarts[ring])
                        ringEnd = Int(polygon.ringStarts[ring + 1])
                        runs.removeAll(keepingCapacity: true)
                        current = BoundaryRun(start: e == ringStart ? .open : .gap)
                        first = e
                    } else if e != previous + 1 {
                        current.end = .gap
                        runs.append(current)
                        current = BoundaryRun(start: .gap)
                    }
                    // Every crossing lies on a marked edge.
                    if next < crossings.count, Int(crossings[next].edge) < e { return nil }
                    var x = polygon.edges[4 * e] - originX
                    var y = polygon.edges[4 * e + 1] - originY
                    while next < crossings.count, Int(crossings[next].edge) == e {
                        let cx = crossings[next].x
                        let cy = crossings[next].y
                        current.add(x, y, cx, cy)
                        current.end = .crossing
                        runs.append(current)
                        current = BoundaryRun(start: .crossing)
                        x = cx
                        y = cy
                        next += 1
                    }
                    current.add(x, y, polygon.edges[4 * e + 2] - originX, polygon.edges[4 * e + 3] - originY)
                    previous = e
                }
            }
            guard next == crossings.count else { return nil }
            if ring >= 0 {
                guard let sum = finishRing(&runs, &current, ringStart, ringEnd, first, previous, other) else {
                    return nil
                }
                total += sum
            }
            return total
        }
    }

    /// Closes the runs of one ring, classifies them and returns the inside runs' sum, or
    /// `nil` when the runs cannot all be classified or do not alternate between inside and
    /// outside at the crossings.
    ///
    /// A run next to a gap is outside (the gap's edges lie outside the other polygon's
    /// envelope). The status flips at every crossing, so one known run settles the ring;
    /// when no run touches a gap, one run is tested with a point, which must not lie
    /// within the tolerance of the other boundary. Runs known both ways must agree.
    func finishRing(
        _ runs: inout [BoundaryRun], _ current: inout BoundaryRun, _ ringStart: Int, _ ringEnd: Int, _ first: Int,
        _ last: Int, _ other: EdgeView
    ) -> Double? {
        if first == ringStart && last == ringEnd - 1 {
            // The ring closes through its first edge: the last run continues into the first.
            if runs.isEmpty {
                runs.append(current)
            } else {
                runs[0].absorb(current)
                runs[0].start = current.start
            }
        } else {
            current.end = .gap
            runs.append(current)
            runs[0].start = .gap
        }
        let count = runs.count
        var unknown = 0
        for i in 0..<count {
            let nextToGap = runs[i].start == .gap || runs[i].end == .gap
            runs[i].status = nextToGap ? 0 : -1
            if !nextToGap { unknown += 1 }
        }
        // Settle the runs from one known run. Without a gap, test a point: the midpoint of
        // the longest piece, the safest; if it is too close to the other boundary (a
        // sliver thinner than rounding), the next longest.
        var known = -1
        for i in 0..<count where runs[i].status >= 0 {
            known = i
            break
        }
        while known < 0 {
            var best = -1
            for i in 0..<count where runs[i].status == -1 && (best < 0 || runs[i].longest > runs[best].longest) {
                best = i
            }
            guard best >= 0 else { return nil }
            let place = other.locate(
                x: runs[best].pointX + originX, y: runs[best].pointY + originY, tolerance: tolerance)
            if place >= 0 {
                runs[best].status = place
                unknown -= 1
                known = best
            } else {
                runs[best].status = -2
            }
        }
        // Walk once round the ring: across a crossing the status flips; across a gap both
        // sides are outside already.
        for step in 0..<count {
            let i = (known + step) % count
            let j = (i + 1) % count
            guard runs[i].end == .crossing, runs[i].status >= 0 else { continue }
            let flipped = 1 - runs[i].status
            if runs[j].status < 0 {
                runs[j].status = flipped
                unknown -= 1
            } else if runs[j].status != flipped {
                return nil
            }
        }
        guard unknown == 0 else { return nil }
        var sum = 0.0
        for i in 0..<count where runs[i].status == 1 { sum += runs[i].sum }
        return sum
    }
}
