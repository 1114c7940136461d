import AreaAnalysis
import Foundation
import GRDB
import ProfileModel
import Reports
import Testing

/// `geoprofile report` on the real dataset: the HTML's figures equal `analyze --format json`,
/// the map has one shape per contributing postcode, nothing is fetched, equal input gives
/// equal bytes, and bad input is refused as `analyze` refuses it.
@Suite("Report", .enabled(if: Fixtures.hasSources, Fixtures.skipReason), .serialized)
struct ReportCommandTests {
    static let utrecht = "Data/zones/utrecht-binnenstad.geojson"
    static let fixtureZones = [
        "Tests/Goldens/zones/fixture-zones.geojson", "--id-field", "code", "--name-field", "name",
    ]

    /// The zones of `analyze --format json` for the same zone arguments.
    static func analysis(_ zoneArguments: [String]) throws -> [[String: Any]] {
        let run = try Fixtures.runOnDataset(["analyze"] + zoneArguments + ["--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        return try #require(try Fixtures.json(run.stdout)["zones"] as? [[String: Any]])
    }

    /// Writes the report and returns its bytes.
    static func report(_ arguments: [String], to name: String = "report.html") throws -> (Data, Fixtures.Run) {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent(name)
        let run = try Fixtures.runOnDataset(["report"] + arguments + ["--date", "2026-01-15", "--output", output.path])
        #expect(run.status == 0, "\(run.stderr)")
        return (try Data(contentsOf: output), run)
    }

    /// Every figure a reader compares: the zone's name, residents, adults, children and each
    /// profile's adults and share, formatted in the report's language.
    static func expectedTexts(_ zone: [String: Any], language: ReportLanguage, escape: Bool) throws -> [String] {
        func text(_ key: String) throws -> String {
            NumberText.grouped(try #require(zone[key] as? Double), language: language)
        }
        let name = (zone["name"] as? String) ?? (zone["id"] as? String ?? "")
        var texts = [
            escape ? html(name) : name, try text("residents"), try text("adults"), try text("children"),
        ]
        for profile in try #require(zone["profiles"] as? [[String: Any]]) {
            texts.append(NumberText.grouped(try #require(profile["adults"] as? Double), language: language))
            texts.append(NumberText.percent(try #require(profile["share"] as? Double), language: language))
        }
        return texts
    }

    static func html(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }

    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test("Utrecht binnenstad in Dutch: figures as analyze gives them, one shape per postcode, no URL")
    func utrechtDutch() throws {
        let zones = try Self.analysis([Self.utrecht])
        let (data, _) = try Self.report([Self.utrecht])
        let page = String(decoding: data, as: UTF8.self)
        let zone = try #require(zones.first)
        for text in try Self.expectedTexts(zone, language: .nl, escape: true) {
            #expect(page.contains(text), "missing \(text)")
        }
        let contributing = try #require(zone["postcodes"] as? [[String: Any]]).filter {
            ($0["weight"] as? Double ?? 0) > 0
        }
        #expect(Self.count("class=\"pc\"", in: page) == contributing.count)
        // Small multiples: every profile's share in every contributing postcode.
        let profiles = try #require(zone["profiles"] as? [[String: Any]]).count
        #expect(Self.count("class=\"pcs\"", in: page) == profiles * contributing.count)
        for postcode in contributing {
            #expect(page.contains("data-postcode=\"\(postcode["postcode"] as? String ?? "")\""))
        }
        #expect(page.contains("Bron: CBS"))
        #expect(page.contains("lang=\"nl\""))
        #expect(page.contains("geen metingen"))
        for external in ["http://", "https://", "src=", "@import", "url(http", "//fonts"] {
            #expect(!page.contains(external), "the report references \(external)")
        }
    }

    @Test("English numbers, and equal input gives equal bytes")
    func englishAndDeterministic() throws {
        let zones = try Self.analysis([Self.utrecht])
        let (first, _) = try Self.report([Self.utrecht, "--lang", "en"])
        let (second, _) = try Self.report([Self.utrecht, "--lang", "en"])
        #expect(first == second)
        let page = String(decoding: first, as: UTF8.self)
        for text in try Self.expectedTexts(try #require(zones.first), language: .en, escape: true) {
            #expect(page.contains(text), "missing \(text)")
        }
        #expect(page.contains("not measurements"))
    }

    @Test("A dataset without the stored country outline gives the same report, byte for byte")
    func withoutStoredOutline() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The same file without its outline table, as an earlier version built it.
        let older = folder.appendingPathComponent("nl-pc4.gpkg")
        try FileManager.default.copyItem(at: try Fixtures.datasetURL(), to: older)
        let queue = try DatabaseQueue(path: older.path)
        try queue.write { db in
            try db.execute(
                sql:
                    "DROP TABLE \(DatasetSchema.outlineTable); DELETE FROM gpkg_contents WHERE table_name = '\(DatasetSchema.outlineTable)'"
            )
        }
        try queue.close()
        let grid = ReportGeometry.outlineGrid
        let tolerance = ReportGeometry.outlineTolerance
        #expect(try PostcodeDataset(url: older).storedCountryOutline(grid: grid, tolerance: tolerance) == nil)
        #expect(
            try PostcodeDataset(url: try Fixtures.datasetURL()).storedCountryOutline(grid: grid, tolerance: tolerance)
                != nil)

        let (stored, _) = try Self.report([Self.utrecht])
        let output = folder.appendingPathComponent("older.html")
        let run = try Fixtures.run(
            ["report", Self.utrecht, "--date", "2026-01-15", "--output", output.path, "--dataset", older.path])
        #expect(run.status == 0, "\(run.stderr)")
        let dissolved = try Data(contentsOf: output)
        #expect(dissolved == stored)
        // The locator's outline is drawn: a path of many points.
        let page = String(decoding: stored, as: UTF8.self)
        let path = try #require(page.firstRange(of: /<path id="nl-outline" d="([^"]*)"/)?.lowerBound)
        let d = page[path...].prefix { $0 != ">" }
        #expect(Self.count("L", in: String(d)) > 100)
    }

    @Test("A multi-zone file: overview map and table, then a section per zone")
    func multiZone() throws {
        let zones = try Self.analysis(Self.fixtureZones)
        let (data, _) = try Self.report(Self.fixtureZones)
        let page = String(decoding: data, as: UTF8.self)
        #expect(page.contains("class=\"overview\""))
        #expect(Self.count("<section class=\"zone\"", in: page) == zones.count)
        #expect(Self.count("class=\"zone\" data-zone=", in: page) == 2 * zones.count)
        for zone in zones {
            for text in try Self.expectedTexts(zone, language: .nl, escape: true) {
                #expect(page.contains(text), "missing \(text)")
            }
        }
    }

    @Test("Postcodes taken together as the zone")
    func postcodes() throws {
        let (data, _) = try Self.report(["--postcode", "3511", "3512"])
        let page = String(decoding: data, as: UTF8.self)
        #expect(Self.count("class=\"pc\"", in: page) >= 2)
        #expect(page.contains("data-postcode=\"3511\""))
    }

    @Test("Bad input is refused as analyze refuses it, and no file is left behind")
    func badInput() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for zone in [["no-such-zones.geojson"], ["--wkt", "POLYGON((0 0, 1 0, 1 1))"]] {
            let analyze = try Fixtures.runOnDataset(["analyze"] + zone)
            let output = folder.appendingPathComponent("report.html")
            let report = try Fixtures.runOnDataset(["report"] + zone + ["--output", output.path])
            #expect(report.status == analyze.status)
            #expect(report.stderr == analyze.stderr)
            #expect(!FileManager.default.fileExists(atPath: output.path))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test("A PDF without Chromium: one sentence, exit 69, nothing written")
    func pdfWithoutChromium() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("report.pdf")
        let run = try Fixtures.run(
            ["report", Self.utrecht, "--output", output.path, "--dataset", try Fixtures.datasetURL().path],
            environment: ["PATH": folder.path, "GEOPROFILE_CHROMIUM": ""])
        #expect(run.status == 69)
        #expect(run.stderr.split(separator: "\n").count == 1)
        #expect(run.stderr.contains("apt-get install chromium"))
        #expect(run.stderr.contains("(--output FILE.html)"))
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }
}
