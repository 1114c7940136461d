import Foundation
import ProfileModel
import Recommendations
import Reports
import Testing

/// The planner on the shipped tables and hand-made zones: the properties of issue 15 (more
/// adults or a higher reach target never lower sessions or hours; a timeline's dates are
/// kept; channel lead times fall before their phase) and the published ranges.
@Suite("Process plan")
struct ProcessPlanTests {
    typealias F = RecommenderFixtures

    static let urban = RecommenderContrastTests.urbanResidents
    static let rural = RecommenderContrastTests.ruralResidents
    static let stamp = DatasetStamp(
        formatVersion: "test", cbsVintage: "2020", profileSet: "citisens-2017-fixture", profileSetVersion: "test",
        modelMethod: "test", profileSource: "model", sources: ["abc"])
    static let start = try? PhasePlan.Day(parsing: "2026-03-02")

    static func planner(reachTarget: Double = 2.0 / 3.0) throws -> ProcessPlanner {
        let set = try F.citisensSet()
        let tables = try RecommenderTables.load(directory: F.tablesDirectory).bound(to: set)
        let options = try Recommender.Options(reachTarget: reachTarget)
        return ProcessPlanner(
            recommender: Recommender(tables: tables, options: options),
            staffing: try StaffingTables.load(directory: F.tablesDirectory))
    }

    static func plan(
        _ residents: [Double], reachTarget: Double = 2.0 / 3.0, phases: String = "citisens",
        start: PhasePlan.Day? = ProcessPlanTests.start
    ) throws -> ProcessPlan {
        let mix = try ProfileMix(set: try F.citisensSet(), residents: residents)
        let phasePlan = try PhasePlan.resolve(phases, in: F.tablesDirectory)
        return try planner(reachTarget: reachTarget).plan(
            for: mix, zone: "zone", postcodes: ["1011", "1012"], phases: phasePlan, start: start, dataset: stamp)
    }

    /// Every session count and every role's hours, per phase, in one list.
    static func figures(_ plan: ProcessPlan) -> [Double] {
        var values: [Double] = []
        for phase in plan.phases {
            values.append(Double(phase.sessions))
            values.append(Double(phase.facilitators))
            values.append(Double(phase.streetInterviewers ?? 0))
            values.append(Double(phase.hosts ?? 0))
            // By role id: a plan lists only the roles it needs.
            values += ProcessPlanner.roleOrder.map { role in phase.hours.first { $0.role == role }?.hours ?? 0 }
            values += phase.methods.map { Double($0.sessions ?? 0) }
        }
        values.append(plan.totals.personHours)
        values.append(Double(plan.totals.sessions))
        values.append(Double(plan.coreTeam.size))
        values += ProcessPlanner.roleOrder.map { role in Double(plan.roles.first { $0.id == role }?.people ?? 0) }
        values += ProcessPlanner.roleOrder.map { role in plan.roles.first { $0.id == role }?.hours ?? 0 }
        return values
    }

    @Test("more adults never lower sessions or hours", arguments: ["citisens", "iap2"], [1.5, 3.0, 10.0, 40.0])
    func moreAdults(phases: String, factor: Double) throws {
        for residents in [Self.urban, Self.rural] {
            let small = try Self.plan(residents, phases: phases)
            let large = try Self.plan(residents.map { $0 * factor }, phases: phases)
            for (a, b) in zip(Self.figures(small), Self.figures(large)) { #expect(b >= a) }
            #expect(large.totals.sessions > small.totals.sessions || small.totals.sessions == 0)
        }
    }

    @Test("a higher reach target never lowers sessions or hours", arguments: [0.3, 0.5, 0.67, 0.8])
    func higherReach(target: Double) throws {
        for residents in [Self.urban, Self.rural] {
            let low = try Self.plan(residents, reachTarget: target, phases: "iap2")
            let high = try Self.plan(residents, reachTarget: min(1, target + 0.2), phases: "iap2")
            for (a, b) in zip(Self.figures(low), Self.figures(high)) { #expect(b >= a) }
        }
    }

    @Test("a timeline's dates are kept, and every lead time and training falls before its phase")
    func timeline() throws {
        let plan = try Self.plan(Self.rural, phases: timelinePath, start: nil)
        let timeline = try PhasePlan.load(from: URL(fileURLWithPath: timelinePath))
        #expect(plan.phases.map(\.start) == timeline.phases.map { $0.start! })
        for (planned, given) in zip(plan.phases, timeline.phases) {
            if let end = given.end {
                #expect(planned.end == end)
                #expect(planned.dates == "timeline")
            }
            #expect(planned.weeks == (planned.end.ordinal - planned.start.ordinal + 7) / 7)
            #expect(!planned.channels.isEmpty)
            for channel in planned.channels {
                #expect(channel.prepareFrom < planned.start || channel.leadTimeDays == 0)
                #expect(channel.prepareFrom.adding(days: channel.leadTimeDays) == planned.start)
            }
            if let training = planned.trainingBy { #expect(training < planned.start) }
        }
        #expect(plan.totals.preparationFrom < plan.totals.start)
    }

    var timelinePath: String { F.tablesDirectory.appendingPathComponent("phases/example-timeline.json").path }

    @Test("undated phases run on from the start with the default length of their goal")
    func defaultDates() throws {
        let plan = try Self.plan(Self.urban)
        #expect(plan.phases.map(\.start.description) == ["2026-03-02", "2026-03-16", "2026-04-27"])
        #expect(plan.phases.map(\.end.description) == ["2026-03-15", "2026-04-26", "2026-05-24"])
        #expect(plan.phases.map(\.weeks) == [2, 6, 4])
        #expect(plan.totals.weeks == 12)
        #expect(plan.phases.allSatisfy { $0.dates == "default" })
    }

    @Test("an undated plan needs a start, a dated one refuses it")
    func startRules() throws {
        let undated = F.error { _ = try Self.plan(Self.urban, start: nil) }
        #expect(undated?.code == .usage)
        #expect(undated?.input == .start)
        let dated = F.error { _ = try Self.plan(Self.urban, phases: timelinePath, start: Self.start) }
        #expect(dated?.input == .start)
    }

    @Test("the core team stays within the published 2-8 and grows with the adults")
    func coreTeam() throws {
        let tiny = try Self.plan(Self.urban.map { $0 / 1000 })
        let huge = try Self.plan(Self.urban.map { $0 * 1000 })
        #expect(tiny.coreTeam.size == 3)
        #expect(huge.coreTeam.size == 8)
        #expect(F.english(huge.coreTeam.reason).contains("held to the published 2-8"))
        #expect(F.dutch(huge.coreTeam.reason).contains("begrensd op de gepubliceerde 2-8"))
        let mid = try Self.plan(Self.urban.map { $0 * 5 }) // 50,000 adults: 2 + 1 + 2
        #expect(mid.coreTeam.size == 5)
    }

    @Test("weekly hours are the published ones where they are published")
    func publishedHours() throws {
        let plan = try Self.plan(Self.urban)
        // 12 weeks: 1 h/week, 2 h/week in the first 2 weeks.
        #expect(plan.roles.first { $0.id == "project-leader" }?.hours == 14)
        // 0.5 h/week, 1 h/week in the first week of each of the 3 phases.
        #expect(plan.roles.first { $0.id == "communication-officer" }?.hours == 7.5)
        let staffing = try StaffingTables.load(directory: F.tablesDirectory)
        #expect(staffing.coreTeam.minimum.value == 2 && !staffing.coreTeam.minimum.basis.isAssumption)
        #expect(staffing.coreTeam.maximum.value == 8 && !staffing.coreTeam.maximum.basis.isAssumption)
        #expect(staffing.roles.projectLeaderHoursPerWeek.value == 1)
        #expect(staffing.roles.communicationHoursPerWeek.value == 0.5)
        #expect(staffing.roles.communicationLaunchHoursPerWeek.value == 1)
        #expect(staffing.roles.moderatorHoursPerWeek.values.allSatisfy { (0...2).contains($0.value) })
        #expect(staffing.figures.allSatisfy { ($0.figure.basis.source ?? $0.figure.basis.assumption ?? "").count > 20 })
    }

    @Test("sessions follow the served adults: the rural zone's kitchen tables, by hand")
    func sessionsByHand() throws {
        let plan = try Self.plan(Self.rural)
        let phase = try #require(plan.phases.first { $0.goal == .gatherInput })
        let kitchen = try #require(phase.methods.first { $0.id == "kitchen-table-sessions" })
        let fit = try #require(
            try RecommenderTables.load(directory: F.tablesDirectory).bound(to: try F.citisensSet())
                .fitByProfile(ofMethod: "kitchen-table-sessions"))
        let served = F.citisensIDs.indices.filter { fit[$0] >= 0.5 }
        let adults = served.reduce(0.0) { $0 + Self.rural[$1] }
        let expected = Int((2.0 / 3.0 * 0.015 * adults / 8).rounded(.up))
        #expect(kitchen.sessions == expected)
        #expect(kitchen.serves == served.map { F.citisensIDs[$0] })
        #expect(kitchen.sessionReason.map(F.english)?.contains("8 per session") == true)
        #expect(kitchen.sessionReason.map(F.dutch)?.contains("8 per bijeenkomst") == true)
        let facilitated = try Self.sessions(of: phase, by: "facilitators")
        #expect(facilitated >= kitchen.sessions ?? 0)
        #expect(phase.facilitators == Int((Double(facilitated) / 1.2).rounded(.up)))
    }

    /// The role the staffing table gives a method's sessions, by the method's group size.
    static func role(of method: ProcessPlan.Method) throws -> String? {
        let tables = try RecommenderTables.load(directory: F.tablesDirectory)
        let staffing = try StaffingTables.load(directory: F.tablesDirectory)
        let size = try #require(tables.methods.first { $0.id == method.id }).groupSize
        return staffing.sessionRoles.roles[size.rawValue]
    }

    /// A phase's sessions of the methods whose sessions a role runs.
    static func sessions(of phase: ProcessPlan.Phase, by role: String) throws -> Int {
        try phase.methods.reduce(0) { sum, method in
            sum + (try Self.role(of: method) == role ? method.sessions ?? 0 : 0)
        }
    }

    @Test(
        "sessions are staffed by the kind of method; a role appears only when its methods do, naming them and their profiles",
        arguments: ["citisens", "iap2"])
    func sessionRoles(phases: String) throws {
        var seen: Set<String> = []
        for residents in [Self.urban, Self.rural, Self.urban.map { $0 * 20 }] {
            let plan = try Self.plan(residents, phases: phases)
            for role in StaffingTables.sessionRoleIDs {
                var total = 0
                for phase in plan.phases {
                    let count = try Self.sessions(of: phase, by: role)
                    total += count
                    switch role {
                    case "facilitators":
                        #expect((phase.trainingBy != nil) == (count > 0))
                        if let day = phase.trainingBy { #expect(day < phase.start) }
                    case "street-interviewers":
                        #expect((phase.streetInterviewers != nil) == (count > 0))
                        #expect((phase.briefingBy != nil) == (count > 0))
                        if let day = phase.briefingBy { #expect(day < phase.start) }
                        // Pairs: never fewer interviewers than one round takes.
                        if let people = phase.streetInterviewers { #expect(people >= 2) }
                    default:
                        #expect((phase.hosts != nil) == (count > 0))
                        if let people = phase.hosts { #expect(people >= 3) }
                    }
                    #expect(phase.hours.contains { $0.role == role } == plan.roles.contains { $0.id == role })
                }
                let entry = plan.roles.first { $0.id == role }
                #expect((entry != nil) == (total > 0), "\(role) in \(phases)")
                guard let entry else { continue }
                seen.insert(role)
                let english = F.english(entry.basis)
                let dutch = F.dutch(entry.basis)
                let methods = try plan.phases.flatMap(\.methods).filter {
                    try Self.role(of: $0) == role && ($0.sessions ?? 0) > 0
                }
                for method in methods {
                    #expect(english.contains(method.name.en) && dutch.contains(method.name.nl), "\(role): \(english)")
                    for profile in method.serves {
                        let name = try #require(plan.zone.profiles.first { $0.id == profile }).name
                        #expect(english.contains(name) && dutch.contains(name), "\(role): \(english)")
                    }
                }
            }
            #expect(plan.roles.reduce(0) { $0 + $1.hours } == plan.totals.personHours)
        }
        // The hand-made zones between them call on more than one kind of session staff.
        #expect(seen.count >= 2)
    }

    @Test("a plan read back from its JSON writes the same JSON, in either language", arguments: Language.allCases)
    func roundTrip(language: Language) throws {
        let plan = try Self.plan(Self.rural, phases: "iap2")
        let text = try plan.jsonText(language: language)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("plan-\(UUID().uuidString).json")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let read = try ProcessPlan.load(from: url)
        #expect(try read.jsonText(language: language) == text)
        #expect(read.totals == plan.totals && read.phases.map(\.hours) == plan.phases.map(\.hours))
        // Read back, the channels' names are the file's language until the tables restore both.
        let tables = try RecommenderTables.load(directory: F.tablesDirectory)
        #expect(read.withTexts(from: tables).channels.map(\.name) == plan.channels.map(\.name))
    }

    @Test("a plan cannot be written without a writer of reasons")
    func reasonsNeedAWriter() throws {
        let plan = try Self.plan(Self.rural, phases: "iap2")
        #expect(throws: EncodingError.self) { try JSONEncoder().encode(plan) }
    }
}
