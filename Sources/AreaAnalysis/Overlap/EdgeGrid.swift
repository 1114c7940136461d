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
