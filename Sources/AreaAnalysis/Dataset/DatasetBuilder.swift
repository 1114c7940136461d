internal import Crypto
public import Foundation
public import ProfileModel

/// What `geoprofile data build` needs.
public struct DatasetBuildOptions: Sendable {
    /// Folder with the CBS files.
    public var sources: URL
    /// Where the dataset is written.
    public var output: URL
    /// The profile set to estimate.
    public var profileSet: ProfileSet
    /// The profile-set file, recorded in the metadata.
    public var profileSetFile: URL?
    /// The canonical-variable mapping (`Data/postcodes/cbs-variables.json`).
    public var mapping: URL
    /// Which CBS key-figure vintage supplies the figures: `2020` (the GeoPackage) or `2023` (the CSV).
    public var vintage: String
    /// Licensed or surveyed profile figures per postcode that replace the model's.
    public var profilesFile: URL?
    /// The tool's version, recorded in the metadata.
    public var toolVersion: String
    /// The fewest postcodes a build accepts. The national PC4 file has about 4,070; fewer
    /// than 1,000 means a cut-down or broken source, so the default refuses it. Lower it
    /// only for a deliberately partial build (tests use a handful).
    public var minimumPostcodes: Int

    /// Creates options.
    public init(
        sources: URL, output: URL, profileSet: ProfileSet, profileSetFile: URL?, mapping: URL, vintage: String = "2020",
        profilesFile: URL? = nil, toolVersion: String, minimumPostcodes: Int = 1000
    ) {
        self.minimumPostcodes = minimumPostcodes
        self.sources = sources
        self.output = output
        self.profileSet = profileSet
        self.profileSetFile = profileSetFile
        self.mapping = mapping
        self.vintage = vintage
        self.profilesFile = profilesFile
        self.toolVersion = toolVersion
    }
}

/// A source file as recorded in the metadata.
public struct SourceFile: Codable, Sendable, Hashable {
    /// File name.
    public var name: String
    /// What the build used it for.
    public var role: String
    /// SHA-256 of its bytes, hexadecimal.
    public var sha256: String
    /// Size in bytes.
    public var bytes: Int
}

/// What a build did, for the command's summary and the metadata.
public struct DatasetBuildReport: Codable, Sendable {
    /// Postcodes written.
    public var postcodes: Int
    /// Total residents (CBS figures plus imputation).
    public var residents: Double
    /// Total households.
    public var households: Double
    /// Postcodes whose residents were suppressed and imputed.
    public var residentsImputed: [String]
    /// Postcodes whose households were suppressed and imputed.
    public var householdsImputed: [String]
    /// Postcodes with an empty geometry (kept with their figures).
    public var emptyGeometries: [String]
    /// Suppressed cells per canonical variable.
    public var suppressedCells: [String: Int]
    /// Postcodes with no age-band figures.
    public var missingAgeBands: [String]
    /// Postcodes with no place record.
    public var missingPlaces: [String]
    /// Where the profile figures come from: `model` or the licensed file's name.
    public var profileSource: String
    /// Postcodes the licensed file did not cover (estimated by the model instead).
    public var profilesFromModel: [String]
    /// The source files.
    public var sources: [SourceFile]
    /// Adults (15+, the profiled population).
    public var adults: Double = 0
    /// Children (0-14, not profiled).
    public var children: Double = 0
    /// The plausibility figures of the profile estimates (`nil` when they cannot be computed).
    public var plausibility: PlausibilityFigures?

    enum CodingKeys: String, CodingKey {
        case postcodes, residents, adults, children, households, plausibility
        case residentsImputed = "residents_imputed"
        case householdsImputed = "households_imputed"
        case emptyGeometries = "empty_geometries"
        case suppressedCells = "suppressed_cells"
        case missingAgeBands = "missing_age_bands"
        case missingPlaces = "missing_places"
        case profileSource = "profile_source"
        case profilesFromModel = "profiles_from_model"
        case sources
    }
}

/// Builds the postcode dataset from CBS files: reads, imputes, estimates profiles, writes
/// a GeoPackage atomically. `Docs/data.md` describes every step.
public enum DatasetBuilder {
    /// Residents (and households) imputed for a suppressed count: CBS code -99997 means
    /// "secret or 0-4", and 2 is the middle of 0-4.
    public static let suppressedCountImputation = 2.0

    /// File names expected in the sources folder.
    public enum SourceName {
        /// The PC4 areas with 2020 key figures.
        public static let areas = "cbs_pc4_2020_v1.gpkg"
        /// Age bands per PC4 (CBS 83502NED).
        public static let ageBands = "pc4_2021_population_by_age_sex.csv"
        /// PC4 → place, municipality, province.
        public static let places = "pc4_places.csv"
        /// 2023 key figures.
        public static let keyFigures2023 = "cbs_pc4_2023_kerncijfers.csv"
    }

    struct Record {
        var postcode: String
        var place = ""
        var municipality = ""
        var province = ""
        var demographics = Demographics()
        var residents = 0.0
        var households = 0.0
        var people = PersonCounts(children: 0, cells: [])
        var wkb: Data?
        var envelope: Envelope?
        var flags: [String] = []
    }

    /// Runs the build: the steps of ``DatasetBuild`` in order.
    public static func build(_ options: DatasetBuildOptions) throws(AreaAnalysisError) -> DatasetBuildReport {
        var build = try DatasetBuild(options: options)
        try build.readAreas()
        // The country's outline for the reports (seconds of GEOS work, on the areas as they
        // are written) is dissolved on another thread while the figures are read and the
        // model is fitted.
        let areas = build.records.compactMap(\.wkb)
        let outline = BackgroundWork { () throws(AreaAnalysisError) in
            try ReportGeometry.countryOutline(
                of: areas, grid: ReportGeometry.outlineGrid, tolerance: ReportGeometry.outlineTolerance)
        }
        let profiles: DatasetBuild.Profiles
        do throws(AreaAnalysisError) {
            if options.vintage != "2020" { try build.readKeyFigures() }
            build.imputeSuppressedCounts()
            try build.checkTotals()
            try build.readAgeBands()
            try build.readPlaces()
            profiles = try build.estimateProfiles()
        } catch {
            // Wait for the outline's thread: a process that exits while it is inside GEOS
            // can crash in GEOS's destructors.
            _ = try? outline.value()
            throw error
        }
        try build.write(profiles, outline: try outline.value())
        return build.report
    }

    /// A figure as read from a source, refused when it is text that is not a number (a
    /// shifted column or a note typed into a cell would otherwise count as missing and be
    /// imputed, and the build would look fine).
    static func checkedNumber(_ value: FieldValue, column: String, postcode: String, file: String)
        throws(AreaAnalysisError) -> FieldValue
    {
        switch value {
        case .text(let text):
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            guard trimmed.isEmpty || Double(trimmed) != nil else {
                throw AreaAnalysisError(
                    .invalidData,
                    "the column \(column) of \(file) holds '\(AreaAnalysisError.echo(trimmed))' for postcode \(postcode), not a number",
                    input: .sources)
            }
            return value
        case .blob:
            throw AreaAnalysisError(
                .invalidData,
                "the column \(column) of \(file) holds binary data for postcode \(postcode), not a number",
                input: .sources)
        default: return value
        }
    }

    /// Adds the values of one or more cells; `nil` when any is missing or suppressed.
    static func sum(_ values: [FieldValue], suppressed: Double?) -> Double? {
        var total = 0.0
        for value in values {
            guard let number = value.double else { return nil }
            if let suppressed, number == suppressed { return nil }
            total += number
        }
        return total
    }

    struct AgeBands {
        var age65to74 = 0.0
        var age75plus = 0.0
        var total = 0.0
    }

    /// Residents 65-74, 75+ and in all per postcode; postcodes with any suppressed band are left out.
    static func readAgeBands(_ url: URL) throws(AreaAnalysisError) -> [String: AgeBands] {
        let table = try CSVTable(url: url)
        let i = try table.indices(of: ["postcode", "leeftijd", "inwoners"])
        var bands: [String: AgeBands] = [:]
        var incomplete = Set<String>()
        for row in table.rows where row.count > i.max()! {
            let postcode = row[i[0]]
            guard let count = Double(row[i[2]]), count >= 0 else {
                incomplete.insert(postcode)
                continue
            }
            let lower = Int(row[i[1]].prefix { $0.isNumber }) ?? 0
            var entry = bands[postcode] ?? AgeBands()
            entry.total += count
            if lower >= 65 && lower < 75 { entry.age65to74 += count }
            if lower >= 75 { entry.age75plus += count }
            bands[postcode] = entry
        }
        for postcode in incomplete { bands[postcode] = nil }
        return bands
    }

    /// Name, role, SHA-256 and size of a source file.
    static func describe(_ url: URL, role: String) throws(AreaAnalysisError) -> SourceFile {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw AreaAnalysisError(.missingInput, "cannot read \(url.path)")
        }
        let digest = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        return SourceFile(name: url.lastPathComponent, role: role, sha256: digest, bytes: data.count)
    }
}
