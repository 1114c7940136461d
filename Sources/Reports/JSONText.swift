public import Foundation
public import ProfileModel
internal import Recommendations

/// JSON as every `--format json` writes it: sorted keys, pretty printed, slashes unescaped.
/// Names and reasons are written in one language (English unless told otherwise); keys are
/// always English.
public enum JSONText {
    /// The encoded value as text.
    public static func encode(_ value: some Encodable, language: Language = .en) throws -> String {
        String(decoding: try data(value, language: language), as: UTF8.self)
    }

    /// The encoded value as bytes.
    public static func data(_ value: some Encodable, language: Language = .en) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.userInfo[.textLanguage] = language
        encoder.userInfo[.reasonWriter] = ReasonText(language)
        return try encoder.encode(value)
    }
}
