import Foundation
import ProfileModel
import Recommendations
import Reports
import Testing

/// The JSON shape the command-line tool prints, the Markdown campaign plan and the text table.
@Suite("Recommender rendering")
struct RecommenderRenderingTests {
    typealias F = RecommenderFixtures

    /// The worked example over a dated two-phase plan.
    private func example(residents: [Double] = [500, 300, 200]) throws -> Recommendation {
        let set = try F.smallSet()
        let plan = try PhasePlan(
            id: "dated", name: .init("Dated plan"),
            phases: [
                .init(
                    id: "announce", name: .init("Announce"), goal: .inform, start: try .init(parsing: "2026-03-02"),
                    end: try .init(parsing: "2026-03-15")),
                .init(
                    id: "ideas", name: .init("Ideas | wishes"), goal: .gatherInput,
                    start: try .init(parsing: "2026-04-01")),
            ])
        let recommender = Recommender(tables: try F.smallTables().bound(to: set))
        return try recommender.recommend(
            for: try ProfileMix(set: set, residents: residents), zone: "GM0001", phases: plan)
    }

    private func object(_ value: Any?) throws -> [String: Any] {
        try #require(value as? [String: Any])
    }

    private func array(_ value: Any?) throws -> [Any] {
        try #require(value as? [Any])
    }

    @Test("the JSON has exactly the documented keys, in snake_case, with rounded numbers")
    func jsonShape() throws {
        let json = try object(JSONSerialization.jsonObject(with: Data(try example().jsonText().utf8)))
        #expect(Set(json.keys) == ["zone", "phases"])
        let zone = try object(json["zone"])
        #expect(Set(zone.keys) == ["id", "adults", "profiles"])
        #expect(zone["id"] as? String == "GM0001")
        #expect(zone["adults"] as? Double == 1000)
        let profile = try object(try array(zone["profiles"]).first)
        #expect(Set(profile.keys) == ["id", "name", "adults", "share"])
        #expect(profile["share"] as? Double == 0.5)
        let phases = try array(json["phases"])
        #expect(phases.count == 2)
        let phase = try object(phases[1])
        #expect(Set(phase.keys) == ["id", "name", "goal", "methods", "channels", "mix"])
        #expect(phase["goal"] as? String == "gather_input")
        let method = try object(try array(phase["methods"]).first)
        #expect(Set(method.keys) == ["id", "name", "score", "reason"])
        #expect(method["id"] as? String == "table-talk")
        #expect(method["score"] as? Double == 0.66)
        let channel = try object(try array(phase["channels"]).first)
        #expect(Set(channel.keys) == ["id", "name", "reach", "reach_by_profile", "reason"])
        #expect(channel["reach"] as? Double == 0.42)
        let byProfile = try object(channel["reach_by_profile"])
        #expect(byProfile as? [String: Double] == ["alpha": 0.2, "beta": 0.6, "gamma": 0.7])
        let mix = try object(phase["mix"])
        #expect(Set(mix.keys) == ["channels", "reach", "target_met", "underreached"])
        #expect(mix["channels"] as? [String] == ["social", "letter"])
        #expect(mix["reach"] as? Double == 0.68)
        #expect(mix["target_met"] as? Bool == true)
        let under = try object(try array(mix["underreached"]).first)
        #expect(Set(under.keys) == ["profile", "reach", "suggestions"])
        #expect(under["profile"] as? String == "alpha")
        #expect(under["reach"] as? Double == 0.6)
        #expect(under["suggestions"] as? [String] == ["club"])
    }

    @Test("the Markdown plan lists the profiles, methods and a channel table with start-by dates")
    func markdown() throws {
        let text = try example(residents: [500, 300, 0]).markdownPlan(title: "Plan for the square")
        #expect(text.hasPrefix("# Plan for the square\n"))
        #expect(text.contains("| Alpha | 500 | 63% |"))
        #expect(text.contains("Not present: Gamma."))
        #expect(text.contains("## Phase 2: Ideas | wishes"))
        #expect(text.contains("Goal: gather input; from 2026-04-01, open-ended"))
        #expect(text.contains("1. **Method table-talk** (score "))
        // Lead time 7 days before 2026-03-02 and before 2026-04-01.
        #expect(text.contains("| 1 | Channel letter | online, direct | low | 7 days | 2026-02-23 |"))
        #expect(text.contains("| 1 | Channel letter | online, direct | low | 7 days | 2026-03-25 |"))
        #expect(text.contains("so the mix's reach is an upper estimate"))
        #expect(!text.contains("give no specific estimates"))
    }

    @Test("the Markdown plan refers back to an earlier phase with the same channels when undated")
    func markdownRepeats() throws {
        let set = try F.smallSet()
        let recommender = Recommender(tables: try F.smallTables().bound(to: set))
        let result = try recommender.recommend(for: try F.smallMix(), zone: "Z", phases: try F.allGoalsPlan())
        let text = result.markdownPlan()
        #expect(text.hasPrefix("# Campaign plan for zone Z\n"))
        #expect(text.components(separatedBy: "| # | Channel |").count == 2)
        #expect(text.contains("The same channels and mix as in phase 1."))
        #expect(text.contains("No method in the tables serves the goal *prioritise*."))
        #expect(text.contains("- Alpha (50% of adults): an estimated 60% reached; consider Channel club."))
    }

    @Test("the text table has aligned columns and marks the channels of the mix")
    func textTable() throws {
        let text = try example().textTable()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "Zone GM0001: 1,000 adults, reach target 67%, at most 4 channels, budget high")
        #expect(lines.contains("Alpha                                 500    50%"))
        #expect(lines.contains("Phase 1: Announce [inform], 2026-03-02 to 2026-03-15"))
        let social = try #require(lines.first { $0.hasPrefix("  Channel social") })
        #expect(social.hasSuffix("42%   low       7d   #1"))
        #expect(lines.contains("  Channels and mix as in phase 1"))
        #expect(lines.contains("  Mix reaches 68% of adults (target 67% met)"))
        #expect(lines.contains("  Under-reached: Alpha at 60%; try club"))
        #expect(lines.allSatisfy { !$0.hasSuffix(" ") })
    }
}
