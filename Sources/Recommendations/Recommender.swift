public import ProfileModel

/// Recommends consultation methods and a channel mix for a zone's profile mix, per phase.
///
/// The scoring is described with a worked example in `Docs/recommender.md`:
/// - a method's score is its fit per profile weighted by the profiles' shares of the zone,
///   among the methods that serve the phase's goal (never a co-creation method when the
///   goal is ``PhaseGoal/inform``);
/// - a channel's reach of the zone is its reach per profile weighted the same way;
/// - channels combine as independent: a profile's reach by a mix is `1 − Π(1 − r)`;
/// - the mix is chosen greedily (largest gain in zone reach first) until it meets the
///   reach target, within ``Options/maxChannels`` and the budget. When the greedy mix
///   falls short only because of the channel limit, all combinations within the limit
///   are searched, so the mix meets the target whenever the channels allowed can.
///
/// Every result is deterministic: ties are broken by id.
public struct Recommender: Sendable {
    /// The settings of a recommendation, validated when created.
    public struct Options: Sendable, Hashable {
        /// Two thirds: the reach Citisens reports for its campaigns (citisens.nl).
        public static let defaultReachTarget = 2.0 / 3.0
        /// The default largest number of channels in a mix (an assumption: a campaign a
        /// municipal team can run alongside its other work).
        public static let defaultMaxChannels = 4
        /// The default number of methods listed per phase.
        public static let defaultMethodsPerPhase = 3
        /// The defaults: reach target 2/3, at most 4 channels, every cost class, 3 methods.
        public static let standard = Options(
            checked: defaultReachTarget, defaultMaxChannels, .high, defaultMethodsPerPhase)

        /// The share of the zone's adults the channel mix should reach, in (0, 1].
        public let reachTarget: Double
        /// The largest number of channels in a mix, at least 1.
        public let maxChannels: Int
        /// The most expensive cost class allowed: `low` allows low only, `medium` low and
        /// medium, `high` all.
        public let budget: CostClass
        /// How many methods to list per phase, at least 1.
        public let methodsPerPhase: Int

        /// Creates options; throws when the reach target is outside (0, 1] or a count is below 1.
        public init(
            reachTarget: Double = defaultReachTarget, maxChannels: Int = defaultMaxChannels,
            budget: CostClass = .high, methodsPerPhase: Int = defaultMethodsPerPhase
        ) throws(ProfileModelError) {
            guard reachTarget.isFinite, reachTarget > 0, reachTarget <= 1 else {
                throw ProfileModelError(
                    .invalidData, "the reach target \(reachTarget) is outside (0, 1]; give a share such as 0.67")
            }
            guard maxChannels >= 1 else {
                throw ProfileModelError(
                    .invalidData, "the channel limit \(maxChannels) is below 1; a mix needs a channel")
            }
            guard methodsPerPhase >= 1 else {
                throw ProfileModelError(.invalidData, "the number of methods per phase \(methodsPerPhase) is below 1")
            }
            self.init(checked: reachTarget, maxChannels, budget, methodsPerPhase)
        }

        private init(checked reachTarget: Double, _ maxChannels: Int, _ budget: CostClass, _ methodsPerPhase: Int) {
            self.reachTarget = reachTarget
            self.maxChannels = maxChannels
            self.budget = budget
            self.methodsPerPhase = methodsPerPhase
        }
    }

    /// The estimated reach of a set of channels combined.
    public struct Reach: Sendable, Hashable {
        /// The share of the zone's adults reached by at least one channel.
        public var zone: Double
        /// The reach of each profile, in the order of the set.
        public var byProfile: [Double]
    }

    /// The tables, bound to the profile set of the mixes to recommend for.
    public let tables: RecommenderTables.Bound
    /// The settings.
    public let options: Options

    /// Gains and scores closer than this count as equal, so ties go by id.
    static let tolerance = 1e-12
    /// Above this many combinations the exhaustive search is skipped and the greedy mix kept.
    static let searchLimit = 500_000
    /// A profile this large in the zone with a fit below ``weakFit`` is named in a method's reason.
    static let weakShare = 0.10
    /// A fit below which a method is called weak for a profile.
    static let weakFit = 0.3
    /// The number of suggestions per under-reached profile.
    static let suggestionsPerProfile = 3

    /// Creates a recommender.
    public init(tables: RecommenderTables.Bound, options: Options = .standard) {
        self.tables = tables
        self.options = options
    }

    /// Recommends methods and channels for every phase of a plan.
    ///
    /// - Parameters:
    ///   - mix: the zone's estimated adults per profile; its set must be the tables' set.
    ///   - zone: the zone's identifier, copied into the result.
    ///   - plan: the phases.
    /// - Throws: ``ProfileModelError`` when the mix uses another profile set or the zone
    ///   has no adults.
    public func recommend(for mix: ProfileMix, zone: String, phases plan: PhasePlan) throws(ProfileModelError)
        -> Recommendation
    {
        let shares = try checkedShares(of: mix, zone: zone)
        let profiles = tables.set.profiles
        let channels = rankedChannels(shares: shares)
        let mixResult = chooseMix(shares: shares)
        let mixRecommendation = channelMix(mixResult, shares: shares)
        let phases = plan.phases.map { phase in
            Recommendation.PhaseRecommendation(
                id: phase.id, name: phase.name, goal: phase.goal, start: phase.start, end: phase.end,
                methods: rankedMethods(for: phase.goal, shares: shares), channels: channels, mix: mixRecommendation)
        }
        let zoneProfiles = profiles.indices.map { p in
            Recommendation.ZoneProfile(
                id: profiles[p].id, name: profiles[p].name, adults: mix.residents[p], share: shares[p])
        }
        return Recommendation(
            zone: .init(id: zone, adults: mix.total, profiles: zoneProfiles),
            phases: phases,
            settings: .init(
                reachTarget: options.reachTarget, maxChannels: options.maxChannels, budget: options.budget,
                profileSet: tables.set.id, planID: plan.id, planName: plan.name),
            profilesUsingDefaults: tables.profilesUsingDefaults)
    }

    /// The estimated reach of channels combined as independent, for a zone's mix.
    ///
    /// Per profile `1 − Π(1 − r)`; the zone's reach is the share-weighted sum. Ignores the
    /// budget and the channel limit.
    public func estimatedReach(of channelIDs: [String], for mix: ProfileMix) throws(ProfileModelError) -> Reach {
        let shares = try checkedShares(of: mix, zone: "the given mix")
        var indices: [Int] = []
        for id in channelIDs {
            guard let index = tables.tables.channels.firstIndex(where: { $0.id == id }) else {
                throw ProfileModelError(
                    .invalidData, "there is no channel '\(id)' in \(RecommenderTables.channelsFile)")
            }
            indices.append(index)
        }
        let byProfile = combinedReach(indices)
        return Reach(zone: Self.weighted(byProfile, shares), byProfile: byProfile)
    }

    // MARK: - Methods

    private func rankedMethods(for goal: PhaseGoal, shares: [Double]) -> [Recommendation.MethodRecommendation] {
        let methods = tables.tables.methods
        let scored = methods.indices.filter { methods[$0].serves(goal) }.map { m in
            (index: m, score: Self.weighted(tables.fit[m], shares))
        }
        let ranked = scored.sorted { a, b in
            abs(a.score - b.score) > Self.tolerance ? a.score > b.score : methods[a.index].id < methods[b.index].id
        }
        return ranked.prefix(options.methodsPerPhase).map { entry in
            let method = methods[entry.index]
            return .init(
                id: method.id, name: method.name, score: entry.score,
                reason: methodReason(method, fit: tables.fit[entry.index], shares: shares), method: method)
        }
    }

    private func methodReason(_ method: ConsultationMethod, fit: [Double], shares: [Double]) -> Reason {
        let profiles = tables.set.profiles
        let named = mainContributors(fit, shares)
        let weak = ranked(shares).first { p in
            shares[p] >= Self.weakShare && fit[p] < Self.weakFit && !named.contains(p)
        }
        func profile(_ p: Int) -> Reason.Profile {
            .init(id: profiles[p].id, name: profiles[p].name, share: shares[p], value: fit[p])
        }
        return .method(
            .init(
                profiles: named.map(profile), weak: named.isEmpty ? nil : weak.map(profile),
                participation: method.participation, mode: method.mode, groupSize: method.groupSize))
    }

    // MARK: - Channels

    /// Indices of the channels within the budget, in table order.
    private var eligibleChannels: [Int] {
        tables.tables.channels.indices.filter { tables.tables.channels[$0].cost <= options.budget }
    }

    private func rankedChannels(shares: [Double]) -> [Recommendation.ChannelRecommendation] {
        let channels = tables.tables.channels
        let profiles = tables.set.profiles
        let reached = eligibleChannels.map { c in (index: c, reach: Self.weighted(tables.reach[c], shares)) }
        return reached.sorted { a, b in
            abs(a.reach - b.reach) > Self.tolerance ? a.reach > b.reach : channels[a.index].id < channels[b.index].id
        }.map { entry in
            let channel = channels[entry.index]
            let reach = tables.reach[entry.index]
            return .init(
                id: channel.id, name: channel.name, reach: entry.reach,
                reachByProfile: profiles.indices.map { .init(profile: profiles[$0].id, value: reach[$0]) },
                reason: channelReason(channel, reach: reach, shares: shares), channel: channel)
        }
    }

    private func channelReason(_ channel: ParticipationChannel, reach: [Double], shares: [Double]) -> Reason {
        let profiles = tables.set.profiles
        let named = mainContributors(reach, shares).map { p in
            Reason.Profile(id: profiles[p].id, name: profiles[p].name, share: shares[p], value: reach[p])
        }
        return .channel(.init(profiles: named, via: channel.via))
    }

    /// The outcome of the mix search.
    private struct MixResult {
        var channels: [Int]
        var byProfile: [Double]
        var reach: Double
        var targetMet: Bool
    }

    /// Greedy maximum coverage, then an exhaustive search if the channel limit stopped it.
    private func chooseMix(shares: [Double]) -> MixResult {
        let channels = tables.tables.channels
        let eligible = eligibleChannels.sorted { channels[$0].id < channels[$1].id }
        let target = options.reachTarget - Self.tolerance
        var chosen: [Int] = []
        var missed = shares.map { _ in 1.0 }
        var stoppedByLimit = false
        while 1 - Self.weighted(missed, shares) < target {
            guard chosen.count < options.maxChannels else {
                stoppedByLimit = true
                break
            }
            var best: (index: Int, gain: Double)?
            for c in eligible where !chosen.contains(c) {
                let gain = shares.indices.reduce(0.0) { $0 + shares[$1] * missed[$1] * tables.reach[c][$1] }
                if gain > (best?.gain ?? 0) + Self.tolerance { best = (c, gain) }
            }
            guard let best else { break }
            chosen.append(best.index)
            for p in missed.indices { missed[p] *= 1 - tables.reach[best.index][p] }
        }
        if stoppedByLimit, let found = exhaustiveMix(eligible: eligible, shares: shares) {
            chosen = greedyOrder(found, shares: shares)
        }
        let byProfile = combinedReach(chosen)
        let reach = Self.weighted(byProfile, shares)
        return MixResult(channels: chosen, byProfile: byProfile, reach: reach, targetMet: reach >= target)
    }

    /// The best combination of at most `maxChannels` eligible channels: the smallest that
    /// meets the target (then the highest reach), or else the one with the highest reach;
    /// remaining ties go to the first in id order. `nil` when there are too many combinations.
    private func exhaustiveMix(eligible: [Int], shares: [Double]) -> [Int]? {
        let k = min(options.maxChannels, eligible.count)
        guard k >= 1 else { return nil }
        var combinations = 0.0
        var term = 1.0
        for size in 1...k {
            term = term * Double(eligible.count - size + 1) / Double(size)
            combinations += term
        }
        guard combinations <= Double(Self.searchLimit) else { return nil }
        let target = options.reachTarget - Self.tolerance
        var best: (channels: [Int], reach: Double, met: Bool)?
        var current: [Int] = []
        var missedStack: [[Double]] = [shares.map { _ in 1.0 }]

        func isBetter(_ reach: Double, _ size: Int) -> Bool {
            guard let best else { return true }
            let met = reach >= target
            if met != best.met { return met }
            if met && size != best.channels.count { return size < best.channels.count }
            if abs(reach - best.reach) > Self.tolerance { return reach > best.reach }
            return size < best.channels.count
        }
        func visit(from start: Int) {
            for position in start..<eligible.count {
                let c = eligible[position]
                let missed = zip(missedStack.last!, tables.reach[c]).map { $0 * (1 - $1) }
                current.append(c)
                let reach = 1 - Self.weighted(missed, shares)
                if isBetter(reach, current.count) { best = (current, reach, reach >= target) }
                // Once a combination meets the target, larger ones cannot be better.
                let worthExtending = best.map { !$0.met || current.count < $0.channels.count } ?? true
                if current.count < k && worthExtending {
                    missedStack.append(missed)
                    visit(from: position + 1)
                    missedStack.removeLast()
                }
                current.removeLast()
            }
        }
        visit(from: 0)
        return best?.channels
    }

    /// Orders a chosen set of channels by greedy gain, ties by id.
    private func greedyOrder(_ set: [Int], shares: [Double]) -> [Int] {
        let channels = tables.tables.channels
        var remaining = set.sorted { channels[$0].id < channels[$1].id }
        var ordered: [Int] = []
        var missed = shares.map { _ in 1.0 }
        while !remaining.isEmpty {
            var best = 0
            var bestGain = -1.0
            for (position, c) in remaining.enumerated() {
                let gain = shares.indices.reduce(0.0) { $0 + shares[$1] * missed[$1] * tables.reach[c][$1] }
                if gain > bestGain + Self.tolerance {
                    best = position
                    bestGain = gain
                }
            }
            let c = remaining.remove(at: best)
            ordered.append(c)
            for p in missed.indices { missed[p] *= 1 - tables.reach[c][p] }
        }
        return ordered
    }

    private func channelMix(_ result: MixResult, shares: [Double]) -> Recommendation.ChannelMix {
        let channels = tables.tables.channels
        let profiles = tables.set.profiles
        let target = options.reachTarget - Self.tolerance
        let unused = eligibleChannels.filter { !result.channels.contains($0) }
        let underreached = ranked(shares).filter { shares[$0] > 0 && result.byProfile[$0] < target }.map { p in
            let suggestions = unused.filter { tables.reach[$0][p] > 0 }.sorted { a, b in
                tables.reach[a][p] != tables.reach[b][p]
                    ? tables.reach[a][p] > tables.reach[b][p] : channels[a].id < channels[b].id
            }.prefix(Self.suggestionsPerProfile).map { channels[$0].id }
            return Recommendation.Underreached(
                profile: profiles[p].id, reach: result.byProfile[p], suggestions: suggestions)
        }
        return .init(
            channels: result.channels.map { channels[$0].id }, reach: result.reach, targetMet: result.targetMet,
            underreached: underreached)
    }

    // MARK: - Arithmetic

    private func checkedShares(of mix: ProfileMix, zone: String) throws(ProfileModelError) -> [Double] {
        guard mix.set.profiles.map(\.id) == tables.set.profiles.map(\.id) else {
            throw ProfileModelError(
                .invalidData,
                "the profile mix of \(zone) uses the set '\(mix.set.id)', but the recommender tables are bound to '\(tables.set.id)'"
            )
        }
        guard mix.total > 0 else {
            throw ProfileModelError(.invalidData, "zone '\(zone)' has no adults, so there is nobody to reach")
        }
        return mix.shares
    }

    /// Per profile, the share reached by at least one of the channels: `1 − Π(1 − r)`.
    private func combinedReach(_ channels: [Int]) -> [Double] {
        tables.set.profiles.indices.map { p in
            1 - channels.reduce(1.0) { $0 * (1 - tables.reach[$1][p]) }
        }
    }

    /// The profiles that make up at least half of a share-weighted total, at most three,
    /// largest contribution first (ties by id); none with a zero contribution.
    private func mainContributors(_ values: [Double], _ shares: [Double]) -> [Int] {
        let profiles = tables.set.profiles
        let contributions = zip(values, shares).map { $0 * $1 }
        let total = contributions.reduce(0, +)
        guard total > 0 else { return [] }
        let order = contributions.indices.sorted { a, b in
            contributions[a] != contributions[b] ? contributions[a] > contributions[b] : profiles[a].id < profiles[b].id
        }
        var named: [Int] = []
        var held = 0.0
        for p in order where held < total / 2 && named.count < 3 && contributions[p] > 0 {
            named.append(p)
            held += contributions[p]
        }
        return named
    }

    /// Profile positions by share, largest first, ties by id.
    private func ranked(_ shares: [Double]) -> [Int] {
        let profiles = tables.set.profiles
        return shares.indices.sorted { a, b in
            shares[a] != shares[b] ? shares[a] > shares[b] : profiles[a].id < profiles[b].id
        }
    }
}

extension Recommender {
    /// `Σ values · weights`, summed in order.
    static func weighted(_ values: [Double], _ weights: [Double]) -> Double {
        zip(values, weights).reduce(0) { $0 + $1.0 * $1.1 }
    }
}
