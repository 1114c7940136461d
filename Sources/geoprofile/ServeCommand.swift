import AreaAnalysis
import ArgumentParser
import Foundation
import Logging
import Server

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the analyses over HTTP (API v1, /openapi.json) with a web page at /.",
        discussion: """
            The dataset and tables load once at start. Without --api-keys the service listens on \
            loopback only; with it every /v1 route needs 'Authorization: Bearer KEY'. SIGINT or \
            SIGTERM stops it after the requests in flight. Docs/service.md has the details.
            """
    )

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on.")
    var port = 8080

    @Option(help: "File of API keys: a SHA-256 hex digest and a label per line.")
    var apiKeys: String?

    @Option(help: "Largest request body, in MB.")
    var maxBodyMb = 50

    @Option(help: "Most zones in one request.")
    var maxZones = 10_000

    @Option(help: "Most analyses in flight (default 64); more get 503 and Retry-After.")
    var maxInFlight: Int?

    @Option(help: "Most large analyses (bodies of 256 KB or more) in flight (default: one per core).")
    var maxLargeInFlight: Int?

    @OptionGroup var dataset: DatasetOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must lie in 0-65535") }
        guard maxBodyMb >= 1 else { throw ValidationError("--max-body-mb must be at least 1") }
        guard maxZones >= 1 else { throw ValidationError("--max-zones must be at least 1") }
        if let maxInFlight, maxInFlight < 1 { throw ValidationError("--max-in-flight must be at least 1") }
        if let maxLargeInFlight, maxLargeInFlight < 1 {
            throw ValidationError("--max-large-in-flight must be at least 1")
        }
    }

    func run() async throws {
        try await reportingErrors {
            var configuration = ServerConfiguration(
                host: host, port: port, dataset: dataset.url, apiKeys: apiKeys.map { URL(fileURLWithPath: $0) },
                maxBodyBytes: maxBodyMb * 1_048_576, maxZones: maxZones)
            if let maxInFlight { configuration.maxAnalysesInFlight = maxInFlight }
            if let maxLargeInFlight { configuration.maxLargeInFlight = maxLargeInFlight }
            configuration.toolVersion = Geoprofile.version
            var logger = Logger(label: "geoprofile.serve")
            logger.logLevel = .info
            try await runServer(configuration, logger: logger)
        }
    }
}
