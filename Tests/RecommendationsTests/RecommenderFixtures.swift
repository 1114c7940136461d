import Foundation
import ProfileModel
import Recommendations
import Reports
import TestSupport
import Testing

/// Shared fixtures for the recommender tests: the repository's data, a Citisens-like set
/// built in code, the small worked example of `Docs/recommender.md`, and helpers.
enum RecommenderFixtures {
    /// The repository root.
    static let repositoryRoot = Repository.root

    /// `Data/recommender` in the repository.
    static let tablesDirectory = repositoryRoot.appendingPathComponent("Data/recommender")

    /// The eight first-generation Citisens profile ids, in published order.
    static let citisensIDs = [
        "kritische-vernieuwers", "stadse-nomaden", "geinformeerde-gezinsdrukte", "gevestigde-beinvloeders",
        "zelfbewuste-aanpakkers", "zorgzame-senioren", "honkvaste-buurtbewoners", "eigengereide-digitalen",
    ]

    /// The Citisens set with its ids and names. The national shares of profiles 2, 3 and 8
    /// are a gap in the sources; the split here is a fixture choice, and the recommender
    /// does not use national shares.
    static func citisensSet() throws -> ProfileSet {
        let names = [
            "Kritische Vernieuwers", "Stadse Nomaden", "Geïnformeerde Gezinsdrukte", "Gevestigde Beïnvloeders",
            "Zelfbewuste Aanpakkers", "Zorgzame Senioren", "Honkvaste Buurtbewoners", "Eigengereide Digitalen",
        ]
        let shares = [0.06, 0.12, 0.13, 0.18, 0.16, 0.06, 0.17, 0.12]
        return try set(id: "citisens-2017-fixture", ids: citisensIDs, names: names, shares: shares)
    }

    /// A set with the given ids; national shares equal unless given.
    static func set(id: String, ids: [String], names: [String]? = nil, shares: [Double]? = nil) throws -> ProfileSet {
        let profiles = ids.enumerated().map { index, profileID in
            Profile(
                id: profileID, name: names?[index] ?? profileID.capitalized, label: profileID, description: "",
                share: shares?[index] ?? 1 / Double(ids.count), shareBasis: .assumption("test fixture"), signature: [])
        }
        return try ProfileSet(id: id, name: id, version: "test", description: "", profiles: profiles)
    }

    /// The three-profile set of the worked example: Alpha, Beta, Gamma.
    static func smallSet() throws -> ProfileSet {
        try set(
            id: "small", ids: ["alpha", "beta", "gamma"], names: ["Alpha", "Beta", "Gamma"], shares: [0.5, 0.3, 0.2])
    }

    /// The worked example's mix: 500 Alpha, 300 Beta, 200 Gamma.
    static func smallMix() throws -> ProfileMix {
        try ProfileMix(set: try smallSet(), residents: [500, 300, 200])
    }

    static let basis = Basis.assumption("test value")

    static func estimate(_ value: Double) -> RecommenderTables.Estimate { .init(value, basis) }

    /// A channel with reach per profile id.
    static func channel(
        _ id: String, _ reach: [String: Double], default defaultReach: Double = 0.1, cost: CostClass = .low,
        via: String = "through this channel"
    ) -> ParticipationChannel {
        ParticipationChannel(
            id: id, name: .init(en: "Channel \(id)", nl: "Kanaal \(id)"), mode: .online, route: .direct, cost: cost,
            leadTimeDays: 7, attributesBasis: basis, via: .init(en: via, nl: "via dit kanaal"),
            defaultReach: estimate(defaultReach),
            reach: reach.mapValues { estimate($0) })
    }

    /// A method with fit per profile id.
    static func method(
        _ id: String, _ fit: [String: Double], goals: [PhaseGoal], coCreation: Bool = false,
        default defaultFit: Double = 0.5
    ) -> ConsultationMethod {
        ConsultationMethod(
            id: id, name: .init(en: "Method \(id)", nl: "Werkvorm \(id)"),
            iap2Level: coCreation ? .collaborate : .consult,
            participation: coCreation ? .meedoen : .meedenken, mode: .offline, groupSize: .small, goals: goals,
            isCoCreation: coCreation, attributesBasis: basis, defaultFit: estimate(defaultFit),
            fit: fit.mapValues { estimate($0) })
    }

    /// The worked example's tables (Docs/recommender.md).
    static func smallTables() throws -> RecommenderTables {
        try RecommenderTables(
            channels: [
                channel("letter", ["alpha": 0.5, "beta": 0.4, "gamma": 0.2], via: "through a letter"),
                channel("social", ["alpha": 0.2, "beta": 0.6, "gamma": 0.7], via: "through their feeds"),
                channel("club", ["alpha": 0.6, "beta": 0.1], default: 0.1, via: "through their clubs"),
            ],
            methods: [
                method("survey", ["alpha": 0.4, "beta": 0.8, "gamma": 0.9], goals: [.gatherInput, .consult]),
                method("table-talk", ["alpha": 0.9, "beta": 0.5, "gamma": 0.3], goals: [.gatherInput]),
                method("workshop", ["alpha": 0.8, "beta": 0.4, "gamma": 0.2], goals: [.coCreate], coCreation: true),
                method("info-page", ["alpha": 0.6, "beta": 0.6, "gamma": 0.6], goals: [.inform]),
            ])
    }

    /// One undated phase per goal, in the order of ``PhaseGoal/allCases``.
    static func allGoalsPlan() throws -> PhasePlan {
        try PhasePlan(
            id: "all-goals", name: .init("All goals"),
            phases: PhaseGoal.allCases.map { PhasePlan.Phase(id: $0.rawValue, name: .init($0.rawValue), goal: $0) })
    }

    /// A reason as the English JSON and tables write it.
    static func english(_ reason: Reason) -> String { ReasonText(.en).sentence(reason) }

    /// A reason in Dutch.
    static func dutch(_ reason: Reason) -> String { ReasonText(.nl).sentence(reason) }

    /// Writes files into a new temporary directory and returns it.
    static func directory(with files: [String: String]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("geoprofile-recommender-\(UUID().uuidString)")
        for (path, text) in files {
            let url = directory.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return directory
    }

    /// The error a throwing call raises, or `nil`.
    static func error(_ body: () throws -> Void) -> ProfileModelError? {
        do {
            try body()
            return nil
        } catch let error as ProfileModelError {
            return error
        } catch {
            Issue.record("unexpected error type: \(error)")
            return nil
        }
    }
}
