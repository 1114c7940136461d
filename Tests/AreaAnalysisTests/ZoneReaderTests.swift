import AreaAnalysis
import Foundation
import ProfileModel
import Testing

/// Reading zone files (GeoJSON, GeoPackage, Shapefile, WKT) and preparing the zones.
@Suite("Zone readers and preparation")
struct ZoneReaderTests {
    let preparer = ZonePreparer(extent: Fixtures.netherlands)

    /// Writes `text` as `name` in a new folder and reads the zones from it.
    func read(_ text: String, name: String = "zones.geojson", options: ZoneReadOptions = ZoneReadOptions()) throws
        -> [RawZone]
    {
        let folder = try Fixtures.temporaryFolder()
        defer { Fixtures.remove(folder) }
        return try ZoneReader.read(Fixtures.write(text, to: name, in: folder), options: options)
    }

    /// Reads and prepares.
    func prepare(
        _ text: String, name: String = "zones.geojson", options: ZoneReadOptions = ZoneReadOptions(),
        radius: Double? = nil
    ) throws -> [Zone] {
        var preparer = self.preparer
        preparer.radius = radius
        return try preparer.prepare(read(text, name: name, options: options), file: name)
    }

    /// The area of the Utrecht rectangle in RD New, computed independently of the reader.
    func utrechtArea() throws -> Double {
        let context = GEOSContext()
        let wgs84 = try Geometry(
            wkt: "POLYGON((5.10 52.08, 5.13 52.08, 5.13 52.10, 5.10 52.10, 5.10 52.08))", context: context)
        return try CoordinateTransformation(from: "EPSG:4326", to: "EPSG:28992").transform(wgs84).area
    }

    // MARK: GeoJSON

    @Test("a bare Polygon is one zone in WGS 84, reprojected to RD New")
    func polygon() throws {
        let raw = try read(ZoneFiles.polygon(ZoneFiles.utrechtRing))
        #expect(raw.count == 1)
        #expect(raw[0].id == "1")
        #expect(raw[0].crs == "EPSG:4326")
        let zones = try preparer.prepare(raw, file: "zones.geojson")
        let zone = try #require(zones.first)
        // about 2.05 km × 2.22 km
        #expect(zone.area > 4.4e6 && zone.area < 4.8e6, "\(zone.area)")
        #expect(Fixtures.relative(zone.area, try utrechtArea()) < 1e-9)
        #expect(zone.envelope.minX > 133_000 && zone.envelope.maxX < 138_000)
        #expect(zone.envelope.minY > 453_000 && zone.envelope.maxY < 458_000)
        #expect(zone.warnings.isEmpty)
    }

    @Test("a Feature keeps its id and name")
    func feature() throws {
        let text = ZoneFiles.feature(
            ZoneFiles.polygon(ZoneFiles.utrechtRing), id: #""centrum""#, properties: #"{"name": "Centrum", "code": 17}"#
        )
        let zone = try #require(try read(text).first)
        #expect(zone.id == "centrum")
        #expect(zone.name == "Centrum")
        #expect(zone.properties["code"] == "17")
    }

    @Test("a FeatureCollection gives one zone per feature, with numeric ids and Dutch names")
    func featureCollection() throws {
        let text = ZoneFiles.collection([
            ZoneFiles.feature(ZoneFiles.polygon(ZoneFiles.utrechtRing), id: "7", properties: #"{"naam": "Zeven"}"#),
            ZoneFiles.feature(
                ZoneFiles.polygon(ZoneFiles.utrechtRing), id: "8", properties: #"{"naam": "Acht", "wijk": "W8"}"#),
            ZoneFiles.feature(ZoneFiles.polygon(ZoneFiles.utrechtRing), properties: #"{"wijk": "W9"}"#),
        ])
        let zones = try read(text)
        #expect(zones.map(\.id) == ["7", "8", "3"])
        #expect(zones.map(\.name) == ["Zeven", "Acht", nil])
        #expect(zones.map(\.index) == [0, 1, 2])
    }

    @Test("--id-field and --name-field pick attributes; a missing id field is invalid data naming it")
    func idField() throws {
        let text = ZoneFiles.collection([
            ZoneFiles.feature(
                ZoneFiles.polygon(ZoneFiles.utrechtRing), properties: #"{"wijk": "W1", "label": "Noord"}"#),
            ZoneFiles.feature(
                ZoneFiles.polygon(ZoneFiles.utrechtRing), properties: #"{"wijk": "W2", "label": "Zuid"}"#),
        ])
        let zones = try read(text, options: ZoneReadOptions(idField: "wijk", nameField: "label"))
        #expect(zones.map(\.id) == ["W1", "W2"])
        #expect(zones.map(\.name) == ["Noord", "Zuid"])
        expectAreaError(.invalidData, mentioning: ["'buurtcode'", "label, wijk"]) {
            try read(text, options: ZoneReadOptions(idField: "buurtcode"))
        }
        expectAreaError(.invalidData, mentioning: ["'titel'"]) {
            try read(text, options: ZoneReadOptions(nameField: "titel"))
        }
    }

    @Test("two zones with the same id are refused")
    func duplicateIDs() {
        let text = ZoneFiles.collection([
            ZoneFiles.feature(ZoneFiles.polygon(ZoneFiles.utrechtRing), id: #""a""#),
            ZoneFiles.feature(ZoneFiles.polygon(ZoneFiles.utrechtRing), id: #""a""#),
        ])
        expectAreaError(.invalidData, input: .idField, mentioning: ["'a'"]) { try read(text) }
    }

    @Test("the legacy crs member urn:ogc:def:crs:EPSG::28992 is honoured")
    func legacyCRS() throws {
        let text = ZoneFiles.collection(
            [ZoneFiles.feature(ZoneFiles.polygon(ZoneFiles.rdRing(136_000, 455_000, 137_000, 455_500)))],
            crs: "urn:ogc:def:crs:EPSG::28992")
        let raw = try read(text)
        #expect(raw.first?.crs == "EPSG:28992")
        let zone = try #require(try preparer.prepare(raw, file: "zones.geojson").first)
        #expect(zone.area == 500_000)
        #expect(zone.envelope == Envelope(minX: 136_000, minY: 455_000, maxX: 137_000, maxY: 455_500))
        // --crs overrides the file
        let overridden = try read(text, options: ZoneReadOptions(crs: "EPSG:3035"))
        #expect(overridden.first?.crs == "EPSG:3035")
    }

    @Test("a MultiPolygon and a polygon with a hole keep their exact areas")
    func multiPolygonAndHole() throws {
        let multi =
            #"{"type": "MultiPolygon", "coordinates": [[\#(ZoneFiles.rdRing(136_000, 455_000, 137_000, 456_000))], [\#(ZoneFiles.rdRing(140_000, 455_000, 140_500, 455_500))]]}"#
        let holed = ZoneFiles.polygon(
            ZoneFiles.rdRing(136_000, 455_000, 137_000, 456_000) + ", "
                + ZoneFiles.rdRing(136_200, 455_200, 136_300, 455_300))
        let crs = "urn:ogc:def:crs:EPSG::28992"
        let zones = try prepare(ZoneFiles.collection([ZoneFiles.feature(multi), ZoneFiles.feature(holed)], crs: crs))
        #expect(zones.map(\.area) == [1_250_000, 990_000])
    }

    @Test("text that is not JSON is invalid data")
    func invalidJSON() {
        expectAreaError(.invalidData, mentioning: ["zones.geojson", "not valid JSON"]) {
            try read(#"{"type": "Polygon", "#)
        }
        expectAreaError(.invalidData, mentioning: ["not GeoJSON"]) { try read(#"[1, 2, 3]"#) }
    }

    @Test("a LineString is not a zone")
    func lineString() {
        let text = ZoneFiles.feature(#"{"type": "LineString", "coordinates": [[5.1, 52.08], [5.13, 52.1]]}"#)
        expectAreaError(.invalidData, mentioning: ["LineString"]) { try read(text) }
    }

    @Test("an unclosed ring is refused, naming the two end points")
    func unclosedRing() {
        let ring = "[[5.10, 52.08], [5.13, 52.08], [5.13, 52.10], [5.10, 52.10], [5.10, 52.09]]"
        expectAreaError(.invalidData, mentioning: ["unclosed", "52.09", "52.08"]) { try read(ZoneFiles.polygon(ring)) }
        expectAreaError(.invalidData, mentioning: ["3 points"]) {
            try read(ZoneFiles.polygon("[[5.10, 52.08], [5.13, 52.08], [5.10, 52.08]]"))
        }
    }

    @Test("a position that is not a pair of numbers is refused")
    func badPosition() {
        expectAreaError(.invalidData, mentioning: ["pair of numbers"]) {
            try read(ZoneFiles.polygon(#"[[5.10, 52.08], ["x", 52.08], [5.13, 52.10], [5.10, 52.08]]"#))
        }
    }

    @Test("a bow-tie is repaired with a warning, not refused, and keeps both triangles")
    func bowTie() throws {
        let ring = "[[136000, 455000], [137000, 456000], [137000, 455000], [136000, 456000], [136000, 455000]]"
        let text = ZoneFiles.collection([ZoneFiles.feature(ZoneFiles.polygon(ring))], crs: "EPSG:28992")
        let zone = try #require(try prepare(text).first)
        #expect(abs(zone.area - 500_000) < 1e-6)
        #expect(zone.warnings.count == 1)
        let warning = try #require(zone.warnings.first)
        #expect(warning.contains("repaired"), "\(warning)")
        #expect(warning.lowercased().contains("self-intersection"), "\(warning)")
        #expect(warning.contains("after 500000 m²"), "\(warning)")
        let geometry = try Geometry(wkb: zone.wkb, context: GEOSContext())
        #expect(geometry.isValid)
        #expect(geometry.kind == .multiPolygon)
    }

    @Test("latitude and longitude swapped are recognised")
    func swapped() {
        expectAreaError(.invalidData, mentioning: ["swapped", "longitude first"]) {
            try prepare(ZoneFiles.polygon(ZoneFiles.swappedRing))
        }
    }

    @Test("a zone in the North Sea lies outside the dataset")
    func northSea() {
        let error = expectAreaError(.invalidData, mentioning: ["outside", "EPSG:4326"]) {
            try prepare(ZoneFiles.polygon(ZoneFiles.northSeaRing))
        }
        #expect(error.map { !$0.message.contains("swapped") } ?? false)
    }

    @Test("a point needs --radius; with radius 800 it becomes a circle of area π·800² within 0.5%")
    func pointRadius() throws {
        let point = #"{"type": "Point", "coordinates": [5.1214, 52.0907]}"#
        expectAreaError(.usage, input: .radius) { try prepare(point) }
        let zone = try #require(try prepare(point, radius: 800).first)
        #expect(Fixtures.relative(zone.area, .pi * 800 * 800) < 0.005, "\(zone.area)")
        #expect(abs((zone.envelope.maxX - zone.envelope.minX) - 1600) < 1e-6)
        #expect(zone.warnings.contains { $0.contains("800 m") })
        expectAreaError(.usage, input: .radius) {
            try prepare(ZoneFiles.polygon(ZoneFiles.utrechtRing), radius: 800)
        }
    }

    @Test("an unknown CRS in --crs is invalid data")
    func badCRS() {
        expectAreaError(.invalidData, mentioning: ["EPSG:0"]) {
            try prepare(ZoneFiles.polygon(ZoneFiles.utrechtRing), options: ZoneReadOptions(crs: "EPSG:0"))
        }
    }

    // MARK: WKT and other formats

    @Test("EWKT carries its SRID; plain WKT takes --crs or has none")
    func wkt() throws {
        let zone = try ZoneReader.readWKT("SRID=28992;" + Fixtures.rectangleWKT(136_000, 455_000, 137_000, 456_000))
        #expect(zone.crs == "EPSG:28992")
        #expect(try preparer.prepare([zone], file: "wkt").first?.area == 1_000_000)
        #expect(try ZoneReader.readWKT(Fixtures.rectangleWKT(0, 0, 1, 1)).crs == nil)
        #expect(try ZoneReader.readWKT(Fixtures.rectangleWKT(0, 0, 1, 1), crs: "EPSG:4326").crs == "EPSG:4326")
        expectAreaError(.usage, input: .crs) {
            try preparer.prepare(
                [ZoneReader.readWKT(Fixtures.rectangleWKT(136_000, 455_000, 137_000, 456_000))], file: "wkt")
        }
        expectAreaError(.invalidData, mentioning: ["SRID=RD"]) { try ZoneReader.readWKT("SRID=RD;POINT(1 2)") }
        expectAreaError(.invalidData, mentioning: ["WKT"]) { try ZoneReader.readWKT("POLYGON((1 2, 3") }
        // a .wkt file is named after itself
        let zones = try read(
            "SRID=28992;" + Fixtures.rectangleWKT(136_000, 455_000, 137_000, 456_000), name: "plan.wkt")
        #expect(zones.map(\.id) == ["plan"])
    }

    @Test("an unknown file type is a usage error; a missing file is missing input")
    func fileTypes() throws {
        #expect(try ZoneReader.format(of: URL(fileURLWithPath: "a.GeoJSON")) == .geojson)
        #expect(try ZoneReader.format(of: URL(fileURLWithPath: "a.json")) == .geojson)
        #expect(try ZoneReader.format(of: URL(fileURLWithPath: "a.gpkg")) == .geopackage)
        #expect(try ZoneReader.format(of: URL(fileURLWithPath: "a.shp")) == .shapefile)
        #expect(try ZoneReader.format(of: URL(fileURLWithPath: "a.ewkt")) == .wkt)
        expectAreaError(.usage, mentioning: [".kml"]) { try read("<kml/>", name: "zones.kml") }
        expectAreaError(.missingInput, mentioning: ["does not exist"]) {
            try ZoneReader.read(URL(fileURLWithPath: "/nonexistent/zones.geojson"))
        }
    }

    @Test("a GeoPackage zone layer: fids as ids, attributes, and an unknown --layer listing the layers")
    func geoPackage() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { Fixtures.remove(folder) }
        let url = folder.appendingPathComponent("zones.gpkg")
        let context = GEOSContext()
        let squares = [(136_000.0, "noord"), (138_000.0, "zuid")]
        let features = try squares.map { x, name in
            let geometry = try Geometry(wkt: Fixtures.rectangleWKT(x, 455_000, x + 1000, 456_000), context: context)
            return FeatureRecord(
                wkb: try geometry.wkb(), envelope: geometry.envelope, values: [.text(name), .integer(Int64(x))])
        }
        try GeoPackageWriter(
            layer: "wijken", geometryType: "POLYGON", crs: "EPSG:28992",
            columns: [ColumnSpec("naam", .text), ColumnSpec("code", .integer)]
        )
        .write(to: url, features: features)

        let raw = try ZoneReader.read(url)
        #expect(raw.map(\.id) == ["1", "2"])
        #expect(raw.map(\.name) == ["noord", "zuid"])
        #expect(raw.map(\.crs) == ["EPSG:28992", "EPSG:28992"])
        #expect(try ZoneReader.read(url, options: ZoneReadOptions(idField: "code")).map(\.id) == ["136000", "138000"])
        #expect(try preparer.prepare(raw, file: "zones.gpkg").map(\.area) == [1_000_000, 1_000_000])
        expectAreaError(.invalidData, mentioning: ["'buurten'", "wijken"]) {
            try ZoneReader.read(url, options: ZoneReadOptions(layer: "buurten"))
        }
    }

    @Test("a GeoJSON file that starts with a byte-order mark is read")
    func byteOrderMark() throws {
        let zones = try read("\u{FEFF}" + ZoneFiles.polygon(ZoneFiles.utrechtRing))
        #expect(zones.count == 1)
        #expect(zones.first?.crs == "EPSG:4326")
    }

    @Test("a feature without geometry is refused, naming the feature")
    func nullGeometry() {
        let text = ZoneFiles.collection([
            ZoneFiles.feature(ZoneFiles.polygon(ZoneFiles.utrechtRing)), ZoneFiles.feature("null"),
        ])
        expectAreaError(.invalidData, mentioning: ["feature 2 of zones.geojson", "no geometry"]) { try read(text) }
    }

    @Test("a GeoPackage zone without geometry is refused, naming the zone and the file")
    func geoPackageNullGeometry() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { Fixtures.remove(folder) }
        let url = folder.appendingPathComponent("zones.gpkg")
        let square = try Geometry(
            wkt: Fixtures.rectangleWKT(136_000, 455_000, 137_000, 456_000), context: GEOSContext())
        try GeoPackageWriter(
            layer: "wijken", geometryType: "POLYGON", crs: "EPSG:28992", columns: [ColumnSpec("naam", .text)]
        )
        .write(
            to: url,
            features: [
                FeatureRecord(wkb: try square.wkb(), envelope: square.envelope, values: [.text("noord")]),
                FeatureRecord(wkb: nil, envelope: nil, values: [.text("leeg")]),
            ])
        expectAreaError(.invalidData, mentioning: ["feature 2", "zones.gpkg", "no geometry"]) {
            try preparer.prepare(ZoneReader.read(url), file: "zones.gpkg")
        }
    }

    // MARK: Shapefile (written by GDAL's ogr2ogr)

    @Test(
        "a Shapefile with its .prj reads like the GeoJSON it came from",
        .enabled(if: Fixtures.gdalCondition, Fixtures.gdalReason))
    func shapefile() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { Fixtures.remove(folder) }
        let source = try Fixtures.write(
            ZoneFiles.collection([
                ZoneFiles.feature(
                    ZoneFiles.polygon(ZoneFiles.utrechtRing), properties: #"{"naam": "Utrecht", "code": "U1"}"#)
            ]),
            to: "zones.geojson", in: folder)
        let shp = folder.appendingPathComponent("zones.shp")
        try Fixtures.ogr2ogr(["-f", "ESRI Shapefile", shp.path, source.path])
        let raw = try ZoneReader.read(shp)
        #expect(raw.count == 1)
        #expect(raw.first?.name == "Utrecht")
        #expect(raw.first?.properties["code"] == "U1")
        #expect(raw.first?.crs?.contains("WGS") == true)
        let zone = try #require(try preparer.prepare(raw, file: "zones.shp").first)
        #expect(Fixtures.relative(zone.area, try utrechtArea()) < 1e-9)
    }

    @Test("a Shapefile without .prj needs --crs", .enabled(if: Fixtures.gdalCondition, Fixtures.gdalReason))
    func shapefileWithoutPRJ() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { Fixtures.remove(folder) }
        let source = try Fixtures.write(ZoneFiles.polygon(ZoneFiles.utrechtRing), to: "zones.geojson", in: folder)
        let shp = folder.appendingPathComponent("zones.shp")
        try Fixtures.ogr2ogr(["-f", "ESRI Shapefile", shp.path, source.path])
        try FileManager.default.removeItem(at: folder.appendingPathComponent("zones.prj"))
        let raw = try ZoneReader.read(shp)
        #expect(raw.first?.crs == nil)
        expectAreaError(.usage, input: .crs, mentioning: ["zones.shp"]) { try preparer.prepare(raw, file: "zones.shp") }
        let given = try ZoneReader.read(shp, options: ZoneReadOptions(crs: "EPSG:4326"))
        let zone = try #require(try preparer.prepare(given, file: "zones.shp").first)
        #expect(Fixtures.relative(zone.area, try utrechtArea()) < 1e-9)
    }

    @Test(
        "a .prj that is not text is shown, not blamed on a missing .prj; a .prj PROJ cannot read is quoted",
        .enabled(if: Fixtures.gdalCondition, Fixtures.gdalReason))
    func unreadablePRJ() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { Fixtures.remove(folder) }
        let source = try Fixtures.write(ZoneFiles.polygon(ZoneFiles.utrechtRing), to: "zones.geojson", in: folder)
        let shp = folder.appendingPathComponent("zones.shp")
        try Fixtures.ogr2ogr(["-f", "ESRI Shapefile", shp.path, source.path])
        let prj = folder.appendingPathComponent("zones.prj")
        try Data([0x50, 0x52, 0x4A, 0x00, 0xFF, 0xFE] + Array(repeating: 0x41, count: 300)).write(to: prj)
        let error = expectAreaError(.invalidData, mentioning: ["zones.prj", "is not the text of a coordinate system"]) {
            try ZoneReader.read(shp)
        }
        #expect((error?.message.count ?? 0) < 250)
        try Data("GEOGCS[garbled".utf8).write(to: prj)
        let raw = try ZoneReader.read(shp)
        expectAreaError(.invalidData, mentioning: ["GEOGCS[garbled", "not a coordinate reference system"]) {
            try preparer.prepare(raw, file: "zones.shp")
        }
    }

    @Test(
        "a Shapefile without its .shx index is missing input", .enabled(if: Fixtures.gdalCondition, Fixtures.gdalReason)
    )
    func shapefileWithoutIndex() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { Fixtures.remove(folder) }
        let source = try Fixtures.write(ZoneFiles.polygon(ZoneFiles.utrechtRing), to: "zones.geojson", in: folder)
        let shp = folder.appendingPathComponent("zones.shp")
        try Fixtures.ogr2ogr(["-f", "ESRI Shapefile", shp.path, source.path])
        try FileManager.default.removeItem(at: folder.appendingPathComponent("zones.shx"))
        expectAreaError(.missingInput, mentioning: ["zones.shx"]) { try ZoneReader.read(shp) }
    }

    @Test("a Shapefile of lines is not a zone", .enabled(if: Fixtures.gdalCondition, Fixtures.gdalReason))
    func shapefileOfLines() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { Fixtures.remove(folder) }
        let source = try Fixtures.write(
            #"{"type": "LineString", "coordinates": [[5.1, 52.08], [5.13, 52.1]]}"#, to: "line.geojson", in: folder)
        let shp = folder.appendingPathComponent("line.shp")
        try Fixtures.ogr2ogr(["-f", "ESRI Shapefile", shp.path, source.path])
        expectAreaError(.invalidData, mentioning: ["not a polygon"]) { try ZoneReader.read(shp) }
    }

    @Test("a Shapefile polygon with a hole keeps the hole", .enabled(if: Fixtures.gdalCondition, Fixtures.gdalReason))
    func shapefileHole() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { Fixtures.remove(folder) }
        let holed = ZoneFiles.polygon(
            ZoneFiles.rdRing(136_000, 455_000, 137_000, 456_000) + ", "
                + ZoneFiles.rdRing(136_200, 455_200, 136_300, 455_300))
        let multi =
            #"{"type": "MultiPolygon", "coordinates": [[\#(ZoneFiles.rdRing(136_000, 455_000, 137_000, 456_000))], [\#(ZoneFiles.rdRing(140_000, 455_000, 140_500, 455_500))]]}"#
        let source = try Fixtures.write(
            ZoneFiles.collection(
                [ZoneFiles.feature(holed), ZoneFiles.feature(multi)], crs: "urn:ogc:def:crs:EPSG::28992"),
            to: "zones.geojson", in: folder)
        let shp = folder.appendingPathComponent("zones.shp")
        try Fixtures.ogr2ogr(["-f", "ESRI Shapefile", shp.path, source.path])
        let zones = try preparer.prepare(ZoneReader.read(shp), file: "zones.shp")
        #expect(zones.map(\.area) == [990_000, 1_250_000])
    }

    @Test(
        "a GeoPackage layer without a CRS takes the one given with --crs",
        .enabled(if: Fixtures.gdalCondition, Fixtures.gdalReason))
    func geoPackageWithoutCRS() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { Fixtures.remove(folder) }
        let csv = try Fixtures.write(
            "WKT,naam\n\"\(Fixtures.rectangleWKT(136_000, 455_000, 137_000, 456_000))\",noord\n", to: "zones.csv",
            in: folder)
        let url = folder.appendingPathComponent("zones.gpkg")
        try Fixtures.ogr2ogr(["-f", "GPKG", url.path, csv.path, "-nln", "zones", "-a_srs", "None"])
        expectAreaError(.usage, input: .crs) {
            try preparer.prepare(ZoneReader.read(url), file: "zones.gpkg")
        }
        // the message asks for --crs, so --crs must be enough
        let zones = try ZoneReader.read(url, options: ZoneReadOptions(crs: "EPSG:28992"))
        #expect(zones.map(\.crs) == ["EPSG:28992"])
        #expect(try preparer.prepare(zones, file: "zones.gpkg").map(\.area) == [1_000_000])
    }

    @Test(
        "Shapefile attributes in GDAL's default Latin-1 encoding keep their accents",
        .enabled(if: Fixtures.gdalCondition, Fixtures.gdalReason))
    func shapefileEncoding() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { Fixtures.remove(folder) }
        let source = try Fixtures.write(
            ZoneFiles.collection([
                ZoneFiles.feature(ZoneFiles.polygon(ZoneFiles.utrechtRing), properties: #"{"naam": "Súdwest-Fryslân"}"#)
            ]),
            to: "zones.geojson", in: folder)
        let shp = folder.appendingPathComponent("zones.shp")
        // GDAL writes the DBF as ISO-8859-1 (language driver id 87) unless told otherwise
        try Fixtures.ogr2ogr(["-f", "ESRI Shapefile", shp.path, source.path])
        #expect(try ZoneReader.read(shp).first?.name == "Súdwest-Fryslân")
        // and a UTF-8 DBF with its .cpg file reads the same
        let utf8 = folder.appendingPathComponent("utf8.shp")
        try Fixtures.ogr2ogr(["-f", "ESRI Shapefile", "-lco", "ENCODING=UTF-8", utf8.path, source.path])
        #expect(try ZoneReader.read(utf8).first?.name == "Súdwest-Fryslân")
    }

    @Test(
        "a GeoPackage written by GDAL is read, and one with two layers needs --layer",
        .enabled(if: Fixtures.gdalCondition, Fixtures.gdalReason))
    func gdalGeoPackage() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { Fixtures.remove(folder) }
        let north = try Fixtures.write(
            ZoneFiles.collection([
                ZoneFiles.feature(ZoneFiles.polygon(ZoneFiles.utrechtRing), properties: #"{"naam": "Utrecht"}"#)
            ]),
            to: "north.geojson", in: folder)
        let south = try Fixtures.write(
            ZoneFiles.collection(
                [ZoneFiles.feature(ZoneFiles.polygon(ZoneFiles.rdRing(136_000, 455_000, 137_000, 456_000)))],
                crs: "EPSG:28992"),
            to: "south.geojson", in: folder)
        let url = folder.appendingPathComponent("zones.gpkg")
        try Fixtures.ogr2ogr(["-f", "GPKG", url.path, north.path, "-nln", "north"])
        let zones = try ZoneReader.read(url)
        #expect(zones.first?.crs == "EPSG:4326")
        #expect(zones.first?.name == "Utrecht")
        let zone = try #require(try preparer.prepare(zones, file: "zones.gpkg").first)
        #expect(Fixtures.relative(zone.area, try utrechtArea()) < 1e-9)

        try Fixtures.ogr2ogr(["-update", "-f", "GPKG", url.path, south.path, "-nln", "south"])
        expectAreaError(.usage, input: .layer, mentioning: ["2 layers", "north, south"]) { try ZoneReader.read(url) }
        let southZone = try ZoneReader.read(url, options: ZoneReadOptions(layer: "south"))
        #expect(southZone.first?.crs == "EPSG:28992")
        #expect(try preparer.prepare(southZone, file: "zones.gpkg").map(\.area) == [1_000_000])
    }
}
