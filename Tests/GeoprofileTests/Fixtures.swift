import AreaAnalysis
import Foundation
import ProfileModel
import TestSupport
import Testing

/// Shared fixtures: the repository, the CBS mirror, the built binary, and a dataset built
/// once per test run from the real CBS files.
enum Fixtures {
    static let repository = Repository.root

    /// Whether this is a CI run, where missing data must fail rather than skip.
    static let isCI = Repository.isCI

    /// The CBS mirror: `$GEOPROFILE_SOURCES` or `../shared/data/nl` beside the repository.
    static let sources = Repository.sources

    /// Whether the CBS mirror is present. Under CI it must be: tests then run and fail loudly.
    static let hasSources =
        isCI || FileManager.default.fileExists(atPath: sources.appendingPathComponent("cbs_pc4_2020_v1.gpkg").path)

    /// The reason shown when real-data tests are skipped.
    static let skipReason: Comment =
        "the CBS mirror is not at \(sources.path); set GEOPROFILE_SOURCES to run the real-data tests"

    /// The geoprofile executable built beside the test bundle.
    static let binary: URL = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for folder in [beside, beside.deletingLastPathComponent(), repository.appendingPathComponent(".build/debug")] {
            let candidate = folder.appendingPathComponent("geoprofile")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return repository.appendingPathComponent(".build/debug/geoprofile")
    }()

    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("geoprofile-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The real dataset, built once from the CBS mirror into a temporary folder.
    static let dataset: Result<URL, any Error> = Result {
        let folder = try temporaryFolder()
        let output = folder.appendingPathComponent("nl-pc4.gpkg")
        let set = try ProfileSet.load(from: repository.appendingPathComponent("Data/profiles/citisens-2017.json"))
        _ = try DatasetBuilder.build(
            DatasetBuildOptions(
                sources: sources, output: output, profileSet: set,
                profileSetFile: repository.appendingPathComponent("Data/profiles/citisens-2017.json"),
                mapping: repository.appendingPathComponent("Data/postcodes/cbs-variables.json"), toolVersion: "test"))
        return output
    }

    static func datasetURL() throws -> URL { try dataset.get() }

    /// What running the binary produced.
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the built binary with `arguments`, from the repository folder.
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = repository
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Runs the binary against the real dataset.
    static func runOnDataset(_ arguments: [String]) throws -> Run {
        try run(arguments + ["--dataset", try datasetURL().path])
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }
}
