internal import CGEOS
public import Foundation
public import ProfileModel

/// An axis-aligned rectangle.
public struct Envelope: Sendable, Hashable, Codable {
    /// Smallest x.
    public var minX: Double
    /// Smallest y.
    public var minY: Double
    /// Largest x.
    public var maxX: Double
    /// Largest y.
    public var maxY: Double

    /// Creates an envelope.
    public init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX
        self.minY = minY
        self.maxX = maxX
        self.maxY = maxY
    }

    /// Whether the two rectangles share at least one point.
    public func intersects(_ other: Envelope) -> Bool {
        minX <= other.maxX && other.minX <= maxX && minY <= other.maxY && other.minY <= maxY
    }

    /// Whether `other` lies inside this rectangle.
    public func contains(_ other: Envelope) -> Bool {
        minX <= other.minX && other.maxX <= maxX && minY <= other.minY && other.maxY <= maxY
    }

    /// The smallest rectangle holding both.
    public func union(_ other: Envelope) -> Envelope {
        Envelope(
            minX: Swift.min(minX, other.minX), minY: Swift.min(minY, other.minY),
            maxX: Swift.max(maxX, other.maxX), maxY: Swift.max(maxY, other.maxY))
    }

    /// Whether every bound is a finite number.
    public var isFinite: Bool { minX.isFinite && minY.isFinite && maxX.isFinite && maxY.isFinite }
}

/// The kind of a geometry, as GEOS names it (`GEOSGeomTypeId_r`).
public enum GeometryKind: Int32, Sendable {
    /// A point.
    case point = 0
    /// A line string.
    case lineString = 1
    /// A closed line string.
    case linearRing = 2
    /// A polygon.
    case polygon = 3
    /// Several points.
    case multiPoint = 4
    /// Several line strings.
    case multiLineString = 5
    /// Several polygons.
    case multiPolygon = 6
    /// A mixed collection.
    case geometryCollection = 7

    /// Whether the geometry has an area (polygon or multi-polygon).
    public var isAreal: Bool { self == .polygon || self == .multiPolygon }
}

/// A GEOS geometry (`GEOSGeometry*`), owned and destroyed with this object.
///
/// A geometry belongs to the ``GEOSContext`` that made it and is used on that context's
/// thread only.
public final class Geometry {
    let handle: OpaquePointer
    /// The context the geometry was made in.
    public let context: GEOSContext

    init(owning handle: OpaquePointer, context: GEOSContext) {
        self.handle = handle
        self.context = context
    }

    deinit {
        GEOSGeom_destroy_r(context.handle, handle)
    }

    /// Parses well-known binary (wraps `GEOSWKBReader_read_r`).
    public convenience init(wkb: some ContiguousBytes, context: GEOSContext) throws(AreaAnalysisError) {
        // GEOSWKBReader_create_r returns NULL on exception.
        guard let reader = GEOSWKBReader_create_r(context.handle) else { throw context.error("create a WKB reader") }
        defer { GEOSWKBReader_destroy_r(context.handle, reader) }
        let geometry = wkb.withUnsafeBytes { bytes -> OpaquePointer? in
            guard let base = bytes.baseAddress else { return nil }
            // returns NULL on exception (malformed WKB)
            return GEOSWKBReader_read_r(context.handle, reader, base.assumingMemoryBound(to: UInt8.self), bytes.count)
        }
        guard let geometry else {
            throw AreaAnalysisError(
                .invalidData, "the geometry is not valid well-known binary", libraryMessage: context.takeMessage())
        }
        self.init(owning: geometry, context: context)
    }

    /// Parses well-known text (wraps `GEOSWKTReader_read_r`).
    public convenience init(wkt: String, context: GEOSContext) throws(AreaAnalysisError) {
        // GEOSWKTReader_create_r returns NULL on exception.
        guard let reader = GEOSWKTReader_create_r(context.handle) else { throw context.error("create a WKT reader") }
        defer { GEOSWKTReader_destroy_r(context.handle, reader) }
        // returns NULL on exception (text that is not WKT)
        guard let geometry = GEOSWKTReader_read_r(context.handle, reader, wkt) else {
            throw AreaAnalysisError(.invalidData, "the text is not valid WKT", libraryMessage: context.takeMessage())
        }
        self.init(owning: geometry, context: context)
    }

    /// An axis-aligned rectangle as a polygon (wraps `GEOSGeom_createRectangle_r`).
    public convenience init(rectangle: Envelope, context: GEOSContext) throws(AreaAnalysisError) {
        // returns NULL on exception
        guard
            let geometry = GEOSGeom_createRectangle_r(
                context.handle, rectangle.minX, rectangle.minY, rectangle.maxX, rectangle.maxY)
        else { throw context.error("create a rectangle") }
        self.init(owning: geometry, context: context)
    }

    /// A point (wraps `GEOSGeom_createPointFromXY_r`).
    public convenience init(x: Double, y: Double, context: GEOSContext) throws(AreaAnalysisError) {
        // returns NULL on exception
        guard let geometry = GEOSGeom_createPointFromXY_r(context.handle, x, y) else {
            throw context.error("create a point")
        }
        self.init(owning: geometry, context: context)
    }

    /// Builds a polygon from rings of (x, y) pairs; the first ring is the shell.
    ///
    /// Wraps `GEOSCoordSeq_copyFromBuffer_r`, `GEOSGeom_createLinearRing_r` and
    /// `GEOSGeom_createPolygon_r`. Fails with a clear message for an unclosed ring or a
    /// ring of fewer than four points.
    public convenience init(polygonRings rings: [ContiguousArray<Double>], context: GEOSContext)
        throws(AreaAnalysisError)
    {
        precondition(!rings.isEmpty)
        var made: [OpaquePointer] = []
        for ring in rings {
            let count = ring.count / 2
            guard count >= 4, ring[0] == ring[ring.count - 2], ring[1] == ring[ring.count - 1] else {
                for r in made { GEOSGeom_destroy_r(context.handle, r) }
                throw AreaAnalysisError(
                    .invalidData,
                    count < 4
                        ? "a polygon ring has \(count) points; a ring needs at least 4 with the last equal to the first"
                        : "a polygon ring is not closed: its last point differs from its first")
            }
            // returns NULL on exception
            let sequence = ring.withUnsafeBufferPointer {
                GEOSCoordSeq_copyFromBuffer_r(context.handle, $0.baseAddress, UInt32(count), 0, 0)
            }
            // createLinearRing takes ownership of the sequence; returns NULL on exception
            guard let sequence, let linear = GEOSGeom_createLinearRing_r(context.handle, sequence) else {
                for r in made { GEOSGeom_destroy_r(context.handle, r) }
                throw context.error("build a polygon ring")
            }
            made.append(linear)
        }
        let shell = made[0]
        var holes = Array(made.dropFirst()).map { Optional($0) }
        // takes ownership of shell and holes; returns NULL on exception
        let polygon = holes.withUnsafeMutableBufferPointer {
            GEOSGeom_createPolygon_r(context.handle, shell, $0.baseAddress, UInt32($0.count))
        }
        guard let polygon else { throw context.error("build a polygon") }
        self.init(owning: polygon, context: context)
    }

    /// The geometry's kind (wraps `GEOSGeomTypeId_r`, -1 on exception).
    public var kind: GeometryKind {
        GeometryKind(rawValue: GEOSGeomTypeId_r(context.handle, handle)) ?? .geometryCollection
    }

    /// Whether the geometry has no points (wraps `GEOSisEmpty_r`, 2 on exception).
    public var isEmpty: Bool { GEOSisEmpty_r(context.handle, handle) == 1 }

    /// The area in squared units of the CRS (wraps `GEOSArea_r`); NaN when GEOS fails.
    public var area: Double {
        var value = 0.0
        // returns 0 on exception
        guard GEOSArea_r(context.handle, handle, &value) == 1 else { return .nan }
        return value
    }

    /// The bounding rectangle, or `nil` for an empty geometry (wraps `GEOSGeom_getExtent_r`).
    public var envelope: Envelope? {
        if isEmpty { return nil }
        var e = Envelope(minX: 0, minY: 0, maxX: 0, maxY: 0)
        // returns 0 on exception
        guard GEOSGeom_getExtent_r(context.handle, handle, &e.minX, &e.minY, &e.maxX, &e.maxY) == 1 else { return nil }
        return e
    }

    /// Number of vertices (wraps `GEOSGetNumCoordinates_r`, -1 on exception).
    public var vertexCount: Int { Int(GEOSGetNumCoordinates_r(context.handle, handle)) }

    /// `nil` when the geometry is valid, otherwise GEOS's reason, e.g.
    /// `Self-intersection[1 1]` (wraps `GEOSisValidDetail_r`).
    public var invalidityReason: String? {
        var reason: UnsafeMutablePointer<CChar>?
        var location: OpaquePointer?
        // returns 1 when valid, 0 when invalid, 2 on exception
        let result = GEOSisValidDetail_r(context.handle, handle, 0, &reason, &location)
        defer {
            if let reason { GEOSFree_r(context.handle, reason) }
            if let location { GEOSGeom_destroy_r(context.handle, location) }
        }
        switch result {
        case 1: return nil
        case 0: return reason.map { String(cString: $0) } ?? "invalid geometry"
        default: return context.takeMessage() ?? "validity could not be checked"
        }
    }

    /// Whether the geometry is valid in the OGC sense.
    public var isValid: Bool { invalidityReason == nil }

    /// A valid version of the geometry that keeps all its area (wraps
    /// `GEOSMakeValidWithParams_r` with the "structure" method, which keeps the areal part
    /// of a self-intersecting polygon: a bow-tie becomes two triangles).
    public func makeValid() throws(AreaAnalysisError) -> Geometry {
        guard let params = GEOSMakeValidParams_create_r(context.handle) else {
            throw context.error("repair a geometry")
        }
        defer { GEOSMakeValidParams_destroy_r(context.handle, params) }
        // both return 0 on exception
        _ = GEOSMakeValidParams_setMethod_r(context.handle, params, GEOS_MAKE_VALID_STRUCTURE)
        _ = GEOSMakeValidParams_setKeepCollapsed_r(context.handle, params, 0)
        // returns NULL on exception
        guard let valid = GEOSMakeValidWithParams_r(context.handle, handle, params) else {
            throw context.error("repair a geometry")
        }
        return Geometry(owning: valid, context: context)
    }

    /// The common part of two geometries (wraps `GEOSIntersection_r`).
    public func intersection(with other: Geometry) throws(AreaAnalysisError) -> Geometry {
        // returns NULL on exception (e.g. TopologyException on invalid input)
        guard let result = GEOSIntersection_r(context.handle, handle, other.handle) else {
            throw context.error("intersect two geometries")
        }
        return Geometry(owning: result, context: context)
    }

    /// The part of the geometry inside a rectangle (wraps `GEOSClipByRect_r`). The result
    /// may be invalid at the rectangle's edge; use it for area only.
    public func clipped(to rectangle: Envelope) throws(AreaAnalysisError) -> Geometry {
        // returns NULL on exception
        guard
            let result = GEOSClipByRect_r(
                context.handle, handle, rectangle.minX, rectangle.minY, rectangle.maxX, rectangle.maxY)
        else { throw context.error("clip a geometry to a rectangle") }
        return Geometry(owning: result, context: context)
    }

    /// All points within `distance` (wraps `GEOSBuffer_r` with 32 segments a quarter circle).
    public func buffer(_ distance: Double) throws(AreaAnalysisError) -> Geometry {
        // returns NULL on exception
        guard let result = GEOSBuffer_r(context.handle, handle, distance, 32) else {
            throw context.error("buffer a geometry")
        }
        return Geometry(owning: result, context: context)
    }

    /// A point guaranteed to lie inside the geometry (wraps `GEOSPointOnSurface_r`).
    public func pointOnSurface() throws(AreaAnalysisError) -> (x: Double, y: Double) {
        // returns NULL on exception
        guard let point = GEOSPointOnSurface_r(context.handle, handle) else {
            throw context.error("find an interior point")
        }
        defer { GEOSGeom_destroy_r(context.handle, point) }
        var x = 0.0
        var y = 0.0
        // both return 0 on exception
        guard GEOSGeomGetX_r(context.handle, point, &x) == 1, GEOSGeomGetY_r(context.handle, point, &y) == 1 else {
            throw context.error("read a point")
        }
        return (x, y)
    }

    /// The geometry with every coordinate passed through `transform`
    /// (wraps `GEOSGeom_transformXY_r`). A `transform` that throws stops the walk.
    public func transformed(_ transform: (inout Double, inout Double) throws(AreaAnalysisError) -> Void)
        throws(AreaAnalysisError) -> Geometry
    {
        final class State {
            var body: (inout Double, inout Double) throws(AreaAnalysisError) -> Void
            var failure: AreaAnalysisError?
            init(_ body: @escaping (inout Double, inout Double) throws(AreaAnalysisError) -> Void) { self.body = body }
        }
        return try withoutActuallyEscaping(transform) { (escaping) throws(AreaAnalysisError) -> Geometry in
            let state = State(escaping)
            let result = GEOSGeom_transformXY_r(
                context.handle, handle,
                { x, y, userdata in
                    // the callback returns 0 to stop with an exception
                    guard let x, let y, let userdata else { return 0 }
                    let state = Unmanaged<State>.fromOpaque(userdata).takeUnretainedValue()
                    do throws(AreaAnalysisError) { try state.body(&x.pointee, &y.pointee) } catch {
                        state.failure = error
                        return 0
                    }
                    return 1
                },
                Unmanaged.passUnretained(state).toOpaque())
            if let failure = state.failure {
                if let result { GEOSGeom_destroy_r(context.handle, result) }
                _ = context.takeMessage()
                throw failure
            }
            // returns NULL on exception
            guard let result else { throw context.error("transform coordinates") }
            return Geometry(owning: result, context: context)
        }
    }

    /// The geometry as ISO well-known binary, little-endian, 2D (wraps `GEOSWKBWriter_write_r`).
    public func wkb() throws(AreaAnalysisError) -> Data {
        guard let writer = GEOSWKBWriter_create_r(context.handle) else { throw context.error("create a WKB writer") }
        defer { GEOSWKBWriter_destroy_r(context.handle, writer) }
        GEOSWKBWriter_setOutputDimension_r(context.handle, writer, 2)
        GEOSWKBWriter_setByteOrder_r(context.handle, writer, Int32(GEOS_WKB_NDR.rawValue))
        var size = 0
        // returns NULL on exception; the buffer is freed with GEOSFree_r
        guard let bytes = GEOSWKBWriter_write_r(context.handle, writer, handle, &size) else {
            throw context.error("write WKB")
        }
        defer { GEOSFree_r(context.handle, bytes) }
        return Data(bytes: bytes, count: size)
    }

    /// The geometry as well-known text with `decimals` digits after the point
    /// (wraps `GEOSWKTWriter_write_r`).
    public func wkt(decimals: Int = 6) throws(AreaAnalysisError) -> String {
        guard let writer = GEOSWKTWriter_create_r(context.handle) else { throw context.error("create a WKT writer") }
        defer { GEOSWKTWriter_destroy_r(context.handle, writer) }
        GEOSWKTWriter_setTrim_r(context.handle, writer, 1)
        GEOSWKTWriter_setRoundingPrecision_r(context.handle, writer, Int32(decimals))
        GEOSWKTWriter_setOutputDimension_r(context.handle, writer, 2)
        // returns NULL on exception; freed with GEOSFree_r
        guard let text = GEOSWKTWriter_write_r(context.handle, writer, handle) else { throw context.error("write WKT") }
        defer { GEOSFree_r(context.handle, text) }
        return String(cString: text)
    }

    /// An independent copy in the same context (wraps `GEOSGeom_clone_r`).
    public func clone() throws(AreaAnalysisError) -> Geometry {
        guard let copy = GEOSGeom_clone_r(context.handle, handle) else { throw context.error("copy a geometry") }
        return Geometry(owning: copy, context: context)
    }

    /// The polygons of an areal geometry: itself for a polygon, its parts for a
    /// multi-polygon or collection (non-areal parts are dropped).
    public func polygons() throws(AreaAnalysisError) -> [Geometry] {
        switch kind {
        case .polygon: return [try clone()]
        case .multiPolygon, .geometryCollection:
            let count = GEOSGetNumGeometries_r(context.handle, handle)
            var parts: [Geometry] = []
            for index in 0..<max(count, 0) {
                // returns a pointer owned by the parent, or NULL on exception
                guard let part = GEOSGetGeometryN_r(context.handle, handle, index),
                    let copy = GEOSGeom_clone_r(context.handle, part)
                else { throw context.error("read a part of a geometry") }
                let geometry = Geometry(owning: copy, context: context)
                parts += try geometry.polygons()
            }
            return parts
        default: return []
        }
    }

    /// The polygon's rings as flat (x, y) arrays, shell first; empty for other kinds
    /// (wraps `GEOSGetExteriorRing_r`, `GEOSGetInteriorRingN_r`, `GEOSCoordSeq_copyToBuffer_r`).
    public func rings() throws(AreaAnalysisError) -> [ContiguousArray<Double>] {
        guard kind == .polygon, !isEmpty else { return [] }
        func coordinates(_ ring: OpaquePointer) throws(AreaAnalysisError) -> ContiguousArray<Double> {
            // returns NULL on exception
            guard let sequence = GEOSGeom_getCoordSeq_r(context.handle, ring) else {
                throw context.error("read a ring")
            }
            var size: UInt32 = 0
            // returns 0 on exception
            guard GEOSCoordSeq_getSize_r(context.handle, sequence, &size) == 1 else {
                throw context.error("read a ring")
            }
            var buffer = ContiguousArray<Double>(repeating: 0, count: Int(size) * 2)
            let ok = buffer.withUnsafeMutableBufferPointer {
                GEOSCoordSeq_copyToBuffer_r(context.handle, sequence, $0.baseAddress, 0, 0)
            }
            guard ok == 1 else { throw context.error("read a ring") }
            return buffer
        }
        guard let shell = GEOSGetExteriorRing_r(context.handle, handle) else { throw context.error("read a ring") }
        var result = [try coordinates(shell)]
        let holes = GEOSGetNumInteriorRings_r(context.handle, handle)
        for index in 0..<max(holes, 0) {
            guard let hole = GEOSGetInteriorRingN_r(context.handle, handle, index) else {
                throw context.error("read a ring")
            }
            result.append(try coordinates(hole))
        }
        return result
    }

    /// Whether the two geometries share at least one point (wraps `GEOSIntersects_r`).
    public func intersects(_ other: Geometry) -> Bool { GEOSIntersects_r(context.handle, handle, other.handle) == 1 }
}

@available(*, unavailable)
extension Geometry: Sendable {}

extension Geometry {
    /// The geometry as a GeoJSON geometry object (wraps `GEOSGeoJSONWriter_writeGeometry_r`).
    public func geoJSON() throws(AreaAnalysisError) -> String {
        // returns NULL on exception
        guard let writer = GEOSGeoJSONWriter_create_r(context.handle) else {
            throw context.error("create a GeoJSON writer")
        }
        defer { GEOSGeoJSONWriter_destroy_r(context.handle, writer) }
        // returns NULL on exception; freed with GEOSFree_r
        guard let text = GEOSGeoJSONWriter_writeGeometry_r(context.handle, writer, handle, -1) else {
            throw context.error("write GeoJSON")
        }
        defer { GEOSFree_r(context.handle, text) }
        return String(cString: text)
    }
}
