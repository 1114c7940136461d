internal import Foundation

/// A language geoprofile writes text for people in: Dutch or English.
public enum Language: String, Sendable, Hashable, CaseIterable, Codable {
    /// Dutch, in plain language (B1).
    case nl
    /// English.
    case en
}

/// A text in English and in Dutch, as the data files give it: a field `x` and its Dutch
/// twin `x_nl` (`"name"` and `"name_nl"`).
///
/// Encoded as one string in the language an encoder's ``CodingUserInfoKey/textLanguage``
/// names (English when it names none); decoded from one string, which then stands for both
/// languages (a text read back from a file geoprofile wrote).
public struct LocalizedText: Sendable, Hashable, Codable {
    /// The English text.
    public var en: String
    /// The Dutch text.
    public var nl: String

    /// Creates a text in both languages.
    public init(en: String, nl: String) {
        self.en = en
        self.nl = nl
    }

    /// The same text for both languages: a user's file without Dutch, or a text read back.
    public init(_ text: String) {
        self.init(en: text, nl: text)
    }

    /// The text in a language.
    public subscript(_ language: Language) -> String { language == .nl ? nl : en }

    /// Decodes one string.
    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    /// Encodes the text in the encoder's language.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(self[encoder.userInfo[.textLanguage] as? Language ?? .en])
    }
}

extension CodingUserInfoKey {
    /// The ``Language`` in which an encoder writes a ``LocalizedText`` and a reason.
    public static let textLanguage = CodingUserInfoKey(rawValue: "geoprofile.language")!
}

extension KeyedDecodingContainer {
    /// Decodes a text and its Dutch twin (`key` and `dutchKey`).
    ///
    /// - Parameters:
    ///   - required: when `true` a missing Dutch text is an error naming `context`; when
    ///     `false` the English text stands in for it.
    ///   - context: the file and entry, e.g. `channels.json: channel 'letter'`.
    package func decodeText(_ key: Key, dutch dutchKey: Key, required: Bool, context: String) throws
        -> LocalizedText
    {
        let english = try decode(String.self, forKey: key)
        guard let dutch = try decodeIfPresent(String.self, forKey: dutchKey) else {
            guard !required else {
                throw ProfileModelError(
                    .invalidData,
                    "\(context) has no Dutch text \"\(dutchKey.stringValue)\" beside its \"\(key.stringValue)\"; give every text in English and Dutch"
                )
            }
            return LocalizedText(english)
        }
        guard !dutch.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ProfileModelError(.invalidData, "\(context) has an empty \"\(dutchKey.stringValue)\"")
        }
        return LocalizedText(en: english, nl: dutch)
    }
}
