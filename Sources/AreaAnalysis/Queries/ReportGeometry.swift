internal import CGEOS
internal import Foundation
public import ProfileModel

/// A shape for a map, in the dataset's CRS (RD New metres): per polygon its rings as flat
/// (x, y) arrays, shell first.
public struct MapShape: Sendable, Hashable {
    /// The postcode, zone id, or a name.
    public var id: String
    /// Per polygon its rings, each a flat (x, y, x, y, ...) array.
    public var polygons: [[[Double]]]

    /// Creates a shape.
    public init(id: String, polygons: [[[Double]]]) {
        self.id = id
        self.polygons = polygons
    }

    /// The bounding box of the shells, or `nil` for no coordinates.
    public var envelope: Envelope? {
        var box = Envelope(minX: .infinity, minY: .infinity, maxX: -.infinity, maxY: -.infinity)
        for polygon in polygons {
            guard let shell = polygon.first else { continue }
            for i in stride(from: 0, to: shell.count - 1, by: 2) {
                box.minX = Swift.min(box.minX, shell[i])
                box.maxX = Swift.max(box.maxX, shell[i])
                box.minY = Swift.min(box.minY, shell[i + 1])
                box.maxY = Swift.max(box.maxY, shell[i + 1])
            }
        }
        return box.minX <= box.maxX ? box : nil
    }
}

/// A contributing postcode on a report's map: its shape, dominant profile and whether its
/// figures are imputed or partly set to national averages.
public struct MapPostcode: Sendable, Hashable {
    /// The postcode's shape.
    public var shape: MapShape
    /// Position of its largest profile in the set (by adults), `nil` without adults.
    public var dominant: Int?
    /// Whether CBS suppressed its figures (imputed), or some model inputs were set to the
    /// national average.
    public var flagged: Bool
    /// Each profile's share of the postcode's adults, in the set's order (zeros without adults).
    public var shares: [Double]
}

/// The geometry a printed report draws: the zones, their contributing postcodes and an
/// outline of the country, all read from the dataset.
public enum ReportGeometry {
    /// A zone's shape from its prepared geometry.
    public static func shape(of zone: Zone) -> MapShape {
        MapShape(id: zone.id, polygons: (WKBRings.polygons(zone.wkb) ?? []).map { $0.map { Array($0) } })
    }

    /// The given postcodes with their shapes, dominant profiles and flags, in the order given;
    /// postcodes not in the dataset are left out.
    public static func postcodes(_ codes: [String], in data: PostcodeDataset) throws(AreaAnalysisError)
        -> [MapPostcode]
    {
        let positions = try data.positions(ofPostcodes: codes)
        let ordered = codes.compactMap { positions[$0] }
        let wkbs = try data.geometryWKB(of: ordered)
        let records = try data.records(at: ordered)
        var byPosition: [Int: PostcodeRecord] = [:]
        for (position, record) in zip(ordered, records) { byPosition[position] = record }
        var result: [MapPostcode] = []
        for (position, wkb) in zip(ordered, wkbs) {
            guard let record = byPosition[position] else { continue }
            let polygons = wkb.flatMap(WKBRings.polygons) ?? []
            let adults = record.profileAdults
            let top = adults.indices.max { adults[$0] != adults[$1] ? adults[$0] < adults[$1] : $0 > $1 }
            let total = adults.reduce(0, +)
            let shares = adults.map { total > 0 ? $0 / total : 0 }
            let flagged = record.flags.contains {
                $0 == "residents_imputed" || $0.hasPrefix("features_at_national_average")
            }
            result.append(
                MapPostcode(
                    shape: MapShape(id: record.postcode, polygons: polygons.map { $0.map { Array($0) } }),
                    dominant: top.flatMap { adults[$0] > 0 ? $0 : nil }, flagged: flagged, shares: shares))
        }
        return result
    }

    /// The postcodes taken together as one zone, as EWKT in the dataset's CRS, for an
    /// analysis of whole postcodes.
    public static func zoneWKT(ofPostcodes codes: [String], in data: PostcodeDataset) throws(AreaAnalysisError)
        -> String
    {
        let valid = try codes.map { code throws(AreaAnalysisError) in try Postcode.validated(code) }
        let positions = try data.positions(ofPostcodes: valid)
        let unknown = valid.filter { positions[$0] == nil }
        guard unknown.isEmpty else {
            throw AreaAnalysisError(
                .invalidData,
                "postcode\(unknown.count > 1 ? "s" : "") \(unknown.joined(separator: ", ")) \(unknown.count > 1 ? "are" : "is") not in the dataset",
                input: .postcodes)
        }
        let context = GEOSContext()
        let wkbs = try data.geometryWKB(of: valid.compactMap { positions[$0] }).compactMap { $0 }
        let union = try unaryUnion(wkbs, gridSize: 0, context: context)
        return "SRID=\(DatasetSchema.crs.replacingOccurrences(of: "EPSG:", with: ""));" + (try union.wkt(decimals: 3))
    }

    /// The grid, in metres, on which ``countryOutline(_:grid:tolerance:)`` dissolves the
    /// postcode areas unless told otherwise (and on which the build stores the outline).
    public static let outlineGrid = 500.0
    /// The tolerance, in metres, to which ``countryOutline(_:grid:tolerance:)`` simplifies
    /// the outline unless told otherwise (and with which the build stores it).
    public static let outlineTolerance = 1000.0
    /// Islands smaller than this (m²) do not show on a locator map and are left out.
    static let outlineMinimumArea = 4_000_000.0

    /// A simplified outline of the country: every postcode area dissolved on a grid of `grid`
    /// metres (so neighbours share their snapped borders), simplified to `tolerance` metres,
    /// without holes and without islands under 4 km².
    ///
    /// Read from the dataset when its build stored the outline for this grid and tolerance
    /// (``PostcodeDataset/storedCountryOutline(grid:tolerance:)``, a few milliseconds);
    /// otherwise dissolved from the postcode areas (``dissolvedCountryOutline(_:grid:tolerance:)``,
    /// seconds). Both give the same shape.
    public static func countryOutline(
        _ data: PostcodeDataset, grid: Double = outlineGrid, tolerance: Double = outlineTolerance
    ) throws(AreaAnalysisError) -> MapShape {
        if let stored = try data.storedCountryOutline(grid: grid, tolerance: tolerance) { return stored }
        return try dissolvedCountryOutline(data, grid: grid, tolerance: tolerance)
    }

    /// The outline of ``countryOutline(_:grid:tolerance:)`` dissolved from the dataset's
    /// postcode areas now, whether or not the dataset stores it.
    public static func dissolvedCountryOutline(
        _ data: PostcodeDataset, grid: Double = outlineGrid, tolerance: Double = outlineTolerance
    ) throws(AreaAnalysisError) -> MapShape {
        let wkbs = try data.geometryWKB(of: Array(0..<data.count)).compactMap { $0 }
        return try countryOutline(of: wkbs, grid: grid, tolerance: tolerance)
    }

    /// The outline of the given postcode areas (WKB, in the dataset's order): what
    /// ``dissolvedCountryOutline(_:grid:tolerance:)`` computes and the build stores.
    static func countryOutline(of wkbs: [Data], grid: Double, tolerance: Double) throws(AreaAnalysisError)
        -> MapShape
    {
        let context = GEOSContext()
        let union = try unaryUnion(wkbs, gridSize: grid, context: context)
        // returns NULL on exception
        guard let simple = GEOSTopologyPreserveSimplify_r(context.handle, union.handle, tolerance) else {
            throw context.error("simplify the outline of the country")
        }
        let outline = Geometry(owning: simple, context: context)
        var polygons: [[[Double]]] = []
        for polygon in try outline.polygons() {
            // Islands smaller than 4 km² do not show on a locator map.
            guard polygon.area >= outlineMinimumArea else { continue }
            polygons.append(try polygon.rings().prefix(1).map { Array($0) })
        }
        return MapShape(id: "NL", polygons: polygons)
    }

    /// The union of polygonal geometries (wraps `GEOSUnaryUnion_r` / `GEOSUnaryUnionPrec_r`),
    /// each first simplified by `simplify` metres when given.
    static func unaryUnion(_ wkbs: [Data], gridSize: Double, simplify: Double = 0, context: GEOSContext)
        throws(AreaAnalysisError) -> Geometry
    {
        var parts: [OpaquePointer?] = []
        parts.reserveCapacity(wkbs.count)
        for wkb in wkbs {
            let geometry = try Geometry(wkb: wkb, context: context)
            let part: OpaquePointer?
            if simplify > 0 {
                // returns NULL on exception
                part = GEOSTopologyPreserveSimplify_r(context.handle, geometry.handle, simplify)
            } else {
                part = GEOSGeom_clone_r(context.handle, geometry.handle)
            }
            guard let part else {
                for p in parts { GEOSGeom_destroy_r(context.handle, p) }
                throw context.error("copy a postcode's geometry")
            }
            parts.append(part)
        }
        // takes ownership of the parts; returns NULL on exception
        let collection = parts.withUnsafeMutableBufferPointer {
            GEOSGeom_createCollection_r(
                context.handle, Int32(GEOS_GEOMETRYCOLLECTION.rawValue), $0.baseAddress, UInt32($0.count))
        }
        guard let collection else { throw context.error("collect the postcodes' geometries") }
        let all = Geometry(owning: collection, context: context)
        // returns NULL on exception
        let union =
            gridSize > 0
            ? GEOSUnaryUnionPrec_r(context.handle, all.handle, gridSize) : GEOSUnaryUnion_r(context.handle, all.handle)
        guard let union else { throw context.error("dissolve the postcodes' geometries") }
        return Geometry(owning: union, context: context)
    }
}
