public import Foundation

/// A value of an attribute column, as SQLite stores it.
public enum FieldValue: Sendable, Hashable {
    /// No value.
    case null
    /// A whole number.
    case integer(Int64)
    /// A floating-point number.
    case real(Double)
    /// Text.
    case text(String)
    /// Bytes.
    case blob(Data)

    /// The value as a number, when it is one (text that parses as a number counts).
    public var double: Double? {
        switch self {
        case .integer(let value): return Double(value)
        case .real(let value): return value
        case .text(let text): return Double(text.trimmingCharacters(in: .whitespaces))
        case .null, .blob: return nil
        }
    }

    /// The value as text, for ids and names; numbers are printed without a trailing `.0`.
    public var text: String? {
        switch self {
        case .null, .blob: return nil
        case .integer(let value): return String(value)
        case .real(let value):
            return value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        case .text(let text): return text
        }
    }
}
