/// Rounding of the numbers the recommender, the planner and the monitor write, so a value
/// read back from JSON equals the value written.
enum Rounding {
    /// A value rounded to a number of decimals.
    static func rounded(_ value: Double, _ decimals: Int) -> Double {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        return (value * scale).rounded() / scale
    }
}
