internal import CSQLite
public import Foundation
internal import GRDB
public import ProfileModel

#if canImport(GRDBSQLite)
    internal import GRDBSQLite
#else
    internal import SQLite3
#endif

/// A feature layer of a GeoPackage, as `gpkg_contents` and `gpkg_geometry_columns` list it.
public struct GeoPackageLayer: Sendable, Hashable {
    /// The table name.
    public var name: String
    /// The geometry column.
    public var geometryColumn: String
    /// The declared geometry type, e.g. `MULTIPOLYGON`.
    public var geometryType: String
    /// The spatial reference system id.
    public var srsID: Int32
    /// The attribute columns (all columns but the primary key and the geometry).
    public var columns: [String]
}

/// One feature read from a layer.
public struct GeoPackageFeature: Sendable {
    /// The feature id (the table's integer primary key).
    public var fid: Int64
    /// The geometry as WKB, without the GeoPackage header; `nil` for a null geometry.
    public var wkb: Data?
    /// The envelope from the geometry header, when present.
    public var envelope: Envelope?
    /// The requested attribute values, by column name.
    public var attributes: [String: FieldValue]
}

/// Read access to a GeoPackage (an SQLite database following OGC GeoPackage 1.x).
///
/// Opens the file read-only. Every failure becomes an ``AreaAnalysisError`` naming the
/// file: a missing file (`missingInput`), a file that is not a GeoPackage or is damaged
/// (`invalidData`).
public final class GeoPackage: @unchecked Sendable {
    // @unchecked Sendable: the only stored state is immutable, and GRDB's DatabaseQueue
    // serialises every access to the connection itself.
    private let queue: DatabaseQueue
    /// The file.
    public let url: URL

    /// Opens `url` read-only and checks it holds the GeoPackage tables.
    public init(url: URL) throws(AreaAnalysisError) {
        self.url = url
        let name = url.lastPathComponent
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw AreaAnalysisError(.missingInput, "the GeoPackage \(url.path) does not exist")
        }
        guard !isDirectory.boolValue else {
            throw AreaAnalysisError(.missingInput, "\(url.path) is a folder, not a GeoPackage file")
        }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.label = name
        configuration.prepareDatabase { db in
            // Defensive mode: a crafted file (an upload) cannot make SQLite write to its schema
            // or shadow tables, and schema-defined functions and views are not trusted.
            // returns SQLITE_OK (0) once the mode is on
            guard let connection = db.sqliteConnection, geoprofile_sqlite_enable_defensive(connection) == 0
            else { throw DatabaseError(resultCode: .SQLITE_ERROR, message: "defensive mode could not be turned on") }
            try db.execute(sql: "PRAGMA trusted_schema = OFF")
            // Pages are read through a memory map rather than copied by read(2): large zone
            // files are read a third faster. SQLite falls back to reads where it cannot map.
            try db.execute(sql: "PRAGMA mmap_size = 1073741824")
        }
        do {
            queue = try DatabaseQueue(path: url.path, configuration: configuration)
            let hasContents = try queue.read { db in try db.tableExists("gpkg_contents") }
            guard hasContents else {
                throw AreaAnalysisError(
                    .invalidData, "\(name) is an SQLite database but not a GeoPackage: it has no gpkg_contents table")
            }
        } catch let error as AreaAnalysisError {
            throw error
        } catch {
            throw Self.describe(error, file: name)
        }
    }

    /// Whether the connection reads in SQLite's defensive mode (`SQLITE_DBCONFIG_DEFENSIVE`)
    /// with an untrusted schema, as every GeoPackage is opened.
    public var readsDefensively: Bool {
        (try? queue.read { db in
            guard let connection = db.sqliteConnection else { return false }
            let trusted = try Int.fetchOne(db, sql: "PRAGMA trusted_schema") ?? 1
            return geoprofile_sqlite_defensive_state(connection) == 1 && trusted == 0
        }) ?? false
    }

    /// Turns an SQLite failure into one sentence about the file.
    static func describe(_ error: any Error, file: String) -> AreaAnalysisError {
        guard let error = error as? DatabaseError else {
            return AreaAnalysisError(.invalidData, "\(file) could not be read: \(error)")
        }
        switch error.resultCode {
        case .SQLITE_NOTADB:
            return AreaAnalysisError(.invalidData, "\(file) is not a GeoPackage (it is not an SQLite database)")
        case .SQLITE_CORRUPT:
            return AreaAnalysisError(
                .invalidData, "\(file) is damaged or truncated: SQLite cannot read it", libraryMessage: error.message)
        case .SQLITE_CANTOPEN:
            return AreaAnalysisError(.missingInput, "\(file) cannot be opened", libraryMessage: error.message)
        default:
            return AreaAnalysisError(.invalidData, "\(file) could not be read", libraryMessage: error.message)
        }
    }

    private func read<T>(_ body: (Database) throws -> T) throws(AreaAnalysisError) -> T {
        do { return try queue.read(body) } catch let error as AreaAnalysisError { throw error } catch {
            throw Self.describe(error, file: url.lastPathComponent)
        }
    }

    /// The feature layers, in the order `gpkg_contents` lists them.
    public func layers() throws(AreaAnalysisError) -> [GeoPackageLayer] {
        try read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT c.table_name, g.column_name, g.geometry_type_name, g.srs_id
                    FROM gpkg_contents c JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
                    WHERE c.data_type = 'features' ORDER BY c.rowid
                    """)
            return try rows.map { row in
                let table: String = row[0]
                let geometryColumn: String = row[1]
                let primaryKey = try db.primaryKey(table).columns
                let columns = try db.columns(in: table).map(\.name).filter {
                    $0 != geometryColumn && !primaryKey.contains($0)
                }
                return GeoPackageLayer(
                    name: table, geometryColumn: geometryColumn, geometryType: row[2], srsID: row[3], columns: columns)
            }
        }
    }

    /// The layer called `name`, or the only layer when `name` is `nil`.
    ///
    /// Throws with the list of layers when the name is unknown, or when `name` is `nil`
    /// and the file holds several layers.
    public func layer(named name: String?) throws(AreaAnalysisError) -> GeoPackageLayer {
        let all = try layers()
        let file = url.lastPathComponent
        let names = all.map(\.name).joined(separator: ", ")
        if let name {
            guard let layer = all.first(where: { $0.name == name }) else {
                throw AreaAnalysisError(
                    .invalidData, "\(file) has no layer '\(name)'; its layers are: \(names.isEmpty ? "none" : names)",
                    input: .layer)
            }
            return layer
        }
        guard let first = all.first else { throw AreaAnalysisError(.invalidData, "\(file) holds no feature layer") }
        guard all.count == 1 else {
            throw AreaAnalysisError(
                .usage, "\(file) holds \(all.count) layers (\(names)); choose one with \(input: .layer)")
        }
        return first
    }

    /// The CRS definition of an SRS id: `EPSG:n` when the organisation is EPSG,
    /// otherwise the WKT stored in `gpkg_spatial_ref_sys`.
    public func crs(srsID: Int32) throws(AreaAnalysisError) -> String {
        let row = try read { db in
            try Row.fetchOne(
                db,
                sql:
                    "SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = ?",
                arguments: [srsID])
        }
        guard let row else {
            throw AreaAnalysisError(
                .invalidData,
                "\(url.lastPathComponent) uses SRS id \(srsID), which its gpkg_spatial_ref_sys does not define")
        }
        let organization: String = (row[0] as String?) ?? ""
        let code: Int64 = (row[1] as Int64?) ?? 0
        if organization.uppercased() == "EPSG", code > 0 { return "EPSG:\(code)" }
        let definition: String = (row[2] as String?) ?? ""
        guard !definition.isEmpty, definition.lowercased() != "undefined" else {
            throw AreaAnalysisError(
                .invalidData,
                "\(url.lastPathComponent) does not say which coordinate system it uses (SRS id \(srsID)); give it with \(input: .crs)"
            )
        }
        return definition
    }

    /// Reads the features of `layer` with the given attribute columns: all of them, those
    /// whose id is in `ids`, or those whose id lies in `idRange`; with `geometry: false`
    /// the geometry is not read.
    ///
    /// Throws naming the layer when a requested column does not exist.
    public func features(
        of layer: GeoPackageLayer, columns: [String] = [], ids: [Int64]? = nil,
        idRange: ClosedRange<Int64>? = nil, geometry: Bool = true
    ) throws(AreaAnalysisError) -> [GeoPackageFeature] {
        for column in columns where !layer.columns.contains(column) {
            throw AreaAnalysisError(
                .invalidData,
                "layer '\(layer.name)' of \(url.lastPathComponent) has no column '\(column)'; its columns are: \(layer.columns.joined(separator: ", "))"
            )
        }
        let selected = ([geometry ? layer.geometryColumn : "NULL"] + columns)
            .map { $0 == "NULL" ? $0 : "\"\($0)\"" }.joined(separator: ", ")
        let file = url.lastPathComponent
        return try read { db in
            let primaryKey = try db.primaryKey(layer.name).columns.first ?? "rowid"
            var filter = ""
            if let ids {
                filter = " WHERE \"\(primaryKey)\" IN (" + ids.map(String.init).joined(separator: ",") + ")"
            } else if let idRange {
                filter = " WHERE \"\(primaryKey)\" BETWEEN \(idRange.lowerBound) AND \(idRange.upperBound)"
            }
            let statement = try db.makeStatement(
                sql: "SELECT \"\(primaryKey)\", \(selected) FROM \"\(layer.name)\"\(filter) ORDER BY \"\(primaryKey)\"")
            var features: [GeoPackageFeature] = []
            // Read straight from the SQLite statement, as attributeRows does: large zone
            // files are read here, and GRDB's generic row decoding would dominate.
            try Self.step(statement, db: db) { handle in
                var feature = GeoPackageFeature(
                    fid: sqlite3_column_int64(handle, 0), wkb: nil, envelope: nil, attributes: [:])
                if sqlite3_column_type(handle, 1) == SQLITE_BLOB, let bytes = sqlite3_column_blob(handle, 1) {
                    let count = Int(sqlite3_column_bytes(handle, 1))
                    // the header is parsed in place; only the WKB after it is copied
                    let blob = Data(
                        bytesNoCopy: UnsafeMutableRawPointer(mutating: bytes), count: count, deallocator: .none)
                    let header = try GeoPackageBinary.header(of: blob)
                    guard header.srsID == layer.srsID || header.srsID == 0 || header.srsID == -1 else {
                        throw AreaAnalysisError(
                            .invalidData,
                            "feature \(feature.fid) of layer '\(layer.name)' in \(file) has SRS id \(header.srsID), but the layer declares \(layer.srsID)"
                        )
                    }
                    feature.wkb = Data(bytes: bytes.advanced(by: header.wkbOffset), count: count - header.wkbOffset)
                    feature.envelope = header.isEmpty ? nil : header.envelope
                }
                for (offset, column) in columns.enumerated() {
                    feature.attributes[column] = Self.value(handle, Int32(offset + 2))
                }
                features.append(feature)
            }
            return features
        }
    }

    /// Steps through a statement's rows, calling `body` with the SQLite statement handle.
    private static func step(_ statement: Statement, db: Database, _ body: (OpaquePointer) throws -> Void) throws {
        let handle = statement.sqliteStatement
        var code = sqlite3_step(handle)
        while code == SQLITE_ROW {
            try body(handle)
            code = sqlite3_step(handle)
        }
        // sqlite3_step returns SQLITE_DONE at the end, an error code otherwise
        guard code == SQLITE_DONE else {
            throw DatabaseError(
                resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
    }

    /// One column of the current row as a field value.
    private static func value(_ handle: OpaquePointer, _ index: Int32) -> FieldValue {
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, index))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, index))
        case SQLITE_TEXT: return .text(sqlite3_column_text(handle, index).map { String(cString: $0) } ?? "")
        case SQLITE_BLOB:
            guard let bytes = sqlite3_column_blob(handle, index) else { return .blob(Data()) }
            return .blob(Data(bytes: bytes, count: Int(sqlite3_column_bytes(handle, index))))
        default: return .null
        }
    }

    /// The ids of the features whose R-tree envelope intersects `envelope`, or `nil` when
    /// the layer has no R-tree spatial index.
    public func featureIDs(of layer: GeoPackageLayer, intersecting envelope: Envelope) throws(AreaAnalysisError)
        -> [Int64]?
    {
        let index = "rtree_\(layer.name)_\(layer.geometryColumn)"
        return try read { db in
            guard try db.tableExists(index) else { return nil }
            return try Int64.fetchAll(
                db,
                sql:
                    "SELECT id FROM \"\(index)\" WHERE minx <= ? AND maxx >= ? AND miny <= ? AND maxy >= ? ORDER BY id",
                arguments: [envelope.maxX, envelope.minX, envelope.maxY, envelope.minY])
        }
    }

    /// The attribute values of every feature, column by column as requested (no geometry):
    /// the fast path for reading a whole table.
    public func attributeRows(
        of layer: GeoPackageLayer, columns: [String], ids: [Int64]? = nil
    ) throws(AreaAnalysisError) -> [(fid: Int64, values: [FieldValue])] {
        for column in columns where !layer.columns.contains(column) {
            throw AreaAnalysisError(
                .invalidData, "layer '\(layer.name)' of \(url.lastPathComponent) has no column '\(column)'")
        }
        let selected = columns.map { "\"\($0)\"" }.joined(separator: ", ")
        return try read { db in
            let primaryKey = try db.primaryKey(layer.name).columns.first ?? "rowid"
            var filter = ""
            if let ids { filter = " WHERE \"\(primaryKey)\" IN (" + ids.map(String.init).joined(separator: ",") + ")" }
            let statement = try db.makeStatement(
                sql: "SELECT \"\(primaryKey)\", \(selected) FROM \"\(layer.name)\"\(filter) ORDER BY \"\(primaryKey)\"")
            // Read the columns straight from the SQLite statement: this runs once per row and
            // column of the whole dataset, where GRDB's generic row decoding would dominate.
            var result: [(fid: Int64, values: [FieldValue])] = []
            try Self.step(statement, db: db) { handle in
                var values: [FieldValue] = []
                values.reserveCapacity(columns.count)
                for index in 1...Int32(columns.count) { values.append(Self.value(handle, index)) }
                result.append((sqlite3_column_int64(handle, 0), values))
            }
            return result
        }
    }

    /// The ids of every feature, ascending.
    public func featureIDs(of layer: GeoPackageLayer) throws(AreaAnalysisError) -> [Int64] {
        try read { db in
            let primaryKey = try db.primaryKey(layer.name).columns.first ?? "rowid"
            return try Int64.fetchAll(db, sql: "SELECT \"\(primaryKey)\" FROM \"\(layer.name)\" ORDER BY 1")
        }
    }

    /// The ids of the features whose `column` holds one of `values`, by value.
    public func featureIDs(of layer: GeoPackageLayer, where column: String, in values: [String])
        throws(AreaAnalysisError) -> [String: Int64]
    {
        guard !values.isEmpty else { return [:] }
        return try read { db in
            let primaryKey = try db.primaryKey(layer.name).columns.first ?? "rowid"
            let placeholders = Array(repeating: "?", count: values.count).joined(separator: ",")
            let rows = try Row.fetchAll(
                db,
                sql:
                    "SELECT \"\(column)\", \"\(primaryKey)\" FROM \"\(layer.name)\" WHERE \"\(column)\" IN (\(placeholders))",
                arguments: StatementArguments(values))
            var result: [String: Int64] = [:]
            for row in rows { if let key = row[0] as String? { result[key] = row[1] } }
            return result
        }
    }

    /// Every feature's envelope from the layer's R-tree index (empty when there is none).
    public func envelopes(of layer: GeoPackageLayer) throws(AreaAnalysisError) -> [Int64: Envelope] {
        let index = "rtree_\(layer.name)_\(layer.geometryColumn)"
        return try read { db in
            guard try db.tableExists(index) else { return [:] }
            var result: [Int64: Envelope] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT id, minx, miny, maxx, maxy FROM \"\(index)\"")
            while let row = try rows.next() {
                result[row[0]] = Envelope(minX: row[1], minY: row[2], maxX: row[3], maxY: row[4])
            }
            return result
        }
    }

    /// Whether the file has a table (or view) of this name.
    public func hasTable(_ table: String) throws(AreaAnalysisError) -> Bool {
        try read { db in try db.tableExists(table) }
    }

    /// Rows of a plain (non-spatial) table as column → value dictionaries.
    public func rows(of table: String) throws(AreaAnalysisError) -> [[String: FieldValue]] {
        let file = url.lastPathComponent
        return try read { db in
            guard try db.tableExists(table) else {
                throw AreaAnalysisError(.invalidData, "\(file) has no table '\(table)'")
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\"").map { row in
                var values: [String: FieldValue] = [:]
                for (column, value) in row { values[column] = Self.value(value) }
                return values
            }
        }
    }

    static func value(_ value: DatabaseValue) -> FieldValue {
        switch value.storage {
        case .null: return .null
        case .int64(let v): return .integer(v)
        case .double(let v): return .real(v)
        case .string(let v): return .text(v)
        case .blob(let v): return .blob(v)
        }
    }
}
