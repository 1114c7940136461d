import Foundation
import Testing

/// Bad input through the binary: one clear sentence, a sysexits code, no output file left.
@Suite("Bad input")
struct BadInputTests {
    static func write(_ text: String, name: String) throws -> URL {
        let url = try Fixtures.temporaryFolder().appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    @Test("data build: a missing source folder is exit 66, with no dataset written")
    func missingSources() throws {
        let folder = try Fixtures.temporaryFolder()
        let output = folder.appendingPathComponent("out.gpkg")
        let run = try Fixtures.run(["data", "build", "--sources", "/nonexistent/cbs", "--output", output.path])
        #expect(run.status == 66)
        #expect(run.stderr.hasPrefix("error: the source folder /nonexistent/cbs does not exist"))
        #expect(run.stderr.split(separator: "\n").count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test("data build: a source that is not a GeoPackage is exit 65")
    func notAGeoPackage() throws {
        let folder = try Fixtures.temporaryFolder()
        try Data("this is not a database".utf8).write(to: folder.appendingPathComponent("cbs_pc4_2020_v1.gpkg"))
        let output = folder.appendingPathComponent("out.gpkg")
        let run = try Fixtures.run(["data", "build", "--sources", folder.path, "--output", output.path])
        #expect(run.status == 65)
        #expect(run.stderr.contains("is not a GeoPackage"))
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test(
        "data build: an output folder that cannot be written is exit 73, with nothing left behind",
        .enabled(if: Fixtures.hasSources, Fixtures.skipReason))
    func unwritableOutput() throws {
        let run = try Fixtures.run([
            "data", "build", "--sources", Fixtures.sources.path, "--output", "/nonexistent/folder/out.gpkg",
        ])
        #expect(run.status == 73)
        #expect(run.stderr.contains("cannot write /nonexistent/folder/out.gpkg"))
    }

    @Test("a profile set with a duplicate id is refused before anything is written")
    func badProfileSet() throws {
        let set = try Self.write(
            #"{"id": "x", "name": "x", "profiles": [{"id": "a", "name": "A", "share": {"value": 0.5, "basis": {"source": "s"}}}, {"id": "a", "name": "B", "share": {"value": 0.5, "basis": {"source": "s"}}}]}"#,
            name: "set.json")
        let output = set.deletingLastPathComponent().appendingPathComponent("out.gpkg")
        let run = try Fixtures.run(["data", "build", "--set", set.path, "--output", output.path])
        #expect(run.status == 65)
        #expect(run.stderr.contains("lists the profile id 'a' twice"))
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test(
        "analyze: bad zones get one sentence and exit 65, and no output file",
        .enabled(if: Fixtures.hasSources, Fixtures.skipReason),
        arguments: [
            ("{not json", "is not valid JSON"),
            (#"{"type": "LineString", "coordinates": [[5.1, 52.1], [5.2, 52.2]]}"#, "is a LineString"),
            (
                #"{"type": "Polygon", "coordinates": [[[5.1, 52.1], [5.2, 52.1], [5.2, 52.2], [5.1, 52.2]]]}"#,
                "unclosed ring"
            ),
            (
                #"{"type": "Polygon", "coordinates": [[[52.09, 5.11], [52.09, 5.13], [52.10, 5.13], [52.10, 5.11], [52.09, 5.11]]]}"#,
                "latitude and longitude swapped"
            ),
            (
                #"{"type": "Polygon", "coordinates": [[[3.0, 53.5], [3.1, 53.5], [3.1, 53.6], [3.0, 53.6], [3.0, 53.5]]]}"#,
                "outside the postcode areas"
            ),
        ])
    func badZones(zone: String, message: String) throws {
        let file = try Self.write(zone, name: "zone.geojson")
        let output = file.deletingLastPathComponent().appendingPathComponent("out.json")
        let run = try Fixtures.runOnDataset(["analyze", file.path, "--format", "json", "--output", output.path])
        #expect(run.status == 65, "\(run.stderr)")
        #expect(run.stderr.contains(message), "\(run.stderr)")
        #expect(run.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test(
        "analyze: a bow-tie is repaired with a warning, not refused",
        .enabled(if: Fixtures.hasSources, Fixtures.skipReason))
    func bowTie() throws {
        let file = try Self.write(
            #"{"type": "Polygon", "coordinates": [[[5.11, 52.08], [5.13, 52.10], [5.13, 52.08], [5.11, 52.10], [5.11, 52.08]]]}"#,
            name: "bowtie.geojson")
        let run = try Fixtures.runOnDataset(["analyze", file.path, "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let zone = try #require((try Fixtures.json(run.stdout)["zones"] as? [[String: Any]])?.first)
        let warnings = try #require(zone["warnings"] as? [String])
        #expect(warnings.contains { $0.contains("was repaired") })
        #expect((zone["area_m2"] as? Double ?? 0) > 1_000_000)
    }

    @Test("recommend: a reach target outside (0, 1] is a usage error")
    func reachTarget() throws {
        let run = try Fixtures.run(["recommend", "--postcode", "1011", "--reach-target", "1.5"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("--reach-target must lie in (0, 1]"))
    }

    @Test(
        "recommend: a phase file with overlapping dates is refused",
        .enabled(if: Fixtures.hasSources, Fixtures.skipReason))
    func overlappingPhases() throws {
        let phases = try Self.write(
            #"{"id": "p", "name": "p", "phases": [{"id": "a", "name": "A", "goal": "inform", "start": "2026-01-01", "end": "2026-02-01"}, {"id": "b", "name": "B", "goal": "consult", "start": "2026-01-15", "end": "2026-03-01"}]}"#,
            name: "phases.json")
        let run = try Fixtures.runOnDataset(["recommend", "--postcode", "1011", "--phases", phases.path])
        #expect(run.status == 65)
        #expect(run.stderr.contains("overlap"), "\(run.stderr)")
    }
}
