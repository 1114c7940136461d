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
