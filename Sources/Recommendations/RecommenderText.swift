/// Number and list formatting shared by the recommender's reasons and the renderings of a
/// recommendation, so a reason and a table agree to the digit.
public enum RecommenderText {
    /// A share as a whole percentage, e.g. `34%`.
    public static func percent(_ share: Double) -> String { "\(Int((share * 100).rounded()))%" }

    /// A value with two decimals, e.g. `0.80`.
    public static func decimal(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// `a`, `a and b`, `a, b and c`.
    public static func list(_ parts: [String]) -> String {
        switch parts.count {
        case 0: ""
        case 1: parts[0]
        default: parts.dropLast().joined(separator: ", ") + " and " + parts.last!
        }
    }

    /// A count rounded to a whole number with thousands separators, e.g. `12,345`.
    public static func grouped(_ value: Double) -> String {
        let whole = Int(value.rounded())
        let digits = String(abs(whole))
        var groups: [Substring] = []
        var end = digits.endIndex
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
            groups.insert(digits[start..<end], at: 0)
            end = start
        }
        return (whole < 0 ? "-" : "") + groups.joined(separator: ",")
    }

    /// A value rounded to a number of decimals, for output.
    public static func rounded(_ value: Double, _ decimals: Int) -> Double {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        return (value * scale).rounded() / scale
    }
}
