import Foundation
import ProfileModel
import Recommendations
import Reports
import TestSupport
import Testing

/// The scoring on small hand-made tables whose answers are computed on paper in
/// `Docs/recommender.md`, and the properties the recommender promises.
@Suite("Recommender scoring")
struct RecommenderScoringTests {
    typealias F = RecommenderFixtures

    private func recommend(
        _ tables: RecommenderTables, _ mix: ProfileMix, options: Recommender.Options = .standard,
        plan: PhasePlan? = nil
    ) throws -> Recommendation {
        let recommender = Recommender(tables: try tables.bound(to: mix.set), options: options)
        return try recommender.recommend(for: mix, zone: "Z1", phases: try plan ?? F.allGoalsPlan())
    }

    private func phase(_ recommendation: Recommendation, _ goal: PhaseGoal) throws -> Recommendation.PhaseRecommendation
    {
        try #require(recommendation.phases.first { $0.goal == goal })
    }

    @Test("the worked example: method scores are share-weighted fits among the methods for the goal")
    func workedExampleMethods() throws {
        let result = try recommend(try F.smallTables(), try F.smallMix())
        let gather = try phase(result, .gatherInput)
        // table-talk: 0.5·0.9 + 0.3·0.5 + 0.2·0.3 = 0.66; survey: 0.5·0.4 + 0.3·0.8 + 0.2·0.9 = 0.62
        #expect(gather.methods.map(\.id) == ["table-talk", "survey"])
        #expect(abs(gather.methods[0].score - 0.66) < 1e-12)
        #expect(abs(gather.methods[1].score - 0.62) < 1e-12)
        #expect(F.english(gather.methods[0].reason).hasPrefix("suits Alpha (50% of adults, fit 0.90)"))
        #expect(try phase(result, .consult).methods.map(\.id) == ["survey"])
        #expect(try phase(result, .coCreate).methods.map(\.id) == ["workshop"])
        #expect(try phase(result, .prioritize).methods.isEmpty)
    }

    @Test("the worked example: channel reach, the greedy mix and the under-reached profile")
    func workedExampleChannels() throws {
        let result = try recommend(try F.smallTables(), try F.smallMix())
        let gather = try phase(result, .gatherInput)
        // social 0.42, letter 0.41, club 0.5·0.6 + 0.3·0.1 + 0.2·0.1 (default) = 0.35
        #expect(gather.channels.map(\.id) == ["social", "letter", "club"])
        #expect(gather.channels.map(\.reach).enumerated().allSatisfy { abs($1 - [0.42, 0.41, 0.35][$0]) < 1e-12 })
        let club = try #require(gather.channels.first { $0.id == "club" })
        #expect(club.reachByProfile.map(\.value) == [0.6, 0.1, 0.1])
        #expect(F.english(club.reason) == "reaches an estimated 60% of Alpha (50% of adults) through their clubs")
        // Greedy: social first (0.42); then letter gains 0.26 against club's 0.258: 0.68 ≥ 2/3.
        #expect(gather.mix.channels == ["social", "letter"])
        #expect(abs(gather.mix.reach - 0.68) < 1e-12)
        #expect(gather.mix.targetMet)
        // Alpha: 1 − 0.8·0.5 = 0.6, below the target; club reaches Alpha best.
        #expect(gather.mix.underreached.count == 1)
        #expect(gather.mix.underreached.first?.profile == "alpha")
        #expect(abs((gather.mix.underreached.first?.reach ?? 0) - 0.6) < 1e-12)
        #expect(gather.mix.underreached.first?.suggestions == ["club"])
    }

    @Test("the zone part lists every profile with residents and share")
    func zone() throws {
        let result = try recommend(try F.smallTables(), try F.smallMix())
        #expect(result.zone.id == "Z1")
        #expect(result.zone.adults == 1000)
        #expect(result.zone.profiles.map(\.id) == ["alpha", "beta", "gamma"])
        #expect(result.zone.profiles.map(\.share) == [0.5, 0.3, 0.2])
        #expect(result.phases.map(\.id) == PhaseGoal.allCases.map(\.rawValue))
    }

    @Test("a tighter budget leaves out the channels above it")
    func budget() throws {
        let tables = try RecommenderTables(
            channels: [
                F.channel("cheap", ["alpha": 0.3]), F.channel("mid", ["alpha": 0.5], cost: .medium),
                F.channel("dear", ["alpha": 0.9], cost: .high),
            ],
            methods: [F.method("m", [:], goals: [.consult])])
        let mix = try F.smallMix()
        let low = try recommend(tables, mix, options: try .init(budget: .low))
        #expect(try phase(low, .consult).channels.map(\.id) == ["cheap"])
        let medium = try recommend(tables, mix, options: try .init(budget: .medium))
        #expect(try phase(medium, .consult).channels.map(\.id) == ["mid", "cheap"])
        let high = try recommend(tables, mix, options: try .init(maxChannels: 1))
        #expect(try phase(high, .consult).mix.channels == ["dear"])
    }

    @Test("phases whose goal is inform get no co-creation method, even when a table claims one serves inform")
    func informHasNoCoCreation() throws {
        let tables = try RecommenderTables(
            channels: [F.channel("c", [:])],
            methods: [
                F.method(
                    "co-method", ["alpha": 1, "beta": 1, "gamma": 1], goals: [.inform, .coCreate], coCreation: true),
                F.method("notice", ["alpha": 0.1, "beta": 0.1, "gamma": 0.1], goals: [.inform]),
            ])
        let result = try recommend(tables, try F.smallMix())
        #expect(try phase(result, .inform).methods.map(\.id) == ["notice"])
        #expect(try phase(result, .coCreate).methods.map(\.id) == ["co-method"])
    }

    @Test("when the greedy mix falls short within the channel limit, a combination that meets the target is found")
    func exhaustiveFallback() throws {
        let set = try F.set(id: "two", ids: ["a", "b"])
        let mix = try ProfileMix(set: set, residents: [100, 100])
        let tables = try RecommenderTables(
            channels: [
                F.channel("x", ["a": 0.6, "b": 0.6]), F.channel("y", ["a": 1, "b": 0]),
                F.channel("z", ["a": 0, "b": 1]),
            ],
            methods: [F.method("m", [:], goals: [.consult])])
        // Greedy takes x (0.6) then y (0.8) and stops at 2 channels; y + z reach everyone.
        let met = try recommend(tables, mix, options: try .init(reachTarget: 0.9, maxChannels: 2))
        #expect(try phase(met, .consult).mix.channels == ["y", "z"])
        #expect(try phase(met, .consult).mix.reach == 1)
        #expect(try phase(met, .consult).mix.targetMet)
        // With one channel the best is x at 0.6, and the mix says the target is not met.
        let short = try recommend(tables, mix, options: try .init(reachTarget: 0.9, maxChannels: 1))
        let shortMix = try phase(short, .consult).mix
        #expect(shortMix.channels == ["x"])
        #expect(abs(shortMix.reach - 0.6) < 1e-12)
        #expect(!shortMix.targetMet)
        #expect(shortMix.underreached.map(\.profile) == ["a", "b"])
        #expect(shortMix.underreached.map(\.suggestions) == [["y"], ["z"]])
    }

    @Test(
        "the mix meets the target whenever the allowed channels can, and otherwise reports the best reach",
        arguments: 0..<4)
    func mixMeetsTargetWhenPossible(seed: UInt64) throws {
        var random = SeededGenerator(seed: 0x5EED + seed)
        for _ in 0..<60 {
            let profileCount = Int.random(in: 2...5, using: &random)
            let ids = (0..<profileCount).map { "p\($0)" }
            let set = try F.set(id: "random", ids: ids)
            let channels = (0..<Int.random(in: 1...7, using: &random)).map { index in
                F.channel(
                    "c\(index)",
                    Dictionary(uniqueKeysWithValues: ids.map { ($0, Double.random(in: 0...0.7, using: &random)) }),
                    cost: CostClass.allCases.randomElement(using: &random)!)
            }
            let tables = try RecommenderTables(channels: channels, methods: [F.method("m", [:], goals: [.consult])])
            let residents = ids.map { _ in Double(Int.random(in: 0...1000, using: &random)) }
            guard residents.reduce(0, +) > 0 else { continue }
            let mix = try ProfileMix(set: set, residents: residents)
            let options = try Recommender.Options(
                reachTarget: Double.random(in: 0.2...0.95, using: &random),
                maxChannels: Int.random(in: 1...4, using: &random),
                budget: CostClass.allCases.randomElement(using: &random)!)
            let result = try #require(try recommend(tables, mix, options: options).phases.first).mix

            // Brute force over every allowed combination within the limit.
            let bound = try tables.bound(to: set)
            let allowed = channels.filter { $0.cost <= options.budget }
            var best = 0.0
            for subset in 1..<(1 << allowed.count) where subset.nonzeroBitCount <= options.maxChannels {
                let chosen = allowed.indices.filter { subset & (1 << $0) != 0 }.map { allowed[$0].id }
                let reach = try Recommender(tables: bound).estimatedReach(of: chosen, for: mix).zone
                best = max(best, reach)
            }
            #expect(result.channels.count <= options.maxChannels)
            #expect(result.channels.allSatisfy { id in allowed.contains { $0.id == id } })
            if best >= options.reachTarget - 1e-9 {
                #expect(result.targetMet)
                #expect(result.reach >= options.reachTarget - 1e-9)
            } else {
                #expect(!result.targetMet)
                #expect(abs(result.reach - best) < 1e-9)
            }
        }
    }

    @Test("adding a channel never lowers the estimated reach")
    func addingAChannelNeverLowersReach() throws {
        var random = SeededGenerator(seed: 42)
        let set = try F.citisensSet()
        let tables = try RecommenderTables.load(directory: F.tablesDirectory)
        let recommender = Recommender(tables: try tables.bound(to: set))
        let ids = tables.channels.map(\.id)
        for _ in 0..<200 {
            let mix = try ProfileMix(
                set: set, residents: set.profiles.map { _ in Double.random(in: 0...500, using: &random) })
            let subset = ids.filter { _ in Bool.random(using: &random) }
            let extra = ids.randomElement(using: &random)!
            let before = try recommender.estimatedReach(of: subset, for: mix)
            let after = try recommender.estimatedReach(of: subset + [extra], for: mix)
            #expect(after.zone >= before.zone - 1e-12)
            #expect(zip(after.byProfile, before.byProfile).allSatisfy { $0 >= $1 - 1e-12 })
        }
        // And a table with one more channel never gives a lower best mix when nothing limits it.
        let mix = try F.smallMix()
        let options = try Recommender.Options(reachTarget: 1, maxChannels: 10)
        let small = try F.smallTables()
        let fewer = try RecommenderTables(channels: Array(small.channels.prefix(2)), methods: small.methods)
        let reachWithFewer = try recommend(fewer, mix, options: options).phases[0].mix.reach
        let reachWithAll = try recommend(small, mix, options: options).phases[0].mix.reach
        #expect(reachWithAll > reachWithFewer)
    }

    @Test("ties are broken by id and the table order does not matter")
    func determinism() throws {
        let same = ["alpha": 0.4, "beta": 0.4, "gamma": 0.4]
        let channels = [F.channel("zeta", same), F.channel("alpha", same), F.channel("mu", ["alpha": 0.1])]
        let methods = [
            F.method("zulu", same, goals: [.consult]), F.method("bravo", same, goals: [.consult]),
            F.method("kilo", ["alpha": 0.2], goals: [.consult]),
        ]
        let mix = try F.smallMix()
        let options = try Recommender.Options(reachTarget: 0.3, maxChannels: 2)
        let forward = try recommend(try RecommenderTables(channels: channels, methods: methods), mix, options: options)
        let backward = try recommend(
            try RecommenderTables(channels: channels.reversed(), methods: methods.reversed()), mix, options: options)
        let consult = try phase(forward, .consult)
        #expect(consult.methods.map(\.id) == ["bravo", "zulu", "kilo"])
        #expect(consult.channels.map(\.id) == ["alpha", "zeta", "mu"])
        #expect(consult.mix.channels == ["alpha"])
        #expect(forward == backward)
        #expect(try forward.jsonText() == backward.jsonText())
    }

    @Test("a profile no table names gets the defaults, and the result says so")
    func defaultsForUnnamedProfiles() throws {
        let set = try F.set(id: "wider", ids: ["alpha", "beta", "gamma", "omega"])
        let mix = try ProfileMix(set: set, residents: [100, 0, 0, 300])
        let result = try recommend(try F.smallTables(), mix)
        let club = try #require(try phase(result, .consult).channels.first { $0.id == "club" })
        // club names Alpha and Beta; Gamma and Omega get its default reach of 0.1.
        #expect(club.reachByProfile.map(\.value) == [0.6, 0.1, 0.1, 0.1])
        #expect(abs(club.reach - (0.25 * 0.6 + 0.75 * 0.1)) < 1e-12)
        let survey = try #require(try phase(result, .consult).methods.first { $0.id == "survey" })
        #expect(abs(survey.score - (0.25 * 0.4 + 0.75 * 0.5)) < 1e-12)
        #expect(result.profilesUsingDefaults == ["omega"])
    }

    @Test("a mix of another profile set, or a zone without residents, is refused")
    func refusedMixes() throws {
        let tables = try F.smallTables()
        let recommender = Recommender(tables: try tables.bound(to: try F.smallSet()))
        let otherSet = try F.set(id: "other", ids: ["alpha", "beta"])
        let other = F.error {
            _ = try recommender.recommend(
                for: try ProfileMix(set: otherSet, residents: [1, 1]), zone: "Z", phases: try F.allGoalsPlan())
        }
        #expect(other?.code == .invalidData)
        #expect(other?.message.contains("uses the set 'other'") == true)
        let empty = F.error {
            _ = try recommender.recommend(
                for: try ProfileMix(set: try F.smallSet(), residents: [0, 0, 0]), zone: "Z9",
                phases: try F.allGoalsPlan())
        }
        #expect(empty?.message == "zone 'Z9' has no adults, so there is nobody to reach")
        let unknown = F.error { _ = try recommender.estimatedReach(of: ["post"], for: try F.smallMix()) }
        #expect(unknown?.message == "there is no channel 'post' in channels.json")
    }

    @Test("options outside their range are refused", arguments: [0, -0.2, 1.0001, Double.nan, Double.infinity])
    func badReachTarget(target: Double) {
        let error = F.error { _ = try Recommender.Options(reachTarget: target) }
        #expect(error?.code == .invalidData)
        #expect(error?.message.contains("is outside (0, 1]") == true)
    }

    @Test("a reach target of exactly 1 and the defaults are accepted; zero channels are not")
    func optionLimits() throws {
        #expect(try Recommender.Options(reachTarget: 1).reachTarget == 1)
        #expect(Recommender.Options.standard.reachTarget == 2.0 / 3.0)
        #expect(Recommender.Options.standard.maxChannels == 4)
        #expect(Recommender.Options.standard.budget == .high)
        let error = F.error { _ = try Recommender.Options(maxChannels: 0) }
        #expect(error?.message == "the channel limit 0 is below 1; a mix needs a channel")
        #expect(F.error { _ = try Recommender.Options(methodsPerPhase: 0) }?.code == .invalidData)
    }
}
