internal import Foundation
public import ProfileModel

/// Everything the dataset records about how it was made, stored as JSON values in the
/// `geoprofile_metadata` table (one row per key) so any SQLite or GIS client can read it.
public struct DatasetMetadata: Codable, Sendable {
    /// Dataset layout version.
    public var formatVersion: String
    /// geoprofile version that built it.
    public var toolVersion: String
    /// GEOS version used.
    public var geosVersion: String
    /// PROJ version used.
    public var projVersion: String
    /// The CRS of the geometries.
    public var crs: String
    /// CBS vintage of the key figures.
    public var cbsVintage: String
    /// CBS title of the key-figure table.
    public var cbsTitle: String
    /// Licence of the source data.
    public var licence: String
    /// Required attribution.
    public var attribution: String
    /// The profile set used, in full.
    public var profileSet: ProfileSet
    /// `model`, or the name of the licensed file that supplied the profile figures.
    public var profileSource: String
    /// The fitted model (standardisation and calibrated intercepts).
    public var model: FittedModel
    /// The build's report: totals, imputations, sources.
    public var build: DatasetBuildReport
    /// Estimated residents per profile nationally and per municipality, the references of
    /// the indices (stored so an analysis need not read every postcode).
    public var references: ReferenceTotals

    enum CodingKeys: String, CodingKey, CaseIterable {
        case formatVersion = "format_version"
        case toolVersion = "tool_version"
        case geosVersion = "geos_version"
        case projVersion = "proj_version"
        case crs
        case cbsVintage = "cbs_vintage"
        case cbsTitle = "cbs_title"
        case licence
        case attribution
        case profileSet = "profile_set"
        case profileSource = "profile_source"
        case model
        case build
        case references = "reference_totals"
    }

    /// The metadata as an attribute table of key/value rows.
    func table() throws(AreaAnalysisError) -> AttributeTable {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let object: [String: Any]
        do {
            let data = try encoder.encode(self)
            object = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        } catch {
            throw AreaAnalysisError(.library, "cannot encode the dataset metadata: \(error)")
        }
        var rows: [[FieldValue]] = []
        for key in CodingKeys.allCases.map(\.rawValue) {
            guard let value = object[key] else { continue }
            // Every value is stored as JSON (strings quoted), so reading back is unambiguous.
            let data =
                (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed]))
                ?? Data()
            let text = String(decoding: data, as: UTF8.self)
            rows.append([.text(key), .text(text)])
        }
        return AttributeTable(
            name: DatasetSchema.metadataTable, description: "How this dataset was built: sources, model, versions",
            columns: [ColumnSpec("key", .text), ColumnSpec("value", .text)], rows: rows)
    }

    /// Reads the metadata back from its key/value rows.
    static func decode(rows: [[String: FieldValue]], file: String) throws(AreaAnalysisError) -> DatasetMetadata {
        // Every value is JSON text already: join them into one object and decode once.
        let version = rows.first { $0["key"]?.text == CodingKeys.formatVersion.rawValue }?["value"]?.text
            .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        if let version, version != DatasetSchema.formatVersion {
            throw AreaAnalysisError(
                .invalidData,
                "\(file) was built by an older geoprofile (dataset layout \(version); this version reads layout \(DatasetSchema.formatVersion), which counts profiles among adults per person cell); rebuild it with 'geoprofile data build' ('make run' does this)"
            )
        }
        var members: [String] = []
        for row in rows {
            guard let key = row["key"]?.text, let value = row["value"]?.text else { continue }
            guard let quotedKey = try? JSONEncoder().encode(key) else { continue }
            members.append("\(String(decoding: quotedKey, as: UTF8.self)):\(value)")
        }
        do {
            return try JSONDecoder().decode(
                DatasetMetadata.self, from: Data(("{" + members.joined(separator: ",") + "}").utf8))
        } catch {
            throw AreaAnalysisError(
                .invalidData,
                "\(file) is not a geoprofile dataset of this version (its metadata cannot be read: \(error)); rebuild it with 'geoprofile data build'"
            )
        }
    }
}

/// Estimated adults per profile (in the set's order) for the whole dataset and for each
/// municipality.
public struct ReferenceTotals: Codable, Sendable, Hashable {
    /// National totals.
    public var national: [Double]
    /// Totals per municipality name.
    public var municipalities: [String: [Double]]

    /// Sums the given per-postcode counts.
    public init(municipalities names: [String], residents: [[Double]], profiles: Int) {
        var national = [Double](repeating: 0, count: profiles)
        var byMunicipality: [String: [Double]] = [:]
        for (name, counts) in zip(names, residents) {
            national = zip(national, counts).map(+)
            byMunicipality[name] = zip(byMunicipality[name] ?? [Double](repeating: 0, count: profiles), counts).map(+)
        }
        self.national = national
        self.municipalities = byMunicipality
    }
}
