internal import CSV
public import Foundation
public import ProfileModel

/// A whole CSV file read into memory: its header and rows, with a clear error for a file
/// that is missing, unreadable, or lacks a required column.
public struct CSVTable: Sendable {
    /// The file's name, for messages.
    public var name: String
    /// Column names from the first row (a byte-order mark is removed).
    public var header: [String]
    /// The data rows.
    public var rows: [[String]]

    /// Reads `url`; `delimiter` defaults to a comma, and `;` is detected when the header
    /// has no comma but does have semicolons (Dutch Excel exports).
    public init(url: URL, delimiter: UnicodeScalar? = nil) throws(AreaAnalysisError) {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw AreaAnalysisError(.missingInput, "the file \(url.path) does not exist or cannot be read")
        }
        try self.init(data: data, name: url.lastPathComponent, delimiter: delimiter)
    }

    /// Reads a CSV file's bytes (an upload); `name` is the file's name in messages.
    public init(data: Data, name: String, delimiter: UnicodeScalar? = nil) throws(AreaAnalysisError) {
        self.name = name
        guard let text = String(data: data, encoding: .utf8) else {
            throw AreaAnalysisError(.invalidData, "\(name) is not UTF-8 text")
        }
        var chosen = delimiter ?? ","
        if delimiter == nil, let firstLine = text.prefix(4096).split(separator: "\n").first,
            !firstLine.contains(","), firstLine.contains(";")
        {
            chosen = ";"
        }
        do {
            let reader = try CSVReader(string: text, hasHeaderRow: true, trimFields: true, delimiter: chosen)
            header = (reader.headerRow ?? []).enumerated().map { index, column in
                index == 0 && column.hasPrefix("\u{FEFF}") ? String(column.dropFirst()) : column
            }
            var rows: [[String]] = []
            // Blank lines (often at the end of hand-edited files) carry no record.
            while let row = reader.next() {
                if !row.allSatisfy(\.isEmpty) { rows.append(row) }
            }
            if let error = reader.error { throw error }
            self.rows = rows
        } catch {
            throw AreaAnalysisError(.invalidData, "\(name) is not a readable CSV file: \(error)")
        }
        guard !header.isEmpty else { throw AreaAnalysisError(.invalidData, "\(name) is empty: it has no header row") }
    }

    /// The position of each of `columns` in the header; throws naming the first missing one.
    public func indices(of columns: [String]) throws(AreaAnalysisError) -> [Int] {
        var result: [Int] = []
        for column in columns {
            guard let index = header.firstIndex(of: column) else {
                throw AreaAnalysisError(
                    .invalidData,
                    "\(name) has no column '\(column)'; its columns are: \(header.prefix(12).joined(separator: ", "))\(header.count > 12 ? ", ..." : "")"
                )
            }
            result.append(index)
        }
        return result
    }
}
