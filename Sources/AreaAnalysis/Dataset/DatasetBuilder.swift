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

    /// Creates options.
    public init(
        sources: URL, output: URL, profileSet: ProfileSet, profileSetFile: URL?, mapping: URL, vintage: String = "2020",
        profilesFile: URL? = nil, toolVersion: String
    ) {
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

    enum CodingKeys: String, CodingKey {
        case postcodes, residents, households
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
        var wkb: Data?
        var envelope: Envelope?
        var flags: [String] = []
    }

    /// Runs the build.
    public static func build(_ options: DatasetBuildOptions) throws(AreaAnalysisError) -> DatasetBuildReport {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: options.sources.path, isDirectory: &isDirectory),
            isDirectory.boolValue
        else {
            throw AreaAnalysisError(
                .missingInput,
                "the source folder \(options.sources.path) does not exist; point \(input: .sources) (or GEOPROFILE_SOURCES) at a folder with the CBS files"
            )
        }
        let mapping = try VariableMapping(url: options.mapping)
        guard mapping.vintages[options.vintage] != nil else {
            throw AreaAnalysisError(
                .usage,
                "unknown CBS vintage '\(options.vintage)'; known: \(mapping.vintages.keys.sorted().joined(separator: ", "))"
            )
        }
        var sources: [SourceFile] = []
        let areasURL = options.sources.appendingPathComponent(SourceName.areas)
        guard FileManager.default.fileExists(atPath: areasURL.path) else {
            throw AreaAnalysisError(
                .missingInput,
                "the source folder \(options.sources.path) has no \(SourceName.areas) (the CBS PC4 areas)")
        }
        var report = DatasetBuildReport(
            postcodes: 0, residents: 0, households: 0, residentsImputed: [], householdsImputed: [], emptyGeometries: [],
            suppressedCells: [:], missingAgeBands: [], missingPlaces: [], profileSource: "model", profilesFromModel: [],
            sources: [])

        // 1. Areas and (for 2020) figures from the GeoPackage.
        let package = try GeoPackage(url: areasURL)
        let layer = try package.layer(named: package.layers().count == 1 ? nil : "cbs_pc4_2020_v1")
        let vintage2020 = mapping.vintages["2020"]!
        let figureColumns = options.vintage == "2020" ? mapping.columns(for: "2020") : []
        let gpkgColumns = [vintage2020.postcode] + figureColumns.flatMap(\.1)
        var uniqueColumns: [String] = []
        for column in gpkgColumns where !uniqueColumns.contains(column) { uniqueColumns.append(column) }
        let features = try package.features(of: layer, columns: uniqueColumns)
        sources.append(
            try describe(
                areasURL, role: "PC4 areas (geometry)" + (options.vintage == "2020" ? " and key figures 2020" : "")))
        let layerCRS = try package.crs(srsID: layer.srsID)
        let context = GEOSContext()
        let toDataset = try CoordinateTransformation(from: layerCRS, to: DatasetSchema.crs)

        var records: [Record] = []
        var seen = Set<String>()
        for feature in features {
            guard let code = feature.attributes[vintage2020.postcode]?.text, !code.isEmpty else {
                throw AreaAnalysisError(.invalidData, "feature \(feature.fid) of \(SourceName.areas) has no postcode")
            }
            guard seen.insert(code).inserted else {
                throw AreaAnalysisError(.invalidData, "\(SourceName.areas) lists postcode \(code) twice")
            }
            var record = Record(postcode: code)
            if let wkb = feature.wkb {
                var geometry = try Geometry(wkb: wkb, context: context)
                if !toDataset.isIdentity { geometry = try toDataset.transform(geometry) }
                if geometry.isEmpty {
                    report.emptyGeometries.append(code)
                    record.flags.append("empty_geometry")
                } else {
                    record.envelope = geometry.envelope
                }
                record.wkb = toDataset.isIdentity ? wkb : try geometry.wkb()
            } else {
                report.emptyGeometries.append(code)
                record.flags.append("empty_geometry")
            }
            for (variable, columns) in figureColumns {
                record.demographics[variable] = sum(
                    columns.map { feature.attributes[$0] ?? .null }, suppressed: vintage2020.suppressed)
            }
            records.append(record)
        }

        // 1b. Figures from the 2023 CSV instead.
        if options.vintage != "2020" {
            let vintage = mapping.vintages[options.vintage]!
            let url = options.sources.appendingPathComponent(vintage.file)
            let table = try CSVTable(url: url)
            let columns = mapping.columns(for: options.vintage)
            let postcodeIndex = try table.indices(of: [vintage.postcode])[0]
            let indices = try columns.map { (variable, names) throws(AreaAnalysisError) in
                (variable, try table.indices(of: names))
            }
            var byPostcode: [String: [String]] = [:]
            for row in table.rows where row.count > postcodeIndex { byPostcode[row[postcodeIndex]] = row }
            for index in records.indices {
                guard let row = byPostcode[records[index].postcode] else {
                    records[index].flags.append("no_figures_\(options.vintage)")
                    continue
                }
                for (variable, columnIndices) in indices {
                    let values = columnIndices.map { $0 < row.count ? row[$0] : "" }
                    records[index].demographics[variable] = sum(
                        values.map { $0.isEmpty ? FieldValue.null : FieldValue.text($0) },
                        suppressed: vintage.suppressed)
                }
            }
            sources.append(try describe(url, role: "key figures \(options.vintage)"))
        }

        // 2. Count suppressed cells. A suppressed count means "secret or 0-4" and is
        //    imputed as 2; suppressed percentages and averages stay missing (the model then
        //    uses the national average for the features they feed).
        for variable in Variable.allCases
        where variable != .age65to74 && variable != .age75plus && variable != .ageFileResidents {
            guard mapping.columns[variable]?[options.vintage] != nil else { continue }
            let missing = records.filter { $0.demographics[variable] == nil }.count
            if missing > 0 { report.suppressedCells[variable.rawValue] = missing }
        }
        for index in records.indices {
            var imputed: [String] = []
            for variable in Variable.allCases
            where variable.isCount && mapping.columns[variable]?[options.vintage] != nil {
                if records[index].demographics[variable] == nil,
                    !records[index].flags.contains("no_figures_\(options.vintage)")
                {
                    records[index].demographics[variable] = suppressedCountImputation
                    imputed.append(variable.rawValue)
                }
            }
            records[index].residents = records[index].demographics[.residents] ?? 0
            records[index].households = records[index].demographics[.households] ?? 0
            if imputed.contains(Variable.residents.rawValue) {
                records[index].flags.append("residents_imputed")
                report.residentsImputed.append(records[index].postcode)
            }
            if imputed.contains(Variable.households.rawValue) {
                records[index].flags.append("households_imputed")
                report.householdsImputed.append(records[index].postcode)
            }
            let others = imputed.filter { $0 != Variable.residents.rawValue && $0 != Variable.households.rawValue }
            if !others.isEmpty { records[index].flags.append("counts_imputed:" + others.joined(separator: "+")) }
        }

        // 3. Age bands 65-74 and 75+ (another reference date: shares are taken within the file).
        let agesURL = options.sources.appendingPathComponent(SourceName.ageBands)
        if FileManager.default.fileExists(atPath: agesURL.path) {
            let ages = try readAgeBands(agesURL)
            for index in records.indices {
                if let bands = ages[records[index].postcode] {
                    records[index].demographics[.age65to74] = bands.age65to74
                    records[index].demographics[.age75plus] = bands.age75plus
                    records[index].demographics[.ageFileResidents] = bands.total
                } else {
                    records[index].flags.append("no_age_bands")
                    report.missingAgeBands.append(records[index].postcode)
                }
            }
            sources.append(try describe(agesURL, role: "age bands 2021 (CBS 83502NED)"))
        } else {
            report.missingAgeBands = records.map(\.postcode)
        }

        // 4. Places.
        let placesURL = options.sources.appendingPathComponent(SourceName.places)
        if FileManager.default.fileExists(atPath: placesURL.path) {
            let table = try CSVTable(url: placesURL)
            let i = try table.indices(of: ["postcode", "plaats", "gemeente", "provincie"])
            var places: [String: [String]] = [:]
            for row in table.rows where row.count > i.max()! { places[row[i[0]]] = [row[i[1]], row[i[2]], row[i[3]]] }
            for index in records.indices {
                if let place = places[records[index].postcode] {
                    (records[index].place, records[index].municipality, records[index].province) = (
                        place[0], place[1], place[2]
                    )
                } else {
                    report.missingPlaces.append(records[index].postcode)
                }
            }
            sources.append(try describe(placesURL, role: "places, municipalities, provinces"))
        } else {
            report.missingPlaces = records.map(\.postcode)
        }

        // 5. Profiles: the model, or a licensed file.
        let set = options.profileSet
        let inputs = records.map {
            PostcodeInput(postcode: $0.postcode, residents: $0.residents, demographics: $0.demographics)
        }
        let estimator = ProfileEstimator.fit(set: set, postcodes: inputs)
        var estimates = inputs.map(estimator.estimate)
        var profileSource = Array(repeating: "model", count: records.count)
        if let file = options.profilesFile {
            let licensed = try LicensedProfiles.read(file, set: set, postcodes: Set(records.map(\.postcode)))
            for index in records.indices {
                guard let shares = licensed[records[index].postcode] else {
                    report.profilesFromModel.append(records[index].postcode)
                    continue
                }
                estimates[index].shares = shares
                estimates[index].residents = shares.map { $0 * records[index].residents }
                profileSource[index] = "file"
            }
            report.profileSource = file.lastPathComponent
            sources.append(try describe(file, role: "profile figures per postcode (replacing the model)"))
        }
        for (index, estimate) in estimates.enumerated()
        where !estimate.missingFeatures.isEmpty && profileSource[index] == "model" {
            records[index].flags.append(
                "features_at_national_average:" + estimate.missingFeatures.map(\.rawValue).joined(separator: "+"))
        }
        if let setFile = options.profileSetFile { sources.append(try describe(setFile, role: "profile set \(set.id)")) }
        sources.append(try describe(options.mapping, role: "CBS variable mapping"))

        // 6. Write.
        let columns = DatasetSchema.columns(for: set)
        let writtenVariables = Variable.allCases.filter { $0 != .residents && $0 != .households }
        let featureRecords = records.enumerated().map { index, record -> FeatureRecord in
            var values: [FieldValue] = [
                .text(record.postcode), .text(record.place), .text(record.municipality), .text(record.province),
            ]
            values += [.real(record.residents), .real(record.households)]
            values += writtenVariables.map { record.demographics[$0].map(FieldValue.real) ?? .null }
            values += estimates[index].residents.map(FieldValue.real)
            values += estimates[index].shares.map(FieldValue.real)
            values += [.text(profileSource[index]), .text(record.flags.joined(separator: ";"))]
            return FeatureRecord(wkb: record.wkb, envelope: record.envelope, values: values)
        }
        report.postcodes = records.count
        report.residents = records.reduce(0) { $0 + $1.residents }
        report.households = records.reduce(0) { $0 + $1.households }
        report.sources = sources
        let vintage = mapping.vintages[options.vintage]!
        let metadata = DatasetMetadata(
            formatVersion: DatasetSchema.formatVersion, toolVersion: options.toolVersion,
            geosVersion: GEOSContext.version, projVersion: CoordinateTransformation.version,
            crs: DatasetSchema.crs, cbsVintage: options.vintage, cbsTitle: vintage.title,
            licence: "CC BY 4.0", attribution: "Bron: CBS",
            profileSet: set, profileSource: report.profileSource, model: estimator.fitted, build: report,
            references: ReferenceTotals(
                municipalities: records.map(\.municipality), residents: estimates.map(\.residents),
                profiles: set.profiles.count))
        try GeoPackageWriter(
            layer: DatasetSchema.layer,
            description: "Dutch 4-digit postcodes with CBS key figures and estimated engagement profiles (Bron: CBS)",
            geometryType: "MULTIPOLYGON", crs: DatasetSchema.crs, columns: columns
        )
        .write(to: options.output, features: featureRecords, tables: [try metadata.table()])
        return report
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
