internal import Foundation
internal import ProfileModel

/// The country's outline as `geoprofile data build` stores it: one row of the
/// `geoprofile_outline` table with the settings it was drawn with and its shells as WKB.
///
/// A report's locator map needs the outline of every postcode area dissolved, which takes
/// seconds; the build draws it once. A dataset without the table (built by an earlier
/// version) or with other settings has the outline drawn when it is asked for.
enum StoredOutline {
    /// The table's columns: a name, the CRS of the coordinates, the grid, tolerance and
    /// smallest island area (m²) it was drawn with, and its shells as a little-endian ISO
    /// WKB MultiPolygon.
    static let columns = [
        ColumnSpec("name", .text), ColumnSpec("crs", .text), ColumnSpec("grid", .real), ColumnSpec("tolerance", .real),
        ColumnSpec("minimum_area", .real), ColumnSpec("wkb", .blob),
    ]

    /// The table holding `shape`, drawn with `grid`, `tolerance` and `minimumArea`.
    static func table(_ shape: MapShape, grid: Double, tolerance: Double, minimumArea: Double) -> AttributeTable {
        AttributeTable(
            name: DatasetSchema.outlineTable,
            description:
                "The country's outline for the reports' locator maps: the postcode areas dissolved on a grid, simplified",
            columns: columns,
            rows: [
                [
                    .text(shape.id), .text(DatasetSchema.crs), .real(grid), .real(tolerance), .real(minimumArea),
                    .blob(wkb(shape)),
                ]
            ])
    }

    /// The outline in `rows` drawn with these settings, or `nil` when no row has them.
    static func shape(
        from rows: [[String: FieldValue]], grid: Double, tolerance: Double, minimumArea: Double, file: String
    ) throws(AreaAnalysisError) -> MapShape? {
        let match = rows.first {
            $0["crs"]?.text == DatasetSchema.crs && $0["grid"]?.double == grid && $0["tolerance"]?.double == tolerance
                && $0["minimum_area"]?.double == minimumArea
        }
        guard let match else { return nil }
        guard case .blob(let data) = match["wkb"], let polygons = WKBRings.polygons(data) else {
            throw AreaAnalysisError(
                .invalidData,
                "\(file) holds an unreadable country outline (table \(DatasetSchema.outlineTable)); rebuild it with 'geoprofile data build'"
            )
        }
        return MapShape(id: match["name"]?.text ?? "", polygons: polygons.map { $0.map { Array($0) } })
    }

    /// The shape as a little-endian ISO WKB MultiPolygon (with no polygons when it has none).
    static func wkb(_ shape: MapShape) -> Data {
        var out = Data()
        func uint32(_ value: Int) { withUnsafeBytes(of: UInt32(value).littleEndian) { out.append(contentsOf: $0) } }
        out.append(1)
        uint32(6)
        uint32(shape.polygons.count)
        for polygon in shape.polygons {
            out.append(1)
            uint32(3)
            uint32(polygon.count)
            for ring in polygon {
                uint32(ring.count / 2)
                for value in ring { withUnsafeBytes(of: value.bitPattern.littleEndian) { out.append(contentsOf: $0) } }
            }
        }
        return out
    }
}
