import AreaAnalysis
import Foundation
import ProfileModel
import TestSupport
import Testing

/// Everything the AreaAnalysis tests share: repository paths, the CBS mirror, GDAL's tools,
/// temporary folders, small hand-made geometries and the error assertion helper.
enum Fixtures {
    /// The repository root.
    static let repositoryRoot = Repository.root

    /// `Data/postcodes/cbs-variables.json`.
    static let mapping = repositoryRoot.appendingPathComponent("Data/postcodes/cbs-variables.json")
    /// The eight-profile Citisens set.
    static let citisensSetFile = repositoryRoot.appendingPathComponent("Data/profiles/citisens-2017.json")
    /// The artificial three-profile set.
    static let threeSetFile = repositoryRoot.appendingPathComponent("Data/profiles/test-three.json")
    /// The example zone: Utrecht's city centre in WGS 84.
    static let utrechtZone = repositoryRoot.appendingPathComponent("Data/zones/utrecht-binnenstad.geojson")

    /// Whether the tests run under continuous integration, where a missing input must fail.
    static let isCI = Repository.isCI

    /// The folder with the CBS files: `GEOPROFILE_SOURCES`, else `<repo>/../shared/data/nl`;
    /// `nil` when neither holds the PC4 GeoPackage.
    static let mirror: URL? = {
        let sources = Repository.sources
        let areas = sources.appendingPathComponent(DatasetBuilder.SourceName.areas)
        return FileManager.default.fileExists(atPath: areas.path) ? sources : nil
    }()

    /// Tests on the real data run when the mirror is there, and always under CI (where
    /// `#require(Fixtures.mirror)` then fails instead of skipping).
    static let mirrorCondition = mirror != nil || isCI
    /// Why a real-data test did not run.
    static let mirrorReason: Comment =
        "the CBS mirror is missing: set GEOPROFILE_SOURCES or put the files in <repo>/../shared/data/nl"

    /// An executable of GDAL (`ogrinfo`, `ogr2ogr`) on the PATH or in /usr/bin.
    static func tool(_ name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let folders = path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin"]
        return folders.lazy.map { URL(fileURLWithPath: $0).appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// GDAL's `ogrinfo`, if installed.
    static let ogrinfo = tool("ogrinfo")
    /// GDAL's `ogr2ogr`, if installed.
    static let ogr2ogr = tool("ogr2ogr")
    /// Tests that need GDAL run when it is installed, and always under CI.
    static let gdalCondition = (ogrinfo != nil && ogr2ogr != nil) || isCI
    /// Why a GDAL test did not run.
    static let gdalReason: Comment = "GDAL's ogrinfo/ogr2ogr are not installed (Debian package gdal-bin)"

    /// Runs a program and returns its exit status and standard output and error together.
    static func run(
        _ executable: URL, _ arguments: [String], environment: [String: String] = [:]
    ) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Converts a vector file with `ogr2ogr` (e.g. GeoJSON to an ESRI Shapefile).
    static func ogr2ogr(_ arguments: [String]) throws {
        let tool = try #require(ogr2ogr, gdalReason)
        let result = try run(tool, arguments)
        try #require(result.status == 0, "ogr2ogr \(arguments.joined(separator: " ")) failed: \(result.output)")
    }

    /// A new empty folder under the system's temporary folder.
    static func temporaryFolder(_ label: String = #function) throws -> URL {
        let safe = label.filter { $0.isLetter || $0.isNumber }.prefix(40)
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("geoprofile-tests-\(safe)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Removes a temporary folder (best effort: a failed clean-up must not fail a test).
    static func remove(_ url: URL) {
        try? FileManager.default.removeItem(at: url)
    }

    /// Writes text to a file in `folder`.
    @discardableResult
    static func write(_ text: String, to name: String, in folder: URL) throws -> URL {
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    /// A profile set from a repository file.
    static func profileSet(_ url: URL) throws -> ProfileSet {
        try ProfileSet.load(from: url)
    }

    /// The extent of the real PC4 dataset (EPSG:28992), as GDAL reports it for the CBS file
    /// (13565.399985, 306846.198341) - (278026.090225, 615045.345528), rounded outward.
    static let netherlands = Envelope(minX: 13565.39, minY: 306846.19, maxX: 278026.1, maxY: 615045.35)

    /// Axis-aligned rectangle as WKT.
    static func rectangleWKT(_ minX: Double, _ minY: Double, _ maxX: Double, _ maxY: Double) -> String {
        "POLYGON((\(minX) \(minY), \(maxX) \(minY), \(maxX) \(maxY), \(minX) \(maxY), \(minX) \(minY)))"
    }

    /// Whether two lists have the same length and agree element by element within `tolerance`.
    static func approximately(_ actual: [Double], _ expected: [Double], tolerance: Double = 1e-9) -> Bool {
        actual.count == expected.count && zip(actual, expected).allSatisfy { relative($0, $1) <= tolerance }
    }

    /// Relative difference of two numbers (absolute when the expected value is 0).
    static func relative(_ actual: Double, _ expected: Double) -> Double {
        expected == 0 ? abs(actual) : abs(actual - expected) / abs(expected)
    }
}

/// Small hand-made zone files.
enum ZoneFiles {
    /// A rectangle in Utrecht as a GeoJSON ring (longitude, latitude).
    static let utrechtRing = "[[5.10, 52.08], [5.13, 52.08], [5.13, 52.10], [5.10, 52.10], [5.10, 52.08]]"
    /// The same rectangle with latitude first.
    static let swappedRing = "[[52.08, 5.10], [52.08, 5.13], [52.10, 5.13], [52.10, 5.10], [52.08, 5.10]]"
    /// A rectangle in the North Sea, west of the Wadden islands.
    static let northSeaRing = "[[2.95, 53.45], [3.05, 53.45], [3.05, 53.55], [2.95, 53.55], [2.95, 53.45]]"

    /// A GeoJSON Polygon with one ring (or several, comma-separated).
    static func polygon(_ ring: String) -> String { #"{"type": "Polygon", "coordinates": [\#(ring)]}"# }

    /// A GeoJSON Feature; `id` is written as given (quote it for a string id).
    static func feature(_ geometry: String, id: String? = nil, properties: String = "{}") -> String {
        #"{"type": "Feature", \#(id.map { #""id": \#($0), "# } ?? "")"properties": \#(properties), "geometry": \#(geometry)}"#
    }

    /// A GeoJSON FeatureCollection, with the legacy `crs` member when `crs` is given.
    static func collection(_ features: [String], crs: String? = nil) -> String {
        let member = crs.map { #""crs": {"type": "name", "properties": {"name": "\#($0)"}}, "# } ?? ""
        return #"{"type": "FeatureCollection", \#(member)"features": [\#(features.joined(separator: ", "))]}"#
    }

    /// A rectangle in RD New as a GeoJSON ring.
    static func rdRing(_ minX: Double, _ minY: Double, _ maxX: Double, _ maxY: Double) -> String {
        "[[\(minX), \(minY)], [\(maxX), \(minY)], [\(maxX), \(maxY)], [\(minX), \(maxY)], [\(minX), \(minY)]]"
    }
}

/// Asserts that `body` throws an ``AreaAnalysisError`` with `code` whose description
/// mentions every fragment (case-insensitively); returns the error for further checks.
@discardableResult
func expectAreaError<R>(
    _ code: AreaAnalysisError.Code, input: ErrorInput? = nil, mentioning fragments: [String] = [],
    sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> R
) -> AreaAnalysisError? {
    let error = #expect(throws: AreaAnalysisError.self, sourceLocation: sourceLocation) { _ = try body() }
    guard let error else { return nil }
    #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
    if let input { #expect(error.input == input, "\(error)", sourceLocation: sourceLocation) }
    let text = error.description.lowercased()
    for fragment in fragments {
        #expect(
            text.contains(fragment.lowercased()), "'\(error)' does not mention '\(fragment)'",
            sourceLocation: sourceLocation)
    }
    return error
}

/// Runs one test of this binary again in a child process, for scenarios that may crash the
/// process (undefined behaviour in a C library) and must not take the whole suite down.
enum ChildProcess {
    static let variable = "GEOPROFILE_TEST_CHILD_SCENARIO"

    /// The test binary, when it is an `.xctest` executable that can be started directly (Linux).
    static let binary: URL? = {
        guard let path = CommandLine.arguments.first else { return nil }
        let url = URL(fileURLWithPath: path)
        return url.pathExtension == "xctest" && FileManager.default.isExecutableFile(atPath: url.path) ? url : nil
    }()

    /// Whether a child test process can be started.
    static let canRun = binary != nil || isChild(nil)

    /// Whether this process is the child running `scenario` (any scenario when `nil`).
    static func isChild(_ scenario: String?) -> Bool {
        guard let value = ProcessInfo.processInfo.environment[variable] else { return false }
        return scenario == nil || value == scenario
    }

    /// What the child did.
    struct Outcome {
        var status: Int32
        var output: String
        /// Whether the child exited normally with every test passing.
        var passed: Bool { status == 0 && output.contains("passed after") && !output.contains("✘") }
        /// A short account for a failure message.
        var summary: String { "exited with status \(status): \(output.suffix(1500))" }
    }

    /// Runs the test function `test` of this binary in a child process with `scenario` set.
    static func run(test: String, scenario: String) throws -> Outcome {
        let binary = try #require(binary)
        let result = try Fixtures.run(
            binary, ["--testing-library", "swift-testing", "--filter", test], environment: [variable: scenario])
        return Outcome(status: result.status, output: result.output)
    }
}
