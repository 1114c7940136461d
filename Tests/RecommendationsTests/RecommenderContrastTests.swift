import Foundation
import ProfileModel
import Recommendations
import Testing

/// Two contrasting hand-made zones on the shipped tables: an urban zone dominated by
/// Kritische Vernieuwers, Stadse Nomaden and Eigengereide Digitalen, and a rural zone
/// dominated by Zelfbewuste Aanpakkers, Honkvaste Buurtbewoners and Zorgzame Senioren.
@Suite("Recommender on contrasting zones")
struct RecommenderContrastTests {
    typealias F = RecommenderFixtures

    /// Residents in the order of ``RecommenderFixtures/citisensIDs``.
    static let urbanResidents: [Double] = [3000, 3000, 500, 500, 200, 100, 200, 2500]
    static let ruralResidents: [Double] = [100, 50, 500, 800, 3500, 2000, 3000, 50]

    private func recommend(
        _ residents: [Double], options: Recommender.Options = .standard
    ) throws -> Recommendation {
        let set = try F.citisensSet()
        let tables = try RecommenderTables.load(directory: F.tablesDirectory)
        let recommender = Recommender(tables: try tables.bound(to: set), options: options)
        let plan = try PhasePlan.template(named: "iap2", in: F.tablesDirectory)
        return try recommender.recommend(
            for: try ProfileMix(set: set, residents: residents), zone: "zone", phases: plan)
    }

    private func top(_ recommendation: Recommendation, _ goal: PhaseGoal) -> String? {
        recommendation.phases.first { $0.goal == goal }?.methods.first?.id
    }

    @Test("the top methods differ: online and debating in the city, close to home and hands-on in the village")
    func topMethods() throws {
        let urban = try recommend(Self.urbanResidents)
        let rural = try recommend(Self.ruralResidents)
        #expect(top(urban, .inform) == "information-page")
        #expect(top(rural, .inform) == "project-newspaper")
        #expect(top(urban, .gatherInput) == "online-survey")
        #expect(top(rural, .gatherInput) == "kitchen-table-sessions")
        #expect(top(urban, .coCreate) == "workshop")
        #expect(top(rural, .coCreate) == "volunteering")
        #expect(top(urban, .prioritize) == "voting")
        #expect(top(rural, .prioritize) == "quick-poll")
        for recommendation in [urban, rural] {
            let inform = try #require(recommendation.phases.first { $0.goal == .inform })
            #expect(inform.methods.allSatisfy { !$0.method.isCoCreation })
        }
        let kitchen = try #require(rural.phases.first { $0.goal == .gatherInput }?.methods.first)
        #expect(F.english(kitchen.reason).hasPrefix("suits Zelfbewuste Aanpakkers (35% of adults, fit 0.80)"))
    }

    @Test("the channel mixes differ: feeds first in the city, the letter first in the village")
    func channelMixes() throws {
        let urban = try #require(try recommend(Self.urbanResidents).phases.first)
        let rural = try #require(try recommend(Self.ruralResidents).phases.first)
        #expect(urban.mix.channels == ["social-media-ads", "letter", "street-outreach"])
        #expect(rural.mix.channels == ["letter", "social-media-ads", "local-weekly"])
        #expect(urban.mix.targetMet && rural.mix.targetMet)
        #expect(abs(urban.channels[0].reach - 0.4188) < 1e-9)
        #expect(F.english(urban.channels[0].reason).contains("45% of Stadse Nomaden (30% of adults)"))
        let associations = try #require(rural.channels.first { $0.id == "associations" })
        #expect(
            F.english(associations.reason)
                == "reaches an estimated 55% of Zelfbewuste Aanpakkers (35% of adults) through their associations and clubs"
        )
        #expect(urban.mix.underreached.map(\.profile) == ["eigengereide-digitalen", "zorgzame-senioren"])
        #expect(urban.mix.underreached.first?.suggestions.first == "municipal-social-media")
    }

    @Test("on a low budget the village is still reached through its networks, the city is not")
    func lowBudget() throws {
        let options = try Recommender.Options(budget: .low)
        let urban = try #require(try recommend(Self.urbanResidents, options: options).phases.first)
        let rural = try #require(try recommend(Self.ruralResidents, options: options).phases.first)
        let tables = try RecommenderTables.load(directory: F.tablesDirectory)
        for id in urban.mix.channels + rural.mix.channels {
            #expect(tables.channels.first { $0.id == id }?.cost == .low)
        }
        #expect(
            urban.mix.channels == ["municipal-social-media", "neighbourhood-apps", "email-newsletter", "local-press"])
        #expect(rural.mix.channels == ["associations", "neighbourhood-apps", "district-paper", "local-press"])
        // The village's networks still reach two thirds; four cheap channels do not in the city,
        // and the mix says so with the best reach it found.
        #expect(rural.mix.targetMet)
        #expect(!urban.mix.targetMet)
        #expect(abs(urban.mix.reach - 0.4668) < 1e-4)
        #expect(
            urban.mix.underreached.prefix(3).map(\.profile)
                == ["kritische-vernieuwers", "stadse-nomaden", "eigengereide-digitalen"])
        #expect(!urban.mix.underreached.contains { $0.profile == "gevestigde-beinvloeders" })
    }
}
