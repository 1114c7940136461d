import AreaAnalysis
import Foundation
import ProfileModel
import Testing

/// The dataset build checks the data, not only its syntax: figures that are not numbers, a
/// source without areas or with too few for the country, residents missing nearly everywhere.
@Suite("Dataset build: validation of the sources")
struct DatasetBuildValidationTests {
    @Test("a figure column holding text is refused, naming the column, the postcode and the value")
    func textInAFigureColumn() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { Fixtures.remove(folder) }
        try TinyData.writeSources(to: folder, replacing: (1002, "INWONER", .text("n.v.t.")))
        let output = folder.appendingPathComponent("out.gpkg")
        expectAreaError(.invalidData, mentioning: ["INWONER", "1002", "'n.v.t.'", "not a number"]) {
            try DatasetBuilder.build(try TinyData.options(sources: folder, output: output))
        }
        #expect(!FileManager.default.fileExists(atPath: output.path))
        // A number written as text is still a number.
        try TinyData.writeSources(to: folder, replacing: (1002, "INWONER", .text(" 2000 ")))
        let report = try DatasetBuilder.build(try TinyData.options(sources: folder, output: output))
        #expect(report.residents > 2000)
    }

    @Test("a source without postcode areas, or with too few for the country, is refused")
    func emptyOrCutDownSource() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { Fixtures.remove(folder) }
        let output = folder.appendingPathComponent("out.gpkg")
        try TinyData.writeSources(to: folder, areas: 0)
        expectAreaError(.invalidData, mentioning: ["holds no postcode areas"]) {
            try DatasetBuilder.build(try TinyData.options(sources: folder, output: output))
        }
        try TinyData.writeSources(to: folder)
        var national = try TinyData.options(sources: folder, output: output)
        national.minimumPostcodes = 1000
        expectAreaError(.invalidData, mentioning: ["holds 5 postcodes", "about 4,070"]) {
            try DatasetBuilder.build(national)
        }
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test("a residents column that is empty nearly everywhere is refused")
    func residentsMissing() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { Fixtures.remove(folder) }
        try TinyData.writeSources(to: folder, replacing: (1001, "INWONER", .null), areas: 2)
        let output = folder.appendingPathComponent("out.gpkg")
        expectAreaError(.invalidData, mentioning: ["residents for only 1 of its 2 postcodes"]) {
            try DatasetBuilder.build(try TinyData.options(sources: folder, output: output))
        }
    }
}
