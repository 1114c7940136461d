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
