internal import Foundation
public import ProfileModel

/// Dutch 4-digit postcodes (PC4) as users type them.
public enum Postcode {
    /// The postcode in `text` (blanks around it ignored), when it is exactly four digits
    /// 1000-9999; otherwise an error that says what was given and, for a 6-character
    /// postcode (PC6) such as `1011 AB`, which PC4 to use.
    public static func validated(_ text: String) throws(AreaAnalysisError) -> String {
        let code = text.trimmingCharacters(in: .whitespaces)
        let characters = Array(code)
        func digits(_ part: ArraySlice<Character>) -> Bool { part.allSatisfy { $0.isASCII && $0.isNumber } }
        if characters.count == 4, digits(characters[...]), characters[0] != "0" { return code }
        let letters = characters.drop { $0.isASCII && $0.isNumber }.filter { $0 != " " }
        if characters.count >= 6, digits(characters.prefix(4)), characters[0] != "0", letters.count == 2,
            letters.allSatisfy({ $0.isASCII && $0.isLetter }), characters.dropFirst(4).filter({ $0 != " " }).count == 2
        {
            throw AreaAnalysisError(
                .usage,
                "\(code) is a 6-character postcode (PC6); geoprofile works with 4-digit postcodes: use \(String(characters.prefix(4)))"
            )
        }
        throw AreaAnalysisError(
            .usage, "'\(Self.echo(code))' is not a 4-digit postcode; a Dutch PC4 postcode is four digits, 1000-9999")
    }

    /// At most 100 characters of user input, for messages.
    static func echo(_ text: String) -> String { text.count > 100 ? String(text.prefix(100)) + "…" : text }
}
