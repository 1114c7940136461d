import Foundation
import Testing

/// The exact output of a fixed set of commands, compared byte for byte with the files in
/// `Tests/Goldens`.
///
/// Regenerate them all after an intended change of output (a new model, a fixed rendering):
///
///     GEOPROFILE_UPDATE_GOLDENS=1 swift test --filter Golden
///
/// Paths of the test run and the GEOS and PROJ versions are replaced by placeholders, so the
/// files hold nothing that depends on the machine.
@Suite("Golden files", .enabled(if: Fixtures.hasSources, Fixtures.skipReason))
struct GoldenTests {
    /// One command and the file its output is kept in.
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var arguments: [String]
        /// Whether the command reads the postcode dataset (`--dataset` is added).
        var dataset = true

        var testDescription: String { name }
    }

    static let folder = Fixtures.repository.appendingPathComponent("Tests/Goldens")
    static let utrecht = "Data/zones/utrecht-binnenstad.geojson"
    static let fixtureZones = "Tests/Goldens/zones/fixture-zones.geojson"
    static var municipalities: String { Fixtures.sources.appendingPathComponent("gemeenten_2021.gpkg").path }

    static let cases: [Case] = {
        var cases: [Case] = []
        for format in ["table", "json", "csv", "geojson", "markdown"] {
            cases.append(Case(name: "analyze-utrecht-\(format)", arguments: ["analyze", utrecht, "--format", format]))
            cases.append(
                Case(
                    name: "analyze-fixture-\(format)",
                    arguments: [
                        "analyze", fixtureZones, "--id-field", "code", "--name-field", "name", "--format", format,
                    ]))
        }
        cases += [
            Case(
                name: "analyze-utrecht-csv-semicolon",
                arguments: ["analyze", utrecht, "--format", "csv", "--csv-delimiter", "semicolon"]),
            Case(
                name: "analyze-utrecht-municipality",
                arguments: ["analyze", utrecht, "--compare-to", "municipality"]),
            Case(
                name: "analyze-utrecht-centroid-markdown",
                arguments: [
                    "analyze", utrecht, "--method", "centroid", "--compare-to", "municipality", "--format", "markdown",
                ]),
            Case(
                name: "analyze-point-radius-json",
                arguments: [
                    "analyze", "--wkt", "SRID=4326;POINT(4.8952 52.3702)", "--radius", "800", "--format", "json",
                ]),
            Case(
                name: "analyze-municipalities-csv",
                arguments: [
                    "analyze", municipalities, "--layer", "gemeenten", "--id-field", "gemeente", "--format", "csv",
                ]),
        ]
        for format in ["table", "json", "csv"] {
            cases.append(Case(name: "postcode-\(format)", arguments: ["postcode", "1011", "9444", "--format", format]))
        }
        cases += [
            Case(name: "postcode-explain-table", arguments: ["postcode", "1011", "--explain"]),
            Case(name: "postcode-explain-json", arguments: ["postcode", "9444", "--explain", "--format", "json"]),
            Case(name: "postcode-unknown", arguments: ["postcode", "1011", "1000", "--format", "csv"]),
        ]
        for format in ["table", "json", "markdown"] {
            cases.append(
                Case(name: "recommend-utrecht-\(format)", arguments: ["recommend", utrecht, "--format", format]))
        }
        for format in ["table", "json", "markdown"] {
            cases.append(
                Case(
                    name: "plan-utrecht-timeline-\(format)",
                    arguments: [
                        "plan", utrecht, "--phases", "Data/recommender/phases/example-timeline.json", "--format",
                        format,
                    ]))
        }
        cases += [
            Case(
                name: "plan-postcodes-iap2",
                arguments: [
                    "plan", "--postcode", "1011", "9444", "--phases", "iap2", "--start", "2026-09-07", "--budget",
                    "low",
                    "--departments", "3",
                ]),
            Case(name: "error-plan-without-start", arguments: ["plan", "--postcode", "1011"]),
            Case(
                name: "recommend-utrecht-json-nl",
                arguments: ["recommend", utrecht, "--format", "json", "--lang", "nl"]),
            Case(
                name: "plan-utrecht-timeline-json-nl",
                arguments: [
                    "plan", utrecht, "--phases", "Data/recommender/phases/example-timeline.json", "--format", "json",
                    "--lang", "nl",
                ]),
            Case(
                name: "recommend-postcodes-iap2",
                arguments: ["recommend", "--postcode", "1011", "9444", "--phases", "iap2", "--budget", "low"]),
            Case(
                name: "recommend-fixture-markdown",
                arguments: ["recommend", fixtureZones, "--id-field", "code", "--format", "markdown"]),
            Case(name: "profiles-table", arguments: ["profiles"], dataset: false),
            Case(name: "profiles-json", arguments: ["profiles", "--format", "json"], dataset: false),
            Case(name: "profiles-three-table", arguments: ["profiles", "--set", "test-three"], dataset: false),
            Case(name: "data-info-table", arguments: ["data", "info"]),
            Case(name: "data-info-json", arguments: ["data", "info", "--format", "json"]),
            // Errors: the sentence and the exit code.
            Case(name: "error-point-without-radius", arguments: ["analyze", "--wkt", "SRID=4326;POINT(5.12 52.09)"]),
            Case(name: "error-unknown-set", arguments: ["profiles", "--set", "nonexistent"], dataset: false),
            Case(
                name: "error-missing-dataset",
                arguments: ["postcode", "1011", "--dataset", "/nonexistent/nl-pc4.gpkg"], dataset: false),
            Case(
                name: "error-missing-sources",
                arguments: ["data", "build", "--sources", "/nonexistent/cbs", "--output", "/nonexistent/out.gpkg"],
                dataset: false),
            Case(
                name: "error-bad-crs",
                arguments: ["analyze", "--wkt", "POLYGON((0 0, 1 0, 1 1, 0 0))", "--crs", "EPSG:999999"]),
            Case(name: "error-bad-layer", arguments: ["analyze", municipalities, "--layer", "wijken"]),
            Case(name: "error-bad-id-field", arguments: ["analyze", utrecht, "--id-field", "code"]),
            Case(name: "error-unknown-postcode-recommend", arguments: ["recommend", "--postcode", "1000"]),
        ]
        return cases
    }()

    /// The output of a run as kept in a golden file: standard output, then the exit status
    /// and standard error where either says something.
    static func golden(of run: Fixtures.Run, dataset: URL?) -> String {
        var text = run.stdout
        if run.status != 0 || !run.stderr.isEmpty {
            text += "--- exit \(run.status), standard error:\n" + run.stderr
        }
        return normalised(text, dataset: dataset)
    }

    /// Replaces what depends on the machine with placeholders.
    static func normalised(_ text: String, dataset: URL?) -> String {
        var text = text
        if let dataset {
            text = text.replacingOccurrences(of: dataset.path, with: "$DATASET")
        }
        text = text.replacingOccurrences(of: Fixtures.sources.path, with: "$SOURCES")
        text = text.replacingOccurrences(of: Fixtures.repository.path, with: "$REPOSITORY")
        for (pattern, replacement) in [
            (#"GEOS [0-9][^,\s]*"#, "GEOS <version>"), (#"PROJ [0-9][^,\s]*"#, "PROJ <version>"),
            (#""(geos|proj)" : "[^"]*""#, #""$1" : "<version>""#),
        ] {
            text = text.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
        }
        return text
    }

    static var updating: Bool { ProcessInfo.processInfo.environment["GEOPROFILE_UPDATE_GOLDENS"] == "1" }

    @Test("the output is the golden file's, byte for byte", arguments: cases)
    func golden(_ testCase: Case) throws {
        let dataset = testCase.dataset ? try Fixtures.datasetURL() : nil
        let run = try Fixtures.run(testCase.arguments + (dataset.map { ["--dataset", $0.path] } ?? []))
        let actual = Self.golden(of: run, dataset: dataset)
        let file = Self.folder.appendingPathComponent("\(testCase.name).txt")
        if Self.updating {
            try Data(actual.utf8).write(to: file)
            return
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(
            actual == expected,
            "\(testCase.name) differs from Tests/Goldens/\(testCase.name).txt; if the change is intended, run GEOPROFILE_UPDATE_GOLDENS=1 swift test --filter Golden"
        )
    }
}
