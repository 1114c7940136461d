public import Foundation
public import ProfileModel

extension PostcodeDataset {
    /// What identifies this dataset: layout, CBS vintage, profile set, model and sources.
    public var stamp: DatasetStamp {
        DatasetStamp(
            formatVersion: metadata.formatVersion, cbsVintage: metadata.cbsVintage,
            profileSet: metadata.profileSet.id, profileSetVersion: metadata.profileSet.version,
            modelMethod: metadata.model.method, profileSource: metadata.profileSource,
            sources: metadata.build.sources.map { String($0.sha256.prefix(12)) }.sorted())
    }
}

/// A file of the people who took part in a process, as exported from a survey tool or a
/// participation platform: a CSV with the column `postcode`, optionally `age_band` (an age
/// band id such as `age_15_24`) and optionally `count` (a non-negative whole number). Without
/// `count`, each row is one participant. Column names are matched without regard to case.
public enum ParticipantsFile {
    /// The most unknown postcodes an error names.
    static let namedLimit = 10

    /// Reads the participants at `url`, estimates each group's profile shares from the
    /// dataset, and splits the postcodes into those of the zone and those outside it.
    ///
    /// - Parameter zone: the postcodes of the zone.
    /// - Throws: ``GeoprofileError`` naming the file and line for a postcode that is not four
    ///   digits, a count that is not a non-negative whole number or an unknown age band;
    ///   naming every postcode that is not in the dataset; and when the file holds nobody.
    public static func participants(at url: URL, in data: PostcodeDataset, zone: Set<String>) throws
        -> EstimatedParticipants
    {
        let table: CSVTable
        do { table = try CSVTable(url: url) } catch {
            throw GeoprofileError(error.code, error.message, input: .participants)
        }
        return try participants(in: table, data: data, zone: zone)
    }

    /// Reads the participants of a CSV file's bytes (an upload) named `name`, as
    /// ``participants(at:in:zone:)`` reads a file.
    public static func participants(csv: Data, named name: String, in data: PostcodeDataset, zone: Set<String>)
        throws -> EstimatedParticipants
    {
        let table: CSVTable
        do { table = try CSVTable(data: csv, name: name) } catch {
            throw GeoprofileError(error.code, error.message, input: .participants)
        }
        return try participants(in: table, data: data, zone: zone)
    }

    private static func participants(in table: CSVTable, data: PostcodeDataset, zone: Set<String>) throws
        -> EstimatedParticipants
    {
        let file = table.name
        // Exports from survey tools often capitalise their headers ("Postcode").
        let header = table.header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let postcodeColumn = header.firstIndex(of: "postcode") else {
            throw GeoprofileError(
                .invalidData,
                "\(file) has no column 'postcode'; its columns are: \(table.header.prefix(12).joined(separator: ", "))",
                input: .participants)
        }
        let bandColumn = header.firstIndex(of: "age_band")
        let countColumn = header.firstIndex(of: "count")
        struct Key: Hashable, Comparable {
            var postcode: String
            var band: String
            static func < (a: Key, b: Key) -> Bool { (a.postcode, a.band) < (b.postcode, b.band) }
        }
        var counts: [Key: Int] = [:]
        for (index, row) in table.rows.enumerated() {
            let line = index + 2
            func bad(_ what: String) -> GeoprofileError {
                GeoprofileError(.invalidData, "\(file), line \(line): \(what)", input: .participants)
            }
            func field(_ column: Int?) -> String? {
                guard let column, column < row.count else { return nil }
                return row[column]
            }
            let postcode: String
            do { postcode = try Postcode.validated(field(postcodeColumn) ?? "") } catch {
                throw bad(error.message)
            }
            var count = 1
            if let countColumn {
                let text = field(countColumn) ?? ""
                guard !text.isEmpty, text.count <= 9, text.allSatisfy({ $0.isASCII && $0.isNumber }),
                    let value = Int(text)
                else {
                    throw bad("count '\(text.prefix(40))' is not a non-negative whole number")
                }
                count = value
            }
            var band = ""
            if let text = field(bandColumn), !text.isEmpty {
                guard let attribute = PersonAttribute(rawValue: text), SurveyResponse.ageBands.contains(attribute)
                else {
                    throw bad(
                        "age band '\(text.prefix(40))' is not one of \(SurveyResponse.ageBands.map(\.rawValue).joined(separator: ", "))"
                    )
                }
                band = attribute.rawValue
            }
            counts[Key(postcode: postcode, band: band), default: 0] += count
        }
        let total = counts.values.reduce(0, +)
        guard total > 0 else {
            throw GeoprofileError(.invalidData, "\(file) holds no participants", input: .participants)
        }
        let postcodes = Set(counts.keys.map(\.postcode)).sorted()
        let positions = try data.positions(ofPostcodes: postcodes)
        let unknown = postcodes.filter { positions[$0] == nil }
        guard unknown.isEmpty else {
            let named = unknown.prefix(namedLimit).joined(separator: ", ")
            let more = unknown.count > namedLimit ? " and \(unknown.count - namedLimit) more" : ""
            throw GeoprofileError(
                .invalidData,
                "\(file) names postcode\(unknown.count > 1 ? "s" : "") \(named)\(more), which \(unknown.count > 1 ? "are" : "is") not in the dataset",
                input: .participants)
        }
        let insideCodes = postcodes.filter { zone.contains($0) }
        let records = try data.records(at: insideCodes.compactMap { positions[$0] })
        let byPostcode = Dictionary(records.map { ($0.postcode, $0) }, uniquingKeysWith: { a, _ in a })
        let estimator = try data.estimator()
        var groups: [EstimatedParticipants.Group] = []
        var outside: [String: Int] = [:]
        for key in counts.keys.sorted() {
            let count = counts[key]!
            guard let record = byPostcode[key.postcode] else {
                outside[key.postcode, default: 0] += count
                continue
            }
            let band = PersonAttribute(rawValue: key.band)
            let shares: [Double]
            if let band {
                shares = try estimator.shares(
                    of: PostcodeInput(
                        postcode: record.postcode, residents: record.residents, demographics: record.demographics),
                    band: band)
            } else {
                shares = record.shares
            }
            groups.append(.init(postcode: key.postcode, ageBand: band, count: count, shares: shares))
        }
        return EstimatedParticipants(
            source: file, dataset: data.stamp, profiles: data.profileSet.profiles.map(\.id), groups: groups,
            outside: outside.keys.sorted().map { .init(postcode: $0, count: outside[$0]!) })
    }
}
