internal import Foundation

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

    /// Creates an apportioner (builds the in-memory index of postcode boxes).
    public init(dataset: PostcodeDataset) {
        self.dataset = dataset
        index = EnvelopeIndex(dataset.envelopes.enumerated().compactMap { position, box in box.map { (position, $0) } })
    }

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
        let candidates = zones.map { index.query($0.envelope) }
        let needed = Array(Set(candidates.joined())).sorted()
        let wkb = try dataset.geometryWKB(of: needed)
        let geometries = Dictionary(uniqueKeysWithValues: zip(needed, wkb))
        let workers = max(1, min(threads ?? ProcessInfo.processInfo.activeProcessorCount, zones.count))
        let results = ResultBox(count: zones.count)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let kernel = ApportionmentKernel(geometries: geometries, method: method)
            var zoneIndex = worker
            while zoneIndex < zones.count, !results.failed {
                do throws(AreaAnalysisError) {
                    let result = try kernel.apportion(zones[zoneIndex], candidates: candidates[zoneIndex])
                    let finished = results.set(zoneIndex, result)
                    progress?(finished)
                } catch {
                    results.fail(error)
                }
                zoneIndex += workers
            }
        }
        if let error = results.error { throw error }
        return results.values.map { $0! }
    }
}

/// Collects results from worker threads.
private final class ResultBox: @unchecked Sendable {
    // @unchecked Sendable: every access to the mutable state goes through `lock`.
    private let lock = NSLock()
    private var storage: [ZoneApportionment?]
    private var firstError: AreaAnalysisError?
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

    func fail(_ error: AreaAnalysisError) { lock.withLock { if firstError == nil { firstError = error } } }
    var failed: Bool { lock.withLock { firstError != nil } }
    var error: AreaAnalysisError? { lock.withLock { firstError } }
    var values: [ZoneApportionment?] { lock.withLock { storage } }
}

/// The per-worker part: its own GEOS context and parsed postcode geometries.
final class ApportionmentKernel {
    let context = GEOSContext()
    let method: ApportionmentMethod
    private let wkb: [Int: Data?]
    private var parsed: [Int: (geometry: Geometry, area: Double)] = [:]
    private var edges: [Int: PolygonEdges] = [:]
    private var interiorPoints: [Int: Geometry] = [:]

    init(geometries: [Int: Data?], method: ApportionmentMethod) {
        self.wkb = geometries
        self.method = method
    }

    func postcode(_ position: Int) throws(AreaAnalysisError) -> (geometry: Geometry, area: Double)? {
        if let known = parsed[position] { return known }
        guard let data = wkb[position] ?? nil else { return nil }
        let geometry = try Geometry(wkb: data, context: context)
        let entry = (geometry, geometry.area)
        parsed[position] = entry
        return entry
    }

    func apportion(_ zone: Zone, candidates: [Int]) throws(AreaAnalysisError) -> ZoneApportionment {
        let geometry = try Geometry(wkb: zone.wkb, context: context)
        let prepared = try PreparedGeometry(geometry)
        var zoneEdges: PolygonEdges?
        var weights: [PostcodeWeight] = []
        var covered = 0.0
        var fast = 0
        var overlays = 0
        var fallbacks = 0
        for position in candidates {
            guard let (postcode, postcodeArea) = try self.postcode(position), postcodeArea > 0 else { continue }
            let overlap: Double
            let inside: Bool
            if try prepared.contains(properly: postcode) {
                overlap = postcodeArea
                inside = true
                fast += 1
            } else if try !prepared.intersects(postcode) {
                continue
            } else {
                if zoneEdges == nil { zoneEdges = try PolygonEdges(geometry) }
                if let exact = PolygonEdges.overlapArea(zoneEdges!, try self.edges(position, postcode)) {
                    overlap = exact
                } else {
                    overlap = try overlapArea(geometry, postcode)
                    fallbacks += 1
                }
                inside = false
                overlays += 1
            }
            covered += overlap
            let weight: Double
            switch method {
            case .area:
                weight = min(overlap / postcodeArea, 1)
            case .centroid:
                weight = try containsInteriorPoint(prepared, position, postcode) ? 1 : 0
            }
            guard weight > 0 || overlap > 0 else { continue }
            weights.append(PostcodeWeight(position: position, weight: weight, overlapArea: overlap, fullyInside: inside))
        }
        return ZoneApportionment(
            zone: zone, weights: weights, coveredArea: min(covered, zone.area), fastPathCount: fast, overlayCount: overlays,
            geosOverlayCount: fallbacks)
    }

    /// The postcode's edges prepared for the exact kernel, built the first time it is needed.
    func edges(_ position: Int, _ postcode: Geometry) throws(AreaAnalysisError) -> PolygonEdges {
        if let known = edges[position] { return known }
        let prepared = try PolygonEdges(postcode)
        edges[position] = prepared
        return prepared
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

    func containsInteriorPoint(_ zone: PreparedGeometry, _ position: Int, _ postcode: Geometry) throws(AreaAnalysisError) -> Bool {
        if interiorPoints[position] == nil {
            let point = try postcode.pointOnSurface()
            interiorPoints[position] = try Geometry(x: point.x, y: point.y, context: context)
        }
        return try zone.contains(interiorPoints[position]!)
    }
}
