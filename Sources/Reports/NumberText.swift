internal import Foundation
public import ProfileModel

/// How every report writes numbers: one place, so a table, a Markdown report and a plan
/// agree to the digit.
public enum NumberText {
    /// A number with thousands separators and `decimals` decimals: `17,404,635`, `2.45`.
    public static func grouped(_ value: Double, decimals: Int = 0) -> String {
        guard value.isFinite else { return String(value) }
        let rounded = decimals == 0 ? String(format: "%.0f", value) : String(format: "%.\(decimals)f", value)
        let negative = rounded.hasPrefix("-")
        let digits = negative ? rounded.dropFirst() : Substring(rounded)
        let whole = digits.prefix { $0 != "." }
        let fraction = digits.dropFirst(whole.count)
        var out = ""
        for (offset, digit) in whole.enumerated() {
            if offset > 0 && (whole.count - offset) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return (negative ? "-" : "") + out + fraction
    }

    /// A share as a percentage: `12.5%` (one decimal unless told otherwise).
    public static func percent(_ share: Double, decimals: Int = 1) -> String {
        String(format: "%.\(decimals)f%%", 100 * share)
    }

    /// An index against a reference share, rounded to a whole number, or `missing` when
    /// there is none.
    public static func index(_ value: Double?, missing: String = "-") -> String {
        value.map { String(format: "%.0f", $0) } ?? missing
    }

    /// A number with a fixed count of decimals and no grouping: `0.245631`.
    public static func fixed(_ value: Double, decimals: Int) -> String {
        String(format: "%.\(decimals)f", value)
    }
}

/// The language of a printed report, its words and number formats: Dutch (17.404.671 and
/// 12,5%) or English (17,404,671 and 12.5%).
public typealias ReportLanguage = Language

extension NumberText {
    /// ``grouped(_:decimals:)`` in the language's notation: Dutch swaps the thousands
    /// separator and the decimal mark (`17.404.671`, `2,45`).
    public static func grouped(_ value: Double, decimals: Int = 0, language: ReportLanguage) -> String {
        localised(grouped(value, decimals: decimals), language)
    }

    /// ``percent(_:decimals:)`` in the language's notation: `12,5%` in Dutch.
    public static func percent(_ share: Double, decimals: Int = 1, language: ReportLanguage) -> String {
        localised(percent(share, decimals: decimals), language)
    }

    static func localised(_ text: String, _ language: ReportLanguage) -> String {
        guard language == .nl else { return text }
        return String(
            text.map { character -> Character in
                switch character {
                case ",": return "."
                case ".": return ","
                default: return character
                }
            })
    }
}
