import AreaAnalysis
import Foundation
import ProfileModel
import Testing

/// Writing a GeoPackage and reading it back, with GDAL as an independent reader, and the
/// errors for files that are not (or no longer) GeoPackages.
@Suite("GeoPackage reader and writer")
struct GeoPackageTests {
    /// Three squares in RD New (sides 100, 200 and 300 m) and one feature without geometry.
    static let squares: [(name: String, minX: Double, minY: Double, side: Double, count: Int64)] = [
        ("west", 150_000, 460_000, 100, 10),
        ("middle", 150_500, 460_000, 200, 20),
        ("east", 151_000, 460_000, 300, 30),
    ]

    static let columns = [ColumnSpec("name", .text), ColumnSpec("share", .real), ColumnSpec("count", .integer)]

    /// Writes the test layer `squares` (and a small attribute table) to `url`.
    static func writeSquares(to url: URL, extraFeatures: Int = 0) throws {
        let context = GEOSContext()
        var features: [FeatureRecord] = []
        for square in squares {
            let geometry = try Geometry(
                wkt: Fixtures.rectangleWKT(
                    square.minX, square.minY, square.minX + square.side, square.minY + square.side),
                context: context)
            features.append(
                FeatureRecord(
                    wkb: try geometry.wkb(), envelope: geometry.envelope,
                    values: [.text(square.name), .real(Double(square.count) / 60), .integer(square.count)]))
        }
        features.append(FeatureRecord(wkb: nil, envelope: nil, values: [.text("nowhere"), .null, .integer(0)]))
        for index in 0..<extraFeatures {
            let x = 140_000 + Double(index % 100) * 50
            let y = 470_000 + Double(index / 100) * 50
            let geometry = try Geometry(wkt: Fixtures.rectangleWKT(x, y, x + 40, y + 40), context: context)
            features.append(
                FeatureRecord(
                    wkb: try geometry.wkb(), envelope: geometry.envelope,
                    values: [
                        .text("extra \(index) " + String(repeating: "x", count: 200)), .real(Double(index)),
                        .integer(Int64(index)),
                    ]))
        }
        let table = AttributeTable(
            name: "notes", description: "test notes", columns: [ColumnSpec("key", .text), ColumnSpec("value", .text)],
            rows: [[.text("source"), .text("hand-made")], [.text("licence"), .text("none")]])
        try GeoPackageWriter(
            layer: "squares", description: "three squares", geometryType: "POLYGON", crs: "EPSG:28992", columns: columns
        )
        .write(to: url, features: features, tables: [table])
    }

    /// Names of the entries of a folder.
    static func contents(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test("a written layer reads back: layers, CRS, features, attributes, envelopes, R-tree")
    func roundTrip() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { Fixtures.remove(folder) }
        let url = folder.appendingPathComponent("squares.gpkg")
        try Self.writeSquares(to: url)
        #expect(try Self.contents(folder) == ["squares.gpkg"])

        let package = try GeoPackage(url: url)
        let layers = try package.layers()
        #expect(layers.map(\.name) == ["squares"])
        let layer = try #require(layers.first)
        #expect(layer.geometryColumn == "geom")
        #expect(layer.geometryType == "POLYGON")
        #expect(layer.srsID == 28992)
        #expect(layer.columns == ["name", "share", "count"])
        #expect(try package.crs(srsID: layer.srsID) == "EPSG:28992")
        #expect(try package.layer(named: nil).name == "squares")
        #expect(try package.layer(named: "squares").columns == layer.columns)

        let features = try package.features(of: layer, columns: ["name", "share", "count"])
        #expect(features.map(\.fid) == [1, 2, 3, 4])
        #expect(
            features.map { $0.attributes["name"] } == [.text("west"), .text("middle"), .text("east"), .text("nowhere")])
        #expect(features.map { $0.attributes["count"] } == [.integer(10), .integer(20), .integer(30), .integer(0)])
        #expect(features[1].attributes["share"] == .real(20.0 / 60))
        #expect(features[3].attributes["share"] == .null)
        #expect(features[3].wkb == nil && features[3].envelope == nil)

        let context = GEOSContext()
        for (feature, square) in zip(features, Self.squares) {
            let geometry = try Geometry(wkb: try #require(feature.wkb), context: context)
            #expect(geometry.area == square.side * square.side)
            let expected = Envelope(
                minX: square.minX, minY: square.minY, maxX: square.minX + square.side, maxY: square.minY + square.side)
            #expect(feature.envelope == expected)
            #expect(geometry.envelope == expected)
        }

        // Only the requested columns are read; without geometry no WKB comes back.
        let light = try package.features(of: layer, columns: ["count"], ids: [3, 1], geometry: false)
        #expect(light.map(\.fid) == [1, 3])
        #expect(light.allSatisfy { $0.wkb == nil && $0.attributes.keys.sorted() == ["count"] })

        // The R-tree holds the three geometries, not the null one.
        #expect(
            try package.featureIDs(
                of: layer, intersecting: Envelope(minX: 150_050, minY: 460_050, maxX: 150_600, maxY: 460_060)) == [
                    1, 2,
                ])
        #expect(
            try package.featureIDs(
                of: layer, intersecting: Envelope(minX: 151_250, minY: 460_250, maxX: 152_000, maxY: 461_000)) == [3])
        #expect(
            try package.featureIDs(
                of: layer, intersecting: Envelope(minX: 150_200, minY: 460_000, maxX: 150_400, maxY: 461_000)) == [])
        let envelopes = try package.envelopes(of: layer)
        #expect(envelopes.keys.sorted() == [1, 2, 3])
        #expect(envelopes[2] == Envelope(minX: 150_500, minY: 460_000, maxX: 150_700, maxY: 460_200))

        // The attribute table is there too.
        let rows = try package.rows(of: "notes")
        #expect(rows.count == 2)
        #expect(rows.first?["key"] == .text("source"))
        #expect(rows.first?["value"] == .text("hand-made"))
        expectAreaError(.invalidData, mentioning: ["no table 'absent'"]) { try package.rows(of: "absent") }
    }

    @Test("every GeoPackage is read in SQLite's defensive mode with an untrusted schema")
    func defensive() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("squares.gpkg")
        try Self.writeSquares(to: url)
        let package = try GeoPackage(url: url)
        #expect(package.readsDefensively)
        // The R-tree index still answers under an untrusted schema: the east square only.
        let layer = try package.layer(named: "squares")
        #expect(
            try package.featureIDs(
                of: layer, intersecting: Envelope(minX: 151_250, minY: 460_250, maxX: 152_000, maxY: 461_000)) == [3])
    }

    @Test("writing again replaces the file")
    func replaces() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { Fixtures.remove(folder) }
        let url = folder.appendingPathComponent("squares.gpkg")
        try Self.writeSquares(to: url, extraFeatures: 5)
        #expect(
            try GeoPackage(url: url).features(of: GeoPackage(url: url).layer(named: nil), geometry: false).count == 9)
        try Self.writeSquares(to: url)
        #expect(
            try GeoPackage(url: url).features(of: GeoPackage(url: url).layer(named: nil), geometry: false).count == 4)
        #expect(try Self.contents(folder) == ["squares.gpkg"])
    }

    @Test(
        "GDAL's ogrinfo reads the written file: feature count and EPSG:28992",
        .enabled(if: Fixtures.gdalCondition, Fixtures.gdalReason))
    func ogrinfo() throws {
        let tool = try #require(Fixtures.ogrinfo, Fixtures.gdalReason)
        let folder = try Fixtures.temporaryFolder()
        defer { Fixtures.remove(folder) }
        let url = folder.appendingPathComponent("squares.gpkg")
        try Self.writeSquares(to: url)
        let summary = try Fixtures.run(tool, ["-so", "-ro", url.path, "squares"])
        #expect(summary.status == 0, "\(summary.output)")
        #expect(summary.output.contains("Feature Count: 4"), "\(summary.output)")
        #expect(
            summary.output.contains("ID[\"EPSG\",28992]") || summary.output.contains("AUTHORITY[\"EPSG\",\"28992\"]"),
            "\(summary.output)")
        #expect(
            summary.output.contains("Extent: (150000.000000, 460000.000000) - (151300.000000, 460300.000000)"),
            "\(summary.output)")
        #expect(summary.output.contains("count: Integer"), "\(summary.output)")
        // GDAL finds and uses the R-tree spatial index
        let index = try Fixtures.run(
            tool, ["-ro", "-q", url.path, "-sql", "SELECT HasSpatialIndex('squares', 'geom')"])
        #expect(index.output.contains("HasSpatialIndex (Integer) = 1"), "\(index.output)")
        let filtered = try Fixtures.run(
            tool, ["-ro", "-so", "-spat", "150050", "460050", "150600", "460060", url.path, "squares"])
        #expect(filtered.output.contains("Feature Count: 2"), "\(filtered.output)")
    }

    @Test("a text file named .gpkg is not a GeoPackage")
    func textFile() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { Fixtures.remove(folder) }
        let url = try Fixtures.write("postcode,residents\n1011,9000\n", to: "zones.gpkg", in: folder)
        expectAreaError(.invalidData, mentioning: ["not a GeoPackage", "zones.gpkg"]) { try GeoPackage(url: url) }
    }

    @Test("an empty file is an SQLite database without GeoPackage tables")
    func emptyFile() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { Fixtures.remove(folder) }
        // SQLite reads a file of 0 bytes as an empty database
        let url = try Fixtures.write("", to: "empty.gpkg", in: folder)
        expectAreaError(.invalidData, mentioning: ["empty.gpkg", "not a GeoPackage", "gpkg_contents"]) {
            try GeoPackage(url: url)
        }
    }

    @Test("a missing file, or a folder, is missing input")
    func missingFile() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { Fixtures.remove(folder) }
        expectAreaError(.missingInput, mentioning: ["does not exist"]) {
            try GeoPackage(url: folder.appendingPathComponent("absent.gpkg"))
        }
        expectAreaError(.missingInput, mentioning: ["is a folder"]) { try GeoPackage(url: folder) }
    }

    @Test("a GeoPackage cut at half its size is reported as invalid data")
    func truncated() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { Fixtures.remove(folder) }
        let whole = folder.appendingPathComponent("whole.gpkg")
        try Self.writeSquares(to: whole, extraFeatures: 600)
        let data = try Data(contentsOf: whole)
        #expect(data.count > 64 * 1024)
        let url = folder.appendingPathComponent("truncated.gpkg")
        try data.prefix(data.count / 2).write(to: url)
        expectAreaError(.invalidData, mentioning: ["truncated.gpkg"]) {
            let package = try GeoPackage(url: url)
            for layer in try package.layers() {
                _ = try package.features(of: layer, columns: layer.columns)
                _ = try package.envelopes(of: layer)
            }
            _ = try package.rows(of: "notes")
        }
    }

    @Test("an unknown layer is refused with the list of layers")
    func unknownLayer() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { Fixtures.remove(folder) }
        let url = folder.appendingPathComponent("squares.gpkg")
        try Self.writeSquares(to: url)
        expectAreaError(.invalidData, mentioning: ["no layer 'circles'", "its layers are: squares"]) {
            try GeoPackage(url: url).layer(named: "circles")
        }
    }

    @Test("asking for a column the layer lacks names it and the columns there are")
    func missingColumn() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { Fixtures.remove(folder) }
        let url = folder.appendingPathComponent("squares.gpkg")
        try Self.writeSquares(to: url)
        let package = try GeoPackage(url: url)
        let layer = try package.layer(named: "squares")
        expectAreaError(.invalidData, mentioning: ["'INWONER'", "name, share, count"]) {
            try package.features(of: layer, columns: ["name", "INWONER"])
        }
    }

    @Test("writing into a folder that does not exist fails and creates nothing")
    func missingFolder() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { Fixtures.remove(folder) }
        let url = folder.appendingPathComponent("absent/squares.gpkg")
        expectAreaError(.cannotCreateOutput, mentioning: ["does not exist"]) { try Self.writeSquares(to: url) }
        #expect(try Self.contents(folder) == [])
    }

    @Test("a write whose final rename fails leaves no temporary file behind")
    func failedRename() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { Fixtures.remove(folder) }
        // the target is a non-empty folder, so the rename into place must fail
        let url = folder.appendingPathComponent("squares.gpkg")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
        try Fixtures.write("keep", to: "inside.txt", in: url)
        expectAreaError(.cannotCreateOutput, mentioning: ["squares.gpkg"]) { try Self.writeSquares(to: url) }
        #expect(try Self.contents(folder) == ["squares.gpkg"])
        #expect(try Self.contents(url) == ["inside.txt"])
    }

    @Test(
        "writing into a read-only folder fails and leaves nothing behind",
        .enabled(if: geteuid() != 0, "running as root: folder permissions do not stop root from writing"))
    func readOnlyFolder() throws {
        let folder = try Fixtures.temporaryFolder()
        defer {
            try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
            Fixtures.remove(folder)
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder.path)
        expectAreaError(.cannotCreateOutput, mentioning: ["not writable"]) {
            try Self.writeSquares(to: folder.appendingPathComponent("squares.gpkg"))
        }
        #expect(try Self.contents(folder) == [])
    }

    @Test("an unknown CRS stops the write before any file is made")
    func badCRS() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { Fixtures.remove(folder) }
        let writer = GeoPackageWriter(layer: "x", geometryType: "POLYGON", crs: "EPSG:nonsense", columns: [])
        expectAreaError(.invalidData) { try writer.write(to: folder.appendingPathComponent("x.gpkg"), features: []) }
        #expect(try Self.contents(folder) == [])
    }
}
