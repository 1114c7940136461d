public import Foundation
public import ProfileModel

/// A zone ready for apportionment: valid, areal, in the dataset's CRS.
public struct Zone: Sendable {
    /// Position in the input.
    public var index: Int
    /// Id.
    public var id: String
    /// Name, if known.
    public var name: String?
    /// Valid polygonal geometry as WKB in the dataset CRS (EPSG:28992).
    public var wkb: Data
    /// Area in m².
    public var area: Double
    /// Bounding box in the dataset CRS.
    public var envelope: Envelope
    /// Repairs and other remarks made while preparing it.
    public var warnings: [String]

    /// Creates a zone from a valid polygonal geometry already in the dataset's CRS.
    public init(index: Int, id: String, name: String?, wkb: Data, area: Double, envelope: Envelope, warnings: [String])
    {
        self.index = index
        self.id = id
        self.name = name
        self.wkb = wkb
        self.area = area
        self.envelope = envelope
        self.warnings = warnings
    }
}

/// A zone on its way to the apportionment: prepared, or read and left to the worker that
/// apportions it.
enum ZoneTask: Sendable {
    /// A prepared zone.
    case ready(Zone)
    /// A plain polygon already in the dataset's CRS, with the box of its coordinates, to be
    /// finished by ``ZonePreparer/finish(_:label:context:)``.
    case pending(RawZone, envelope: Envelope, label: String)

    /// Position in the input.
    var index: Int {
        switch self {
        case .ready(let zone): zone.index
        case .pending(let raw, _, _): raw.index
        }
    }

    /// Bounding box in the dataset CRS (of the zone before any repair, for a pending one:
    /// a repair never grows it).
    var envelope: Envelope {
        switch self {
        case .ready(let zone): zone.envelope
        case .pending(_, let envelope, _): envelope
        }
    }
}

/// Turns read zones into valid zones in the dataset's CRS: reprojects through PROJ,
/// buffers points by `radius`, repairs invalid polygons (with a warning), and rejects
/// empty, non-areal and out-of-area zones with one clear sentence each.
public struct ZonePreparer: Sendable {
    /// The dataset's CRS.
    public var targetCRS: String
    /// The dataset's extent, to recognise zones that fall outside it; `nil` leaves that
    /// check to ``checkInside(_:raw:extent:targetCRS:file:)``, so zones can be prepared while the
    /// dataset is still being opened.
    public var extent: Envelope?
    /// Radius in metres that turns a point into a circular zone.
    public var radius: Double?

    /// Creates a preparer.
    public init(targetCRS: String = DatasetSchema.crs, extent: Envelope?, radius: Double? = nil) {
        self.targetCRS = targetCRS
        self.extent = extent
        self.radius = radius
    }

    /// Prepares every zone; throws for the first (in file order) that cannot be used.
    ///
    /// Large files are prepared on all cores, each worker with its own GEOS context and
    /// PROJ transformations.
    public func prepare(_ zones: [RawZone], file: String) throws(AreaAnalysisError) -> [Zone] {
        try each(zones, file: file) { raw, label, transformation, context throws(AreaAnalysisError) in
            try prepare(raw, label: label, transformation: transformation, context: context)
        }
    }

    /// Like ``prepare(_:file:)``, but leaves plain polygons already in the dataset's CRS to
    /// the workers that apportion them: checking such a zone builds the same edge
    /// structure the apportionment needs (see ``finish(_:label:context:)``), so it is built
    /// once. The rest are prepared here.
    func triage(_ zones: [RawZone], file: String) throws(AreaAnalysisError) -> [ZoneTask] {
        try each(zones, file: file) { raw, label, transformation, context throws(AreaAnalysisError) in
            if transformation.isIdentity, radius == nil, let envelope = WKBRings.envelope(raw.wkb) {
                return .pending(raw, envelope: envelope, label: label)
            }
            // Plain polygons in another CRS: reprojected point by point, then like the above.
            if let moved = reprojected(raw, transformation: transformation),
                let envelope = WKBRings.envelope(moved.wkb)
            {
                return .pending(moved, envelope: envelope, label: label)
            }
            return .ready(try prepare(raw, label: label, transformation: transformation, context: context))
        }
    }

    /// Prepares a zone ``triage(_:file:)`` left pending: the zone, with its edges when the
    /// edge test showed it valid; otherwise prepared the full way (repaired if need be).
    func finish(_ raw: RawZone, label: String, context: GEOSContext) throws(AreaAnalysisError) -> (
        zone: Zone, edges: PolygonEdges?
    ) {
        if let quick = try quickZone(raw, label: label, context: context, transformation: nil) { return quick }
        let transformation = try CoordinateTransformation.forCurrentThread(
            from: raw.crs ?? targetCRS, to: targetCRS, withinTargetArea: true)
        return (try prepare(raw, label: label, transformation: transformation, context: context), nil)
    }

    /// A task's zone: as prepared, or finished now (see ``finish(_:label:context:)``).
    func zone(of task: ZoneTask, context: GEOSContext) throws(AreaAnalysisError) -> (zone: Zone, edges: PolygonEdges?) {
        switch task {
        case .ready(let zone): return (zone, nil)
        case .pending(let raw, _, let label): return try finish(raw, label: label, context: context)
        }
    }

    /// Runs `body` for every zone with its label, its transformation to the target CRS and
    /// a GEOS context; large inputs on all cores. Throws for the first zone (in file order)
    /// that fails.
    private func each<T: Sendable>(
        _ zones: [RawZone], file: String,
        _ body: @Sendable (RawZone, String, CoordinateTransformation, GEOSContext) throws(AreaAnalysisError) -> T
    ) throws(AreaAnalysisError) -> [T] {
        let workers = zones.count >= 64 ? max(1, ProcessInfo.processInfo.activeProcessorCount) : 1
        guard workers > 1 else { return try each(zones[...], count: zones.count, file: file, body) }
        let slices = (0..<workers).map { w in zones[(zones.count * w / workers)..<(zones.count * (w + 1) / workers)] }
        let results = PartResults<[T], AreaAnalysisError>(count: workers)
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            results.set(
                w,
                Result { () throws(AreaAnalysisError) -> [T] in
                    try each(slices[w], count: zones.count, file: file, body)
                })
        }
        var prepared: [T] = []
        prepared.reserveCapacity(zones.count)
        for result in results.values { prepared += try result.get() }
        return prepared
    }

    private func each<T>(
        _ zones: ArraySlice<RawZone>, count: Int, file: String,
        _ body: (RawZone, String, CoordinateTransformation, GEOSContext) throws(AreaAnalysisError) -> T
    ) throws(AreaAnalysisError) -> [T] {
        let context = GEOSContext()
        var transformations: [String: CoordinateTransformation] = [:]
        var prepared: [T] = []
        prepared.reserveCapacity(zones.count)
        for raw in zones {
            let label = count == 1 ? file : "zone '\(raw.id)' of \(file)"
            guard let crs = raw.crs else { throw Self.missingCRS(file: file) }
            let transformation: CoordinateTransformation
            if let known = transformations[crs] {
                transformation = known
            } else {
                transformation = try CoordinateTransformation.forCurrentThread(
                    from: crs, to: targetCRS, withinTargetArea: true)
                transformations[crs] = transformation
            }
            prepared.append(try body(raw, label, transformation, context))
        }
        return prepared
    }

    /// The zone and its edges when it is already in the dataset's CRS (`transformation`
    /// is the identity, or `nil` when known to be) and the edge test shows it valid (see
    /// ``PolygonEdges/certainlyValid(_:)``): the common case, which needs no GEOS.
    private func quickZone(
        _ raw: RawZone, label: String, context: GEOSContext, transformation: CoordinateTransformation?
    ) throws(AreaAnalysisError) -> (zone: Zone, edges: PolygonEdges?)? {
        guard radius == nil, let rings = WKBRings.polygons(raw.wkb), let edges = PolygonEdges.certainlyValid(rings),
            let envelope = edges.envelope
        else { return nil }
        if let extent, !envelope.intersects(extent) {
            let used =
                if let transformation { transformation } else {
                    try CoordinateTransformation.forCurrentThread(
                        from: raw.crs ?? targetCRS, to: targetCRS, withinTargetArea: true)
                }
            throw outside(
                try Geometry(wkb: raw.wkb, context: context), raw: raw, label: label, transformation: used,
                extent: extent)
        }
        try checkPlausible(area: edges.area, envelope: envelope, label: label)
        let zone = Zone(
            index: raw.index, id: raw.id, name: raw.name, wkb: raw.wkb, area: edges.area, envelope: envelope,
            warnings: [])
        return (zone, edges)
    }

    func prepare(_ raw: RawZone, label: String, transformation: CoordinateTransformation, context: GEOSContext)
        throws(AreaAnalysisError) -> Zone
    {
        if transformation.isIdentity,
            let quick = try quickZone(raw, label: label, context: context, transformation: transformation)
        {
            return quick.zone
        }
        // Plain polygons in another CRS reprojected point by point take the same quick way;
        // any doubt (a repair, a zone outside) goes the full way below, from the source.
        if let moved = reprojected(raw, transformation: transformation),
            let quick = try? quickZone(moved, label: label, context: context, transformation: nil)
        {
            return quick.zone
        }
        let source = try Geometry(wkb: raw.wkb, context: context)
        guard !source.isEmpty else { throw AreaAnalysisError(.invalidData, "\(label) is empty: it has no coordinates") }
        var warnings: [String] = []
        var geometry: Geometry
        do throws(AreaAnalysisError) {
            geometry = transformation.isIdentity ? source : try transformation.transform(source)
        } catch {
            throw (extent.flatMap { swappedHint(source, label: label, transformation: transformation, extent: $0) })
                ?? error
        }
        if geometry.kind == .point || geometry.kind == .multiPoint {
            guard let radius, radius > 0 else {
                throw AreaAnalysisError(
                    .usage, "\(label) is a point; give \(input: .radius) METERS to analyse the circle around it")
            }
            geometry = try geometry.buffer(radius)
            warnings.append("the zone is the circle of \(Int(radius)) m around the given point")
        } else if radius != nil {
            throw AreaAnalysisError(
                .usage, "\(input: .radius) applies to a point zone, but \(label) is a \(geometry.kind)")
        }
        if !geometry.kind.isAreal && geometry.kind != .geometryCollection {
            throw AreaAnalysisError(
                .invalidData,
                "\(label) is a \(geometry.kind), not an area; a zone must be a polygon (or a point with \(input: .radius))",
                input: .zones)
        }
        if let reason = geometry.invalidityReason {
            let before = geometry.area
            geometry = try geometry.makeValid()
            let parts = try geometry.polygons()
            guard !parts.isEmpty else {
                throw AreaAnalysisError(
                    .invalidData, "\(label) is not a valid polygon (\(reason)) and has no area left after repair")
            }
            if geometry.kind == .geometryCollection {
                // keep only the areal parts of the repair
                var rings: [[ContiguousArray<Double>]] = []
                for part in parts { rings.append(try part.rings()) }
                let wkb = try WKBBuilder.polygons(rings, context: label)
                geometry = try Geometry(wkb: wkb, context: context)
            }
            warnings.append(
                "the zone was not a valid polygon (\(reason)) and was repaired; area before \(Int(before.rounded())) m², after \(Int(geometry.area.rounded())) m²"
            )
        }
        let area = geometry.area
        guard area > 0, let envelope = geometry.envelope else {
            throw AreaAnalysisError(.invalidData, "\(label) has no area")
        }
        do { try checkPlausible(area: area, envelope: envelope, label: label) } catch {
            // Far outside is most often latitude and longitude swapped: say so when it is.
            throw swappedHint(source, label: label, transformation: transformation, extent: extent ?? Self.plausibleRD)
                ?? error
        }
        if let extent, !envelope.intersects(extent) {
            throw outside(source, raw: raw, label: label, transformation: transformation, extent: extent)
        }
        return Zone(
            index: raw.index, id: raw.id, name: raw.name,
            // an unchanged geometry keeps the bytes it was read with
            wkb: geometry === source ? raw.wkb : try geometry.wkb(), area: area, envelope: envelope, warnings: warnings)
    }

    /// The error for zones whose file does not say their coordinate system, naming what
    /// would: a Shapefile's .prj, a GeoPackage layer's CRS, or WKT's SRID.
    static func missingCRS(file: String) -> AreaAnalysisError {
        let lower = file.lowercased()
        let cause =
            if lower.hasSuffix(".shp") {
                "\(file) does not say which coordinate system it uses (its .prj file is missing)"
            } else if lower.hasSuffix(".gpkg") {
                "the layer of \(file) does not say which coordinate system it uses"
            } else {
                "\(file) has no SRID, so its coordinate system is unknown (write it as EWKT, SRID=28992;POLYGON(...))"
            }
        return AreaAnalysisError(.usage, "\(cause); give it with \(input: .crs), e.g. \(input: .crs) EPSG:28992")
    }

    /// A zone of plain polygons with every coordinate reprojected by PROJ, exactly as
    /// ``CoordinateTransformation/transform(_:)`` would through GEOS, but without building a
    /// GEOS geometry; `nil` for points, identity transformations and coordinates PROJ
    /// cannot place (those take the full way, which explains the failure).
    func reprojected(_ raw: RawZone, transformation: CoordinateTransformation) -> RawZone? {
        guard !transformation.isIdentity, radius == nil, var polygons = WKBRings.polygons(raw.wkb) else { return nil }
        for p in polygons.indices {
            for r in polygons[p].indices {
                var ring = polygons[p][r]
                var i = 0
                while i + 1 < ring.count {
                    guard let (x, y) = try? transformation.transform(x: ring[i], y: ring[i + 1]) else { return nil }
                    ring[i] = x
                    ring[i + 1] = y
                    i += 2
                }
                polygons[p][r] = ring
            }
        }
        guard let wkb = try? WKBBuilder.polygons(polygons, context: raw.id) else { return nil }
        var moved = raw
        moved.wkb = wkb
        moved.crs = targetCRS
        return moved
    }

    /// The smallest zone analysed, in m²: anything smaller is a drawing error, not a
    /// planning zone, and its profile shares would be those of a point.
    public static let minimumArea = 1.0

    /// Where RD New coordinates can lie: the CRS's area of use (the Netherlands, x 0-300 km,
    /// y 300-625 km) with 100 km to spare on every side.
    static let plausibleRD = Envelope(minX: -100_000, minY: 200_000, maxX: 400_000, maxY: 725_000)

    /// Refuses a zone whose area is below ``minimumArea`` or not finite, or (in RD New)
    /// whose coordinates lie far outside the CRS's area of use: such a zone would otherwise
    /// get plausible-looking shares.
    func checkPlausible(area: Double, envelope: Envelope, label: String) throws(AreaAnalysisError) {
        if targetCRS == DatasetSchema.crs, !Self.plausibleRD.contains(envelope) {
            throw AreaAnalysisError(
                .invalidData,
                "\(label) has coordinates far outside the Netherlands (RD New x \(Self.kilometres(envelope.minX))…\(Self.kilometres(envelope.maxX)), y \(Self.kilometres(envelope.minY))…\(Self.kilometres(envelope.maxY))); check its coordinate system"
            )
        }
        guard area.isFinite, area >= Self.minimumArea else {
            throw AreaAnalysisError(
                .invalidData,
                "\(label) has almost no area (\(area < 0.001 ? "less than 0.001" : String(format: "%.3f", area)) m²); a zone must be at least 1 m²"
            )
        }
    }

    /// A coordinate in whole kilometres for messages ("1e+305 km" for absurd ones).
    static func kilometres(_ metres: Double) -> String {
        abs(metres) < 1e9 ? "\(Int((metres / 1000).rounded())) km" : String(format: "%.0e km", metres / 1000)
    }

    /// Checks that prepared zones meet the dataset's extent; the error for the first that
    /// does not says whether swapping latitude and longitude would put it inside.
    public static func checkInside(
        _ zones: [Zone], raw: [RawZone], extent: Envelope, targetCRS: String = DatasetSchema.crs, file: String
    ) throws(AreaAnalysisError) {
        let preparer = ZonePreparer(targetCRS: targetCRS, extent: extent)
        for zone in zones where !zone.envelope.intersects(extent) {
            guard let source = raw.first(where: { $0.index == zone.index }), let crs = source.crs else { continue }
            let label = raw.count == 1 ? file : "zone '\(zone.id)' of \(file)"
            let context = GEOSContext()
            let geometry = try Geometry(wkb: source.wkb, context: context)
            throw preparer.outside(
                geometry, raw: source, label: label,
                transformation: try CoordinateTransformation.forCurrentThread(
                    from: crs, to: targetCRS, withinTargetArea: true),
                extent: extent)
        }
    }

    func outside(
        _ source: Geometry, raw: RawZone, label: String, transformation: CoordinateTransformation, extent: Envelope
    ) -> AreaAnalysisError {
        swappedHint(source, label: label, transformation: transformation, extent: extent)
            ?? AreaAnalysisError(
                .invalidData,
                "\(label) lies entirely outside the postcode areas of the dataset (check its coordinate system\(raw.crs.map { ": read as \($0)" } ?? ""))"
            )
    }

    /// If the zone would lie inside the dataset with its two coordinates swapped, the
    /// error that says so.
    func swappedHint(_ source: Geometry, label: String, transformation: CoordinateTransformation, extent: Envelope)
        -> AreaAnalysisError?
    {
        guard let swapped = try? source.transformed({ (x: inout Double, y: inout Double) in swap(&x, &y) }),
            let moved = try? transformation.transform(swapped), let envelope = moved.envelope, extent.contains(envelope)
        else { return nil }
        return AreaAnalysisError(
            .invalidData,
            "\(label) lies outside the dataset, but would lie inside with latitude and longitude swapped: GeoJSON and EPSG:4326 input must be longitude first, latitude second"
        )
    }
}
