public import Foundation
internal import GRDB
public import ProfileModel

/// The storage class of a column written to a GeoPackage.
public enum ColumnType: String, Sendable {
    /// `TEXT`
    case text = "TEXT"
    /// `REAL`
    case real = "REAL"
    /// `INTEGER`
    case integer = "INTEGER"
    /// `BLOB`
    case blob = "BLOB"
}

/// An attribute column of a layer or table to write.
public struct ColumnSpec: Sendable, Hashable {
    /// The column name.
    public var name: String
    /// Its storage class.
    public var type: ColumnType

    /// Creates a column description.
    public init(_ name: String, _ type: ColumnType) {
        self.name = name
        self.type = type
    }
}

/// One feature to write: geometry as WKB (no GeoPackage header) and one value per column.
public struct FeatureRecord: Sendable {
    /// ISO WKB of the geometry; `nil` writes a null geometry.
    public var wkb: Data?
    /// The geometry's envelope; `nil` for an empty geometry.
    public var envelope: Envelope?
    /// One value per column, in the layer's column order.
    public var values: [FieldValue]

    /// Creates a record.
    public init(wkb: Data?, envelope: Envelope?, values: [FieldValue]) {
        self.wkb = wkb
        self.envelope = envelope
        self.values = values
    }
}

/// A plain table written alongside the features and registered as GeoPackage `attributes`.
public struct AttributeTable: Sendable {
    /// Table name.
    public var name: String
    /// What the table holds.
    public var description: String
    /// Its columns.
    public var columns: [ColumnSpec]
    /// Its rows, one value per column.
    public var rows: [[FieldValue]]

    /// Creates a table description.
    public init(name: String, description: String, columns: [ColumnSpec], rows: [[FieldValue]]) {
        self.name = name
        self.description = description
        self.columns = columns
        self.rows = rows
    }
}

/// Writes a GeoPackage 1.3 file with one feature layer, its R-tree spatial index, and any
/// attribute tables, so that GDAL, QGIS and other GeoPackage readers open it.
///
/// The file is written under a temporary name in the target folder and renamed into place
/// only when complete: a failed write leaves nothing behind.
public struct GeoPackageWriter: Sendable {
    /// Layer (table) name.
    public var layer: String
    /// Layer description.
    public var description: String
    /// Declared geometry type, e.g. `MULTIPOLYGON`.
    public var geometryType: String
    /// The layer's CRS, e.g. `EPSG:28992`.
    public var crs: String
    /// Attribute columns, in order.
    public var columns: [ColumnSpec]

    /// Creates a writer description.
    public init(layer: String, description: String = "", geometryType: String, crs: String, columns: [ColumnSpec]) {
        self.layer = layer
        self.description = description
        self.geometryType = geometryType
        self.crs = crs
        self.columns = columns
    }

    /// Writes `features` and `tables` to `url`, replacing any file there.
    public func write(to url: URL, features: [FeatureRecord], tables: [AttributeTable] = []) throws(AreaAnalysisError) {
        let info = try CRSInfo(crs)
        let srsID = Int32(info.epsg ?? 100_000)
        let temporary = try AtomicFile.temporaryURL(for: url)
        do {
            var configuration = Configuration()
            configuration.label = url.lastPathComponent
            let queue = try DatabaseQueue(path: temporary.path, configuration: configuration)
            try queue.writeWithoutTransaction { db in
                try db.execute(
                    sql: "PRAGMA application_id = 1196444487; PRAGMA user_version = 10300; PRAGMA journal_mode = OFF")
            }
            try queue.inTransaction { db in
                try createCoreTables(db)
                try db.execute(
                    sql: "INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [
                        info.name, srsID, info.epsg == nil ? "NONE" : "EPSG", info.epsg ?? srsID, info.wkt1, "",
                    ])
                try writeLayer(db, srsID: srsID, features: features)
                for table in tables { try writeTable(db, table) }
                return .commit
            }
            try queue.close()
        } catch {
            AtomicFile.discard(temporary)
            if let error = error as? AreaAnalysisError { throw error }
            // SQLite's own words ("database or disk is full"), not the statement that failed.
            let reason = (error as? DatabaseError)?.message ?? "\(error)"
            throw AreaAnalysisError(.cannotCreateOutput, "cannot write the GeoPackage \(url.path): \(reason)")
        }
        try AtomicFile.moveIntoPlace(temporary, url)
    }

    private func createCoreTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE gpkg_spatial_ref_sys (
                  srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
                  organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
                INSERT INTO gpkg_spatial_ref_sys VALUES
                  ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
                  ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system');
                CREATE TABLE gpkg_contents (
                  table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
                  description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
                  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
                  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
                CREATE TABLE gpkg_geometry_columns (
                  table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
                  srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
                  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
                  CONSTRAINT uk_gc_table_name UNIQUE (table_name),
                  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
                  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
                CREATE TABLE gpkg_extensions (
                  table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL,
                  scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));
                """)
    }

    private func writeLayer(_ db: Database, srsID: Int32, features: [FeatureRecord]) throws {
        let geometryColumn = "geom"
        let definitions = columns.map { "\"\($0.name)\" \($0.type.rawValue)" }.joined(separator: ", ")
        try db.execute(
            sql:
                "CREATE TABLE \"\(layer)\" (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, \(geometryColumn) \(geometryType)\(definitions.isEmpty ? "" : ", " + definitions))"
        )
        let placeholders = Array(repeating: "?", count: columns.count + 1).joined(separator: ", ")
        let names = ([geometryColumn] + columns.map { "\"\($0.name)\"" }).joined(separator: ", ")
        let insert = try db.makeStatement(sql: "INSERT INTO \"\(layer)\" (\(names)) VALUES (\(placeholders))")
        var extent: Envelope?
        var envelopes: [(Int64, Envelope)] = []
        for feature in features {
            precondition(feature.values.count == columns.count, "a feature needs one value per column")
            var arguments: [(any DatabaseValueConvertible)?] = [
                feature.wkb.map { GeoPackageBinary.encode(wkb: $0, srsID: srsID, envelope: feature.envelope) }
            ]
            arguments += feature.values.map(Self.databaseValue)
            try insert.execute(arguments: StatementArguments(arguments))
            if let envelope = feature.envelope {
                envelopes.append((db.lastInsertedRowID, envelope))
                extent = extent.map { $0.union(envelope) } ?? envelope
            }
        }
        try db.execute(
            sql:
                "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id) VALUES (?, 'features', ?, ?, ?, ?, ?, ?, ?)",
            arguments: [layer, layer, description, extent?.minX, extent?.minY, extent?.maxX, extent?.maxY, srsID])
        try db.execute(
            sql: "INSERT INTO gpkg_geometry_columns VALUES (?, ?, ?, ?, 0, 0)",
            arguments: [layer, geometryColumn, geometryType, srsID])
        // The R-tree spatial index extension (GeoPackage 1.3, annex F.3), filled directly;
        // its triggers keep it current when another program edits the layer.
        let rtree = "rtree_\(layer)_\(geometryColumn)"
        try db.execute(sql: "CREATE VIRTUAL TABLE \"\(rtree)\" USING rtree(id, minx, maxx, miny, maxy)")
        let index = try db.makeStatement(sql: "INSERT INTO \"\(rtree)\" VALUES (?, ?, ?, ?, ?)")
        for (id, e) in envelopes { try index.execute(arguments: [id, e.minX, e.maxX, e.minY, e.maxY]) }
        try db.execute(
            sql:
                "INSERT INTO gpkg_extensions VALUES (?, ?, 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')",
            arguments: [layer, geometryColumn])
        for statement in Self.rtreeTriggers(table: layer, column: geometryColumn, index: rtree) {
            try db.execute(sql: statement)
        }
    }

    private func writeTable(_ db: Database, _ table: AttributeTable) throws {
        let definitions = table.columns.map { "\"\($0.name)\" \($0.type.rawValue)" }.joined(separator: ", ")
        try db.execute(
            sql: "CREATE TABLE \"\(table.name)\" (id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, \(definitions))")
        let names = table.columns.map { "\"\($0.name)\"" }.joined(separator: ", ")
        let placeholders = Array(repeating: "?", count: table.columns.count).joined(separator: ", ")
        let insert = try db.makeStatement(sql: "INSERT INTO \"\(table.name)\" (\(names)) VALUES (\(placeholders))")
        for row in table.rows {
            try insert.execute(arguments: StatementArguments(row.map(Self.databaseValue)))
        }
        try db.execute(
            sql:
                "INSERT INTO gpkg_contents (table_name, data_type, identifier, description) VALUES (?, 'attributes', ?, ?)",
            arguments: [table.name, table.name, table.description])
    }

    static func databaseValue(_ value: FieldValue) -> (any DatabaseValueConvertible)? {
        switch value {
        case .null: return nil
        case .integer(let v): return v
        case .real(let v): return v.isFinite ? v : nil
        case .text(let v): return v
        case .blob(let v): return v
        }
    }

    /// The six triggers of the R-tree extension, as the GeoPackage specification gives them.
    static func rtreeTriggers(table t: String, column c: String, index i: String) -> [String] {
        [
            """
            CREATE TRIGGER "\(i)_insert" AFTER INSERT ON "\(t)" WHEN (new."\(c)" NOT NULL AND NOT ST_IsEmpty(NEW."\(c)"))
            BEGIN INSERT OR REPLACE INTO "\(i)" VALUES (NEW.fid, ST_MinX(NEW."\(c)"), ST_MaxX(NEW."\(c)"), ST_MinY(NEW."\(c)"), ST_MaxY(NEW."\(c)")); END
            """,
            """
            CREATE TRIGGER "\(i)_update1" AFTER UPDATE OF "\(c)" ON "\(t)" WHEN OLD.fid = NEW.fid AND (NEW."\(c)" NOTNULL AND NOT ST_IsEmpty(NEW."\(c)"))
            BEGIN INSERT OR REPLACE INTO "\(i)" VALUES (NEW.fid, ST_MinX(NEW."\(c)"), ST_MaxX(NEW."\(c)"), ST_MinY(NEW."\(c)"), ST_MaxY(NEW."\(c)")); END
            """,
            """
            CREATE TRIGGER "\(i)_update2" AFTER UPDATE OF "\(c)" ON "\(t)" WHEN OLD.fid = NEW.fid AND (NEW."\(c)" ISNULL OR ST_IsEmpty(NEW."\(c)"))
            BEGIN DELETE FROM "\(i)" WHERE id = OLD.fid; END
            """,
            """
            CREATE TRIGGER "\(i)_update3" AFTER UPDATE ON "\(t)" WHEN OLD.fid != NEW.fid AND (NEW."\(c)" NOTNULL AND NOT ST_IsEmpty(NEW."\(c)"))
            BEGIN DELETE FROM "\(i)" WHERE id = OLD.fid; INSERT OR REPLACE INTO "\(i)" VALUES (NEW.fid, ST_MinX(NEW."\(c)"), ST_MaxX(NEW."\(c)"), ST_MinY(NEW."\(c)"), ST_MaxY(NEW."\(c)")); END
            """,
            """
            CREATE TRIGGER "\(i)_update4" AFTER UPDATE ON "\(t)" WHEN OLD.fid != NEW.fid AND (NEW."\(c)" ISNULL OR ST_IsEmpty(NEW."\(c)"))
            BEGIN DELETE FROM "\(i)" WHERE id IN (OLD.fid, NEW.fid); END
            """,
            """
            CREATE TRIGGER "\(i)_delete" AFTER DELETE ON "\(t)" WHEN old."\(c)" NOT NULL
            BEGIN DELETE FROM "\(i)" WHERE id = OLD.fid; END
            """,
        ]
    }
}
