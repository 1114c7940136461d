import AreaAnalysis
import Foundation
import ProfileModel
import Recommendations
import Reports
import Testing

/// `plan` and `monitor` end to end on the real CBS data: inner Amsterdam (1011-1018) against
/// the rural municipality of Westerveld, and participants files made from the zone itself.
@Suite("Plan and monitor on real zones", .enabled(if: Fixtures.hasSources, Fixtures.skipReason))
struct PlanMonitorTests {
    static let amsterdam = (1011...1018).map(String.init)

    static func westerveld() throws -> [String] {
        let data = try PostcodeDataset(url: try Fixtures.datasetURL())
        return try data.records().filter { $0.municipality == "Westerveld" }.map(\.postcode).sorted()
    }

    /// Runs `plan` on postcodes and reads the JSON back.
    static func plan(_ postcodes: [String], in folder: URL, name: String) throws -> (ProcessPlan, URL) {
        let url = folder.appendingPathComponent("\(name).json")
        let run = try Fixtures.runOnDataset(
            ["plan", "--postcode"] + postcodes + ["--start", "2026-03-02", "--format", "json", "-o", url.path])
        #expect(run.status == 0, "\(run.stderr)")
        return (try ProcessPlan.load(from: url), url)
    }

    static func monitor(_ plan: URL, _ csv: String, in folder: URL) throws -> ParticipationCheck {
        let participants = folder.appendingPathComponent("participants-\(UUID().uuidString).csv")
        try Data(csv.utf8).write(to: participants)
        let run = try Fixtures.runOnDataset([
            "monitor", "--plan", plan.path, "--participants", participants.path, "--format", "json",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        return try JSONDecoder().decode(ParticipationCheck.self, from: Data(run.stdout.utf8))
    }

    @Test("inner Amsterdam and Westerveld differ in methods, sessions and roles, within the published ranges")
    func contrast() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (city, _) = try Self.plan(Self.amsterdam, in: folder, name: "amsterdam")
        let (village, _) = try Self.plan(try Self.westerveld(), in: folder, name: "westerveld")
        #expect(city.zone.adults > 60_000)
        #expect((15_000...20_000).contains(village.zone.adults))
        let cityMethods = city.phases.map { $0.methods.map(\.id) }
        let villageMethods = village.phases.map { $0.methods.map(\.id) }
        #expect(cityMethods != villageMethods)
        #expect(city.phases.map(\.sessions) != village.phases.map(\.sessions))
        #expect(city.roles.map(\.hours) != village.roles.map(\.hours))
        // Westerveld's kitchen tables need facilitators; inner Amsterdam, without them, does not.
        #expect(Set(city.roles.map(\.id)) != Set(village.roles.map(\.id)))
        #expect(village.roles.contains { $0.id == "facilitators" })
        #expect(!city.roles.contains { $0.id == "facilitators" })
        #expect(city.coreTeam.size > village.coreTeam.size)
        let profileNames = city.zone.profiles.map(\.name)
        for plan in [city, village] {
            #expect((2...8).contains(plan.coreTeam.size))
            for role in plan.roles where StaffingTables.sessionRoleIDs.contains(role.id) {
                let basis = ReasonText(.en).sentence(role.basis)
                #expect(role.people > 0 && role.hours > 0)
                #expect(profileNames.contains { basis.contains($0) }, "\(role.id): \(basis)")
            }
            for phase in plan.phases {
                let weeks = Double(phase.weeks)
                let hours = Dictionary(uniqueKeysWithValues: phase.hours.map { ($0.role, $0.hours) })
                #expect((weeks...(weeks + 2)).contains(hours["project-leader"] ?? -1))
                #expect(((0.5 * weeks)...(weeks)).contains(hours["communication-officer"] ?? -1))
                #expect((0...(2 * weeks)).contains(hours["moderator"] ?? -1))
                for method in phase.methods {
                    #expect(profileNames.contains { ReasonText(.en).sentence(method.reason).contains($0) })
                    if let reason = method.sessionReason.map(ReasonText(.en).sentence), (method.sessions ?? 0) > 0 {
                        #expect(profileNames.contains { reason.contains($0) })
                    }
                }
            }
        }
    }

    @Test("participants in the zone's own proportions give ratios of 1 within rounding")
    func matching() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (_, url) = try Self.plan(Self.amsterdam, in: folder, name: "amsterdam")
        let data = try PostcodeDataset(url: try Fixtures.datasetURL())
        let positions = try data.positions(ofPostcodes: Self.amsterdam)
        let records = try data.records(at: Self.amsterdam.compactMap { positions[$0] })
        let csv =
            "Postcode,Count\n"
            + records.map { "\($0.postcode),\(Int($0.people.adults.rounded()))" }.joined(separator: "\n")
            + "\n9444,12\n"
        let check = try Self.monitor(url, csv, in: folder)
        #expect(check.outside == 12)
        for row in check.profiles where row.zoneShare > 0 {
            #expect(abs((row.ratio ?? 0) - 1) < 0.005, "\(row.id): \(row.ratio ?? 0)")
            #expect(row.status == .expected)
        }
    }

    @Test("participants aged 75+ make the older profiles over- and the young under-represented")
    func olderParticipants() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (plan, url) = try Self.plan(try Self.westerveld(), in: folder, name: "westerveld")
        let csv =
            "postcode,age_band,count\n" + plan.zone.postcodes.map { "\($0),age_75_plus,20" }.joined(separator: "\n")
        let check = try Self.monitor(url, csv, in: folder)
        let byID = Dictionary(uniqueKeysWithValues: check.profiles.map { ($0.id, $0) })
        #expect(byID["zorgzame-senioren"]?.status == .over)
        // Eigengereide Digitalen carry the largest 15-24 person effect after Stadse Nomaden, who
        // are almost absent from Westerveld; young parents (25-44 with children) are missing too.
        #expect(byID["eigengereide-digitalen"]?.status == .under)
        #expect(byID["geinformeerde-gezinsdrukte"]?.status == .under)
        #expect(check.withAgeBand == check.participants)
        let young = try #require(check.underrepresented.first { $0.profile == "eigengereide-digitalen" })
        #expect(!young.channels.isEmpty)
        #expect(ReasonText(.en).sentence(young.channels[0].reason).contains("Eigengereide Digitalen"))
        let parents = try #require(check.underrepresented.first { $0.profile == "geinformeerde-gezinsdrukte" })
        #expect(parents.channels.first?.id == "schools")
        // The plan was written in English; a Dutch check names the channels and reasons in Dutch.
        let participants = folder.appendingPathComponent("participants-nl.csv")
        try Data(csv.utf8).write(to: participants)
        let dutch = try Fixtures.runOnDataset([
            "monitor", "--plan", url.path, "--participants", participants.path, "--format", "json", "--lang", "nl",
        ])
        #expect(dutch.status == 0, "\(dutch.stderr)")
        let parentsNL = try #require(
            try JSONDecoder().decode(ParticipationCheck.self, from: Data(dutch.stdout.utf8)).underrepresented.first {
                $0.profile == "geinformeerde-gezinsdrukte"
            })
        #expect(
            parentsNL.channels.first?.name == LocalizedText("Scholen (brief mee naar huis, nieuwsbrief voor ouders)"))
        let reason = ReasonText(.nl).sentence(try #require(parentsNL.channels.first).reason)
        #expect(
            reason.hasPrefix("bereikt naar schatting") && reason.hasSuffix("via de school van hun kinderen"),
            "\(reason)")
    }

    @Test(
        "bad participants and plans: one sentence, the exit code, nothing written",
        arguments: [
            ("postcode,count\n1011,3\n1000,2\n1001,1\n", 65, "postcodes 1000, 1001"),
            ("postcode,count\n1011,-1\n", 65, "line 2: count '-1' is not a non-negative whole number"),
            ("postcode,count\n1011,2.5\n", 65, "count '2.5'"),
            ("postcode,count\n1011,\n", 65, "count ''"),
            ("postcode,count\n1011 AB,2\n", 65, "line 2: 1011 AB is a 6-character postcode"),
            ("postcode,age_band\n1011,age_12\n", 65, "age band 'age_12'"),
            ("pc,count\n1011,2\n", 65, "no column 'postcode'"),
            ("postcode,count\n1011,0\n", 65, "holds no participants"),
        ])
    func badParticipants(csv: String, status: Int32, fragment: String) throws {
        try checkBad(csv: csv, status: status, fragment: fragment)
    }

    @Test("a plan from another dataset version, or no plan at all, is refused")
    func badPlans() throws {
        try checkBad(
            csv: "postcode\n1011\n", status: 65,
            fragment: "another dataset version than the one in use (CBS 2019 vs 2020)"
        ) {
            $0.replacingOccurrences(of: "\"cbs_vintage\" : \"2020\"", with: "\"cbs_vintage\" : \"2019\"")
        }
        try checkBad(csv: "postcode\n1011\n", status: 65, fragment: "is not a process plan in JSON") { _ in "{}" }
        try checkBad(csv: "postcode\n1011\n", status: 66, fragment: "cannot read the plan", removePlan: true)
    }

    func checkBad(
        csv: String, status: Int32, fragment: String, removePlan: Bool = false,
        editPlan: (String) -> String = { $0 }
    ) throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (_, url) = try Self.plan(["1011", "1012"], in: folder, name: "plan")
        let text = try String(contentsOf: url, encoding: .utf8)
        try Data(editPlan(text).utf8).write(to: url)
        if removePlan { try FileManager.default.removeItem(at: url) }
        let participants = folder.appendingPathComponent("p.csv")
        try Data(csv.utf8).write(to: participants)
        let out = folder.appendingPathComponent("out.txt")
        let run = try Fixtures.runOnDataset([
            "monitor", "--plan", url.path, "--participants", participants.path, "-o", out.path,
        ])
        #expect(run.status == status, "\(run.stderr)")
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(run.stderr)")
        #expect(run.stderr.hasPrefix("error: "))
        #expect(run.stderr.contains(fragment), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}
