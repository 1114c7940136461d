internal import Foundation

/// RFC 4180 CSV text: fields holding the delimiter, a quote or a line break are quoted,
/// with quotes doubled; lines end in LF.
///
/// Written by hand rather than through the CSV package's writer, which handles one character
/// at a time through a stream and took most of the run time of a 10,000-zone analysis.
public struct CSVText: Sendable {
    /// The character between fields.
    public let delimiter: Character
    private let delimiterByte: UInt8
    private let decimalComma: Bool
    private var rowStarted = false
    /// The text written so far.
    public private(set) var text = ""

    /// `delimiter` must be an ASCII character (the CSV writer offers comma and semicolon);
    /// with `decimalComma`, numbers are written with a decimal comma.
    public init(delimiter: Character = ",", decimalComma: Bool = false) {
        precondition(delimiter.isASCII, "a CSV delimiter is one ASCII character")
        self.delimiter = delimiter
        delimiterByte = delimiter.asciiValue ?? 0x2C
        self.decimalComma = decimalComma
    }

    /// Appends a text field to the current row, quoted where it needs to be.
    public mutating func append(field: String) {
        separate()
        let delimiter = delimiterByte
        // Scanning the UTF-8 bytes: the characters that need quoting are all ASCII.
        if field.utf8.contains(where: { $0 == delimiter || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
            text.append("\"")
            text.append(field.replacingOccurrences(of: "\"", with: "\"\""))
            text.append("\"")
        } else {
            text.append(field)
        }
    }

    /// Appends a number to the current row at full precision: the shortest text that reads
    /// back as the same number.
    public mutating func append(number: Double) {
        separate()
        if decimalComma {
            text.append(String(number).replacingOccurrences(of: ".", with: ","))
        } else {
            number.write(to: &text)
        }
    }

    /// Ends the current row.
    public mutating func endRow() {
        text.append("\n")
        rowStarted = false
    }

    /// Appends a whole row of text fields.
    public mutating func append(row fields: [String]) {
        for field in fields { append(field: field) }
        endRow()
    }

    /// Reserves room for `count` more bytes of text.
    public mutating func reserve(_ count: Int) { text.reserveCapacity(text.utf8.count + count) }

    private mutating func separate() {
        if rowStarted { text.append(delimiter) }
        rowStarted = true
    }
}
