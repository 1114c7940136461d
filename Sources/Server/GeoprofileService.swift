internal import AreaAnalysis
internal import Foundation
internal import Hummingbird
internal import Logging
internal import NIOPosix
internal import ProfileModel
internal import Recommendations
internal import Reports

/// What the service loads once at start and shares read-only between requests: the dataset,
/// its analyzer, the profile set and the recommender tables, and the cap on work in flight.
final class GeoprofileService: Sendable {
    /// What only a loaded dataset provides.
    struct Loaded: Sendable {
        var dataset: PostcodeDataset
        var analyzer: AreaAnalyzer
        var tables: RecommenderTables.Bound
        var templates: [String: PhasePlan]
        var staffing: StaffingTables
    }

    let configuration: ServerConfiguration
    /// The dataset and what is built on it; `nil` when it could not be loaded.
    let loaded: Loaded?
    /// Why the dataset could not be loaded.
    let loadFailure: String?
    /// `geoprofile profiles --format json`, rendered once.
    let profilesJSON: String?
    /// The accepted API keys; `nil` for an open service on loopback.
    let keys: APIKeys?
    /// The cap on analyses in flight.
    let gate: WorkGate
    /// The cap on large analyses in flight.
    let largeGate: WorkGate

    /// Loads the dataset and the tables; a dataset that cannot be loaded leaves the service
    /// up but not ready (`/readyz` says why).
    init(configuration: ServerConfiguration, logger: Logger) throws(GeoprofileError) {
        self.configuration = configuration
        keys = try configuration.apiKeys.map { url throws(GeoprofileError) in try APIKeys(contentsOf: url) }
        gate = WorkGate(capacity: configuration.maxAnalysesInFlight)
        largeGate = WorkGate(capacity: configuration.maxLargeInFlight)
        profilesJSON = try? ProfileSetRendering.json(DataPaths.profileSet(nil).0)
        var loaded: Loaded?
        var failure: String?
        do {
            let dataset = try PostcodeDataset(url: configuration.dataset)
            let folder = DataPaths.recommender
            let tables = try RecommenderTables.load(directory: folder).bound(to: dataset.profileSet)
            let staffing = try StaffingTables.load(directory: folder)
            var templates: [String: PhasePlan] = [:]
            for name in PhasePlan.templateNames(in: folder) {
                templates[name] = try PhasePlan.template(named: name, in: folder)
            }
            // The national shares and every record are read now, not by the first request;
            // so are every postcode's geometry and composition figures (the analyzer keeps
            // them, and each worker thread its GEOS context and parsed postcodes).
            _ = try dataset.records()
            if try dataset.storedCountryOutline(
                grid: ReportGeometry.outlineGrid, tolerance: ReportGeometry.outlineTolerance) == nil
            {
                logger.warning(
                    "the dataset stores no country outline: every report dissolves it again (seconds); rebuild the dataset with 'geoprofile data build'"
                )
            }
            loaded = Loaded(
                dataset: dataset, analyzer: try AreaAnalyzer(keepingDataOf: dataset), tables: tables,
                templates: templates, staffing: staffing)
        } catch {
            failure = error.description
            logger.error("dataset not loaded", metadata: ["reason": "\(error.description)"])
        }
        self.loaded = loaded
        loadFailure = failure
    }

    /// The loaded dataset, or a 503 problem.
    func ready() throws(Problem) -> Loaded {
        guard let loaded else {
            throw Problem(.notReady, "the service's postcode dataset is not loaded; see the service's log")
        }
        return loaded
    }

    /// Runs `body` within the cap on analyses in flight, and for a large request (`large`)
    /// within the cap on large ones: a full service answers 503 with `Retry-After` at once,
    /// before reading the request's body.
    func withSlot<T: Sendable>(large: Bool = false, _ body: () async throws -> T) async throws -> T {
        guard gate.enter() else {
            throw Problem(
                .busy, "every analysis slot of the service is taken (\(gate.capacity)); retry shortly", retryAfter: 1)
        }
        defer { gate.leave() }
        guard large else { return try await body() }
        guard largeGate.enter() else {
            throw Problem(
                .busy, "every slot for large requests is taken (\(largeGate.capacity)); retry shortly", retryAfter: 1)
        }
        defer { largeGate.leave() }
        return try await body()
    }

    /// Whether a request's body is large (or of unknown length), so that it needs a large slot.
    func isLarge(_ request: Request) -> Bool {
        guard let length = request.headers[.contentLength].flatMap({ Int($0) }) else { return true }
        return length >= configuration.largeBodyBytes
    }

    /// Runs blocking work (GEOS, PROJ, SQLite, files) on the thread pool, off the
    /// cooperative pool.
    func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await NIOThreadPool.singleton.runIfActive(body)
    }
}
