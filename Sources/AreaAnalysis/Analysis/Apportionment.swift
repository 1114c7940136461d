internal import Foundation
public import ProfileModel

/// How a postcode's counts are assigned to a zone.
public enum ApportionmentMethod: String, Sendable, CaseIterable, Codable {
    /// Area-weighted: `v_zone = Σ v_i · area(P_i ∩ Z) / area(P_i)`.
    case area
    /// Whole postcodes whose interior point lies in the zone (how postcode lists are made).
    case centroid
}

/// One postcode's part in a zone.
public struct PostcodeWeight: Sendable, Hashable {
    /// Position of the postcode in the dataset's records.
    public var position: Int
    /// Fraction of the postcode's counts assigned to the zone, in [0, 1].
    public var weight: Double
    /// Area of the postcode inside the zone, m².
    public var overlapArea: Double
    /// Whether the postcode lies wholly inside the zone (no intersection was computed).
    public var fullyInside: Bool
}

/// The apportionment of one zone: which postcodes contribute and how much.
public struct ZoneApportionment: Sendable {
    /// The zone.
    public var zone: Zone
    /// Contributing postcodes, in dataset order.
    public var weights: [PostcodeWeight]
    /// Area of the zone covered by postcode polygons, m² (capped at the zone's area).
    public var coveredArea: Double
    /// Postcodes taken whole by the fully-inside test, with no overlap computed.
    public var fastPathCount: Int
    /// Postcodes whose overlap with the zone was computed (they cross its boundary).
    public var overlayCount: Int
    /// Of those, the overlaps the exact boundary-integral kernel could not decide, which
    /// were computed by GEOS overlay instead (shared edges, touching vertices).
    public var geosOverlayCount: Int
}

/// Computes zone apportionments against the postcode dataset, spreading zones over all
/// cores with one GEOS context per worker.
public struct Apportioner: Sendable {
    /// The dataset.
    public let dataset: PostcodeDataset
    private let index: EnvelopeIndex
    /// Every postcode's geometry, read once, for a process that apportions again and
    /// again (the service); `nil`: read what each call needs.
    let resident: ResidentGeometries?

    /// Creates an apportioner (builds the in-memory index of postcode boxes).
    public init(dataset: PostcodeDataset) {
        self.dataset = dataset
        index = EnvelopeIndex(dataset.envelopes.enumerated().compactMap { position, box in box.map { (position, $0) } })
        resident = nil
    }

    /// Creates an apportioner that reads every postcode geometry now and keeps it; a call
    /// on one thread then reuses that thread's GEOS context and parsed postcodes.
    init(keepingGeometriesOf dataset: PostcodeDataset) throws(AreaAnalysisError) {
        self.dataset = dataset
        index = EnvelopeIndex(dataset.envelopes.enumerated().compactMap { position, box in box.map { (position, $0) } })
        resident = ResidentGeometries(wkb: try dataset.geometryWKB(of: Array(0..<dataset.count)))
    }

    /// From this many zones on, every postcode geometry is read at once.
    static let manyZones = 256

    /// Positions of the postcodes whose bounding box meets `envelope`.
    public func candidates(_ envelope: Envelope) -> [Int] { index.query(envelope) }

    /// Apportions every zone.
    ///
    /// - Parameters:
    ///   - threads: workers to use; defaults to the number of active cores.
    ///   - progress: called (from worker threads) with the number of zones finished.
    public func apportion(
        _ zones: [Zone], method: ApportionmentMethod = .area, threads: Int? = nil,
        progress: (@Sendable (Int) -> Void)? = nil
    ) throws(AreaAnalysisError) -> [ZoneApportionment] {
        try apportion(
            zones.map { .ready($0) }, preparer: ZonePreparer(extent: nil), method: method, threads: threads,
            progress: progress)
    }

    /// Apportions every zone, finishing the preparation of pending ones with `preparer`
    /// in the worker that apportions them. Throws for the first zone, in input order, that
    /// fails.
    func apportion(
        _ tasks: [ZoneTask], preparer: ZonePreparer, method: ApportionmentMethod = .area, threads: Int? = nil,
        progress: (@Sendable (Int) -> Void)? = nil
    ) throws(AreaAnalysisError) -> [ZoneApportionment] {
        // Many zones: every postcode geometry in one pass, and each zone's candidates found
        // by the worker that apportions it. Few: only the postcodes the zones may meet.
        let many = tasks.count >= Self.manyZones
        let candidates = many ? [] : tasks.map { index.query($0.envelope) }
        let geometries: [Data?]
        if let resident {
            geometries = resident.wkb
        } else {
            let needed = many ? Array(0..<dataset.count) : Array(Set(candidates.joined())).sorted()
            var read = [Data?](repeating: nil, count: dataset.count)
            for (position, wkb) in zip(needed, try dataset.geometryWKB(of: needed)) { read[position] = wkb }
            geometries = read
        }
        let boxes = dataset.envelopes
        let workers = max(1, min(threads ?? ProcessInfo.processInfo.activeProcessorCount, tasks.count))
        let results = ResultBox(count: tasks.count)
        // Zones are handed out in small chunks along a west-to-east order, so neighbouring
        // zones, which share postcodes, tend to go to the same worker and each worker parses
        // fewer postcode geometries; the chunks keep the cores evenly busy.
        let order = tasks.indices.sorted {
            let a = tasks[$0].envelope
            let b = tasks[$1].envelope
            return (a.minX + a.maxX, $0) < (b.minX + b.maxX, $1)
        }
        let chunk = max(1, min(16, tasks.count / (workers * 8)))
        let queue = WorkQueue(count: order.count)
        @Sendable func work(_ kernel: ApportionmentKernel) {
            while !results.failed, let range = queue.nextRange(size: chunk) {
                for position in order[range] {
                    do throws(AreaAnalysisError) {
                        let (zone, edges) = try preparer.zone(of: tasks[position], context: kernel.context)
                        let result = try kernel.apportion(
                            zone, candidates: many ? index.query(zone.envelope) : candidates[position], edges: edges)
                        let finished = results.set(position, result)
                        progress?(finished)
                    } catch {
                        results.fail(error, at: position)
                        break
                    }
                }
            }
        }
        if workers == 1, let resident {
            // One worker of a long-running process: this thread's kernel, kept between calls.
            work(resident.kernelForCurrentThread(boxes: boxes, method: method))
        } else {
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                work(ApportionmentKernel(geometries: geometries, boxes: boxes, method: method))
            }
        }
        if let (failed, error) = results.firstError {
            // Workers stop at the first failure, so zones earlier in the input may not have
            // been checked: the error reported is that of the first zone to fail.
            let context = GEOSContext()
            for position in 0..<failed where results.value(at: position) == nil {
                _ = try preparer.zone(of: tasks[position], context: context)
            }
            throw error
        }
        return results.values.map { $0! }
    }
}

/// Collects results from worker threads.
private final class ResultBox: @unchecked Sendable {
    // @unchecked Sendable: every access to the mutable state goes through `lock`.
    private let lock = NSLock()
    private var storage: [ZoneApportionment?]
    private var firstFailure: (position: Int, error: AreaAnalysisError)?
    private var done = 0

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    /// Stores a result and returns how many are done, under one lock.
    func set(_ index: Int, _ value: ZoneApportionment) -> Int {
        lock.withLock {
            storage[index] = value
            done += 1
            return done
        }
    }

    /// Records a failure; the one at the smallest input position is kept.
    func fail(_ error: AreaAnalysisError, at position: Int) {
        lock.withLock {
            if position < firstFailure?.position ?? .max { firstFailure = (position, error) }
        }
    }

    var failed: Bool { lock.withLock { firstFailure != nil } }
    var firstError: (Int, AreaAnalysisError)? { lock.withLock { firstFailure.map { ($0.position, $0.error) } } }
    func value(at index: Int) -> ZoneApportionment? { lock.withLock { storage[index] } }
    var values: [ZoneApportionment?] { lock.withLock { storage } }
}

/// Every postcode's geometry as WKB, read once and shared read-only; each thread that
/// apportions with it keeps a kernel of its own (GEOS context, parsed postcodes).
final class ResidentGeometries: Sendable {
    /// WKB by position (`nil` for an empty geometry).
    let wkb: [Data?]

    init(wkb: [Data?]) { self.wkb = wkb }

    /// The calling thread's kernel over these geometries, made on its first call; the
    /// kernel never leaves the thread.
    func kernelForCurrentThread(boxes: [Envelope?], method: ApportionmentMethod) -> ApportionmentKernel {
        let key = "geoprofile.apportionment-kernel"
        if let kept = Thread.current.threadDictionary[key] as? ThreadKernel, kept.geometries === self {
            kept.kernel.method = method
            return kept.kernel
        }
        let kernel = ApportionmentKernel(geometries: wkb, boxes: boxes, method: method)
        Thread.current.threadDictionary[key] = ThreadKernel(geometries: self, kernel: kernel)
        return kernel
    }
}

/// A thread's kernel and the geometries it was made for.
private final class ThreadKernel {
    let geometries: ResidentGeometries
    let kernel: ApportionmentKernel

    init(geometries: ResidentGeometries, kernel: ApportionmentKernel) {
        self.geometries = geometries
        self.kernel = kernel
    }
}

/// The per-worker part: its own GEOS context and parsed postcode geometries.
final class ApportionmentKernel {
    let context = GEOSContext()
    var method: ApportionmentMethod
    /// WKB by position (`nil` for postcodes not read, or with an empty geometry).
    private let wkb: [Data?]
    private let boxes: [Envelope?]
    private var parsed: [Int: Geometry] = [:]
    private var edges: [Int: PolygonEdges] = [:]
    private var interiorPoints: [Int: Geometry] = [:]

    init(geometries: [Data?], boxes: [Envelope?], method: ApportionmentMethod) {
        self.wkb = geometries
        self.boxes = boxes
        self.method = method
    }

    /// The postcode as a GEOS geometry, parsed the first time it is needed.
    func postcode(_ position: Int) throws(AreaAnalysisError) -> Geometry? {
        if let known = parsed[position] { return known }
        guard let data = wkb[position] else { return nil }
        let geometry = try Geometry(wkb: data, context: context)
        parsed[position] = geometry
        return geometry
    }

    /// The postcode's edges for the exact kernel, read straight from its WKB the first
    /// time they are needed (through GEOS only for geometry types the reader skips).
    func edges(_ position: Int) throws(AreaAnalysisError) -> PolygonEdges? {
        if let known = edges[position] { return known }
        guard let data = wkb[position] else { return nil }
        let prepared: PolygonEdges
        if let rings = WKBRings.polygons(data) {
            prepared = PolygonEdges(polygons: rings)
        } else if let geometry = try postcode(position) {
            prepared = try PolygonEdges(geometry)
        } else {
            return nil
        }
        edges[position] = prepared
        return prepared
    }

    /// Apportions one zone; `edges`, when given, are the zone's edges already built.
    func apportion(_ zone: Zone, candidates: [Int], edges zoneEdgesBuilt: PolygonEdges? = nil)
        throws(AreaAnalysisError) -> ZoneApportionment
    {
        // The zone's GEOS geometry and its prepared form are made only when needed: for
        // the containment test or a fallback overlay. Small zones often need neither.
        var geosZone: (geometry: Geometry, prepared: PreparedGeometry)?
        func zoneGeometry() throws(AreaAnalysisError) -> (geometry: Geometry, prepared: PreparedGeometry) {
            if let made = geosZone { return made }
            let geometry = try Geometry(wkb: zone.wkb, context: context)
            let made = (geometry, try PreparedGeometry(geometry))
            geosZone = made
            return made
        }
        var zoneEdges = zoneEdgesBuilt
        var weights: [PostcodeWeight] = []
        var covered = 0.0
        var fast = 0
        var overlays = 0
        var fallbacks = 0
        for position in candidates {
            guard let postcodeEdges = try edges(position), postcodeEdges.area > 0, let box = boxes[position] else {
                continue
            }
            let postcodeArea = postcodeEdges.area
            let overlap: Double
            let inside: Bool
            // Fast path: a postcode the zone contains properly is taken whole, no overlap
            // computed. Only a postcode whose box lies inside the zone's box can qualify.
            if zone.envelope.contains(box), let postcode = try self.postcode(position),
                try zoneGeometry().prepared.contains(properly: postcode)
            {
                overlap = postcodeArea
                inside = true
                fast += 1
            } else {
                if zoneEdges == nil {
                    // straight from the zone's WKB where it is a plain (multi)polygon
                    if let rings = WKBRings.polygons(zone.wkb) {
                        zoneEdges = PolygonEdges(polygons: rings)
                    } else {
                        zoneEdges = try PolygonEdges(try zoneGeometry().geometry)
                    }
                }
                if let exact = PolygonEdges.overlapArea(zoneEdges!, postcodeEdges) {
                    overlap = exact
                } else if let postcode = try self.postcode(position), try zoneGeometry().prepared.intersects(postcode) {
                    overlap = try overlapArea(try zoneGeometry().geometry, postcode)
                    fallbacks += 1
                } else {
                    continue
                }
                overlays += 1
                if overlap <= 0 { continue }
                inside = false
            }
            covered += overlap
            let weight: Double
            switch method {
            case .area:
                weight = min(overlap / postcodeArea, 1)
            case .centroid:
                guard let postcode = try self.postcode(position) else { continue }
                weight = try containsInteriorPoint(try zoneGeometry().prepared, position, postcode) ? 1 : 0
            }
            guard weight > 0 || overlap > 0 else { continue }
            weights.append(
                PostcodeWeight(position: position, weight: weight, overlapArea: overlap, fullyInside: inside))
        }
        return ZoneApportionment(
            zone: zone, weights: weights, coveredArea: min(covered, zone.area), fastPathCount: fast,
            overlayCount: overlays,
            geosOverlayCount: fallbacks)
    }

    /// Area of `zone ∩ postcode` by GEOS overlay: the fallback where the exact kernel
    /// (``PolygonEdges/overlapArea(_:_:)``) cannot decide.
    ///
    /// The zone is deliberately not clipped to the postcode's box first: GEOS's rectangle
    /// clipping can return an invalid polygon, on which the overlay then silently gives a
    /// wrong area (seen on real municipal borders: 0.71 of a postcode instead of 0.0016).
    func overlapArea(_ zone: Geometry, _ postcode: Geometry) throws(AreaAnalysisError) -> Double {
        try zone.intersection(with: postcode).area
    }

    func containsInteriorPoint(_ zone: PreparedGeometry, _ position: Int, _ postcode: Geometry)
        throws(AreaAnalysisError) -> Bool
    {
        if interiorPoints[position] == nil {
            let point = try postcode.pointOnSurface()
            interiorPoints[position] = try Geometry(x: point.x, y: point.y, context: context)
        }
        return try zone.contains(interiorPoints[position]!)
    }
}
