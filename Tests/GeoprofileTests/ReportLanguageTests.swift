import Foundation
import ProfileModel
import Reports
import Testing

/// The report's recommendations, portraits and plan in the report's language: Dutch names
/// and reasons in a Dutch report, English ones in an English report; the plan only when
/// asked, with the totals of `geoprofile plan`.
@Suite("Report language and plan", .enabled(if: Fixtures.hasSources, Fixtures.skipReason), .serialized)
struct ReportLanguageTests {
    typealias R = ReportCommandTests

    /// The names of the methods and of the channels of the mix, per language, from `recommend`.
    static func names(_ language: String) throws -> [String] {
        let run = try Fixtures.runOnDataset(["recommend", R.utrecht, "--format", "json", "--lang", language])
        #expect(run.status == 0, "\(run.stderr)")
        let phases = try #require(try Fixtures.json(run.stdout)["phases"] as? [[String: Any]])
        var names: [String] = []
        for phase in phases {
            let methods = try #require(phase["methods"] as? [[String: Any]])
            names += methods.compactMap { $0["name"] as? String }
            let mix = try #require((phase["mix"] as? [String: Any])?["channels"] as? [String])
            let channels = try #require(phase["channels"] as? [[String: Any]])
            names += channels.filter { mix.contains($0["id"] as? String ?? "") }.compactMap { $0["name"] as? String }
        }
        return names
    }

    /// Phrases only the English reasons, roles and portraits use.
    static let english = [
        "suits ", "reaches an estimated", " of adults", "h/week", "Project leader", "Core team", "Highly engaged",
        "Citisens engagement profiles", "Made on 15 January 2026",
    ]
    /// Phrases only the Dutch ones use.
    static let dutch = [
        "past bij", "bereikt naar schatting", "van de volwassenen", "uur per week", "Projectleider", "Kernteam",
        "Zeer betrokken", "Citisens-betrokkenheidsprofielen", "Gemaakt op 15 januari 2026",
    ]

    @Test("a Dutch report has the Dutch names, reasons and portraits, and no English reason")
    func dutchReport() throws {
        let page = String(decoding: try R.report([R.utrecht, "--plan", "--start", "2026-03-02"]).0, as: UTF8.self)
        let dutchNames = try Self.names("nl")
        let englishNames = try Self.names("en")
        for name in dutchNames { #expect(page.contains(R.html(name)), "missing \(name)") }
        for (dutch, english) in zip(dutchNames, englishNames) where dutch != english {
            #expect(!page.contains(R.html(english)), "English name \(english)")
        }
        for phrase in Self.dutch { #expect(page.contains(phrase), "missing \(phrase)") }
        for phrase in Self.english { #expect(!page.contains(phrase), "English phrase \(phrase)") }
    }

    @Test("an English report has none of the Dutch names or phrases")
    func englishReport() throws {
        let page = String(
            decoding: try R.report([R.utrecht, "--lang", "en", "--plan", "--start", "2026-03-02"]).0, as: UTF8.self)
        for (dutch, english) in zip(try Self.names("nl"), try Self.names("en")) where dutch != english {
            #expect(page.contains(R.html(english)), "missing \(english)")
            #expect(!page.contains(R.html(dutch)), "Dutch name \(dutch)")
        }
        for phrase in Self.english { #expect(page.contains(phrase), "missing \(phrase)") }
        for phrase in Self.dutch { #expect(!page.contains(phrase), "Dutch phrase \(phrase)") }
    }

    @Test("the plan appears only when asked, with the totals of plan --format json", arguments: ReportLanguage.allCases)
    func planSection(language: ReportLanguage) throws {
        let run = try Fixtures.runOnDataset([
            "plan", R.utrecht, "--start", "2026-03-02", "--format", "json", "--lang", language.rawValue,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let plan = try Fixtures.json(run.stdout)
        let totals = try #require(plan["totals"] as? [String: Any])
        let roles = try #require(plan["roles"] as? [[String: Any]])
        let arguments = [R.utrecht, "--lang", language.rawValue]
        let with = String(
            decoding: try R.report(arguments + ["--plan", "--start", "2026-03-02"]).0, as: UTF8.self)
        let without = String(decoding: try R.report(arguments).0, as: UTF8.self)
        let heading = language == .nl ? "Het plan: mensen, uren en data" : "The plan: people, hours and dates"
        #expect(with.contains(heading))
        #expect(!without.contains(heading))
        let hours = NumberText.grouped(try #require(totals["person_hours"] as? Double), decimals: 1, language: language)
        let weeks = try #require(totals["weeks"] as? Int)
        let sessions = try #require(totals["sessions"] as? Int)
        let summary =
            language == .nl
            ? "\(weeks) weken, \(sessions) bijeenkomsten" : "\(weeks) weeks, \(sessions) sessions"
        #expect(with.contains(summary), "missing \(summary)")
        #expect(with.contains("<strong>\(hours)</strong>"), "missing total \(hours)")
        for role in roles {
            let name = R.html(try #require(role["name"] as? String))
            let roleHours = NumberText.grouped(try #require(role["hours"] as? Double), decimals: 1, language: language)
            let people = try #require(role["people"] as? Int)
            #expect(
                with.contains("<tr><td>\(name)</td><td class=\"n\">\(people)</td><td class=\"n\">\(roleHours)</td>"),
                "missing \(name)")
        }
    }

    @Test("plan options without --plan, or a bad start day, are refused and nothing is written")
    func badPlanOptions() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("report.html")
        for extra in [["--start", "2026-03-02"], ["--plan", "--start", "2026-02-30"]] {
            let run = try Fixtures.runOnDataset(["report", R.utrecht, "--output", output.path] + extra)
            #expect(run.status == 64, "\(extra)")
            #expect(!FileManager.default.fileExists(atPath: output.path))
        }
        let undated = try Fixtures.runOnDataset(["report", R.utrecht, "--plan", "--output", output.path])
        #expect(undated.status == 64)
        #expect(undated.stderr.contains("--start"))
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }
}
