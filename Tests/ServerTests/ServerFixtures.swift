import AreaAnalysis
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import ProfileModel
import Server
import TestSupport
import Testing

/// What the service tests share: the real dataset (built once from the CBS mirror), an
/// application over a configuration, the golden files and the OpenAPI contract.
enum ServerFixtures {
    static let repository = Repository.root

    /// Whether the CBS mirror is present. Under CI it must be: tests then run and fail loudly.
    static let hasSources =
        Repository.isCI
        || FileManager.default.fileExists(
            atPath: Repository.sources.appendingPathComponent("cbs_pc4_2020_v1.gpkg").path)

    /// The reason shown when real-data tests are skipped.
    static let skipReason: Comment =
        "the CBS mirror is not at \(Repository.sources.path); set GEOPROFILE_SOURCES to run the real-data tests"

    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "geoprofile-server-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The real dataset, built once per test run into a temporary folder under the name the
    /// command line's golden files were made with.
    static let dataset: Result<URL, any Error> = Result {
        let folder = try temporaryFolder()
        let output = folder.appendingPathComponent("nl-pc4.gpkg")
        let setFile = repository.appendingPathComponent("Data/profiles/citisens-2017.json")
        _ = try DatasetBuilder.build(
            DatasetBuildOptions(
                sources: Repository.sources, output: output, profileSet: try ProfileSet.load(from: setFile),
                profileSetFile: setFile,
                mapping: repository.appendingPathComponent("Data/postcodes/cbs-variables.json"),
                toolVersion: "test"))
        return output
    }

    /// A dataset path that does not exist: the service starts but is not ready.
    static let missingDataset = URL(fileURLWithPath: "/nonexistent/nl-pc4.gpkg")

    static let logger: Logger = {
        var logger = Logger(label: "geoprofile.serve.tests")
        logger.logLevel = .warning
        return logger
    }()

    /// An application over the router alone (no sockets).
    static func app(_ configuration: ServerConfiguration) throws -> some ApplicationProtocol {
        Application(router: try buildRouter(configuration, logger: logger), logger: logger)
    }

    /// A configuration over the real dataset.
    static func configuration() throws -> ServerConfiguration {
        ServerConfiguration(dataset: try dataset.get())
    }

    /// A golden file of the command line's output.
    static func golden(_ name: String) throws -> String {
        try String(contentsOf: repository.appendingPathComponent("Tests/Goldens/\(name).txt"), encoding: .utf8)
    }

    static let utrecht = repository.appendingPathComponent("Data/zones/utrecht-binnenstad.geojson")

    static func utrechtBody() throws -> ByteBuffer { ByteBuffer(bytes: try Data(contentsOf: utrecht)) }

    /// A multipart/form-data body with one file.
    static func multipart(filename: String, data: Data, boundary: String = "geoprofile-boundary") -> (
        ByteBuffer, HTTPFields
    ) {
        var body = Data(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\n".utf8)
        body += Data("Content-Type: application/octet-stream\r\n\r\n".utf8)
        body += data
        body += Data("\r\n--\(boundary)--\r\n".utf8)
        return (ByteBuffer(bytes: body), [.contentType: "multipart/form-data; boundary=\(boundary)"])
    }

    /// The geoprofile executable built beside the test bundle: the command line the service
    /// must equal.
    static let binary: URL = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for folder in [beside, beside.deletingLastPathComponent(), repository.appendingPathComponent(".build/debug")] {
            let candidate = folder.appendingPathComponent("geoprofile")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return repository.appendingPathComponent(".build/debug/geoprofile")
    }()

    /// The standard output of the command line on the real dataset, run from the repository;
    /// fails the test when the command fails.
    static func cli(_ arguments: [String], onDataset: Bool = true) throws -> String {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments + (onDataset ? ["--dataset", try dataset.get().path] : [])
        process.currentDirectoryURL = repository
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "geoprofile \(arguments): \(String(decoding: message, as: UTF8.self))")
        return String(decoding: data, as: UTF8.self)
    }

    /// A multipart/form-data body of several parts, each a name, a file name (or `nil` for a
    /// plain field) and the contents.
    static func multipart(
        _ parts: [(name: String, filename: String?, data: Data)], boundary: String = "geoprofile-parts"
    )
        -> (ByteBuffer, HTTPFields)
    {
        var body = Data()
        for part in parts {
            body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(part.name)\"".utf8)
            if let filename = part.filename { body += Data("; filename=\"\(filename)\"".utf8) }
            body += Data("\r\n\r\n".utf8) + part.data + Data("\r\n".utf8)
        }
        body += Data("--\(boundary)--\r\n".utf8)
        return (ByteBuffer(bytes: body), [.contentType: "multipart/form-data; boundary=\(boundary)"])
    }

    /// The uploads left in the temporary folder.
    static func leftUploads() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory())
            .filter { $0.hasPrefix("geoprofile-upload-") }
    }

    /// Runs ogr2ogr (GDAL) to turn the Utrecht zone into another format; `nil` without GDAL.
    static func convertUtrecht(to driver: String, file: String) throws -> URL? {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/ogr2ogr") else { return nil }
        let folder = try temporaryFolder()
        let output = folder.appendingPathComponent(file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ogr2ogr")
        process.arguments = ["-f", driver, output.path, utrecht.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? output : nil
    }
}

extension TestResponse {
    /// The body as text.
    var text: String { String(buffer: body) }

    /// The body as a JSON object.
    var object: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }
}
