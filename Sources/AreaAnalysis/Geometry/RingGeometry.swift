/// Plain planar computations on rings stored as flat (x, y) arrays.
enum RingGeometry {
    /// Twice-halved shoelace area: positive for a counter-clockwise ring.
    static func signedArea(_ ring: ContiguousArray<Double>) -> Double {
        let n = ring.count / 2
        guard n >= 3 else { return 0 }
        var sum = 0.0
        ring.withUnsafeBufferPointer { p in
            // Shift by the first vertex to keep precision with large RD coordinates.
            let x0 = p[0]
            let y0 = p[1]
            for i in 0..<(n - 1) {
                let ax = p[2 * i] - x0
                let ay = p[2 * i + 1] - y0
                let bx = p[2 * i + 2] - x0
                let by = p[2 * i + 3] - y0
                sum += ax * by - bx * ay
            }
        }
        return sum / 2
    }

    /// Even-odd test of a point against a closed ring.
    static func contains(_ ring: ContiguousArray<Double>, x: Double, y: Double) -> Bool {
        let n = ring.count / 2
        var inside = false
        var j = n - 1
        for i in 0..<n {
            let xi = ring[2 * i]
            let yi = ring[2 * i + 1]
            let xj = ring[2 * j]
            let yj = ring[2 * j + 1]
            if (yi > y) != (yj > y), x < (xj - xi) * (y - yi) / (yj - yi) + xi { inside.toggle() }
            j = i
        }
        return inside
    }
}
