public import Foundation
public import ProfileModel

/// Where the zones come from.
public enum ZoneSource: Sendable {
    /// A zone file (GeoJSON, GeoPackage, Shapefile, WKT).
    case file(URL)
    /// A WKT or EWKT string.
    case wkt(String)
    /// A GeoJSON or WKT document held in memory (an upload); `name` stands for the file in
    /// messages.
    case data(Data, format: ZoneReader.Format, name: String)
}

/// What `--compare-to` names.
public enum ComparisonRequest: Sendable, Equatable {
    /// The nation only.
    case nation
    /// Each zone's municipality.
    case municipality
    /// The combined composition of the zones in another zone file.
    case file(URL)
}

/// One analysis: zones, how to read them, how to apportion and compare.
public struct AnalysisRequest: Sendable {
    /// The zones.
    public var source: ZoneSource
    /// Layer, CRS, id and name fields.
    public var readOptions: ZoneReadOptions
    /// Radius for point zones, metres.
    public var radius: Double?
    /// Apportionment method.
    public var method: ApportionmentMethod
    /// Reference for the second index.
    public var compareTo: ComparisonRequest

    /// Creates a request.
    public init(
        source: ZoneSource, readOptions: ZoneReadOptions = ZoneReadOptions(), radius: Double? = nil,
        method: ApportionmentMethod = .area, compareTo: ComparisonRequest = .nation
    ) {
        self.source = source
        self.readOptions = readOptions
        self.radius = radius
        self.method = method
        self.compareTo = compareTo
    }
}

/// The result of an analysis, with the zones (for GeoJSON output) and timings.
public struct AnalysisResult: Sendable {
    /// The report.
    public var report: AnalysisReport
    /// The prepared zones, in the dataset CRS.
    public var zones: [Zone]
    /// The apportionments behind the report.
    public var apportionments: [ZoneApportionment]
    /// Seconds spent checking the zones and preparing any comparison reference (the zones
    /// themselves may have been read beforehand, see ``AreaAnalyzer/readZones(_:options:radius:)``).
    public var readSeconds: Double
    /// Seconds spent apportioning.
    public var apportionSeconds: Double
    /// Seconds spent building the compositions (reading the contributing postcodes).
    public var composeSeconds: Double
}

/// Runs the area analysis end to end: read zones, prepare them, apportion the postcodes,
/// build compositions.
public struct AreaAnalyzer: Sendable {
    /// The dataset.
    public let dataset: PostcodeDataset
    private let apportioner: Apportioner
    private let compositions: CompositionBuilder
    /// Every postcode's composition figures, read once (see ``init(keepingDataOf:)``).
    private let residentInputs: CompositionInputs?
    /// The dataset's extent.
    public let extent: Envelope

    /// Creates an analyzer over a dataset.
    public init(dataset: PostcodeDataset) {
        self.dataset = dataset
        apportioner = Apportioner(dataset: dataset)
        compositions = CompositionBuilder(dataset: dataset)
        residentInputs = nil
        extent = dataset.extent ?? Envelope(minX: 0, minY: 0, maxX: 0, maxY: 0)
    }

    /// Creates an analyzer for a long-running process (the service): every postcode's
    /// geometry and composition figures are read now and kept, so an analysis reads
    /// nothing from the file, and each thread keeps its GEOS context and parsed postcodes
    /// from one analysis to the next. The results are those of ``init(dataset:)``.
    public init(keepingDataOf dataset: PostcodeDataset) throws(AreaAnalysisError) {
        self.dataset = dataset
        apportioner = try Apportioner(keepingGeometriesOf: dataset)
        compositions = CompositionBuilder(dataset: dataset)
        residentInputs = try CompositionInputs(dataset: dataset, positions: Array(0..<dataset.count))
        extent = dataset.extent ?? Envelope(minX: 0, minY: 0, maxX: 0, maxY: 0)
    }

    /// Reads and prepares the zones of a source without the dataset (so it can run while
    /// the dataset opens); ``run(_:zones:progress:)`` checks them against the dataset.
    public static func readZones(_ source: ZoneSource, options: ZoneReadOptions, radius: Double?)
        throws(AreaAnalysisError) -> PreparedZones
    {
        let raw: [RawZone]
        let name: String
        switch source {
        case .file(let url):
            raw = try ZoneReader.read(url, options: options)
            name = url.lastPathComponent
        case .wkt(let text):
            raw = [try ZoneReader.readWKT(text, crs: options.crs)]
            name = "the WKT zone"
        case .data(let data, let format, let file):
            raw = try ZoneReader.read(data, format: format, name: file, options: options)
            name = file
        }
        let preparer = ZonePreparer(extent: nil, radius: radius)
        // Many zones: plain polygons are checked by the workers that apportion them.
        let tasks: [ZoneTask]
        if raw.count >= Self.deferredPreparationThreshold {
            do { tasks = try preparer.triage(raw, file: name) } catch {
                // Pending zones before the one that failed are unchecked: the full
                // preparation names the first zone that cannot be used.
                _ = try preparer.prepare(raw, file: name)
                throw error
            }
        } else {
            tasks = try preparer.prepare(raw, file: name).map { ZoneTask.ready($0) }
        }
        return PreparedZones(raw: raw, tasks: tasks, radius: radius, name: name)
    }

    /// From this many zones on, ``readZones(_:options:radius:)`` leaves the check of plain
    /// polygons to the apportionment.
    public static let deferredPreparationThreshold = 64

    /// Reads, prepares and checks the zones of a source.
    public func zones(_ source: ZoneSource, options: ZoneReadOptions, radius: Double?) throws(AreaAnalysisError)
        -> [Zone]
    {
        let input = try Self.readZones(source, options: options, radius: radius)
        let preparer = ZonePreparer(extent: extent, radius: radius)
        let context = GEOSContext()
        return try checked(input).map { task throws(AreaAnalysisError) in
            try preparer.zone(of: task, context: context).zone
        }
    }

    /// The tasks, after checking that the prepared zones meet the dataset's extent.
    func checked(_ input: PreparedZones) throws(AreaAnalysisError) -> [ZoneTask] {
        let ready = input.tasks.compactMap { task -> Zone? in
            if case .ready(let zone) = task { return zone }
            return nil
        }
        try ZonePreparer.checkInside(ready, raw: input.raw, extent: extent, file: input.name)
        return input.tasks
    }

    /// Runs a request; `progress` receives the number of zones done.
    ///
    /// `zones` may hold the request's zones read beforehand with ``readZones(_:options:radius:)``.
    public func run(
        _ request: AnalysisRequest, zones prepared: PreparedZones? = nil, progress: (@Sendable (Int) -> Void)? = nil
    ) throws -> AnalysisResult {
        let start = Date()
        let input = try prepared ?? Self.readZones(request.source, options: request.readOptions, radius: request.radius)
        let tasks = try checked(input)
        var reference = ComparisonReference.nation
        var compareLabel: String?
        switch request.compareTo {
        case .nation: break
        case .municipality:
            reference = .municipality
            compareLabel = "municipality"
        case .file(let url):
            let others = try checked(try Self.readZones(.file(url), options: ZoneReadOptions(), radius: nil))
            let parts = try apportioner.apportion(
                others, preparer: ZonePreparer(extent: extent, radius: nil), method: request.method)
            let inputs = try CompositionInputs(
                dataset: dataset, positions: parts.flatMap { $0.weights.map(\.position) })
            var total = [Double](repeating: 0, count: dataset.profileSet.profiles.count)
            for part in parts { total = zip(total, try compositions.mix(part, inputs: inputs).residents).map(+) }
            reference = .shares(CompositionBuilder.normalised(total), label: url.lastPathComponent)
            compareLabel = url.lastPathComponent
        }
        let read = Date()
        // Many zones touch most postcodes: their figures are read while the zones are
        // apportioned, through a connection of their own.
        let dataset = self.dataset
        let prefetched =
            tasks.count >= Apportioner.manyZones && residentInputs == nil
            ? BackgroundWork { () throws(AreaAnalysisError) in
                try CompositionInputs(dataset: dataset, positions: Array(0..<dataset.count))
            } : nil
        let apportionments = try apportioner.apportion(
            tasks, preparer: ZonePreparer(extent: extent, radius: input.radius), method: request.method,
            progress: progress)
        let apportioned = Date()
        let results = try composeAll(
            apportionments, reference: reference, inputs: try residentInputs ?? prefetched?.value())
        let report = AnalysisReport(
            method: request.method, dataset: dataset.url.lastPathComponent,
            profileSet: "\(dataset.profileSet.id) \(dataset.profileSet.version)", compareTo: compareLabel,
            note: AnalysisReport.note, zones: results)
        return AnalysisResult(
            report: report, zones: apportionments.map(\.zone), apportionments: apportionments,
            readSeconds: read.timeIntervalSince(start),
            apportionSeconds: apportioned.timeIntervalSince(read), composeSeconds: Date().timeIntervalSince(apportioned)
        )
    }
}

extension AreaAnalyzer {
    /// The compositions of many zones, built on all cores (each zone's is independent).
    ///
    /// `inputs`, when given, must hold every contributing postcode.
    func composeAll(
        _ apportionments: [ZoneApportionment], reference: ComparisonReference, inputs prefetched: CompositionInputs?
    ) throws -> [ZoneComposition] {
        // One read for every contributing postcode, rather than one per zone.
        let inputs =
            try prefetched
            ?? CompositionInputs(dataset: dataset, positions: apportionments.flatMap { $0.weights.map(\.position) })
        let workers = apportionments.count >= 256 ? max(1, ProcessInfo.processInfo.activeProcessorCount) : 1
        if workers == 1 {
            return try apportionments.map { try compositions.composition($0, inputs: inputs, compareTo: reference) }
        }
        let box = PartResults<ZoneComposition, any Error>(count: apportionments.count)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let range = (apportionments.count * worker / workers)..<(apportionments.count * (worker + 1) / workers)
            for index in range {
                box.set(
                    index,
                    Result { try compositions.composition(apportionments[index], inputs: inputs, compareTo: reference) }
                )
            }
        }
        return try box.values.map { try $0.get() }
    }
}

/// Zones read and prepared before the dataset was open, with what was read, for the
/// extent check.
public struct PreparedZones: Sendable {
    /// The zones as read.
    public var raw: [RawZone]
    /// The zones, prepared or left to the apportionment to finish.
    var tasks: [ZoneTask]
    /// The radius that turns point zones into circles.
    var radius: Double?
    /// The file's name, for messages.
    public var name: String
}
