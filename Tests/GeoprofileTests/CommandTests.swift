import AreaAnalysis
import Foundation
import ProfileModel
import Testing

/// The commands end to end on the real CBS data, through the built binary.
@Suite("Commands on the real data", .enabled(if: Fixtures.hasSources, Fixtures.skipReason))
struct CommandTests {
    @Test("data info --format json names the counts, the CRS, the sources with SHA-256 and the tool version")
    func dataInfo() throws {
        let run = try Fixtures.runOnDataset(["data", "info", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let info = try Fixtures.json(run.stdout)
        #expect(info["postcodes"] as? Int == 4068)
        #expect(info["crs"] as? String == "EPSG:28992")
        let residents = try #require(info["residents"] as? Double)
        #expect(residents == 17_404_635 + 18 * 2)
        #expect((info["households"] as? Double ?? 0) > 7_900_000)
        let sources = try #require(info["sources"] as? [[String: Any]])
        #expect(sources.contains { $0["name"] as? String == "cbs_pc4_2020_v1.gpkg" })
        for source in sources {
            let hash = try #require(source["sha256"] as? String)
            #expect(hash.count == 64 && hash.allSatisfy(\.isHexDigit))
        }
        let builtWith = try #require(info["built_with"] as? [String: Any])
        #expect(builtWith["version"] as? String == "test")
        #expect(info["empty_geometries"] as? [String] == ["5028"])
        let adults = try #require(info["adults"] as? Double)
        let children = try #require(info["children"] as? Double)
        #expect(abs(adults + children - residents) < 1e-3)
        let plausibility = try #require(info["plausibility"] as? [String: Any])
        #expect(plausibility["population"] as? String == "adults")
        let dominance = try #require(plausibility["dominance"] as? [String: Any])
        #expect((dominance["largest_share_p99"] as? Double ?? 1) <= 0.8)
    }

    @Test("data build prints the plausibility block")
    func dataBuildPlausibility() throws {
        let folder = try Fixtures.temporaryFolder()
        let run = try Fixtures.run([
            "data", "build", "--sources", Fixtures.sources.path, "--output",
            folder.appendingPathComponent("d.gpkg").path,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("plausibility (") && run.stdout.contains("counting adults"), "\(run.stdout)")
        #expect(run.stdout.contains("Zorgzame Senioren per resident 65+"))
    }

    @Test("postcode 1011 --format json: residents, adults, children; profiles with adults, share and index")
    func postcodeJSON() throws {
        let run = try Fixtures.runOnDataset(["postcode", "1011", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let postcodes = try #require(try Fixtures.json(run.stdout)["postcodes"] as? [[String: Any]])
        let entry = try #require(postcodes.first)
        #expect(entry["postcode"] as? String == "1011")
        #expect(entry["municipality"] as? String == "Amsterdam")
        let residents = try #require(entry["residents"] as? Double)
        let adults = try #require(entry["adults"] as? Double)
        let children = try #require(entry["children"] as? Double)
        #expect(abs(adults + children - residents) < 1e-6)
        #expect(children > 0 && adults > children)
        let profiles = try #require(entry["profiles"] as? [[String: Any]])
        #expect(profiles.count == 8)
        let shares = profiles.compactMap { $0["share"] as? Double }
        #expect(abs(shares.reduce(0, +) - 1) < 1e-9)
        let counted = profiles.compactMap { $0["adults"] as? Double }.reduce(0, +)
        #expect(abs(counted - adults) < 1e-6)
        for profile in profiles {
            #expect(profile["id"] is String && profile["name"] is String)
            #expect(profile["index"] is Double)
        }
    }

    @Test("postcode --explain splits every profile into who lives there and the place, in JSON and in words")
    func explain() throws {
        let run = try Fixtures.runOnDataset(["postcode", "6211", "--explain", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let entry = try #require((try Fixtures.json(run.stdout)["postcodes"] as? [[String: Any]])?.first)
        let explanation = try #require(entry["explanation"] as? [String: Any])
        let cells = try #require(explanation["cells"] as? [[String: Any]])
        #expect(cells.count == PersonCell.allCases.count)
        let profiles = try #require(explanation["profiles"] as? [[String: Any]])
        #expect(profiles.count == 8)
        for profile in profiles {
            let share = try #require(profile["share"] as? Double)
            let reference = try #require(profile["reference"] as? Double)
            let person = try #require(profile["who_lives_there"] as? Double)
            let place = try #require(profile["the_place"] as? Double)
            #expect(abs(person + place - log(share / reference)) < 1e-9)
            let effects = try #require(profile["contributions"] as? [[String: Any]])
            #expect(abs(effects.compactMap { $0["effect"] as? Double }.reduce(0, +) - place) < 1e-6)
        }
        let text = try Fixtures.runOnDataset(["postcode", "6211", "--explain"])
        #expect(text.stdout.contains("who lives there ×") && text.stdout.contains("the place ×"), "\(text.stdout)")
    }

    @Test("model calibrate reads an age band per respondent and refuses one it does not know")
    func calibrateWithAgeBands() throws {
        let folder = try Fixtures.temporaryFolder()
        let survey = folder.appendingPathComponent("survey.csv")
        var rows = ["postcode,profile,age_band"]
        for code in ["1011", "3452", "9444", "6211"] {
            rows.append("\(code),zorgzame-senioren,age_75_plus")
            rows.append("\(code),stadse-nomaden,age_15_24")
            rows.append("\(code),gevestigde-beinvloeders,")
        }
        try Data((rows.joined(separator: "\n") + "\n").utf8).write(to: survey)
        let output = folder.appendingPathComponent("set.json")
        let run = try Fixtures.runOnDataset([
            "model", "calibrate", "--survey", survey.path, "--output", output.path, "--mode", "targets",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let set = try ProfileSet.load(from: output)
        #expect(set.version.hasSuffix("+survey"))
        #expect(!set.profiles.flatMap(\.personEffects).isEmpty)
        try Data("postcode,profile,age_band\n1011,stadse-nomaden,age_12_14\n".utf8).write(to: survey)
        let bad = try Fixtures.runOnDataset(["model", "calibrate", "--survey", survey.path, "--output", output.path])
        #expect(bad.status == 65)
        #expect(bad.stderr.contains("line 2: age band 'age_12_14'"), "\(bad.stderr)")
    }

    @Test("an unknown postcode is named, the others are still shown, and the exit code is non-zero")
    func unknownPostcode() throws {
        let run = try Fixtures.runOnDataset(["postcode", "1011", "1000", "9444", "--format", "csv"])
        #expect(run.status == 65)
        #expect(run.stderr.contains("postcode 1000 is not in the dataset"))
        let lines = run.stdout.split(separator: "\n")
        try #require(lines.count == 3)
        #expect(lines[1].hasPrefix("1011,") && lines[2].hasPrefix("9444,"))
    }

    @Test(
        "a postcode that is not four digits 1000-9999 is refused, never cut or padded into another",
        arguments: [
            ("99999", "'99999' is not a 4-digit postcode"), ("10110", "'10110' is not a 4-digit postcode"),
            ("0999", "'0999' is not a 4-digit postcode"), ("1011AB", "1011AB is a 6-character postcode (PC6)"),
            ("1011 ab", "use 1011"), ("abcd", "'abcd' is not a 4-digit postcode"),
        ])
    func malformedPostcode(code: String, message: String) throws {
        for command in [["postcode", code], ["recommend", "--postcode", code]] {
            let run = try Fixtures.runOnDataset(command)
            #expect(run.status == 64)
            #expect(run.stderr.contains(message), "\(run.stderr)")
            #expect(run.stderr.split(separator: "\n").count == 1)
            #expect(run.stdout.isEmpty)
        }
    }

    @Test("profiles --format json lists the set with shares and bases")
    func profilesJSON() throws {
        let run = try Fixtures.run(["profiles", "--format", "json"])
        #expect(run.status == 0)
        let listing = try Fixtures.json(run.stdout)
        let set = try #require(listing["set"] as? [String: Any])
        #expect(set["id"] as? String == "citisens-2017")
        let profiles = try #require(listing["profiles"] as? [[String: Any]])
        #expect(profiles.count == 8)
        let assumptions = profiles.filter { ($0["basis"] as? [String: Any])?["assumption"] != nil }
        #expect(assumptions.count == 3)
    }

    @Test("analyze writes JSON in the documented shape, atomically to --output")
    func analyzeJSON() throws {
        let folder = try Fixtures.temporaryFolder()
        let output = folder.appendingPathComponent("zone.json")
        let run = try Fixtures.runOnDataset(
            ["analyze", "Data/zones/utrecht-binnenstad.geojson", "--format", "json", "--output", output.path])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try Fixtures.json(try String(contentsOf: output, encoding: .utf8))
        #expect(report["method"] as? String == "area")
        let zone = try #require((report["zones"] as? [[String: Any]])?.first)
        #expect(zone["id"] as? String == "utrecht-binnenstad")
        let area = try #require(zone["area_m2"] as? Double)
        #expect(area > 2_000_000 && area < 3_000_000)
        let coverage = try #require(zone["coverage"] as? Double)
        #expect(coverage > 0.95 && coverage <= 1)
        let profiles = try #require(zone["profiles"] as? [[String: Any]])
        let residents = try #require(zone["residents"] as? Double)
        let adults = try #require(zone["adults"] as? Double)
        let children = try #require(zone["children"] as? Double)
        #expect(abs(adults + children - residents) < 1e-6 * residents)
        #expect(abs(profiles.compactMap { $0["adults"] as? Double }.reduce(0, +) - adults) < 1e-6 * adults)
        #expect(profiles.allSatisfy { $0["share"] is Double })
        let postcodes = try #require(zone["postcodes"] as? [[String: Any]])
        #expect(postcodes.allSatisfy { ($0["weight"] as? Double).map { $0 > 0 && $0 <= 1 } ?? false })
        #expect(zone["warnings"] is [Any])
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(leftovers == ["zone.json"])
    }

    @Test("analyze CSV has one row per zone and a column per profile; the Dutch variant uses ; and decimal commas")
    func analyzeCSV() throws {
        let run = try Fixtures.runOnDataset(
            ["analyze", "/work/shared/data/nl/gemeenten_2021.gpkg", "--id-field", "gemeente", "--format", "csv"].map {
                $0 == "/work/shared/data/nl/gemeenten_2021.gpkg"
                    ? Fixtures.sources.appendingPathComponent("gemeenten_2021.gpkg").path : $0
            })
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 346)
        #expect(
            lines[0].hasPrefix("id,name,area_m2,residents,adults,children,households,coverage,kritische-vernieuwers,"))
        let dutch = try Fixtures.runOnDataset(
            ["analyze", "Data/zones/utrecht-binnenstad.geojson", "--format", "csv", "--csv-delimiter", "semicolon"])
        let row = try #require(dutch.stdout.split(separator: "\n").dropFirst().first)
        #expect(row.hasPrefix("utrecht-binnenstad;Utrecht binnenstad;"))
        #expect(row.split(separator: ";")[3].contains(","))
    }

    @Test("analyze GeoJSON output is WGS 84 with the composition as properties")
    func analyzeGeoJSON() throws {
        let run = try Fixtures.runOnDataset(["analyze", "Data/zones/utrecht-binnenstad.geojson", "--format", "geojson"])
        #expect(run.status == 0, "\(run.stderr)")
        let collection = try Fixtures.json(run.stdout)
        let feature = try #require((collection["features"] as? [[String: Any]])?.first)
        let properties = try #require(feature["properties"] as? [String: Any])
        #expect(properties["residents"] is Double)
        #expect(properties["share_stadse-nomaden"] is Double)
        let geometry = try #require(feature["geometry"] as? [String: Any])
        let ring = try #require((geometry["coordinates"] as? [[[Double]]])?.first)
        #expect(ring.allSatisfy { $0[0] > 5.0 && $0[0] < 5.2 && $0[1] > 52.0 && $0[1] < 52.2 })
    }

    @Test("a point with --radius is a zone; without it the command says what to add")
    func pointZone() throws {
        let ok = try Fixtures.runOnDataset([
            "analyze", "--wkt", "SRID=4326;POINT(5.1214 52.0907)", "--radius", "800", "--format", "json",
        ])
        #expect(ok.status == 0, "\(ok.stderr)")
        let zone = try #require((try Fixtures.json(ok.stdout)["zones"] as? [[String: Any]])?.first)
        let area = try #require(zone["area_m2"] as? Double)
        #expect(abs(area - Double.pi * 800 * 800) / (Double.pi * 800 * 800) < 0.005)
        let missing = try Fixtures.runOnDataset(["analyze", "--wkt", "SRID=4326;POINT(5.1214 52.0907)"])
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("--radius"))
    }
}
