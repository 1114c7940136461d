internal import Foundation
internal import ProfileModel

/// One run of ``DatasetBuilder/build(_:)``: the state its steps share, and the steps in
/// the order they run. `Docs/data.md` describes each step.
struct DatasetBuild {
    typealias Record = DatasetBuilder.Record
    typealias SourceName = DatasetBuilder.SourceName

    let options: DatasetBuildOptions
    let mapping: VariableMapping
    var records: [Record] = []
    var sources: [SourceFile] = []
    var report = DatasetBuildReport(
        postcodes: 0, residents: 0, households: 0, residentsImputed: [], householdsImputed: [], emptyGeometries: [],
        suppressedCells: [:], missingAgeBands: [], missingPlaces: [], profileSource: "model", profilesFromModel: [],
        sources: [])

    /// The profile figures of every postcode, from the model or a licensed file.
    struct Profiles {
        var estimator: ProfileEstimator
        var estimates: [PostcodeEstimate]
        var source: [String]
    }

    /// Checks the source folder and the vintage.
    init(options: DatasetBuildOptions) throws(AreaAnalysisError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: options.sources.path, isDirectory: &isDirectory),
            isDirectory.boolValue
        else {
            throw AreaAnalysisError(
                .missingInput,
                "the source folder \(options.sources.path) does not exist; point \(input: .sources) (or GEOPROFILE_SOURCES) at a folder with the CBS files"
            )
        }
        mapping = try VariableMapping(url: options.mapping)
        guard mapping.vintages[options.vintage] != nil else {
            throw AreaAnalysisError(
                .usage,
                "unknown CBS vintage '\(options.vintage)'; known: \(mapping.vintages.keys.sorted().joined(separator: ", "))"
            )
        }
        self.options = options
    }

    /// Step 1: the areas and (for 2020) the key figures from the GeoPackage.
    mutating func readAreas() throws(AreaAnalysisError) {
        let areasURL = options.sources.appendingPathComponent(SourceName.areas)
        guard FileManager.default.fileExists(atPath: areasURL.path) else {
            throw AreaAnalysisError(
                .missingInput,
                "the source folder \(options.sources.path) has no \(SourceName.areas): download the PC4 GeoPackage of 'Gegevens per postcode' from cbs.nl and give it that name (Docs/data.md, 'Getting the files yourself')",
                input: .sources)
        }
        let package = try GeoPackage(url: areasURL)
        let layer = try package.layer(named: package.layers().count == 1 ? nil : "cbs_pc4_2020_v1")
        let vintage2020 = mapping.vintages["2020"]!
        let figureColumns = options.vintage == "2020" ? mapping.columns(for: "2020") : []
        var uniqueColumns: [String] = []
        for column in [vintage2020.postcode] + figureColumns.flatMap(\.1) where !uniqueColumns.contains(column) {
            uniqueColumns.append(column)
        }
        let features = try package.features(of: layer, columns: uniqueColumns)
        sources.append(
            try DatasetBuilder.describe(
                areasURL, role: "PC4 areas (geometry)" + (options.vintage == "2020" ? " and key figures 2020" : "")))
        let context = GEOSContext()
        let toDataset = try CoordinateTransformation(
            from: try package.crs(srsID: layer.srsID), to: DatasetSchema.crs)
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
                let values = try columns.map { (column) throws(AreaAnalysisError) in
                    try DatasetBuilder.checkedNumber(
                        feature.attributes[column] ?? .null, column: column, postcode: code, file: SourceName.areas)
                }
                record.demographics[variable] = DatasetBuilder.sum(values, suppressed: vintage2020.suppressed)
            }
            records.append(record)
        }
        guard !records.isEmpty else {
            throw AreaAnalysisError(
                .invalidData, "the layer '\(layer.name)' of \(SourceName.areas) holds no postcode areas",
                input: .sources)
        }
    }

    /// Step 1b: the key figures from the CSV of another vintage instead.
    mutating func readKeyFigures() throws(AreaAnalysisError) {
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
                let values = try columnIndices.map { (column) throws(AreaAnalysisError) -> FieldValue in
                    let text = column < row.count ? row[column] : ""
                    return try DatasetBuilder.checkedNumber(
                        text.isEmpty ? .null : .text(text), column: table.header[column],
                        postcode: records[index].postcode, file: vintage.file)
                }
                records[index].demographics[variable] = DatasetBuilder.sum(values, suppressed: vintage.suppressed)
            }
        }
        sources.append(try DatasetBuilder.describe(url, role: "key figures \(options.vintage)"))
    }

    /// Step 2: counts the suppressed cells. A suppressed count means "secret or 0-4" and is
    /// imputed as 2; suppressed percentages and averages stay missing (the model then uses
    /// the national average for the features they feed).
    mutating func imputeSuppressedCounts() {
        let vintage = options.vintage
        for variable in Variable.allCases
        where variable != .age65to74 && variable != .age75plus && variable != .ageFileResidents {
            guard mapping.columns[variable]?[vintage] != nil else { continue }
            let missing = records.filter { $0.demographics[variable] == nil }.count
            if missing > 0 { report.suppressedCells[variable.rawValue] = missing }
        }
        for index in records.indices {
            var imputed: [String] = []
            for variable in Variable.allCases where variable.isCount && mapping.columns[variable]?[vintage] != nil {
                if records[index].demographics[variable] == nil,
                    !records[index].flags.contains("no_figures_\(vintage)")
                {
                    records[index].demographics[variable] = DatasetBuilder.suppressedCountImputation
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
    }

    /// Step 2b: refuses totals no national PC4 file has: too few postcodes, or (almost) no
    /// residents, which is what a source with an unusable residents column leaves.
    func checkTotals() throws(AreaAnalysisError) {
        guard records.count >= options.minimumPostcodes else {
            throw AreaAnalysisError(
                .invalidData,
                "\(SourceName.areas) holds \(records.count) postcodes; a national PC4 file has about 4,070, so it is cut down or damaged",
                input: .sources)
        }
        let residents = records.reduce(0) { $0 + $1.residents }
        let known = records.filter { !$0.flags.contains("residents_imputed") }.count
        guard residents > 0, known * 2 > records.count else {
            throw AreaAnalysisError(
                .invalidData,
                "\(SourceName.areas) gives residents for only \(known) of its \(records.count) postcodes; check its residents column",
                input: .sources)
        }
    }

    /// Step 3: the age bands 65-74 and 75+ (another reference date: shares are taken within the file).
    mutating func readAgeBands() throws(AreaAnalysisError) {
        let url = options.sources.appendingPathComponent(SourceName.ageBands)
        guard FileManager.default.fileExists(atPath: url.path) else {
            report.missingAgeBands = records.map(\.postcode)
            return
        }
        let ages = try DatasetBuilder.readAgeBands(url)
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
        sources.append(try DatasetBuilder.describe(url, role: "age bands 2021 (CBS 83502NED)"))
    }

    /// Step 4: place, municipality and province of every postcode.
    mutating func readPlaces() throws(AreaAnalysisError) {
        let url = options.sources.appendingPathComponent(SourceName.places)
        guard FileManager.default.fileExists(atPath: url.path) else {
            report.missingPlaces = records.map(\.postcode)
            return
        }
        let table = try CSVTable(url: url)
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
        sources.append(try DatasetBuilder.describe(url, role: "places, municipalities, provinces"))
    }

    /// Step 5: the people by cell and the profiles of the adults: the model, or a licensed
    /// file (whose shares are shares of adults); then the plausibility figures.
    mutating func estimateProfiles() throws(AreaAnalysisError) -> Profiles {
        let set = options.profileSet
        let inputs = records.map {
            PostcodeInput(postcode: $0.postcode, residents: $0.residents, demographics: $0.demographics)
        }
        let estimator = ProfileEstimator.fit(set: set, postcodes: inputs)
        var estimates = inputs.map(estimator.estimate)
        for index in records.indices { records[index].people = estimates[index].people }
        var profileSource = Array(repeating: "model", count: records.count)
        if let file = options.profilesFile {
            let licensed = try LicensedProfiles.read(file, set: set, postcodes: Set(records.map(\.postcode)))
            for index in records.indices {
                guard let shares = licensed[records[index].postcode] else {
                    report.profilesFromModel.append(records[index].postcode)
                    continue
                }
                let adults = records[index].people.adults
                // A licensed figure gives no age split: the model's share of each profile's
                // adults that are 65+ is kept.
                estimates[index].seniors = zip(estimates[index].seniors, zip(estimates[index].adults, shares)).map {
                    seniors, pair in pair.0 > 0 ? seniors / pair.0 * pair.1 * adults : 0
                }
                estimates[index].shares = shares
                estimates[index].adults = shares.map { $0 * adults }
                profileSource[index] = "file"
            }
            report.profileSource = file.lastPathComponent
            sources.append(
                try DatasetBuilder.describe(file, role: "profile figures per postcode (replacing the model)"))
        }
        for (index, estimate) in estimates.enumerated()
        where !estimate.missingFeatures.isEmpty && profileSource[index] == "model" {
            records[index].flags.append(
                "features_at_national_average:" + estimate.missingFeatures.map(\.rawValue).joined(separator: "+"))
        }
        if let setFile = options.profileSetFile {
            sources.append(try DatasetBuilder.describe(setFile, role: "profile set \(set.id)"))
        }
        sources.append(try DatasetBuilder.describe(options.mapping, role: "CBS variable mapping"))
        report.plausibility = Plausibility.measure(
            set: set,
            postcodes: zip(records, estimates).map { record, estimate in
                PlausibilityInput(
                    postcode: record.postcode, municipality: record.municipality, residents: record.residents,
                    demographics: record.demographics, counted: estimate.adults, countedSeniors: estimate.seniors)
            }, population: "adults")
        return Profiles(estimator: estimator, estimates: estimates, source: profileSource)
    }

    /// Step 6: writes the GeoPackage with its metadata and the country's outline.
    mutating func write(_ profiles: Profiles, outline: MapShape) throws(AreaAnalysisError) {
        let set = options.profileSet
        let writtenVariables = Variable.allCases.filter { $0 != .residents && $0 != .households }
        let featureRecords = records.enumerated().map { index, record -> FeatureRecord in
            var values: [FieldValue] = [
                .text(record.postcode), .text(record.place), .text(record.municipality), .text(record.province),
            ]
            values += [
                .real(record.residents), .real(record.households), .real(record.people.adults),
                .real(record.people.children),
            ]
            values += writtenVariables.map { record.demographics[$0].map(FieldValue.real) ?? .null }
            values += record.people.cells.map(FieldValue.real)
            values += profiles.estimates[index].adults.map(FieldValue.real)
            values += profiles.estimates[index].shares.map(FieldValue.real)
            values += [.text(profiles.source[index]), .text(record.flags.joined(separator: ";"))]
            return FeatureRecord(wkb: record.wkb, envelope: record.envelope, values: values)
        }
        report.postcodes = records.count
        report.residents = records.reduce(0) { $0 + $1.residents }
        report.adults = records.reduce(0) { $0 + $1.people.adults }
        report.children = records.reduce(0) { $0 + $1.people.children }
        report.households = records.reduce(0) { $0 + $1.households }
        report.sources = sources
        let vintage = mapping.vintages[options.vintage]!
        let metadata = DatasetMetadata(
            formatVersion: DatasetSchema.formatVersion, toolVersion: options.toolVersion,
            geosVersion: GEOSContext.version, projVersion: CoordinateTransformation.version,
            crs: DatasetSchema.crs, cbsVintage: options.vintage, cbsTitle: vintage.title,
            licence: "CC BY 4.0", attribution: "Bron: CBS",
            profileSet: set, profileSource: report.profileSource, model: profiles.estimator.fitted, build: report,
            references: ReferenceTotals(
                municipalities: records.map(\.municipality), residents: profiles.estimates.map(\.adults),
                profiles: set.profiles.count))
        try GeoPackageWriter(
            layer: DatasetSchema.layer,
            description:
                "Dutch 4-digit postcodes with CBS key figures, adults per person cell and estimated engagement profiles of adults (Bron: CBS)",
            geometryType: "MULTIPOLYGON", crs: DatasetSchema.crs, columns: DatasetSchema.columns(for: set)
        )
        .write(
            to: options.output, features: featureRecords,
            tables: [
                try metadata.table(),
                StoredOutline.table(
                    outline, grid: ReportGeometry.outlineGrid, tolerance: ReportGeometry.outlineTolerance,
                    minimumArea: ReportGeometry.outlineMinimumArea),
            ])
    }
}
