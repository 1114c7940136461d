import Foundation
import Testing

/// The bad-input catalogue: every command, option and input file a user can get wrong,
/// run through the binary. Each case asserts the exit code, the sentence (one line, naming
/// what is wrong) and that no file was left behind or changed. `Docs/reliability.md`
/// describes the catalogue.
@Suite("Bad-input catalogue", .enabled(if: Fixtures.hasSources, Fixtures.skipReason))
struct BadInputCatalogTests {
    /// One bad input.
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        /// Arguments; `$D` is a fresh folder holding `files`, `$DATASET` the real dataset.
        var arguments: [String]
        var files: [String: Data] = [:]
        var status: Int32
        /// Text the message must contain.
        var fragment: String
        /// Argument-parser usage errors add a usage block after the sentence.
        var usageBlock = false
        var input: Data?

        var testDescription: String { name }

        init(
            _ name: String, _ arguments: [String], files: [String: String] = [:], binary: [String: Data] = [:],
            status: Int32, _ fragment: String, usageBlock: Bool = false, input: String? = nil
        ) {
            self.name = name
            self.arguments = arguments
            self.files = files.mapValues { Data($0.utf8) }.merging(binary) { a, _ in a }
            self.status = status
            self.fragment = fragment
            self.usageBlock = usageBlock
            self.input = input.map { Data($0.utf8) }
        }
    }

    static let square = "[[5.10, 52.08], [5.13, 52.08], [5.13, 52.10], [5.10, 52.10], [5.10, 52.08]]"
    static let polygon = #"{"type": "Polygon", "coordinates": ["# + square + "]}"
    static func feature(_ geometry: String, id: String = "a") -> String {
        #"{"type": "Feature", "properties": {"code": ""# + id + #""}, "geometry": "# + geometry + "}"
    }
    static func collection(_ features: [String]) -> String {
        #"{"type": "FeatureCollection", "features": ["# + features.joined(separator: ",") + "]}"
    }
    static let profilesHeader =
        "postcode,kritische-vernieuwers,stadse-nomaden,geinformeerde-gezinsdrukte,gevestigde-beinvloeders,"
        + "zelfbewuste-aanpakkers,zorgzame-senioren,honkvaste-buurtbewoners,eigengereide-digitalen"
    static let survey = "postcode,profile\n1011,stadse-nomaden\n9444,zelfbewuste-aanpakkers\n"
    static let garbage = Data((0..<20_000).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) })

    static let dataBuild: [Case] = [
        Case(
            "build: missing source folder", ["data", "build", "--sources", "/nonexistent/cbs", "-o", "$D/o.gpkg"],
            status: 66, "does not exist"),
        Case(
            "build: empty source folder", ["data", "build", "--sources", "$D", "-o", "$D/o.gpkg"],
            status: 66, "cbs_pc4_2020_v1.gpkg"),
        Case(
            "build: source is not a GeoPackage", ["data", "build", "--sources", "$D", "-o", "$D/o.gpkg"],
            files: ["cbs_pc4_2020_v1.gpkg": "not a database"], status: 65, "is not a GeoPackage"),
        Case("build: empty output path", ["data", "build", "-o", ""], status: 64, "output path is empty"),
        Case(
            "build: output to a device", ["data", "build", "-o", "/dev/null"], status: 64, "must be written to a file"),
        Case("build: output is a folder", ["data", "build", "-o", "$D"], status: 73, "is a folder"),
        Case(
            "build: output folder missing", ["data", "build", "-o", "/nonexistent/x/o.gpkg"], status: 73,
            "does not exist"),
        Case(
            "build: unknown profile set", ["data", "build", "--set", "nope", "-o", "$D/o.gpkg"], status: 66,
            "there is no profile set 'nope'"),
        Case(
            "build: profile set not JSON", ["data", "build", "--set", "$D/s.json", "-o", "$D/o.gpkg"],
            files: ["s.json": "{"], status: 65, "s.json"),
        Case("build: unknown vintage", ["data", "build", "--vintage", "1999"], status: 64, "1999", usageBlock: true),
        Case(
            "build: missing --profiles file", ["data", "build", "--profiles", "$D/p.csv", "-o", "$D/o.gpkg"],
            status: 66, "p.csv"),
        Case(
            "build: --profiles with an unknown postcode",
            ["data", "build", "--profiles", "$D/p.csv", "-o", "$D/o.gpkg"],
            files: ["p.csv": profilesHeader + "\n1000,1,1,1,1,1,1,1,1\n"], status: 65, "1000"),
        Case(
            "build: --profiles with a negative count",
            ["data", "build", "--profiles", "$D/p.csv", "-o", "$D/o.gpkg"],
            files: ["p.csv": profilesHeader + "\n1011,1,1,1,1,-1,1,1,1\n"], status: 65, "-1"),
    ]

    static let analyze: [Case] = [
        Case("analyze: missing file", ["analyze", "$D/none.geojson"], status: 66, "does not exist"),
        Case("analyze: a folder", ["analyze", "$D"], status: 64, "is a folder"),
        Case("analyze: empty file", ["analyze", "$D/z.geojson"], files: ["z.geojson": ""], status: 65, "is empty"),
        Case(
            "analyze: invalid JSON", ["analyze", "$D/z.geojson"], files: ["z.geojson": "{\"type\": "], status: 65,
            "not valid JSON"),
        Case(
            "analyze: JSON but not GeoJSON", ["analyze", "$D/z.geojson"], files: ["z.geojson": "[1, 2]"],
            status: 65, "not GeoJSON"),
        Case(
            "analyze: a LineString", ["analyze", "$D/z.geojson"],
            files: ["z.geojson": #"{"type": "LineString", "coordinates": [[5.1, 52.08], [5.13, 52.1]]}"#],
            status: 65, "LineString"),
        Case(
            "analyze: unclosed ring", ["analyze", "$D/z.geojson"],
            files: [
                "z.geojson":
                    #"{"type": "Polygon", "coordinates": [[[5.1, 52.08], [5.13, 52.08], [5.13, 52.1], [5.1, 52.1]]]}"#
            ], status: 65, "unclosed ring"),
        Case(
            "analyze: ring of three points", ["analyze", "$D/z.geojson"],
            files: ["z.geojson": #"{"type": "Polygon", "coordinates": [[[5.1, 52.08], [5.13, 52.08], [5.1, 52.08]]]}"#],
            status: 65, "at least 4"),
        Case(
            "analyze: coordinate too large for a number", ["analyze", "$D/z.geojson"],
            files: ["z.geojson": #"{"type": "Point", "coordinates": [1e999, 52]}"#], status: 65, "not a finite number"),
        Case(
            "analyze: latitude and longitude swapped", ["analyze", "$D/z.geojson"],
            files: [
                "z.geojson":
                    #"{"type": "Polygon", "coordinates": [[[52.08, 5.10], [52.08, 5.13], [52.10, 5.13], [52.10, 5.10], [52.08, 5.10]]]}"#
            ], status: 65, "swapped"),
        Case(
            "analyze: in the North Sea", ["analyze", "$D/z.geojson"],
            files: [
                "z.geojson":
                    #"{"type": "Polygon", "coordinates": [[[3.0, 53.5], [3.1, 53.5], [3.1, 53.6], [3.0, 53.6], [3.0, 53.5]]]}"#
            ], status: 65, "outside"),
        Case(
            "analyze: WKT with absurd coordinates",
            ["analyze", "--wkt", "SRID=28992;POLYGON((0 0, 1e308 0, 1e308 1e308, 0 1e308, 0 0))"], status: 65,
            "far outside the Netherlands"),
        Case(
            "analyze: zero-area zone",
            [
                "analyze", "--wkt",
                "SRID=28992;POLYGON((136000 455000, 137000 455000, 137000 455000.000001, 136000 455000))",
            ],
            status: 65, "almost no area"),
        Case(
            "analyze: WKT without SRID",
            ["analyze", "--wkt", "POLYGON((136000 455000, 137000 455000, 137000 456000, 136000 455000))"],
            status: 64, "no SRID"),
        Case(
            "analyze: WKT file without SRID", ["analyze", "$D/z.wkt"],
            files: ["z.wkt": "POLYGON((136000 455000, 137000 455000, 137000 456000, 136000 455000))"], status: 64,
            "z.wkt has no SRID"),
        Case("analyze: WKT that is not WKT", ["analyze", "--wkt", "SRID=28992;HEXAGON(1 2)"], status: 65, "WKT"),
        Case("analyze: empty WKT", ["analyze", "--wkt", ""], status: 65, "empty"),
        Case(
            "analyze: both file and WKT", ["analyze", "$D/z.geojson", "--wkt", "POINT(1 2)"], status: 64,
            "either a zone file or --wkt", usageBlock: true),
        Case("analyze: no zone at all", ["analyze"], status: 64, "either a zone file or --wkt", usageBlock: true),
        Case(
            "analyze: negative radius", ["analyze", "--wkt", "SRID=4326;POINT(4.9 52.37)", "--radius", "-5"],
            status: 64, "--radius", usageBlock: true),
        Case(
            "analyze: radius with a polygon", ["analyze", "$D/z.geojson", "--radius", "100"],
            files: ["z.geojson": polygon], status: 64, "--radius"),
        Case(
            "analyze: point without radius", ["analyze", "--wkt", "SRID=4326;POINT(4.9 52.37)"], status: 64,
            "--radius"),
        Case(
            "analyze: unknown CRS", ["analyze", "$D/z.geojson", "--crs", "EPSG:nonsense"],
            files: ["z.geojson": polygon], status: 65, "EPSG:nonsense"),
        Case("analyze: unknown layer", ["analyze", "$DATASET", "--layer", "wijken"], status: 65, "wijken"),
        Case(
            "analyze: missing id field", ["analyze", "$D/z.geojson", "--id-field", "wijkcode"],
            files: ["z.geojson": collection([feature(polygon)])], status: 65, "wijkcode"),
        Case(
            "analyze: duplicate ids", ["analyze", "$D/z.geojson", "--id-field", "code"],
            files: ["z.geojson": collection([feature(polygon), feature(polygon)])], status: 65, "two zones with the id"),
        Case(
            "analyze: missing name field", ["analyze", "$D/z.geojson", "--name-field", "naam"],
            files: ["z.geojson": collection([feature(polygon)])], status: 65, "naam"),
        Case("analyze: unknown extension", ["analyze", "$D/z.kml"], files: ["z.kml": "<kml/>"], status: 64, ".kml"),
        Case(
            "analyze: unreadable content without extension", ["analyze", "$D/zones"], files: ["zones": "hello"],
            status: 64, "not a zone file"),
        Case(
            "analyze: feature without geometry", ["analyze", "$D/z.geojson"],
            files: ["z.geojson": collection([feature("null"), feature(polygon, id: "b")])], status: 65, "no geometry"),
        Case(
            "analyze: collection without polygons", ["analyze", "$D/z.geojson"],
            files: ["z.geojson": #"{"type": "GeometryCollection", "geometries": []}"#], status: 65, "without polygons"),
        Case(
            "analyze: crs member without a name", ["analyze", "$D/z.geojson"],
            files: ["z.geojson": #"{"type": "Polygon", "crs": {"type": "name"}, "coordinates": []}"#], status: 65,
            "crs"),
        Case(
            "analyze: Shapefile without .shx", ["analyze", "$D/z.shp"], binary: ["z.shp": garbage], status: 66,
            "without its index z.shx"),
        Case(
            "analyze: Shapefile .prj that is not text", ["analyze", "$D/z.shp"],
            binary: ["z.shp": garbage, "z.shx": garbage, "z.dbf": garbage, "z.prj": garbage], status: 65,
            "z.shp is not a readable Shapefile"),
        Case(
            "analyze: GeoPackage that is not one", ["analyze", "$D/z.gpkg"], files: ["z.gpkg": "text"], status: 65,
            "z.gpkg"),
        Case(
            "analyze: missing comparison file", ["analyze", "$D/z.geojson", "--compare-to", "$D/none.geojson"],
            files: ["z.geojson": polygon], status: 66, "none.geojson"),
        Case(
            "analyze: unknown format", ["analyze", "$D/z.geojson", "--format", "xml"], status: 64, "xml",
            usageBlock: true),
        Case(
            "analyze: unknown delimiter", ["analyze", "$D/z.geojson", "--csv-delimiter", "tab"], status: 64, "tab",
            usageBlock: true),
        Case(
            "analyze: unknown method", ["analyze", "$D/z.geojson", "--method", "dasymetric"], status: 64,
            "dasymetric", usageBlock: true),
        Case(
            "analyze: missing dataset", ["analyze", "$D/z.geojson", "--dataset", "$D/none.gpkg"],
            files: ["z.geojson": polygon], status: 66, "none.gpkg"),
        Case(
            "analyze: dataset that is a folder", ["analyze", "$D/z.geojson", "--dataset", "$D"],
            files: ["z.geojson": polygon], status: 66, "is a folder"),
        Case(
            "analyze: dataset that is not a GeoPackage", ["analyze", "$D/z.geojson", "--dataset", "$D/d.gpkg"],
            files: ["z.geojson": polygon, "d.gpkg": "text"], status: 65, "d.gpkg"),
        Case(
            "analyze: empty output path", ["analyze", "$D/z.geojson", "-o", ""], files: ["z.geojson": polygon],
            status: 64, "output path is empty"),
        Case(
            "analyze: output is a folder", ["analyze", "$D/z.geojson", "-o", "$D"], files: ["z.geojson": polygon],
            status: 73, "is a folder"),
        Case(
            "analyze: output folder missing", ["analyze", "$D/z.geojson", "-o", "/nonexistent/x/r.csv"],
            files: ["z.geojson": polygon], status: 73, "does not exist"),
        Case(
            "analyze: full disk", ["analyze", "$D/z.geojson", "-o", "/dev/full"], files: ["z.geojson": polygon],
            status: 73, "No space left on device"),
        Case(
            "analyze: standard input that is not a zone", ["analyze", "-"], status: 65, "standard input",
            input: "hello"),
        Case(
            "analyze: EWKT with a non-numeric SRID", ["analyze", "--wkt", "SRID=abc;POINT(1 2)"], status: 65,
            "SRID=abc"),
        Case(
            "analyze: MultiPolygon without coordinates", ["analyze", "$D/z.geojson"],
            files: ["z.geojson": #"{"type": "MultiPolygon"}"#], status: 65, "MultiPolygon"),
        Case(
            "analyze: bad GeoJSON in a .txt file", ["analyze", "$D/z.txt"], files: ["z.txt": #"{"type": 5}"#],
            status: 65, "not GeoJSON"),
        Case(
            "analyze: a point circle outside the Netherlands",
            [
                "analyze", "--wkt", "SRID=4326;POINT(2.35 48.85)",
                "--radius", "500",
            ], status: 65, "outside"),
        Case(
            "analyze: position that is not numbers", ["analyze", "$D/z.geojson"],
            files: ["z.geojson": #"{"type": "Point", "coordinates": ["5", "52"]}"#], status: 65, "pair of numbers"),
        Case(
            "analyze: deeply nested JSON", ["analyze", "$D/z.geojson"],
            files: ["z.geojson": #"{"type": "Polygon", "coordinates": "# + String(repeating: "[", count: 5000)],
            status: 65, "deep"),
    ]

    static let postcodeAndProfiles: [Case] = [
        Case("postcode: five digits", ["postcode", "99999"], status: 64, "'99999' is not a 4-digit postcode"),
        Case("postcode: PC6", ["postcode", "1011AB"], status: 64, "use 1011"),
        Case("postcode: leading zero", ["postcode", "0999"], status: 64, "1000-9999"),
        Case(
            "postcode: unknown", ["postcode", "1000", "--dataset", "$DATASET"], status: 65,
            "postcode 1000 is not in the dataset"),
        Case("postcode: none given", ["postcode"], status: 64, "postcodes", usageBlock: true),
        Case("postcode: unknown format", ["postcode", "1011", "--format", "xml"], status: 64, "xml", usageBlock: true),
        Case("postcode: missing dataset", ["postcode", "1011", "--dataset", "$D/none.gpkg"], status: 66, "none.gpkg"),
        Case("profiles: unknown set", ["profiles", "--set", "nope"], status: 66, "nope"),
        Case(
            "profiles: set file not JSON", ["profiles", "--set", "$D/s.json"], files: ["s.json": "[]"], status: 65,
            "s.json"),
        Case("profiles: unknown format", ["profiles", "--format", "xml"], status: 64, "xml", usageBlock: true),
        Case("data info: missing dataset", ["data", "info", "--dataset", "$D/none.gpkg"], status: 66, "none.gpkg"),
        Case(
            "data info: not a dataset", ["data", "info", "--dataset", "$D/d.gpkg"], files: ["d.gpkg": "x"],
            status: 65, "d.gpkg"),
        Case("data info: unknown format", ["data", "info", "--format", "xml"], status: 64, "xml", usageBlock: true),
    ]

    /// Every file in `folder` with its size and modification time.
    static func snapshot(_ folder: URL) -> [String: String] {
        var result: [String: String] = [:]
        let manager = FileManager.default
        for name in (try? manager.subpathsOfDirectory(atPath: folder.path)) ?? [] {
            let attributes = try? manager.attributesOfItem(atPath: folder.appendingPathComponent(name).path)
            result[name] = "\(attributes?[.size] ?? 0) \(attributes?[.modificationDate] ?? "")"
        }
        return result
    }

    /// A file's modification time, `nil` when it does not exist.
    static func modified(_ url: URL) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date
    }

    func check(_ testCase: Case) throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, data) in testCase.files { try data.write(to: folder.appendingPathComponent(name)) }
        let datasetURL = try Fixtures.datasetURL()
        let datasetBefore = Self.modified(datasetURL)
        let before = Self.snapshot(folder)
        let defaultDataset = Fixtures.repository.appendingPathComponent("Data/postcodes/nl-pc4.gpkg")
        let defaultBefore = Self.modified(defaultDataset)
        let arguments = testCase.arguments.map {
            $0.replacingOccurrences(of: "$DATASET", with: datasetURL.path)
                .replacingOccurrences(of: "$D", with: folder.path)
        }
        // The test dataset stands in for the default one; --dataset overrides it where given.
        let run = try Self.run(arguments, input: testCase.input ?? Data(), dataset: datasetURL)
        #expect(run.status == testCase.status, "exit \(run.status): \(run.stderr)")
        let lines = run.stderr.split(separator: "\n", omittingEmptySubsequences: true)
        let first = String(lines.first ?? "")
        #expect(first.contains(testCase.fragment), "'\(first)' does not mention '\(testCase.fragment)'")
        if testCase.usageBlock {
            #expect(first.hasPrefix("Error: "), "\(run.stderr)")
        } else {
            #expect(lines.count == 1, "more than one line: \(run.stderr)")
            #expect(first.hasPrefix("error: "), "\(run.stderr)")
            #expect(first.count <= 400, "a sentence of \(first.count) characters")
        }
        #expect(run.stdout.isEmpty, "output on a failure: \(run.stdout.prefix(200))")
        #expect(Self.snapshot(folder) == before, "files were left or changed in \(folder.path)")
        #expect(Self.modified(datasetURL) == datasetBefore, "the test dataset was touched")
        #expect(Self.modified(defaultDataset) == defaultBefore, "the default dataset was touched")
    }

    /// Runs the binary with `input` on standard input.
    static func run(_ arguments: [String], input: Data, dataset: URL) throws -> Fixtures.Run {
        let process = Process()
        process.executableURL = Fixtures.binary
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["GEOPROFILE_DATASET"] = dataset.path
        process.environment = environment
        process.currentDirectoryURL = Fixtures.repository
        let (stdin, stdout, stderr) = (Pipe(), Pipe(), Pipe())
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        // Read both pipes at once, so a full one cannot block the other.
        nonisolated(unsafe) var errorData = Data()
        let done = DispatchSemaphore(value: 0)
        Thread {
            errorData = stderr.fileHandleForReading.readDataToEndOfFile()
            done.signal()
        }.start()
        let outputData = stdout.fileHandleForReading.readDataToEndOfFile()
        done.wait()
        process.waitUntilExit()
        return Fixtures.Run(
            status: process.terminationStatus, stdout: String(decoding: outputData, as: UTF8.self),
            stderr: String(decoding: errorData, as: UTF8.self))
    }

    @Test("data build", arguments: dataBuild) func dataBuildCases(_ testCase: Case) throws { try check(testCase) }
    @Test("analyze", arguments: analyze) func analyzeCases(_ testCase: Case) throws { try check(testCase) }
    @Test("postcode, profiles, data info", arguments: postcodeAndProfiles)
    func lookupCases(_ testCase: Case) throws { try check(testCase) }
    @Test("recommend", arguments: recommend) func recommendCases(_ testCase: Case) throws { try check(testCase) }
    @Test("model calibrate", arguments: calibrate) func calibrateCases(_ testCase: Case) throws { try check(testCase) }

    /// The recommender tables without `staffing.json`.
    @Test("plan and monitor", arguments: plan) func planCases(_ testCase: Case) throws { try check(testCase) }

    @Test("the catalogue has at least 100 cases")
    func size() {
        #expect(
            Self.dataBuild.count + Self.analyze.count + Self.postcodeAndProfiles.count + Self.recommend.count
                + Self.calibrate.count + Self.plan.count >= 100)
    }
}
