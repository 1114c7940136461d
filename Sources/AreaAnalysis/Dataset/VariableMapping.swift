public import Foundation
public import ProfileModel

/// The mapping from canonical variable names to the column names of each CBS vintage,
/// read from `Data/postcodes/cbs-variables.json`.
public struct VariableMapping: Sendable {
    /// One vintage's file and coding.
    public struct Vintage: Sendable, Decodable {
        /// The CBS file name.
        public var file: String
        /// The CBS title of the table.
        public var title: String
        /// The postcode column.
        public var postcode: String
        /// The number CBS uses for a suppressed cell, if any (`-99997` in 2020).
        public var suppressed: Double?
    }

    /// Vintages by year.
    public var vintages: [String: Vintage]
    /// Per variable and vintage, the columns to read (summed when several).
    public var columns: [Variable: [String: [String]]]

    private struct File: Decodable {
        var vintages: [String: Vintage]
        var variables: [Entry]
    }

    private struct Entry: Decodable {
        var id: String
        var columns: [String: [String]]

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Key.self)
            id = try c.decode(String.self, forKey: Key(stringValue: "id"))
            columns = [:]
            for key in c.allKeys where key.stringValue.allSatisfy(\.isNumber) {
                if let single = try? c.decode(String.self, forKey: key) {
                    columns[key.stringValue] = [single]
                } else if let several = try? c.decode([String].self, forKey: key) {
                    columns[key.stringValue] = several
                }
            }
        }
    }

    /// Loads and checks the mapping file: every canonical variable that CBS publishes per
    /// postcode must be mapped for every vintage (an absent or null entry means "not published").
    public init(url: URL) throws(AreaAnalysisError) {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw AreaAnalysisError(.missingInput, "the variable mapping \(url.path) cannot be read")
        }
        let file: File
        do { file = try JSONDecoder().decode(File.self, from: data) } catch {
            throw AreaAnalysisError(.invalidData, "\(url.lastPathComponent) is not a valid variable mapping: \(error)")
        }
        vintages = file.vintages
        var columns: [Variable: [String: [String]]] = [:]
        for entry in file.variables {
            guard let variable = Variable(rawValue: entry.id) else {
                throw AreaAnalysisError(
                    .invalidData, "\(url.lastPathComponent) maps the unknown variable '\(entry.id)'")
            }
            columns[variable] = entry.columns
        }
        self.columns = columns
    }

    /// The columns of `vintage`, per variable (variables the vintage lacks are left out).
    public func columns(for vintage: String) -> [(Variable, [String])] {
        Variable.allCases.compactMap { variable in columns[variable]?[vintage].map { (variable, $0) } }
    }
}
