internal import CGEOS
public import ProfileModel

/// A geometry prepared for many predicate tests against others (`GEOSPreparedGeometry*`).
///
/// Preparing indexes the geometry's edges once, so each `containsProperly` or
/// `intersects` test costs a fraction of the plain predicate. Not thread-safe.
public final class PreparedGeometry {
    let handle: OpaquePointer
    /// The geometry that was prepared; kept alive as long as the prepared form.
    public let geometry: Geometry

    /// Prepares `geometry` (wraps `GEOSPrepare_r`).
    public init(_ geometry: Geometry) throws(AreaAnalysisError) {
        // returns NULL on exception
        guard let handle = GEOSPrepare_r(geometry.context.handle, geometry.handle) else {
            throw geometry.context.error("prepare a geometry")
        }
        self.handle = handle
        self.geometry = geometry
    }

    deinit {
        GEOSPreparedGeom_destroy_r(geometry.context.handle, handle)
    }

    /// Whether `other` lies inside without touching the boundary
    /// (wraps `GEOSPreparedContainsProperly_r`; 2 on exception).
    public func contains(properly other: Geometry) throws(AreaAnalysisError) -> Bool {
        try check(GEOSPreparedContainsProperly_r(geometry.context.handle, handle, other.handle), "test containment")
    }

    /// Whether the two geometries share at least one point (wraps `GEOSPreparedIntersects_r`).
    public func intersects(_ other: Geometry) throws(AreaAnalysisError) -> Bool {
        try check(GEOSPreparedIntersects_r(geometry.context.handle, handle, other.handle), "test intersection")
    }

    /// Whether `other` lies inside, boundary allowed (wraps `GEOSPreparedContains_r`).
    public func contains(_ other: Geometry) throws(AreaAnalysisError) -> Bool {
        try check(GEOSPreparedContains_r(geometry.context.handle, handle, other.handle), "test containment")
    }

    private func check(_ result: CChar, _ what: String) throws(AreaAnalysisError) -> Bool {
        // GEOS predicates return 1 (true), 0 (false) or 2 (exception)
        switch result {
        case 1: return true
        case 0: return false
        default: throw geometry.context.error(what)
        }
    }
}

@available(*, unavailable)
extension PreparedGeometry: Sendable {}
