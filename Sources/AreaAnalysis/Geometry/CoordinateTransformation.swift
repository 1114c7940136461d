internal import CPROJ
internal import Foundation
public import ProfileModel

/// A coordinate transformation between two coordinate reference systems, through PROJ.
///
/// CRSs may be given as `EPSG:28992`, WKT (also the ESRI dialect of `.prj` files) or a PROJ
/// string. Axis order is normalised for GIS use (`proj_normalize_for_visualization`):
/// input and output are always easting/longitude first, northing/latitude second, so
/// GeoJSON's longitude-latitude order works with `EPSG:4326`.
///
/// Owns its own `PJ_CONTEXT`; use it on one thread only.
public final class CoordinateTransformation {
    /// The PROJ context; `nil` when source and target are the same text (see the initialiser).
    private let context: OpaquePointer?
    /// The PROJ operation; `nil` for the identity, which needs none.
    private let transformation: OpaquePointer?
    /// The source CRS as given.
    public let source: String
    /// The target CRS as given.
    public let target: String
    /// Whether source and target are the same CRS, so coordinates pass unchanged.
    public let isIdentity: Bool

    /// Creates a transformation (wraps `proj_create`, `proj_create_crs_to_crs_from_pj`
    /// and `proj_normalize_for_visualization`).
    ///
    /// With `withinTargetArea`, the coordinates are known to lie in the target CRS's area of
    /// use (as zones must, to meet the postcode dataset): PROJ's operation factory is asked
    /// for the operations that apply there, leaving out those that need grid files this
    /// machine lacks, and the best one is used (`proj_get_area_of_use`,
    /// `proj_create_operations`). That is the operation PROJ would pick for such coordinates
    /// anyway, found in about half the time.
    ///
    /// Source and target given as the same text are the identity, and PROJ is not consulted
    /// at all (a zone file already in the dataset's CRS needs no PROJ set-up).
    public init(from source: String, to target: String, withinTargetArea: Bool = false) throws(AreaAnalysisError) {
        if source == target {
            self.context = nil
            self.source = source
            self.target = target
            isIdentity = true
            transformation = nil
            return
        }
        // proj_context_create returns NULL only when memory is exhausted
        guard let context = proj_context_create() else { fatalError("proj_context_create failed: out of memory") }
        proj_log_level(context, PJ_LOG_NONE)
        _ = proj_context_set_enable_network(context, 0)
        self.context = context
        self.source = source
        self.target = target
        do throws(AreaAnalysisError) {
            let sourceCRS = try Self.crs(source, context: context)
            defer { proj_destroy(sourceCRS) }
            let targetCRS = try Self.crs(target, context: context)
            defer { proj_destroy(targetCRS) }
            isIdentity =
                proj_is_equivalent_to_with_ctx(
                    context, sourceCRS, targetCRS, PJ_COMP_EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS) == 1
            if isIdentity {
                // Coordinates pass unchanged: no operation to search for.
                transformation = nil
                return
            }
            // returns NULL when no operation between the two CRSs is known
            guard let raw = Self.operation(sourceCRS, targetCRS, withinTargetArea: withinTargetArea, context: context)
            else {
                throw AreaAnalysisError(
                    .invalidData, "PROJ knows no transformation from \(source) to \(target)",
                    libraryMessage: Self.message(context))
            }
            defer { proj_destroy(raw) }
            // returns NULL on failure
            guard let normalised = proj_normalize_for_visualization(context, raw) else {
                throw AreaAnalysisError(
                    .library, "PROJ could not normalise the axis order from \(source) to \(target)",
                    libraryMessage: Self.message(context))
            }
            transformation = normalised
        } catch {
            proj_context_destroy(context)
            throw error
        }
    }

    deinit {
        if let transformation { proj_destroy(transformation) }
        if let context { proj_context_destroy(context) }
    }

    /// The best operation within the target's area of use, or PROJ's own choice.
    private static func operation(
        _ source: OpaquePointer, _ target: OpaquePointer, withinTargetArea: Bool, context: OpaquePointer
    ) -> OpaquePointer? {
        var west = 0.0
        var south = 0.0
        var east = 0.0
        var north = 0.0
        // proj_get_area_of_use returns 1 when the CRS declares an area of use
        guard withinTargetArea, proj_get_area_of_use(context, target, &west, &south, &east, &north, nil) == 1,
            let factory = proj_create_operation_factory_context(context, nil)
        else {
            return proj_create_crs_to_crs_from_pj(context, source, target, nil, nil)
        }
        defer { proj_operation_factory_context_destroy(factory) }
        proj_operation_factory_context_set_area_of_interest(context, factory, west, south, east, north)
        proj_operation_factory_context_set_spatial_criterion(
            context, factory, PROJ_SPATIAL_CRITERION_PARTIAL_INTERSECTION)
        proj_operation_factory_context_set_grid_availability_use(
            context, factory, PROJ_GRID_AVAILABILITY_DISCARD_OPERATION_IF_MISSING_GRID)
        // returns NULL on error; the list is sorted best first
        guard let list = proj_create_operations(context, source, target, factory) else {
            return proj_create_crs_to_crs_from_pj(context, source, target, nil, nil)
        }
        defer { proj_list_destroy(list) }
        guard proj_list_get_count(list) > 0, let best = proj_list_get(context, list, 0) else {
            return proj_create_crs_to_crs_from_pj(context, source, target, nil, nil)
        }
        return best
    }

    /// Parses a CRS definition and checks it is a CRS (wraps `proj_create`, `proj_is_crs`).
    private static func crs(_ definition: String, context: OpaquePointer) throws(AreaAnalysisError) -> OpaquePointer {
        let trimmed = definition.trimmingCharacters(in: .whitespacesAndNewlines)
        // returns NULL when the text is not understood
        guard !trimmed.isEmpty, let object = proj_create(context, trimmed) else {
            throw AreaAnalysisError(
                .invalidData,
                "'\(shorten(definition))' is not a coordinate reference system PROJ understands (try EPSG:28992 or EPSG:4326)",
                input: .crs,
                libraryMessage: message(context))
        }
        guard proj_is_crs(object) == 1 else {
            proj_destroy(object)
            throw AreaAnalysisError(.invalidData, "'\(shorten(definition))' is not a coordinate reference system")
        }
        return object
    }

    private static func shorten(_ text: String) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ")
        return flat.count > 60 ? String(flat.prefix(57)) + "..." : flat
    }

    private static func message(_ context: OpaquePointer?) -> String? {
        guard let context else { return nil }
        let code = proj_context_errno(context)
        guard code != 0, let text = proj_context_errno_string(context, code) else { return nil }
        return String(cString: text)
    }

    /// Transforms one point (wraps `proj_trans`); throws when PROJ cannot place it
    /// (e.g. latitude beyond ±90 degrees).
    public func transform(x: Double, y: Double) throws(AreaAnalysisError) -> (x: Double, y: Double) {
        guard x.isFinite, y.isFinite else {
            throw AreaAnalysisError(.invalidData, "a coordinate is not a finite number")
        }
        guard let transformation else { return (x, y) }
        proj_errno_reset(transformation)
        let result = proj_trans(transformation, PJ_FWD, proj_coord(x, y, 0, 0))
        let out = (x: result.xy.x, y: result.xy.y)
        guard out.x.isFinite, out.y.isFinite, out.x != .greatestFiniteMagnitude else {
            throw AreaAnalysisError(
                .invalidData, "the point (\(x), \(y)) cannot be transformed from \(source) to \(target)",
                libraryMessage: Self.message(context))
        }
        return out
    }

    /// Transforms every coordinate of a geometry.
    public func transform(_ geometry: Geometry) throws(AreaAnalysisError) -> Geometry {
        if isIdentity { return try geometry.clone() }
        return try geometry.transformed { (x: inout Double, y: inout Double) throws(AreaAnalysisError) in
            (x, y) = try transform(x: x, y: y)
        }
    }

    /// The PROJ library version, e.g. `9.1.1`.
    public static var version: String {
        let info = proj_info()
        return info.version.map { String(cString: $0) } ?? "unknown"
    }
}

@available(*, unavailable)
extension CoordinateTransformation: Sendable {}

/// What PROJ knows of one coordinate reference system.
public struct CRSInfo: Sendable, Hashable {
    /// The CRS name, e.g. `Amersfoort / RD New`.
    public var name: String
    /// The EPSG code, when PROJ can identify one.
    public var epsg: Int?
    /// OGC WKT 1 (GDAL flavour), as `gpkg_spatial_ref_sys.definition` expects.
    public var wkt1: String
    /// Whether the CRS is geographic (degrees) rather than projected.
    public var isGeographic: Bool

    /// Describes a CRS given as `EPSG:n`, WKT or a PROJ string (wraps `proj_create`,
    /// `proj_get_name`, `proj_get_id_code`, `proj_identify`, `proj_as_wkt`).
    public init(_ definition: String) throws(AreaAnalysisError) {
        guard let context = proj_context_create() else { fatalError("proj_context_create failed: out of memory") }
        defer { proj_context_destroy(context) }
        proj_log_level(context, PJ_LOG_NONE)
        guard let crs = proj_create(context, definition), proj_is_crs(crs) == 1 else {
            throw AreaAnalysisError(
                .invalidData, "'\(definition.prefix(60))' is not a coordinate reference system PROJ understands")
        }
        defer { proj_destroy(crs) }
        name = proj_get_name(crs).map { String(cString: $0) } ?? "unnamed"
        let type = proj_get_type(crs)
        isGeographic = type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS
        if let authority = proj_get_id_auth_name(crs, 0), String(cString: authority) == "EPSG",
            let code = proj_get_id_code(crs, 0)
        {
            epsg = Int(String(cString: code))
        } else {
            // proj_identify returns candidates with a confidence in percent; accept only 100
            var confidence: UnsafeMutablePointer<Int32>?
            var found: Int?
            if let list = proj_identify(context, crs, "EPSG", nil, &confidence) {
                if proj_list_get_count(list) > 0, let confidence, confidence[0] == 100,
                    let best = proj_list_get(context, list, 0)
                {
                    if let code = proj_get_id_code(best, 0) { found = Int(String(cString: code)) }
                    proj_destroy(best)
                }
                proj_list_destroy(list)
            }
            if let confidence { proj_int_list_destroy(confidence) }
            epsg = found
        }
        // returns NULL when the CRS cannot be expressed in WKT1
        wkt1 = proj_as_wkt(context, crs, PJ_WKT1_GDAL, nil).map { String(cString: $0) } ?? "undefined"
    }
}

extension CoordinateTransformation {
    /// A transformation kept for the calling thread: made once per thread and pair of CRSs,
    /// then reused, so a long-running process (the service, a pool of workers) pays PROJ's
    /// set-up once per thread rather than once per request. The handle never leaves its
    /// thread; a thread keeps at most ``threadCacheLimit`` of them.
    static func forCurrentThread(from source: String, to target: String, withinTargetArea: Bool = false)
        throws(AreaAnalysisError) -> CoordinateTransformation
    {
        let key = "\(withinTargetArea ? 1 : 0)\u{1F}\(source)\u{1F}\(target)"
        let cache: ThreadTransformations
        if let known = Thread.current.threadDictionary[ThreadTransformations.key] as? ThreadTransformations {
            cache = known
        } else {
            cache = ThreadTransformations()
            Thread.current.threadDictionary[ThreadTransformations.key] = cache
        }
        if let known = cache.transformations[key] { return known }
        let made = try CoordinateTransformation(from: source, to: target, withinTargetArea: withinTargetArea)
        // CRSs are user input: an unbounded cache would grow with every new one.
        if cache.transformations.count >= threadCacheLimit { cache.transformations.removeAll() }
        cache.transformations[key] = made
        return made
    }

    /// The most transformations one thread keeps.
    static let threadCacheLimit = 8
}

/// The transformations of one thread (see ``CoordinateTransformation/forCurrentThread(from:to:withinTargetArea:)``).
private final class ThreadTransformations {
    static let key = "geoprofile.coordinate-transformations"
    var transformations: [String: CoordinateTransformation] = [:]
}
