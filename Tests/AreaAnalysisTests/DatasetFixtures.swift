import AreaAnalysis
import Foundation
import ProfileModel
import Testing

/// Temporary folders that live as long as the test process (shared datasets), removed at exit.
enum ProcessFolders {
    private final class Registry: @unchecked Sendable {
        // @unchecked Sendable: `folders` is only touched while holding `lock`.
        let lock = NSLock()
        var folders: [URL] = []
    }

    private static let registry: Registry = {
        atexit {
            let folders = ProcessFolders.registry.lock.withLock { ProcessFolders.registry.folders }
            for folder in folders { try? FileManager.default.removeItem(at: folder) }
        }
        return Registry()
    }()

    /// A new folder removed when the process exits.
    static func make(_ label: String) throws -> URL {
        let folder = try Fixtures.temporaryFolder(label)
        registry.lock.withLock { registry.folders.append(folder) }
        return folder
    }
}

/// A dataset built for the tests, with the build's report.
struct BuiltDataset: Sendable {
    /// The written GeoPackage.
    var url: URL
    /// What the build reported.
    var report: DatasetBuildReport
    /// The dataset opened for reading.
    var dataset: PostcodeDataset
}

/// The real CBS data: the postcode dataset built once per test process from the mirror.
enum RealData {
    private static let shared: Result<BuiltDataset, any Error> = Result { try build() }

    /// The shared build; fails (rather than skips) when the mirror is missing.
    static func dataset() throws -> BuiltDataset {
        _ = try #require(Fixtures.mirror, Fixtures.mirrorReason)
        return try shared.get()
    }

    /// Builds the dataset from the mirror into a new process-lifetime folder.
    static func build() throws -> BuiltDataset {
        let sources = try #require(Fixtures.mirror, Fixtures.mirrorReason)
        let folder = try ProcessFolders.make("real")
        let url = folder.appendingPathComponent("nl-pc4.gpkg")
        let options = DatasetBuildOptions(
            sources: sources, output: url, profileSet: try Fixtures.profileSet(Fixtures.citisensSetFile),
            profileSetFile: Fixtures.citisensSetFile, mapping: Fixtures.mapping, toolVersion: "test")
        let report = try DatasetBuilder.build(options)
        return BuiltDataset(url: url, report: report, dataset: try PostcodeDataset(url: url))
    }

    /// The municipal boundaries of 2021 in the mirror.
    static func municipalities() throws -> URL {
        try #require(Fixtures.mirror, Fixtures.mirrorReason).appendingPathComponent("gemeenten_2021.gpkg")
    }
}

/// A tiny hand-made sources folder in the layout of the CBS files, and the dataset built
/// from it with the three-profile test set.
///
/// Five postcodes in RD New, offset by (150000, 460000):
///
///     1004 ░░░░          4000..5000 × 2000..3000  residents suppressed (-99997)
///
///     1001 1002   1003   0..1000, 1000..2000, 4000..5000 × 0..1000
///
/// and 1005 with an empty geometry. 1001 and 1002 share the edge x = 1000.
enum TinyData {
    /// The offset of the grid.
    static let x0 = 150_000.0
    static let y0 = 460_000.0

    /// The postcodes: square in grid units (metres from the offset), residents, households.
    struct Postcode {
        var code: Int
        var square: (minX: Double, minY: Double, maxX: Double, maxY: Double)?
        var residents: Double
        var households: Double
        var singles: Double
        var twoParents: Double
        var children: Double
        var seniors: Double
        var urbanity: Double
    }

    static let postcodes: [Postcode] = [
        Postcode(
            code: 1001, square: (0, 0, 1000, 1000), residents: 1000, households: 500, singles: 300, twoParents: 50,
            children: 100, seniors: 150, urbanity: 1),
        Postcode(
            code: 1002, square: (1000, 0, 2000, 1000), residents: 2000, households: 800, singles: 200, twoParents: 350,
            children: 500, seniors: 200, urbanity: 3),
        Postcode(
            code: 1003, square: (4000, 0, 5000, 1000), residents: 400, households: 180, singles: 40, twoParents: 30,
            children: 40, seniors: 160, urbanity: 5),
        Postcode(
            code: 1004, square: (4000, 2000, 5000, 3000), residents: -99997, households: -99997, singles: -99997,
            twoParents: -99997, children: -99997, seniors: -99997, urbanity: 5),
        Postcode(
            code: 1005, square: nil, residents: 50, households: 60, singles: 10, twoParents: 5, children: 10,
            seniors: 10,
            urbanity: 4),
    ]

    /// The CBS 2020 column of every canonical variable, read from the mapping file.
    static func columns2020() throws -> [(variable: String, column: String)] {
        let data = try Data(contentsOf: Fixtures.mapping)
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let variables = try #require(root["variables"] as? [[String: Any]])
        return try variables.map { entry in
            let id = try #require(entry["id"] as? String)
            let column = try #require(entry["2020"] as? String, "variable \(id) has no single 2020 column")
            return (id, column)
        }
    }

    /// The value of a canonical variable for a postcode (counts follow CBS: suppressed stays -99997).
    static func value(_ variable: String, _ p: Postcode) -> FieldValue {
        let suppressed = p.residents < 0
        func count(_ v: Double) -> FieldValue { .integer(Int64(suppressed ? -99997 : v)) }
        switch variable {
        case "residents": return count(p.residents)
        case "age_0_14": return count(p.children)
        case "age_15_24": return count(p.residents * 0.1)
        case "age_25_44": return count(p.residents - p.children - p.seniors - p.residents * 0.1 - p.residents * 0.2)
        case "age_45_64": return count(p.residents * 0.2)
        case "age_65_plus": return count(p.seniors)
        case "pct_western_migration": return .integer(suppressed ? -99997 : 10)
        case "pct_non_western_migration": return .integer(suppressed ? -99997 : Int64(10 * p.urbanity))
        case "households": return count(p.households)
        case "households_single": return count(p.singles)
        case "households_couple": return count(p.households - p.singles - p.twoParents - 20)
        case "households_single_parent": return count(20)
        case "households_two_parent": return count(p.twoParents)
        case "household_size": return suppressed ? .integer(-99997) : .real(p.residents / p.households)
        case "dwellings": return count(p.households + 10)
        case "dwellings_pre_1945": return count(p.households * 0.2)
        case "dwellings_2005_2014": return count(p.households * 0.1)
        case "dwellings_2015_later": return count(p.households * 0.05)
        case "dwellings_multi_family": return count(p.households * (1 - p.urbanity / 6))
        case "pct_owner_occupied": return .integer(suppressed ? -99997 : Int64(p.urbanity * 15))
        case "dwellings_corporation": return count(p.households * 0.3)
        case "house_value": return .integer(suppressed ? -99997 : Int64(200 + p.urbanity * 40))
        case "benefit_recipients": return count(p.residents * 0.05)
        case "address_density": return .integer(Int64(3000 / p.urbanity))
        case "urbanity_class": return .integer(Int64(p.urbanity))
        default: return .null
        }
    }

    /// The postcode's polygon in RD New, or `nil` for the empty one.
    static func rdWKT(_ p: Postcode) -> String? {
        p.square.map { Fixtures.rectangleWKT(x0 + $0.minX, y0 + $0.minY, x0 + $0.maxX, y0 + $0.maxY) }
    }

    /// A rectangle in grid units as EWKT in RD New.
    static func zoneEWKT(_ minX: Double, _ minY: Double, _ maxX: Double, _ maxY: Double) -> String {
        "SRID=28992;" + Fixtures.rectangleWKT(x0 + minX, y0 + minY, x0 + maxX, y0 + maxY)
    }

    /// Writes the sources folder: the areas GeoPackage, age bands and places.
    ///
    /// - Parameters:
    ///   - replacing: one cell of the areas file to write differently (postcode, CBS column, value).
    ///   - areas: how many of the postcodes the areas file holds (all by default).
    static func writeSources(
        to folder: URL, ages: Bool = true, places: Bool = true,
        replacing cell: (postcode: Int, column: String, value: FieldValue)? = nil, areas: Int? = nil
    ) throws {
        let context = GEOSContext()
        let mapped = try columns2020()
        let columns = [ColumnSpec("PC4", .integer)] + mapped.map { ColumnSpec($0.column, .real) }
        var features: [FeatureRecord] = []
        for p in postcodes.prefix(areas ?? postcodes.count) {
            // "POLYGON((...))" becomes "MULTIPOLYGON(((...)))", as CBS stores its areas
            let wkt = rdWKT(p).map { "MULTIPOLYGON(" + $0.dropFirst("POLYGON".count) + ")" } ?? "MULTIPOLYGON EMPTY"
            let geometry = try Geometry(wkt: wkt, context: context)
            features.append(
                FeatureRecord(
                    wkb: try geometry.wkb(), envelope: geometry.envelope,
                    values: [.integer(Int64(p.code))]
                        + mapped.map { column in
                            if let cell, cell.postcode == p.code, cell.column == column.column { return cell.value }
                            return value(column.variable, p)
                        }))
        }
        try GeoPackageWriter(
            layer: "cbs_pc4_2020_v1", geometryType: "MULTIPOLYGON", crs: "EPSG:28992", columns: columns
        )
        .write(to: folder.appendingPathComponent(DatasetBuilder.SourceName.areas), features: features)
        if ages {
            var lines = ["postcode,leeftijd,inwoners,inwoners_man,inwoners_vrouw"]
            for p in postcodes where p.code != 1005 {
                let total = p.residents < 0 ? 20 : p.residents
                let bands: [(String, Double)] = [
                    ("0-4", 0.3), ("25-29", 0.4), ("65-69", 0.1), ("70-74", 0.1), ("75-79", 0.05), ("95+", 0.05),
                ]
                for (band, share) in bands {
                    let count = Int(total * share)
                    lines.append("\(p.code),\(band),\(count),\(count / 2),\(count - count / 2)")
                }
            }
            try Fixtures.write(lines.joined(separator: "\n") + "\n", to: DatasetBuilder.SourceName.ageBands, in: folder)
        }
        if places {
            let text = """
                postcode,plaats,gemeente,provincie
                1001,Testdorp,Testgemeente,Utrecht
                1002,Testdorp,Testgemeente,Utrecht
                1003,Anderdorp,Andergemeente,Gelderland
                1004,Anderdorp,Andergemeente,Gelderland

                """
            try Fixtures.write(text, to: DatasetBuilder.SourceName.places, in: folder)
        }
    }

    /// Options for a build of the tiny sources with the three-profile set.
    static func options(sources: URL, output: URL, profilesFile: URL? = nil) throws -> DatasetBuildOptions {
        DatasetBuildOptions(
            sources: sources, output: output, profileSet: try Fixtures.profileSet(Fixtures.threeSetFile),
            profileSetFile: Fixtures.threeSetFile, mapping: Fixtures.mapping, profilesFile: profilesFile,
            toolVersion: "test", minimumPostcodes: 1)
    }

    private static let shared: Result<BuiltDataset, any Error> = Result {
        let folder = try ProcessFolders.make("tiny")
        let sources = folder.appendingPathComponent("sources", isDirectory: true)
        try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
        try writeSources(to: sources)
        let url = folder.appendingPathComponent("tiny.gpkg")
        let report = try DatasetBuilder.build(try options(sources: sources, output: url))
        return BuiltDataset(url: url, report: report, dataset: try PostcodeDataset(url: url))
    }

    /// The tiny dataset, built once per process.
    static func dataset() throws -> BuiltDataset { try shared.get() }
}

extension PostcodeDataset {
    /// The record of a postcode; fails the test when the dataset lacks it.
    func record(_ code: String) throws -> PostcodeRecord {
        let position = try #require(try positions(ofPostcodes: [code])[code], "the dataset has no postcode \(code)")
        return try records(at: [position])[0]
    }
}
