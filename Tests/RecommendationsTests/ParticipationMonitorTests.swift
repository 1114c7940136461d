import Foundation
import ProfileModel
import Recommendations
import Testing

/// The monitor on hand-made postcodes: a "young" postcode and an "old" one whose shares are
/// known, so the expected and estimated participants can be computed on paper.
@Suite("Participation monitor")
struct ParticipationMonitorTests {
    typealias F = RecommenderFixtures

    /// Shares in the order of ``RecommenderFixtures/citisensIDs``: the young postcode is mostly
    /// Stadse Nomaden and Eigengereide Digitalen, the old one mostly Zorgzame Senioren.
    static let youngShares = [0.15, 0.35, 0.1, 0.05, 0.05, 0.02, 0.08, 0.2]
    static let oldShares = [0.05, 0.02, 0.05, 0.15, 0.15, 0.4, 0.15, 0.03]
    static let youngAdults = 6000.0
    static let oldAdults = 4000.0

    static func plan() throws -> ProcessPlan {
        let residents = zip(youngShares, oldShares).map { youngAdults * $0 + oldAdults * $1 }
        let mix = try ProfileMix(set: try F.citisensSet(), residents: residents)
        return try ProcessPlanTests.planner().plan(
            for: mix, zone: "zone", postcodes: ["1011", "1012"],
            phases: try PhasePlan.template(named: "citisens", in: F.tablesDirectory), start: ProcessPlanTests.start,
            dataset: ProcessPlanTests.stamp)
    }

    static func participants(young: Int, old: Int, outside: Int = 0) -> EstimatedParticipants {
        EstimatedParticipants(
            source: "p.csv", dataset: ProcessPlanTests.stamp, profiles: F.citisensIDs,
            groups: [
                .init(postcode: "1011", ageBand: nil, count: young, shares: youngShares),
                .init(postcode: "1012", ageBand: nil, count: old, shares: oldShares),
            ],
            outside: outside > 0 ? [.init(postcode: "9444", count: outside)] : [])
    }

    @Test("participants in the zone's own proportions give ratios of 1", arguments: [10, 100, 5000])
    func matching(scale: Int) throws {
        let check = try ParticipationMonitor.check(
            Self.participants(young: 3 * scale, old: 2 * scale, outside: 7), against: try Self.plan())
        #expect(check.participants == 5 * scale)
        #expect(check.outside == 7)
        #expect(check.outsidePostcodes.map(\.postcode) == ["9444"])
        for row in check.profiles {
            #expect(abs((row.ratio ?? 0) - 1) < 0.002, "\(row.id): \(row.ratio ?? 0)")
            #expect(row.status == .expected)
            #expect((row.low ?? 2) <= 1 && (row.high ?? 0) >= 1)
        }
        #expect(check.underrepresented.isEmpty)
    }

    @Test("an interval narrows as participants grow")
    func intervalWidth() throws {
        let plan = try Self.plan()
        let few = try ParticipationMonitor.check(Self.participants(young: 30, old: 20), against: plan)
        let many = try ParticipationMonitor.check(Self.participants(young: 3000, old: 2000), against: plan)
        for (a, b) in zip(few.profiles, many.profiles) {
            #expect(((b.high ?? 0) - (b.low ?? 0)) < ((a.high ?? 0) - (a.low ?? 0)))
        }
    }

    @Test("skewed to the old postcode: seniors over-, young profiles under-represented, channels for the young")
    func skewed() throws {
        let plan = try Self.plan()
        let check = try ParticipationMonitor.check(Self.participants(young: 100, old: 900), against: plan)
        let byID = Dictionary(uniqueKeysWithValues: check.profiles.map { ($0.id, $0) })
        #expect(byID["zorgzame-senioren"]?.status == .over)
        #expect(byID["stadse-nomaden"]?.status == .under)
        #expect(byID["eigengereide-digitalen"]?.status == .under)
        // By hand: Stadse Nomaden expected 1000 × 0.218 = 218, estimated 100 × 0.35 + 900 × 0.02 = 53.
        #expect(abs((byID["stadse-nomaden"]?.estimated ?? 0) - 53) < 1e-9)
        #expect(abs((byID["stadse-nomaden"]?.expected ?? 0) - 218) < 1e-9)
        let nomads = try #require(check.underrepresented.first { $0.profile == "stadse-nomaden" })
        #expect(check.underrepresented.first?.profile == "stadse-nomaden")
        #expect(!nomads.channels.isEmpty)
        let inMix = Set(plan.channels.filter(\.inMix).map(\.id))
        #expect(nomads.channels.allSatisfy { !inMix.contains($0.id) })
        let p = try #require(F.citisensIDs.firstIndex(of: "stadse-nomaden"))
        let best = plan.channels.filter { !$0.inMix }.map { $0.reach[p].reach }.max() ?? 0
        #expect(nomads.channels[0].reach == best)
        #expect(F.english(nomads.channels[0].reason).contains("of Stadse Nomaden"))
        #expect(F.dutch(nomads.channels[0].reason).contains("van de Stadse Nomaden"))
        #expect(check.note == .ecologicalEstimate)
    }

    @Test("a plan from another dataset is refused")
    func otherDataset() throws {
        var participants = Self.participants(young: 3, old: 2)
        participants.dataset.cbsVintage = "2023"
        let error = F.error { _ = try ParticipationMonitor.check(participants, against: try Self.plan()) }
        #expect(error?.input == .plan)
        #expect(error?.message.contains("CBS 2020 vs 2023") == true)
    }

    @Test("nobody inside the zone is an error that counts those outside")
    func nobodyInside() throws {
        let error = F.error {
            _ = try ParticipationMonitor.check(
                Self.participants(young: 0, old: 0, outside: 4), against: try Self.plan())
        }
        #expect(error?.input == .participants)
        #expect(error?.message.contains("none of the 4 participants") == true)
    }
}
