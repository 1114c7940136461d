public import ProfileModel

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
