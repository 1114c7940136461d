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
