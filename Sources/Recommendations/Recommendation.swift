internal import Foundation
public import ProfileModel

/// What the recommender advises for one zone: per phase the best-fitting methods, the
/// channels ranked by reach, and a channel mix that meets the reach target if it can.
///
/// Encodes to the JSON the command-line tool prints (snake_case keys; scores, shares and
/// reaches rounded to 4 decimals, resident counts to 1). The properties marked *not
/// encoded* carry what the renderings (a Markdown plan, a terminal table) need besides.
public struct Recommendation: Encodable, Sendable, Hashable {
    /// The zone and its profile mix.
    public var zone: Zone
    /// One recommendation per phase, in the plan's order.
    public var phases: [PhaseRecommendation]
    /// The settings used (not encoded).
    public var settings: Settings
    /// Profiles of the set for which every table value is a default (not encoded).
    public var profilesUsingDefaults: [String]

    enum CodingKeys: String, CodingKey { case zone, phases }

    /// The settings a recommendation was made with.
    public struct Settings: Sendable, Hashable {
        /// The reach target, in (0, 1].
        public var reachTarget: Double
        /// The largest number of channels in a mix.
        public var maxChannels: Int
        /// The most expensive cost class allowed.
        public var budget: CostClass
        /// The id of the profile set.
        public var profileSet: String
        /// The id of the phase plan.
        public var planID: String
        /// The name of the phase plan.
        public var planName: LocalizedText
    }

    /// A zone and its estimated adults (15+) per profile.
    public struct Zone: Encodable, Sendable, Hashable {
        /// The zone's identifier, as given by the caller.
        public var id: String
        /// Estimated adults (15+) of the zone: the profiled population.
        public var adults: Double
        /// The profiles, in the order of the set.
        public var profiles: [ZoneProfile]

        enum CodingKeys: String, CodingKey { case id, adults, profiles }

        /// Encodes with rounded numbers.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(Rounding.rounded(adults, 1), forKey: .adults)
            try c.encode(profiles, forKey: .profiles)
        }
    }

    /// One profile's part of a zone.
    public struct ZoneProfile: Encodable, Sendable, Hashable {
        /// The profile's id.
        public var id: String
        /// The profile's name.
        public var name: String
        /// Estimated adults of the profile in the zone.
        public var adults: Double
        /// The profile's share of the zone's adults, in [0, 1].
        public var share: Double

        enum CodingKeys: String, CodingKey { case id, name, adults, share }

        /// Encodes with rounded numbers.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(name, forKey: .name)
            try c.encode(Rounding.rounded(adults, 1), forKey: .adults)
            try c.encode(Rounding.rounded(share, 4), forKey: .share)
        }
    }

    /// The advice for one phase.
    public struct PhaseRecommendation: Encodable, Sendable, Hashable {
        /// The phase's id.
        public var id: String
        /// The phase's name.
        public var name: LocalizedText
        /// The phase's goal.
        public var goal: PhaseGoal
        /// The first day of the phase, if dated (not encoded).
        public var start: PhasePlan.Day?
        /// The last day of the phase, if dated and not open-ended (not encoded).
        public var end: PhasePlan.Day?
        /// The best-fitting methods that serve the goal, best first.
        public var methods: [MethodRecommendation]
        /// The channels within the budget, by estimated reach of the zone, best first.
        public var channels: [ChannelRecommendation]
        /// The chosen combination of channels.
        public var mix: ChannelMix

        enum CodingKeys: String, CodingKey { case id, name, goal, methods, channels, mix }
    }

    /// A method and why it fits.
    public struct MethodRecommendation: Encodable, Sendable, Hashable {
        /// The method's id.
        public var id: String
        /// The method's name.
        public var name: LocalizedText
        /// The profile-share-weighted fit, in [0, 1].
        public var score: Double
        /// Why it fits: the profiles it serves and their share of the zone.
        public var reason: Reason
        /// The method's properties (not encoded).
        public var method: ConsultationMethod

        enum CodingKeys: String, CodingKey { case id, name, score, reason }

        /// Encodes with a rounded score.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(name, forKey: .name)
            try c.encode(Rounding.rounded(score, 4), forKey: .score)
            try c.encode(reason, forKey: .reason)
        }
    }

    /// A channel, its estimated reach and why.
    public struct ChannelRecommendation: Encodable, Sendable, Hashable {
        /// The channel's id.
        public var id: String
        /// The channel's name.
        public var name: LocalizedText
        /// The share-weighted reach of the zone's adults, in [0, 1].
        public var reach: Double
        /// The estimated reach per profile, in the order of the set.
        public var reachByProfile: [ProfileValue]
        /// Which profiles it reaches and their share of the zone.
        public var reason: Reason
        /// The channel's properties (not encoded).
        public var channel: ParticipationChannel

        enum CodingKeys: String, CodingKey {
            case id, name, reach, reason
            case reachByProfile = "reach_by_profile"
        }

        /// Encodes with rounded numbers; `reach_by_profile` is an object keyed by profile id.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(name, forKey: .name)
            try c.encode(Rounding.rounded(reach, 4), forKey: .reach)
            var byProfile = c.nestedContainer(keyedBy: ProfileKey.self, forKey: .reachByProfile)
            for entry in reachByProfile {
                try byProfile.encode(Rounding.rounded(entry.value, 4), forKey: ProfileKey(entry.profile))
            }
            try c.encode(reason, forKey: .reason)
        }
    }

    /// A value for one profile.
    public struct ProfileValue: Sendable, Hashable {
        /// The profile's id.
        public var profile: String
        /// The value.
        public var value: Double

        /// Creates a value.
        public init(profile: String, value: Double) {
            self.profile = profile
            self.value = value
        }
    }

    /// The channels chosen together and the reach they achieve.
    public struct ChannelMix: Encodable, Sendable, Hashable {
        /// The chosen channels' ids, in the order they were added.
        public var channels: [String]
        /// The estimated share of the zone's adults reached by at least one channel.
        /// When the target is not met, the best reach the search found within the limits.
        public var reach: Double
        /// `true` when `reach` meets the reach target.
        public var targetMet: Bool
        /// Profiles of the zone whose estimated reach stays below the target.
        public var underreached: [Underreached]

        enum CodingKeys: String, CodingKey {
            case channels, reach, underreached
            case targetMet = "target_met"
        }

        /// Encodes with a rounded reach.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(channels, forKey: .channels)
            try c.encode(Rounding.rounded(reach, 4), forKey: .reach)
            try c.encode(targetMet, forKey: .targetMet)
            try c.encode(underreached, forKey: .underreached)
        }
    }

    /// A profile the mix reaches less than the target, and what would reach it better.
    public struct Underreached: Encodable, Sendable, Hashable {
        /// The profile's id.
        public var profile: String
        /// The mix's estimated reach of the profile.
        public var reach: Double
        /// Channels within the budget, not in the mix, that reach the profile best (best first).
        public var suggestions: [String]

        enum CodingKeys: String, CodingKey { case profile, reach, suggestions }

        /// Encodes with a rounded reach.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(profile, forKey: .profile)
            try c.encode(Rounding.rounded(reach, 4), forKey: .reach)
            try c.encode(suggestions, forKey: .suggestions)
        }
    }
}

/// A coding key made from a profile id.
private struct ProfileKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
