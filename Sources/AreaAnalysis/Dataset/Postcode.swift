internal import Foundation
public import ProfileModel

/// Dutch 4-digit postcodes (PC4) as users type them.
public enum Postcode {
    /// The postcode in `text` (blanks around it ignored), when it is exactly four digits
    /// 1000-9999; otherwise an error that says what was given and, for a 6-character
    /// postcode (PC6) such as `1011 AB`, which PC4 to use.
    public static func validated(_ text: String) throws(AreaAnalysisError) -> String {
        let code = text.trimmingCharacters(in: .whitespaces)
        // Four digits without a leading zero, then (for a PC6) two letters, blanks allowed between.
        let compact = Array(code.filter { $0 != " " })
        let digits = compact.prefix(4)
        let isPC4Part = digits.count == 4 && digits.allSatisfy { $0.isASCII && $0.isNumber } && digits.first != "0"
        if isPC4Part, compact.count == 4, code.count == 4 { return code }
        if isPC4Part, compact.count == 6, compact.suffix(2).allSatisfy({ $0.isASCII && $0.isLetter }) {
            throw AreaAnalysisError(
                .usage,
                "\(code) is a 6-character postcode (PC6); geoprofile works with 4-digit postcodes: use \(String(digits))"
            )
        }
        throw AreaAnalysisError(
            .usage,
            "'\(AreaAnalysisError.echo(code))' is not a 4-digit postcode; a Dutch PC4 postcode is four digits, 1000-9999"
        )
    }
}
