public import Foundation

/// The settings of `geoprofile serve`, read once at start.
public struct ServerConfiguration: Sendable {
    /// The address to listen on.
    public var host: String
    /// The port to listen on (0: any free port).
    public var port: Int
    /// The postcode dataset.
    public var dataset: URL
    /// The file of API key digests (one SHA-256 hex digest and a label a line); without it
    /// the service answers on loopback only.
    public var apiKeys: URL?
    /// The largest request body, in bytes.
    public var maxBodyBytes: Int
    /// The most zones one request may hold.
    public var maxZones: Int
    /// The most analyses running or waiting for a thread at once; beyond that the service
    /// answers 503.
    public var maxAnalysesInFlight: Int
    /// The most large analyses (a body over ``largeBodyBytes``, or of unknown length) at
    /// once: these hold much memory, so fewer run together.
    public var maxLargeInFlight: Int
    /// From this body size on an analysis counts as large.
    public var largeBodyBytes: Int
    /// The most bytes a zipped upload may unpack to.
    public var maxUnpackedBytes: Int
    /// The most entries a zipped upload may hold.
    public var maxArchiveEntries: Int
    /// The version the reports print in their provenance section.
    public var toolVersion: String
    /// The Chromium that prints PDF reports; `nil`: `$GEOPROFILE_CHROMIUM` or the first of
    /// `chromium`, `chromium-headless-shell` on `PATH`, looked up for each PDF.
    public var chromium: URL?

    /// The defaults: loopback, port 8080, 50 MB bodies, 10,000 zones, 64 analyses in flight
    /// of which one large per core.
    public init(
        host: String = "127.0.0.1", port: Int = 8080, dataset: URL, apiKeys: URL? = nil,
        maxBodyBytes: Int = 50 * 1_048_576, maxZones: Int = 10_000,
        maxAnalysesInFlight: Int = 64
    ) {
        self.host = host
        self.port = port
        self.dataset = dataset
        self.apiKeys = apiKeys
        self.maxBodyBytes = maxBodyBytes
        self.maxZones = maxZones
        self.maxAnalysesInFlight = max(1, maxAnalysesInFlight)
        maxLargeInFlight = ProcessInfo.processInfo.activeProcessorCount
        largeBodyBytes = 256 * 1024
        maxUnpackedBytes = 4 * maxBodyBytes
        maxArchiveEntries = 16
        toolVersion = "unknown"
        chromium = nil
    }

    /// Whether `host` is a loopback address, where a service without keys may listen.
    public var listensOnLoopbackOnly: Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
