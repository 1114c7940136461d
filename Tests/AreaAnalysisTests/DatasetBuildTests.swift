import AreaAnalysis
import Foundation
import ProfileModel
import Testing

/// The PC4 dataset built from the real CBS files (built once per test process).
@Suite("Dataset build on the CBS data", .enabled(if: Fixtures.mirrorCondition, Fixtures.mirrorReason))
struct RealDatasetBuildTests {
    @Test("all 4,068 postcodes are written, each once")
    func postcodeCount() throws {
        let built = try RealData.dataset()
        #expect(built.report.postcodes == 4068)
        #expect((try built.dataset.records()).count == 4068)
        #expect(Set((try built.dataset.records()).map(\.postcode)).count == 4068)
        #expect(built.dataset.count == 4068)
        #expect(try built.dataset.positions(ofPostcodes: ["1011", "9444", "0000"]).keys.sorted() == ["1011", "9444"])
        #expect((try built.dataset.records()).allSatisfy { $0.postcode.count == 4 && Int($0.postcode) != nil })
    }

    @Test("PC4 5028 is kept with its figures, an empty geometry and no envelope, and reported")
    func emptyGeometry() throws {
        let built = try RealData.dataset()
        #expect(built.report.emptyGeometries == ["5028"])
        let record = try built.dataset.record("5028")
        #expect(record.envelope == nil)
        #expect(record.flags.contains("empty_geometry"))
        #expect(record.flags.contains("residents_imputed"))
        #expect(record.residents == 2)
        let position = try #require(try built.dataset.positions(ofPostcodes: ["5028"])["5028"])
        #expect(built.dataset.envelopes[position] == nil)
        #expect(!Apportioner(dataset: built.dataset).candidates(Fixtures.netherlands).contains(position))
        let wkb = try built.dataset.geometryWKB(of: [position])
        if let data = wkb[0] {
            #expect(try Geometry(wkb: data, context: GEOSContext()).isEmpty)
        }
        // every other postcode has a box inside the Netherlands
        let boxes = (try built.dataset.records()).compactMap(\.envelope)
        #expect(boxes.count == 4067)
        // (boxes come from the R-tree, which stores 32-bit floats rounded outward: allow 1 m)
        let extent = Fixtures.netherlands
        let widened = Envelope(
            minX: extent.minX - 1, minY: extent.minY - 1, maxX: extent.maxX + 1, maxY: extent.maxY + 1)
        #expect(boxes.allSatisfy { widened.contains($0) })
        #expect(boxes.contains { $0.minX < extent.minX + 1 } && boxes.contains { $0.maxY > extent.maxY - 1 })
    }

    @Test("residents total 17,404,635 plus 2 for each of the 18 suppressed postcodes")
    func residentsTotal() throws {
        let built = try RealData.dataset()
        #expect(built.report.residentsImputed.count == 18)
        let expected = 17_404_635 + DatasetBuilder.suppressedCountImputation * 18
        #expect(built.report.residents == expected)
        #expect((try built.dataset.records()).reduce(0) { $0 + $1.residents } == expected)
        let imputed = (try built.dataset.records()).filter { $0.flags.contains("residents_imputed") }
        #expect(imputed.map(\.postcode).sorted() == built.report.residentsImputed.sorted())
        #expect(imputed.allSatisfy { $0.residents == 2 })
        #expect(built.report.suppressedCells["residents"] == 18)
    }

    @Test("every postcode's profile counts add up to its adults, adults and children to its residents, shares to 1")
    func profileCounts() throws {
        let built = try RealData.dataset()
        #expect(built.dataset.profileSet.profiles.count == 8)
        for record in (try built.dataset.records()) {
            #expect(
                Fixtures.relative(record.profileAdults.reduce(0, +), record.people.adults) < 1e-9, "\(record.postcode)")
            #expect(abs(record.people.adults + record.people.children - record.residents) < 1e-6, "\(record.postcode)")
            #expect(abs(record.shares.reduce(0, +) - 1) < 1e-12, "\(record.postcode)")
            #expect(record.profileSource == "model")
        }
        // calibrated: the national shares of adults are the set's
        let national = CompositionBuilder(dataset: built.dataset).national
        for (share, profile) in zip(national, built.dataset.profileSet.profiles) {
            #expect(abs(share - profile.share) < 1e-9, "\(profile.id)")
        }
        #expect(abs(built.report.adults + built.report.children - built.report.residents) < 1e-3)
    }

    @Test("the dataset stores the cells and everything needed to recompute a postcode's figures")
    func storedModel() throws {
        let built = try RealData.dataset()
        let model = built.dataset.metadata.model
        #expect(built.dataset.metadata.formatVersion == DatasetSchema.formatVersion)
        #expect(model.method == FittedModel.currentMethod && model.population == "adults")
        #expect(Set(model.cells.keys) == Set(PersonCell.allCases.map(\.rawValue)))
        #expect(model.personEffects["zorgzame-senioren"]?["age_75_plus"] ?? 0 > 2)
        #expect(model.contextWeights["zelfbewuste-aanpakkers"]?["urbanity"] == -0.6)
        #expect(model.maxShareDeviation <= 1e-9)
        // Reading the fitted model back recomputes every stored figure.
        let estimator = try built.dataset.estimator()
        for code in ["1011", "3452", "6211", "9444"] {
            let record = try built.dataset.record(code)
            let estimate = estimator.estimate(
                PostcodeInput(postcode: code, residents: record.residents, demographics: record.demographics))
            #expect(Fixtures.approximately(estimate.people.cells, record.people.cells, tolerance: 1e-9), "\(code)")
            #expect(Fixtures.approximately(estimate.adults, record.profileAdults, tolerance: 1e-9), "\(code)")
        }
    }

    @Test("the plausibility figures meet every acceptance threshold on the 2020 data")
    func plausibility() throws {
        let built = try RealData.dataset()
        let figures = try #require(built.report.plausibility)
        #expect(built.dataset.metadata.build.plausibility == figures)
        #expect(figures.population == "adults")
        #expect(figures.postcodes > 2_700)
        // Dominance: at most 0.5% of postcodes above 80% for one profile; 99th percentile ≤ 0.80.
        #expect(figures.dominance.above80Share <= 0.005, "\(figures.dominance)")
        #expect(figures.dominance.largestShareP99 <= 0.80, "\(figures.dominance)")
        // Age coherence.
        let ages = try #require(figures.ageCoherence)
        #expect(ages.seniorsPer65Plus.p5 >= 0.25, "\(ages)")
        #expect(try #require(ages.seniorsPer65Plus.ratio) <= 10, "\(ages)")
        #expect(try #require(ages.familiesPerParentAge.ratio) <= 10, "\(ages)")
        #expect(ages.seniorsAged65Plus >= 0.60, "\(ages)")
        // The contrast survives.
        let contrast = try #require(figures.contrast)
        #expect(contrast.disjoint, "\(contrast)")
        #expect(try #require(contrast.doersRatio) >= 20, "\(contrast)")
        // National shares of adults and per-postcode sums.
        #expect(figures.nationalShareDeviation <= 1e-9)
        #expect(figures.shareSumDeviation <= 1e-12)
    }

    @Test("the metadata names its sources with their SHA-256 and sizes, the CRS, licence and profile set")
    func metadata() throws {
        let built = try RealData.dataset()
        let metadata = built.dataset.metadata
        #expect(metadata.crs == "EPSG:28992")
        #expect(metadata.licence == "CC BY 4.0")
        #expect(metadata.attribution == "Bron: CBS")
        #expect(metadata.cbsVintage == "2020")
        #expect(metadata.cbsTitle == "Kerncijfers per postcode, 1 januari 2020, versie 1")
        #expect(metadata.profileSet.id == "citisens-2017")
        #expect(metadata.model.setID == "citisens-2017")
        #expect(metadata.profileSource == "model")
        #expect(metadata.toolVersion == "test")
        #expect(metadata.build.postcodes == 4068)
        #expect(metadata.build.residents == built.report.residents)

        let sources = metadata.build.sources
        #expect(sources.count >= 4)
        let names = Set(sources.map(\.name))
        for name in [
            DatasetBuilder.SourceName.areas, DatasetBuilder.SourceName.ageBands, DatasetBuilder.SourceName.places,
            "cbs-variables.json", "citisens-2017.json",
        ] {
            #expect(names.contains(name), "no source \(name) in \(names.sorted())")
        }
        let mirror = try #require(Fixtures.mirror)
        for source in sources {
            #expect(
                source.sha256.count == 64 && source.sha256.allSatisfy { "0123456789abcdef".contains($0) }, "\(source)")
            #expect(!source.role.isEmpty)
            if source.name.hasPrefix("cbs_pc4") || source.name.hasPrefix("pc4_") {
                let size =
                    try FileManager.default.attributesOfItem(atPath: mirror.appendingPathComponent(source.name).path)[
                        .size] as? NSNumber
                #expect(source.bytes == size?.intValue, "\(source.name)")
            }
        }
        // the digest is the file's: compare with coreutils where it is installed
        if let sha256sum = Fixtures.tool("sha256sum") {
            let places = mirror.appendingPathComponent(DatasetBuilder.SourceName.places)
            let digest = try Fixtures.run(sha256sum, [places.path]).output.prefix(64)
            #expect(sources.first { $0.name == DatasetBuilder.SourceName.places }?.sha256 == String(digest))
        }
    }

    @Test("building twice gives the same values for every record")
    func deterministic() throws {
        let first = try RealData.dataset()
        let second = try RealData.build()
        #expect((try second.dataset.records()).count == (try first.dataset.records()).count)
        for (a, b) in zip((try first.dataset.records()), (try second.dataset.records())) where a != b {
            Issue.record("postcode \(a.postcode) differs between two builds")
        }
        #expect((try second.dataset.records()) == (try first.dataset.records()))
        #expect(second.dataset.metadata.model == first.dataset.metadata.model)
        #expect(second.report.sources == first.report.sources)
        #expect(second.report.plausibility == first.report.plausibility)
        let grid = ReportGeometry.outlineGrid
        let tolerance = ReportGeometry.outlineTolerance
        let outline = try #require(try first.dataset.storedCountryOutline(grid: grid, tolerance: tolerance))
        #expect(try second.dataset.storedCountryOutline(grid: grid, tolerance: tolerance) == outline)
    }

    @Test("the stored country outline is the one dissolved from the stored areas")
    func storedOutline() throws {
        let built = try RealData.dataset()
        let stored = try #require(
            try built.dataset.storedCountryOutline(
                grid: ReportGeometry.outlineGrid, tolerance: ReportGeometry.outlineTolerance))
        let dissolved = try ReportGeometry.dissolvedCountryOutline(built.dataset)
        #expect(stored == dissolved)
        #expect(try ReportGeometry.countryOutline(built.dataset) == stored)
        // The mainland and islands of 4 km² or more, shells only, on the 500 m grid.
        #expect(stored.id == "NL")
        #expect(stored.polygons.count > 1)
        #expect(stored.polygons.allSatisfy { $0.count == 1 })
        let coordinates = stored.polygons.flatMap { $0.flatMap { $0 } }
        let grid = ReportGeometry.outlineGrid
        #expect(coordinates.allSatisfy { ($0 / grid).rounded() * grid == $0 })
        let box = try #require(stored.envelope)
        let extent = Fixtures.netherlands
        #expect(box.minX >= extent.minX - 500 && box.maxX <= extent.maxX + 500)
        #expect(box.minY >= extent.minY - 500 && box.maxY <= extent.maxY + 500)
        #expect(box.maxX - box.minX > 0.9 * (extent.maxX - extent.minX))
        // Other settings are not stored: they are dissolved when asked for.
        #expect(try built.dataset.storedCountryOutline(grid: 250, tolerance: ReportGeometry.outlineTolerance) == nil)
        #expect(try built.dataset.storedCountryOutline(grid: ReportGeometry.outlineGrid, tolerance: 2000) == nil)
    }

    @Test("a mapping that names a column the CBS file lacks is invalid data naming the column")
    func mappingWithUnknownColumn() throws {
        let mirror = try #require(Fixtures.mirror, Fixtures.mirrorReason)
        let folder = try Fixtures.temporaryFolder()
        defer { Fixtures.remove(folder) }
        let text = try String(contentsOf: Fixtures.mapping, encoding: .utf8)
        #expect(text.contains("\"2020\": \"WOZWONING\""))
        let mapping = try Fixtures.write(
            text.replacingOccurrences(of: "\"2020\": \"WOZWONING\"", with: "\"2020\": \"WOZ_WONING_2020\""),
            to: "cbs-variables.json", in: folder)
        let options = DatasetBuildOptions(
            sources: mirror, output: folder.appendingPathComponent("out.gpkg"),
            profileSet: try Fixtures.profileSet(Fixtures.threeSetFile), profileSetFile: nil, mapping: mapping,
            toolVersion: "test")
        expectAreaError(.invalidData, mentioning: ["WOZ_WONING_2020", "cbs_pc4_2020_v1"]) {
            try DatasetBuilder.build(options)
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out.gpkg").path))
    }
}

/// The dataset build on a tiny hand-made sources folder, its errors, and licensed profiles.
@Suite("Dataset build on hand-made sources")
struct TinyDatasetBuildTests {
    @Test("the report counts postcodes, residents, imputations and what is missing")
    func report() throws {
        let report = try TinyData.dataset().report
        #expect(report.postcodes == 5)
        #expect(report.residents == 1000 + 2000 + 400 + 2 + 50)
        #expect(report.households == 500 + 800 + 180 + 2 + 60)
        #expect(report.residentsImputed == ["1004"])
        #expect(report.householdsImputed == ["1004"])
        #expect(report.emptyGeometries == ["1005"])
        #expect(report.missingAgeBands == ["1005"])
        #expect(report.missingPlaces == ["1005"])
        #expect(report.profileSource == "model")
        #expect(report.sources.map(\.name).contains("test-three.json"))
    }

    @Test("the build stores the country outline with its settings; areas under 4 km² are left out")
    func storedOutline() throws {
        let built = try TinyData.dataset()
        let rows = try GeoPackage(url: built.url).rows(of: DatasetSchema.outlineTable)
        #expect(rows.count == 1)
        let row = try #require(rows.first)
        #expect(row["name"] == .text("NL"))
        #expect(row["crs"] == .text("EPSG:28992"))
        #expect(row["grid"]?.double == 500)
        #expect(row["tolerance"]?.double == 1000)
        #expect(row["minimum_area"]?.double == 4_000_000)
        // 1001 and 1002 dissolve into 2 km², 1003 and 1004 are 1 km² each: no polygon is kept.
        let stored = try #require(try built.dataset.storedCountryOutline(grid: 500, tolerance: 1000))
        #expect(stored == MapShape(id: "NL", polygons: []))
        #expect(try ReportGeometry.dissolvedCountryOutline(built.dataset) == stored)
        #expect(try built.dataset.storedCountryOutline(grid: 100, tolerance: 1000) == nil)
    }

    @Test("a record carries its place, figures, age bands, profiles and envelope")
    func record() throws {
        let dataset = try TinyData.dataset().dataset
        let record = try dataset.record("1001")
        #expect(record.place == "Testdorp")
        #expect(record.municipality == "Testgemeente")
        #expect(record.province == "Utrecht")
        #expect(record.residents == 1000)
        #expect(record.households == 500)
        #expect(record.demographics[.age0to14] == 100)
        #expect(record.demographics[.householdsTwoParent] == 50)
        #expect(record.demographics[.householdSize] == 2)
        #expect(record.demographics[.age65to74] == 200)
        #expect(record.demographics[.age75plus] == 100)
        #expect(record.demographics[.ageFileResidents] == 1000)
        #expect(record.envelope == Envelope(minX: 150_000, minY: 460_000, maxX: 151_000, maxY: 461_000))
        #expect(record.profileAdults.count == 3)
        #expect(record.people.children == 100)
        #expect(record.people.adults == 900)
        #expect(Fixtures.relative(record.profileAdults.reduce(0, +), 900) < 1e-12)
        #expect(record.profileSource == "model")

        let suppressed = try dataset.record("1004")
        #expect(suppressed.residents == 2)
        #expect(suppressed.flags.contains("residents_imputed"))
        #expect(suppressed.flags.contains("households_imputed"))
        #expect(suppressed.demographics[.houseValue] == nil) // a suppressed average stays missing

        let empty = try dataset.record("1005")
        #expect(empty.envelope == nil)
        #expect(empty.residents == 50)
        #expect(empty.flags.contains("empty_geometry"))
        #expect(empty.flags.contains("no_age_bands"))
    }

    @Test("a dataset of the older layout is refused with a sentence saying to rebuild it")
    func olderLayout() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { Fixtures.remove(folder) }
        let url = folder.appendingPathComponent("old.gpkg")
        let metadata = AttributeTable(
            name: DatasetSchema.metadataTable, description: "",
            columns: [ColumnSpec("key", .text), ColumnSpec("value", .text)],
            rows: [[.text("format_version"), .text("\"2\"")], [.text("tool_version"), .text("\"0.9\"")]])
        try GeoPackageWriter(
            layer: DatasetSchema.layer, geometryType: "MULTIPOLYGON", crs: DatasetSchema.crs,
            columns: [ColumnSpec("postcode", .text)]
        ).write(to: url, features: [], tables: [metadata])
        let error = try #require(throws: AreaAnalysisError.self) { try PostcodeDataset(url: url) }
        #expect(error.code == .invalidData)
        #expect(error.message.contains("dataset layout 2"), "\(error.message)")
        #expect(error.message.contains("rebuild it with 'geoprofile data build'"), "\(error.message)")
    }

    @Test("the three-profile model is calibrated: population-weighted shares equal the set's")
    func calibrated() throws {
        let dataset = try TinyData.dataset().dataset
        #expect(dataset.profileSet.profiles.map(\.id) == ["urban", "family", "senior"])
        let national = CompositionBuilder(dataset: dataset).national
        #expect(zip(national, [0.4, 0.35, 0.25]).allSatisfy { abs($0 - $1) < 1e-9 }, "\(national)")
        // the urban postcode leans urban, the rural one senior
        let urban = try dataset.record("1001").shares
        let rural = try dataset.record("1003").shares
        #expect(urban[0] > rural[0])
        #expect(rural[2] > urban[2])
    }

    @Test("vintage 2023 takes the figures from the CSV by the new column names")
    func vintage2023() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { Fixtures.remove(folder) }
        try TinyData.writeSources(to: folder)
        // the 2023 column names, from the mapping file (a list means the columns are added up)
        let root = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: Fixtures.mapping)) as? [String: Any])
        let variables = try #require(root["variables"] as? [[String: Any]])
        var header = ["pc4"]
        var cells: [String: [String]] = ["1001": ["1001"], "1002": ["1002"], "1003": ["1003"], "1005": ["1005"]]
        for entry in variables {
            let id = try #require(entry["id"] as? String)
            let columns = try (entry["2023"] as? [String]) ?? [#require(entry["2023"] as? String)]
            for column in columns {
                header.append(column)
                for code in cells.keys.sorted() {
                    let postcode = try #require(TinyData.postcodes.first { String($0.code) == code })
                    var value = TinyData.value(id, postcode).double.map { String($0) } ?? ""
                    if id == "residents" { value = code == "1005" ? "" : String(postcode.residents + 100) }
                    if columns.count > 1 { value = "5" }
                    cells[code]?.append(value)
                }
            }
        }
        let lines = [header.joined(separator: ",")] + cells.keys.sorted().map { cells[$0]!.joined(separator: ",") }
        try Fixtures.write(
            lines.joined(separator: "\n") + "\n", to: DatasetBuilder.SourceName.keyFigures2023, in: folder)

        var options = try TinyData.options(sources: folder, output: folder.appendingPathComponent("2023.gpkg"))
        options.vintage = "2023"
        let report = try DatasetBuilder.build(options)
        #expect(report.sources.contains { $0.name == DatasetBuilder.SourceName.keyFigures2023 })
        #expect(report.residentsImputed == ["1005"])
        #expect(report.residents == 1100 + 2100 + 500 + 2)
        let dataset = try PostcodeDataset(url: folder.appendingPathComponent("2023.gpkg"))
        #expect(dataset.metadata.cbsVintage == "2023")
        #expect(dataset.metadata.cbsTitle == "Kerncijfers per postcode, 1 januari 2023")
        let record = try dataset.record("1001")
        #expect(record.residents == 1100)
        #expect(record.households == 500)
        #expect(record.demographics[.pctWesternMigration] == 10) // 5 + 5
        let absent = try dataset.record("1004")
        #expect(absent.flags.contains("no_figures_2023"))
        #expect(absent.residents == 0)
    }

    @Test("a source folder that does not exist is missing input")
    func missingSources() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { Fixtures.remove(folder) }
        let options = try TinyData.options(
            sources: folder.appendingPathComponent("no-such-folder"), output: folder.appendingPathComponent("out.gpkg"))
        expectAreaError(.missingInput, mentioning: ["no-such-folder", "does not exist"]) {
            try DatasetBuilder.build(options)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test("a source folder without the PC4 areas is missing input naming the file")
    func missingAreas() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { Fixtures.remove(folder) }
        let options = try TinyData.options(sources: folder, output: folder.appendingPathComponent("out.gpkg"))
        expectAreaError(.missingInput, mentioning: [DatasetBuilder.SourceName.areas]) {
            try DatasetBuilder.build(options)
        }
    }

    @Test("an unknown CBS vintage is a usage error listing the known ones")
    func unknownVintage() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { Fixtures.remove(folder) }
        var options = try TinyData.options(sources: folder, output: folder.appendingPathComponent("out.gpkg"))
        options.vintage = "1999"
        expectAreaError(.usage, mentioning: ["1999", "2020, 2023"]) { try DatasetBuilder.build(options) }
    }

    @Test("an output folder that does not exist cannot be created, and the sources stay as they were")
    func unwritableOutput() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { Fixtures.remove(folder) }
        try TinyData.writeSources(to: folder)
        let before = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        let options = try TinyData.options(sources: folder, output: folder.appendingPathComponent("absent/out.gpkg"))
        expectAreaError(.cannotCreateOutput) { try DatasetBuilder.build(options) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == before)
    }
}

/// `--profiles`: licensed or surveyed profile figures that replace the model's.
@Suite("Licensed profile figures")
struct LicensedProfilesTests {
    static let postcodes: Set<String> = ["1001", "1002", "1003", "1004", "1005"]

    func set() throws -> ProfileSet { try Fixtures.profileSet(Fixtures.threeSetFile) }

    func read(_ csv: String) throws -> [String: [Double]] {
        let folder = try Fixtures.temporaryFolder()
        defer { Fixtures.remove(folder) }
        let url = try Fixtures.write(csv, to: "profiles.csv", in: folder)
        return try LicensedProfiles.read(url, set: set(), postcodes: Self.postcodes)
    }

    @Test("counts become shares per postcode")
    func counts() throws {
        let shares = try read("postcode,urban,family,senior\n1001,10,30,60\n1002,5,5,10\n")
        #expect(Fixtures.approximately(try #require(shares["1001"]), [0.1, 0.3, 0.6]))
        #expect(shares["1002"] == [0.25, 0.25, 0.5])
        #expect(shares.count == 2)
    }

    @Test("shares are kept, columns may come in any order, and decimal commas are read")
    func shares() throws {
        let shares = try read("senior;postcode;urban;family\n0,2;1003;0,5;0,3\n")
        let values = try #require(shares["1003"])
        #expect(Fixtures.approximately(values, [0.5, 0.3, 0.2]))
    }

    @Test("a postcode with zero counts keeps the national shares")
    func zeroCounts() throws {
        let shares = try read("postcode,urban,family,senior\n1001,0,0,0\n1002,1,1,2\n")
        #expect(shares["1001"] == [0.4, 0.35, 0.25])
    }

    @Test("blank lines and a byte-order mark are ignored")
    func blankLines() throws {
        let shares = try read("\u{FEFF}postcode,urban,family,senior\r\n1001,1,1,2\r\n\r\n1002,2,1,1\r\n\r\n")
        #expect(shares["1001"] == [0.25, 0.25, 0.5])
        #expect(shares["1002"] == [0.5, 0.25, 0.25])
    }

    @Test("a postcode the dataset lacks is invalid data naming it and its line")
    func unknownPostcode() {
        expectAreaError(.invalidData, mentioning: ["line 3", "'9999'", "not in the dataset"]) {
            try read("postcode,urban,family,senior\n1001,1,1,1\n9999,1,1,1\n")
        }
    }

    @Test("a negative count is invalid data naming the profile and postcode")
    func negative() {
        expectAreaError(.invalidData, mentioning: ["line 2", "family", "negative", "1002"]) {
            try read("postcode,urban,family,senior\n1002,10,-5,3\n")
        }
    }

    @Test("a missing profile column is invalid data listing the columns needed")
    func missingColumn() {
        expectAreaError(.invalidData, mentioning: ["'senior'", "postcode, urban, family, senior"]) {
            try read("postcode,urban,family\n1001,1,1\n")
        }
    }

    @Test("a missing postcode column, a repeated postcode and text for a number are invalid data")
    func otherErrors() {
        expectAreaError(.invalidData, mentioning: ["'postcode'"]) { try read("pc4,urban,family,senior\n1001,1,1,1\n") }
        expectAreaError(.invalidData, mentioning: ["appears twice"]) {
            try read("postcode,urban,family,senior\n1001,1,1,1\n1001,2,2,2\n")
        }
        expectAreaError(.invalidData, mentioning: ["'many'", "urban"]) {
            try read("postcode,urban,family,senior\n1001,many,1,1\n")
        }
    }

    @Test("a shares file in the build replaces the model's shares for its postcodes only")
    func build() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { Fixtures.remove(folder) }
        try TinyData.writeSources(to: folder)
        let file = try Fixtures.write(
            "postcode,urban,family,senior\n1001,0.5,0.3,0.2\n1003,0.1,0.1,0.8\n", to: "licensed.csv", in: folder)
        let url = folder.appendingPathComponent("licensed.gpkg")
        let report = try DatasetBuilder.build(try TinyData.options(sources: folder, output: url, profilesFile: file))
        #expect(report.profileSource == "licensed.csv")
        #expect(report.profilesFromModel.sorted() == ["1002", "1004", "1005"])
        let dataset = try PostcodeDataset(url: url)
        #expect(dataset.metadata.profileSource == "licensed.csv")
        let licensed = try dataset.record("1001")
        #expect(licensed.profileSource == "file")
        #expect(Fixtures.approximately(licensed.shares, [0.5, 0.3, 0.2]))
        // shares of adults, applied to the adults (900 of 1,000 residents; 360 of 400)
        #expect(Fixtures.approximately(licensed.profileAdults, [450, 270, 180]))
        let other = try dataset.record("1003")
        #expect(Fixtures.approximately(other.profileAdults, [36, 36, 288]))
        // the postcodes the file leaves out keep the model's figures
        let model = try TinyData.dataset().dataset.record("1002")
        let kept = try dataset.record("1002")
        #expect(kept.profileSource == "model")
        #expect(kept.shares == model.shares)
        #expect(report.sources.contains { $0.name == "licensed.csv" && $0.sha256.count == 64 })
    }
}
