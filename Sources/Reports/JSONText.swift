public import Foundation

/// JSON as every `--format json` writes it: sorted keys, pretty printed, slashes unescaped.
public enum JSONText {
    /// The encoded value as text.
    public static func encode(_ value: some Encodable) throws -> String {
        String(decoding: try data(value), as: UTF8.self)
    }

    /// The encoded value as bytes.
    public static func data(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }
}
