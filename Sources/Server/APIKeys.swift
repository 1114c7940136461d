internal import Crypto
public import Foundation
public import ProfileModel

/// The API keys the service accepts, held as SHA-256 digests only.
///
/// The file has one key a line: its SHA-256 digest in hex, then a label (who holds it), e.g.
/// `9f86d081…0f00a08 planning-team`. Blank lines and lines starting with `#` are skipped.
/// Make a digest with `printf %s "$KEY" | sha256sum`.
public struct APIKeys: Sendable {
    /// One accepted key.
    struct Entry: Sendable {
        var digest: [UInt8]
        var label: String
    }

    let entries: [Entry]

    /// Reads the digests file; throws naming the line that is not a digest.
    public init(contentsOf url: URL) throws(GeoprofileError) {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw GeoprofileError(.missingInput, "cannot read the API key file \(url.path)")
        }
        try self.init(text: text, file: url.lastPathComponent)
    }

    /// Reads digests from the text of a digests file.
    public init(text: String, file: String = "the API key file") throws(GeoprofileError) {
        var entries: [Entry] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let parts = trimmed.split(separator: " ", maxSplits: 1).map(String.init)
            guard let digest = Self.bytes(hex: parts[0]), digest.count == 32 else {
                throw GeoprofileError(
                    .invalidData, "\(file), line \(number + 1): not a SHA-256 hex digest (64 hex digits, then a label)")
            }
            let label = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : "line \(number + 1)"
            entries.append(Entry(digest: digest, label: label))
        }
        guard !entries.isEmpty else { throw GeoprofileError(.invalidData, "\(file) holds no key digest") }
        self.entries = entries
    }

    /// The label of the key, when it is accepted.
    ///
    /// The key's digest is compared with every listed digest, each in constant time, and
    /// without stopping at a match, so the time taken tells nothing about the list.
    public func label(of key: String) -> String? {
        let digest = Array(SHA256.hash(data: Data(key.utf8)))
        var found: String?
        for entry in entries {
            var difference: UInt8 = 0
            for (a, b) in zip(digest, entry.digest) { difference |= a ^ b }
            if difference == 0, found == nil { found = entry.label }
        }
        return found
    }

    /// The number of keys.
    public var count: Int { entries.count }

    static func bytes(hex: String) -> [UInt8]? {
        let characters = Array(hex.utf8)
        guard characters.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(characters.count / 2)
        var index = 0
        while index < characters.count {
            guard let high = nibble(characters[index]), let low = nibble(characters[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
