import AreaAnalysis
import ArgumentParser
import Foundation
import ProfileModel
import TestSupport
import Testing

@testable import geoprofile

/// The commands in-process: how arguments parse, what `validate()` refuses, how errors are
/// phrased, and a few runs that write their output to a file.
@Suite("Commands in-process")
struct ParsingTests {
    @Test("analyze parses its zone options, method, comparison and format")
    func analyzeOptions() throws {
        let parsed = try Geoprofile.parseAsRoot([
            "analyze", "zones.gpkg", "--layer", "wijken", "--id-field", "code", "--crs", "EPSG:28992",
            "--method", "centroid", "--compare-to", "municipality", "--format", "csv", "--csv-delimiter", "semicolon",
        ])
        let command = try #require(parsed as? AnalyzeCommand)
        #expect(command.zoneFile == "zones.gpkg")
        #expect(command.zones.readOptions.layer == "wijken")
        #expect(command.zones.readOptions.idField == "code")
        #expect(command.zones.readOptions.crs == "EPSG:28992")
        #expect(command.method == .centroid)
        #expect(command.comparison == .municipality)
        #expect(command.format == .csv)
        #expect(command.csvDelimiter == .semicolon)
    }

    @Test(
        "validate() refuses what does not fit together, naming the flag",
        arguments: [
            (["analyze"], "give either a zone file or --wkt"),
            (["analyze", "a.geojson", "--wkt", "POINT(0 0)"], "give either a zone file or --wkt"),
            (["analyze", "--wkt", "POINT(0 0)", "--radius", "0"], "--radius must be a positive number"),
            (["recommend", "--postcode", "1011", "--reach-target", "1.5"], "--reach-target must lie in (0, 1]"),
            (["recommend", "--postcode", "1011", "--max-channels", "0"], "--max-channels must be at least 1"),
            (["recommend"], "give either a zone file or --postcode"),
            (["model", "calibrate", "--survey", "s.csv", "-o", "x.json", "--prior-strength", "0"], "--prior-strength"),
        ])
    func validation(arguments: [String], message: String) {
        #expect(throws: (any Error).self) { _ = try Geoprofile.parseAsRoot(arguments) }
        do {
            _ = try Geoprofile.parseAsRoot(arguments)
        } catch {
            #expect(Geoprofile.message(for: error).contains(message), "\(Geoprofile.message(for: error))")
            #expect(Geoprofile.exitCode(for: error) == .validationFailure)
        }
    }

    @Test("the comparison names map onto requests; anything else is a zone file")
    func comparison() throws {
        for (name, expected) in [
            ("nl", ComparisonRequest.nation), ("gemeente", .municipality),
            ("other.geojson", .file(URL(fileURLWithPath: "other.geojson"))),
        ] {
            let command = try #require(
                try Geoprofile.parseAsRoot(["analyze", "z.geojson", "--compare-to", name]) as? AnalyzeCommand)
            #expect(command.comparison == expected)
        }
    }

    @Test("every input is phrased as the flag a user types, and every code has its sysexits number")
    func errorPhrasing() {
        let error = GeoprofileError(.usage, "x.shp has no CRS; give it with \(input: .crs), or set \(input: .idField)")
        #expect(ErrorReporting.line(error) == "error: x.shp has no CRS; give it with --crs, or set --id-field")
        let flags = ErrorInput.allCases.map(ErrorReporting.flag)
        #expect(Set(flags).count == flags.count)
        #expect(
            GeoprofileError.Code.allCases.map(ErrorReporting.exitCode) == [65, 66, 73, 64, 70, 69])
    }

    @Test(
        "analyze runs in-process and writes the report to --output",
        .enabled(if: Fixtures.hasSources, Fixtures.skipReason))
    func analyzeInProcess() async throws {
        let output = try Fixtures.temporaryFolder().appendingPathComponent("zone.csv")
        let command = try #require(
            try Geoprofile.parseAsRoot([
                "analyze", Repository.url("Data/zones/utrecht-binnenstad.geojson").path, "--format", "csv",
                "--dataset", try Fixtures.datasetURL().path, "--output", output.path,
            ]) as? AnalyzeCommand)
        try await command.run()
        let text = try String(contentsOf: output, encoding: .utf8)
        let golden = try String(
            contentsOf: Repository.url("Tests/Goldens/analyze-utrecht-csv.txt"), encoding: .utf8)
        #expect(text == golden)
    }

    @Test(
        "a library error in-process becomes exit 66 for a missing dataset",
        .enabled(if: Fixtures.hasSources, Fixtures.skipReason))
    func missingDatasetInProcess() async throws {
        let command = try #require(
            try Geoprofile.parseAsRoot(["postcode", "1011", "--dataset", "/nonexistent/nl-pc4.gpkg"])
                as? PostcodeCommand)
        await #expect(throws: ExitCode(66)) { try await command.run() }
    }
}
