import Foundation
import ProfileModel
import Recommendations
import Testing

/// The shipped recommender tables and phase templates, and every kind of bad input.
@Suite("Recommender data")
struct RecommenderDataTests {
    typealias F = RecommenderFixtures

    // MARK: - Shipped tables

    @Test("the shipped tables cover the required channels and methods, each value with a basis")
    func shippedTables() throws {
        let tables = try RecommenderTables.load(directory: F.tablesDirectory)
        #expect(tables.channels.count >= 15)
        #expect(tables.methods.count >= 12)
        let required = [
            "online-survey", "idea-call", "voting", "quick-poll", "citizens-panel", "drop-in-evening",
            "kitchen-table-sessions", "workshop", "street-interviews", "schools-track", "city-debate",
            "draft-commenting", "volunteering",
        ]
        #expect(Set(required).isSubset(of: Set(tables.methods.map(\.id))))
        for goal in PhaseGoal.allCases {
            #expect(tables.methods.contains { $0.serves(goal) }, "no method serves \(goal)")
        }
        #expect(tables.methods.filter(\.isCoCreation).map(\.id).sorted() == ["volunteering", "workshop"])
        #expect(Set(tables.channels.map(\.cost)) == Set(CostClass.allCases))
        #expect(Set(tables.channels.map(\.route)) == [.direct, .network])
        // Every Citisens profile has its own estimate in every row; none is published.
        for channel in tables.channels {
            #expect(Set(channel.reach.keys) == Set(F.citisensIDs), "\(channel.id)")
            #expect(channel.reach.values.allSatisfy { $0.basis.isAssumption }, "\(channel.id)")
        }
        for method in tables.methods {
            #expect(Set(method.fit.keys) == Set(F.citisensIDs), "\(method.id)")
        }
        // The one published fact about associations is reflected: they reach Zelfbewuste Aanpakkers best.
        let associations = try #require(tables.channels.first { $0.id == "associations" })
        let best = associations.reach.max { $0.value.value < $1.value.value }?.key
        #expect(best == "zelfbewuste-aanpakkers")
    }

    @Test("the shipped tables bind to the Citisens set; an extra profile gets the defaults, a missing one is an error")
    func binding() throws {
        let tables = try RecommenderTables.load(directory: F.tablesDirectory)
        let citisens = try tables.bound(to: try F.citisensSet())
        #expect(citisens.profilesUsingDefaults.isEmpty)
        #expect(citisens.reachByProfile(ofChannel: "associations")?[4] == 0.55)
        #expect(citisens.fitByProfile(ofMethod: "nothing") == nil)
        let wider = try tables.bound(to: try F.set(id: "wider", ids: F.citisensIDs + ["nieuw-profiel"]))
        #expect(wider.profilesUsingDefaults == ["nieuw-profiel"])
        let letter = try #require(tables.channels.first { $0.id == "letter" })
        #expect(wider.reachByProfile(ofChannel: "letter")?.last == letter.defaultReach.value)
        let narrower = try F.set(id: "narrower", ids: Array(F.citisensIDs.dropLast()))
        #expect(
            F.error { _ = try tables.bound(to: narrower) }?.message
                == "channels.json: channel 'open-link' names the unknown profile 'eigengereide-digitalen'")
    }

    static let realSetPath = F.repositoryRoot.appendingPathComponent("Data/profiles/citisens-2017.json").path

    @Test(
        "the shipped tables name exactly the profiles of the real Citisens set",
        .enabled(if: FileManager.default.fileExists(atPath: realSetPath)))
    func realSet() throws {
        let set = try ProfileSet.load(from: URL(fileURLWithPath: Self.realSetPath))
        #expect(set.profiles.map(\.id) == F.citisensIDs)
        let bound = try RecommenderTables.load(directory: F.tablesDirectory).bound(to: set)
        #expect(bound.profilesUsingDefaults.isEmpty)
    }

    // MARK: - Bad tables

    @Test("a table naming a profile that is not in the set is refused when bound")
    func unknownProfile() throws {
        let tables = try RecommenderTables(
            channels: [F.channel("club", ["alpha": 0.5, "nobody": 0.2])],
            methods: [F.method("survey", ["alpha": 0.5], goals: [.consult])])
        let channelError = F.error { _ = try tables.bound(to: try F.smallSet()) }
        #expect(channelError?.code == .invalidData)
        #expect(channelError?.message == "channels.json: channel 'club' names the unknown profile 'nobody'")
        let methods = try RecommenderTables(
            channels: [F.channel("club", ["alpha": 0.5])],
            methods: [F.method("survey", ["ghost": 0.5], goals: [.consult])])
        #expect(
            F.error { _ = try methods.bound(to: try F.smallSet()) }?.message
                == "methods.json: method 'survey' names the unknown profile 'ghost'")
    }

    @Test("a value outside [0, 1] is refused", arguments: [1.5, -0.1, Double.nan])
    func valueOutOfRange(value: Double) {
        let channelError = F.error {
            _ = try RecommenderTables(
                channels: [F.channel("club", ["alpha": value])], methods: [F.method("m", [:], goals: [.consult])])
        }
        #expect(channelError?.code == .invalidData)
        #expect(
            channelError?.message
                == "channels.json: channel 'club' gives the reach of profile 'alpha' as \(value); it must lie between 0 and 1"
        )
        let methodError = F.error {
            _ = try RecommenderTables(
                channels: [F.channel("club", [:])], methods: [F.method("m", [:], goals: [.consult], default: value)])
        }
        #expect(methodError?.message.hasPrefix("methods.json: method 'm' gives the default fit as") == true)
    }

    @Test("inconsistent tables are refused with a sentence naming the row")
    func inconsistentTables() {
        let twice = F.error {
            _ = try RecommenderTables(
                channels: [F.channel("club", [:]), F.channel("club", [:])],
                methods: [F.method("m", [:], goals: [.consult])])
        }
        #expect(twice?.message == "channels.json lists the channel 'club' twice")
        let notCoCreation = F.error {
            _ = try RecommenderTables(
                channels: [F.channel("c", [:])], methods: [F.method("w", [:], goals: [.coCreate])])
        }
        #expect(
            notCoCreation?.message
                == "methods.json: method 'w' serves the goal 'co_create' but is not marked as a co-creation method")
        let noGoal = F.error {
            _ = try RecommenderTables(channels: [F.channel("c", [:])], methods: [F.method("m", [:], goals: [])])
        }
        #expect(noGoal?.message == "methods.json: method 'm' serves no goal; list at least one")
    }

    @Test("table files are checked at load: unknown words, missing bases, missing files")
    func badTableFiles() throws {
        let methods = """
            {"methods": [{"id": "m", "name": "M", "name_nl": "M", "iap2_level": "consult", "participation": "meedenken",
              "mode": "online", "group_size": "individual", "goals": ["brainstorm"], "co_creation": false,
              "attributes_basis": {"assumption": "x"}, "default_fit": {"value": 0.5, "basis": {"assumption": "x"}}}]}
            """
        let channel = { (cost: String, basis: String) in
            """
            {"channels": [{"id": "c", "name": "C", "name_nl": "K", "mode": "online", "route": "direct", "cost": "\(cost)",
              "lead_time_days": 3, "attributes_basis": {"assumption": "x"}, "via": "through it", "via_nl": "erdoor",
              "default_reach": {"value": 0.5, "basis": \(basis)}}]}
            """
        }
        let validMethods = methods.replacingOccurrences(of: "brainstorm", with: "consult")
        let unknownGoal = try F.directory(with: [
            "channels.json": channel("low", #"{"assumption": "x"}"#), "methods.json": methods,
        ])
        let goalError = F.error { _ = try RecommenderTables.load(directory: unknownGoal) }
        #expect(goalError?.code == .invalidData)
        #expect(
            goalError?.message
                == "methods.json: method 'm' names the unknown goal 'brainstorm'; known: inform, consult, gather_input, prioritize, co_create"
        )
        let unknownCost = try F.directory(with: [
            "channels.json": channel("cheap", #"{"assumption": "x"}"#), "methods.json": validMethods,
        ])
        #expect(
            F.error { _ = try RecommenderTables.load(directory: unknownCost) }?.message
                == "channels.json: channel 'c' has the unknown cost class 'cheap'; known: low, medium, high")
        let noBasis = try F.directory(with: ["channels.json": channel("low", "{}"), "methods.json": validMethods])
        #expect(
            F.error { _ = try RecommenderTables.load(directory: noBasis) }?.message
                == "channels.json: channel 'c': the default reach needs exactly one of \"source\" or \"assumption\" as its basis"
        )
        let loaded = try RecommenderTables.load(
            directory: try F.directory(with: [
                "channels.json": channel("low", #"{"source": "a report"}"#), "methods.json": validMethods,
            ]))
        #expect(loaded.channels.first?.defaultReach.basis.source == "a report")
        let missing = try F.directory(with: ["channels.json": channel("low", #"{"assumption": "x"}"#)])
        let missingError = F.error { _ = try RecommenderTables.load(directory: missing) }
        #expect(missingError?.code == .missingInput)
        #expect(missingError?.message.hasPrefix("cannot read the recommender table") == true)
        #expect(missingError?.message.hasSuffix("methods.json") == true)
    }

    @Test("every channel, method, template phase and role has an English and a Dutch text")
    func bothLanguages() throws {
        let tables = try RecommenderTables.load(directory: F.tablesDirectory)
        var texts: [(String, LocalizedText)] = tables.channels.flatMap { [($0.id, $0.name), ($0.id, $0.via)] }
        texts += tables.methods.map { ($0.id, $0.name) }
        for name in ["citisens", "iap2", "example-timeline"] {
            let plan = try PhasePlan.template(named: name, in: F.tablesDirectory)
            texts += [(plan.id, plan.name)] + plan.phases.map { ($0.id, $0.name) }
        }
        let staffing = try StaffingTables.load(directory: F.tablesDirectory)
        #expect(Set(staffing.roleNames.keys) == Set(ProcessPlanner.roleOrder))
        texts += staffing.roleNames.map { ($0.key, $0.value.name) }
        for (id, text) in texts {
            #expect(!text.en.isEmpty && !text.nl.isEmpty, "\(id)")
        }
        // The Dutch texts are translations, not copies (a few names are the same in both).
        #expect(texts.filter { $0.1.en != $0.1.nl }.count >= texts.count * 9 / 10)
        #expect(tables.channels.first { $0.id == "letter" }?.name.nl == "Bewonersbrief")
    }

    @Test("a table, template or staffing file without a Dutch text is refused, naming the file and entry")
    func missingDutch() throws {
        let tables = try F.directory(with: [
            "channels.json": """
            {"channels": [{"id": "c", "name": "C", "name_nl": "K", "mode": "online", "route": "direct", "cost": "low",
              "lead_time_days": 3, "attributes_basis": {"assumption": "x"}, "via": "through it",
              "default_reach": {"value": 0.5, "basis": {"assumption": "x"}}}]}
            """,
            "phases/mine.json":
                #"{"id": "mine", "name": "Mine", "name_nl": "Van mij", "phases": [{"id": "a", "name": "A", "goal": "inform"}]}"#,
        ])
        #expect(
            F.error { _ = try RecommenderTables.load(directory: tables) }?.message
                == #"channels.json: channel 'c' has no Dutch text "via_nl" beside its "via"; give every text in English and Dutch"#
        )
        #expect(
            F.error { _ = try PhasePlan.template(named: "mine", in: tables) }?.message
                == #"mine.json: phase 'a' has no Dutch text "name_nl" beside its "name"; give every text in English and Dutch"#
        )
        // A user's own phase file may leave the Dutch out: the English name stands in.
        let own = try PhasePlan.load(from: tables.appendingPathComponent("phases/mine.json"))
        #expect(own.phases[0].name == LocalizedText(en: "A", nl: "A"))
        #expect(own.name == LocalizedText(en: "Mine", nl: "Van mij"))
        var staffing = try String(
            contentsOf: F.tablesDirectory.appendingPathComponent("staffing.json"), encoding: .utf8)
        staffing = staffing.replacingOccurrences(of: #", "name_nl": "Kernteam""#, with: "")
        let folder = try F.directory(with: ["staffing.json": staffing])
        #expect(
            F.error { _ = try StaffingTables.load(directory: folder) }?.message
                == #"staffing.json: role 'core-team' has no Dutch text "name_nl" beside its "name"; give every text in English and Dutch"#
        )
    }

    // MARK: - Phase plans

    @Test("the shipped templates load with their goals")
    func templates() throws {
        let citisens = try PhasePlan.template(named: "citisens", in: F.tablesDirectory)
        #expect(citisens.phases.map(\.id) == ["gebiedsanalyse", "inwonerconsultatie", "uitwerking-plan"])
        #expect(citisens.phases.map(\.goal) == [.inform, .gatherInput, .consult])
        #expect(citisens.phases.allSatisfy { $0.basis?.isAssumption == true })
        #expect(!citisens.isDated)
        let iap2 = try PhasePlan.template(named: "iap2", in: F.tablesDirectory)
        #expect(iap2.phases.map(\.id) == ["inform", "consult", "involve", "collaborate", "empower"])
        #expect(iap2.phases.map(\.goal) == [.inform, .consult, .gatherInput, .coCreate, .prioritize])
        #expect(PhasePlan.templateNames(in: F.tablesDirectory) == ["citisens", "example-timeline", "iap2"])
        let missing = F.error { _ = try PhasePlan.template(named: "ladder", in: F.tablesDirectory) }
        #expect(missing?.code == .missingInput)
        #expect(missing?.message.hasSuffix("available: citisens, example-timeline, iap2") == true)
    }

    @Test("the example timeline is dated, with an open-ended last phase")
    func exampleTimeline() throws {
        let url = F.tablesDirectory.appendingPathComponent("phases/example-timeline.json")
        let plan = try PhasePlan.load(from: url)
        #expect(plan.isDated)
        #expect(plan.phases.map(\.goal) == [.inform, .gatherInput, .prioritize, .coCreate])
        #expect(plan.phases.first?.start == (try PhasePlan.Day(year: 2026, month: 3, day: 2)))
        #expect(plan.phases.last?.end == nil)
        #expect(plan.phases[1].end?.description == "2026-04-26")
    }

    private func planError(_ phases: String) throws -> ProfileModelError? {
        let directory = try F.directory(with: ["plan.json": #"{"phases": [\#(phases)]}"#])
        return F.error { _ = try PhasePlan.load(from: directory.appendingPathComponent("plan.json")) }
    }

    @Test("overlapping phases are refused")
    func overlap() throws {
        let error = try planError(
            """
            {"id": "a", "name": "A", "goal": "inform", "start": "2026-03-01", "end": "2026-03-15"},
            {"id": "b", "name": "B", "goal": "consult", "start": "2026-03-15", "end": "2026-04-01"}
            """)
        #expect(error?.code == .invalidData)
        #expect(
            error?.message
                == "plan.json: phase 'b' starts on 2026-03-15, before phase 'a' ends on 2026-03-15; phases must not overlap"
        )
        // The next day is fine: end dates are inclusive.
        let next = try planError(
            """
            {"id": "a", "name": "A", "goal": "inform", "start": "2026-03-01", "end": "2026-03-15"},
            {"id": "b", "name": "B", "goal": "consult", "start": "2026-03-16"}
            """)
        #expect(next == nil)
    }

    @Test("an unknown goal is refused with the known goals")
    func unknownGoal() throws {
        let error = try planError(#"{"id": "a", "name": "A", "goal": "brainstorm"}"#)
        #expect(error?.code == .invalidData)
        #expect(
            error?.message
                == "plan.json: phase 'a' has the unknown goal 'brainstorm'; known: inform, consult, gather_input, prioritize, co_create"
        )
    }

    @Test("bad dates are refused, one sentence each")
    func badDates() throws {
        let cases: [(String, String)] = [
            (
                #"{"id": "a", "goal": "inform", "start": "2026-03-01"}, {"id": "b", "goal": "consult", "start": "2026-04-01"}"#,
                "plan.json: phase 'a' has no end date; only the last phase may be open-ended"
            ),
            (
                #"{"id": "a", "goal": "inform", "start": "2026-03-10", "end": "2026-03-01"}"#,
                "plan.json: phase 'a' ends on 2026-03-01, before it starts on 2026-03-10"
            ),
            (
                #"{"id": "a", "goal": "inform", "start": "2026-03-01", "end": "2026-03-05"}, {"id": "b", "goal": "consult"}"#,
                "plan.json: phase 'b' has no start date; date every phase's start or none"
            ),
            (
                #"{"id": "a", "goal": "inform", "start": "2026-02-30"}"#,
                "plan.json: phase 'a' has the start date '2026-02-30', which is not a calendar day written yyyy-MM-dd"
            ),
            (
                #"{"id": "a", "goal": "inform", "start": "2026-05-01", "end": "2026-05-10"}, {"id": "b", "goal": "consult", "start": "2026-04-01", "end": "2026-04-10"}"#,
                "plan.json: phase 'b' starts on 2026-04-01, before phase 'a' that is listed before it; list phases in time order"
            ),
            (
                #"{"id": "a", "goal": "inform"}, {"id": "a", "goal": "consult"}"#,
                "plan.json: phase plan 'plan' lists the phase 'a' twice"
            ),
            ("", "plan.json: phase plan 'plan' has no phases"),
        ]
        for (phases, message) in cases {
            let error = try planError(phases)
            #expect(error?.code == .invalidData)
            #expect(error?.message == message)
        }
    }

    @Test("a missing phase file is missing input")
    func missingPhaseFile() {
        let error = F.error { _ = try PhasePlan.load(from: URL(fileURLWithPath: "/nonexistent/plan.json")) }
        #expect(error?.code == .missingInput)
        #expect(error?.message == "cannot read the phase file /nonexistent/plan.json")
        #expect(error?.input == .phases)
        let template = F.error { _ = try PhasePlan.resolve("nonexistent", in: F.tablesDirectory) }
        #expect(template?.input == .phases)
        #expect(template?.message.hasPrefix("there is no phase template 'nonexistent'") == true)
        let file = F.error { _ = try PhasePlan.resolve("/nonexistent/plan.json", in: F.tablesDirectory) }
        #expect(file?.message == "cannot read the phase file /nonexistent/plan.json")
    }

    @Test("days count across months and leap years")
    func days() throws {
        let day = try PhasePlan.Day(parsing: "2024-03-01")
        #expect(day.adding(days: -1).description == "2024-02-29")
        #expect(day.adding(days: 306).description == "2025-01-01")
        #expect(try PhasePlan.Day(parsing: "1970-01-01").ordinal == 0)
        #expect(try PhasePlan.Day(parsing: "2026-03-16").ordinal - PhasePlan.Day(parsing: "2026-03-02").ordinal == 14)
        #expect(F.error { _ = try PhasePlan.Day(parsing: "2023-02-29") }?.code == .invalidData)
    }
}
