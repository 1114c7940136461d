public import ProfileModel

/// Who took part, compared with who lives in the zone: per profile the expected and the
/// estimated participants, a representation ratio with a 95% interval, and for the
/// under-represented profiles the channels of the plan's tables that reach them best.
///
/// The estimate is **ecological**: each participant counts with the estimated profile mix
/// of the adults of their postcode (and age band), because their own profile is unknown.
public struct ParticipationCheck: Codable, Sendable, Hashable {
    /// The plan's zone.
    public var zone: String
    /// The participants file.
    public var source: String
    /// Participants living in the zone's postcodes.
    public var participants: Int
    /// Participants living outside the zone, counted apart.
    public var outside: Int
    /// The postcodes outside the zone and their participants.
    public var outsidePostcodes: [PostcodeCount]
    /// Participants who gave an age band.
    public var withAgeBand: Int
    /// The interval's confidence level.
    public var confidence: Double
    /// The interval's method.
    public var interval: String
    /// One row per profile, in the set's order.
    public var profiles: [ProfileCheck]
    /// The under-represented profiles, most under-represented first, with channels to add.
    public var underrepresented: [Suggestion]
    /// What the estimate can and cannot say (always ``Reason/ecologicalEstimate``).
    public var note: Reason

    enum CodingKeys: String, CodingKey {
        case zone, source, participants, outside, confidence, interval, profiles, underrepresented, note
        case outsidePostcodes = "outside_postcodes"
        case withAgeBand = "with_age_band"
    }

    /// Participants of one postcode.
    public struct PostcodeCount: Codable, Sendable, Hashable {
        /// The postcode.
        public var postcode: String
        /// Participants.
        public var count: Int
    }

    /// Whether a profile took part as expected.
    public enum Status: String, Codable, Sendable, Hashable {
        /// The interval lies below 1.
        case under
        /// The interval holds 1.
        case expected
        /// The interval lies above 1.
        case over
    }

    /// One profile's representation.
    public struct ProfileCheck: Codable, Sendable, Hashable {
        /// The profile's id.
        public var id: String
        /// The profile's name.
        public var name: String
        /// The profile's share of the zone's adults.
        public var zoneShare: Double
        /// Participants expected from the zone's mix: participants × zone share.
        public var expected: Double
        /// Participants estimated from their postcodes (and age bands).
        public var estimated: Double
        /// Estimated over expected; `nil` when the profile is absent from the zone.
        public var ratio: Double?
        /// The interval's lower end.
        public var low: Double?
        /// The interval's upper end.
        public var high: Double?
        /// Under, as expected or over.
        public var status: Status

        enum CodingKeys: String, CodingKey {
            case id, name, expected, estimated, ratio, low, high, status
            case zoneShare = "zone_share"
        }
    }

    /// An under-represented profile and the channels that reach it best.
    public struct Suggestion: Codable, Sendable, Hashable {
        /// The profile's id.
        public var profile: String
        /// The profile's name.
        public var name: String
        /// Its representation ratio.
        public var ratio: Double
        /// Channels not in the plan's mix, best reach of the profile first.
        public var channels: [ChannelSuggestion]
    }

    /// A channel to add, and why.
    public struct ChannelSuggestion: Codable, Sendable, Hashable {
        /// The channel's id.
        public var id: String
        /// The channel's name.
        public var name: LocalizedText
        /// Its estimated reach of the profile.
        public var reach: Double
        /// Why: its reach of the profile, and how it reaches people.
        public var reason: Reason
    }
}

/// Compares participants with a plan's zone (see ``ParticipationCheck``).
public enum ParticipationMonitor {
    /// The normal quantile of a two-sided 95% interval.
    static let z = 1.959963984540054
    /// Channels suggested per under-represented profile.
    static let suggestionsPerProfile = 3

    /// Checks participants against a plan.
    ///
    /// - Throws: ``ProfileModelError`` when the participants were estimated with another
    ///   dataset than the plan (the plan is refused), or when nobody took part inside the zone.
    public static func check(_ participants: EstimatedParticipants, against plan: ProcessPlan) throws(ProfileModelError)
        -> ParticipationCheck
    {
        try plan.checkDataset(participants.dataset)
        guard participants.profiles == plan.zone.profiles.map(\.id) else {
            throw ProfileModelError(.invalidData, "the plan's profiles are not those of the dataset", input: .plan)
        }
        let n = participants.inside
        guard n > 0 else {
            throw ProfileModelError(
                .invalidData,
                "none of the \(participants.outsideCount) participants in \(participants.source) lives in zone \(plan.zone.id)",
                input: .participants)
        }
        let k = plan.zone.profiles.count
        var estimated = [Double](repeating: 0, count: k)
        for group in participants.groups {
            for p in 0..<k { estimated[p] += Double(group.count) * group.shares[p] }
        }
        let total = plan.zone.profiles.reduce(0) { $0 + $1.adults }
        let rows = plan.zone.profiles.indices.map { p -> ParticipationCheck.ProfileCheck in
            let profile = plan.zone.profiles[p]
            let share = total > 0 ? profile.adults / total : 0
            let expected = Double(n) * share
            guard share > 0 else {
                return .init(
                    id: profile.id, name: profile.name, zoneShare: 0, expected: 0, estimated: round(estimated[p], 2),
                    ratio: nil, low: nil, high: nil, status: .expected)
            }
            let q = min(max(estimated[p] / Double(n), 0), 1)
            let (lowShare, highShare) = wilson(q, n: Double(n))
            let ratio = q / share
            let low = lowShare / share
            let high = highShare / share
            let status: ParticipationCheck.Status = high < 1 ? .under : low > 1 ? .over : .expected
            return .init(
                id: profile.id, name: profile.name, zoneShare: round(share, 4), expected: round(expected, 2),
                estimated: round(estimated[p], 2), ratio: round(ratio, 3), low: round(low, 3), high: round(high, 3),
                status: status)
        }
        let under = rows.indices.filter { rows[$0].status == .under }.sorted {
            (rows[$0].ratio ?? 0, rows[$0].id) < (rows[$1].ratio ?? 0, rows[$1].id)
        }
        let suggestions = under.map { p in
            ParticipationCheck.Suggestion(
                profile: rows[p].id, name: rows[p].name, ratio: rows[p].ratio ?? 0,
                channels: channels(for: p, name: rows[p].name, in: plan))
        }
        return ParticipationCheck(
            zone: plan.zone.id, source: participants.source, participants: n, outside: participants.outsideCount,
            outsidePostcodes: participants.outside.map { .init(postcode: $0.postcode, count: $0.count) },
            withAgeBand: participants.groups.filter { $0.ageBand != nil }.reduce(0) { $0 + $1.count },
            confidence: 0.95, interval: "wilson", profiles: rows, underrepresented: suggestions,
            note: .ecologicalEstimate)
    }

    /// The Wilson score interval of a share `q` observed among `n`.
    static func wilson(_ q: Double, n: Double) -> (Double, Double) {
        let z2 = z * z
        let denominator = 1 + z2 / n
        let centre = (q + z2 / (2 * n)) / denominator
        let half = z / denominator * (q * (1 - q) / n + z2 / (4 * n * n)).squareRoot()
        return (max(0, centre - half), min(1, centre + half))
    }

    /// The plan's channels outside its mix that reach a profile best (ties by id).
    static func channels(for p: Int, name: String, in plan: ProcessPlan) -> [ParticipationCheck.ChannelSuggestion] {
        let candidates = plan.channels.filter { !$0.inMix && p < $0.reach.count && $0.reach[p].reach > 0 }
        return candidates.sorted { a, b in
            a.reach[p].reach != b.reach[p].reach ? a.reach[p].reach > b.reach[p].reach : a.id < b.id
        }.prefix(suggestionsPerProfile).map { channel in
            .init(
                id: channel.id, name: channel.name, reach: channel.reach[p].reach,
                reason: .suggestion(.init(profile: name, reach: channel.reach[p].reach, via: channel.via)))
        }
    }

    static func round(_ value: Double, _ decimals: Int) -> Double { Rounding.rounded(value, decimals) }
}
