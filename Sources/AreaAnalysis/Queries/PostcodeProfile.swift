internal import Foundation
public import ProfileModel

/// A postcode's estimated profile mix, each profile indexed against the national share:
/// what `geoprofile postcode` shows.
public struct PostcodeProfile: Encodable, Sendable {
    /// One profile's figures in the postcode.
    public struct Figure: Encodable, Sendable {
        /// The profile's id.
        public var id: String
        /// The profile's name.
        public var name: String
        /// Estimated adults (15+) of the profile.
        public var adults: Double
        /// The profile's share of the postcode's adults.
        public var share: Double
        /// 100 × share / national share; `nil` when the national share is zero.
        public var index: Double?
    }

    /// The 4-digit postcode.
    public var postcode: String
    /// Its place (woonplaats).
    public var place: String
    /// Its municipality.
    public var municipality: String
    /// Its province.
    public var province: String
    /// CBS residents.
    public var residents: Double
    /// Residents aged 15 and over: the profiled population.
    public var adults: Double
    /// Residents aged 0-14, who get no profile of their own.
    public var children: Double
    /// CBS households.
    public var households: Double
    /// Where the profile figures come from: `model` or a licensed file.
    public var profileSource: String
    /// The profiles, in the order of the set.
    public var profiles: [Figure]
    /// Ids of the profiles that dominate the mix.
    public var dominant: [String]
    /// Notes of the dataset build (imputed counts, empty geometry).
    public var flags: [String]
    /// How much of each profile comes from who lives there and from the place, when asked for.
    public var explanation: PostcodeExplanation?

    enum CodingKeys: String, CodingKey {
        case postcode, place, municipality, province, residents, adults, children, households
        case profileSource = "profile_source"
        case profiles, dominant, flags, explanation
    }

    /// The profiles of the given postcodes, in the order asked, and the postcodes the
    /// dataset does not hold.
    ///
    /// A code must be four digits 1000-9999 (``Postcode/validated(_:)``; a PC6 such as
    /// `1011 AB` is refused, naming the PC4 to use); `unknown` gives the codes as they were asked.
    public static func lookUp(_ codes: [String], in data: PostcodeDataset, explain: Bool = false) throws -> (
        found: [PostcodeProfile], unknown: [String]
    ) {
        let national = CompositionBuilder(dataset: data).national
        let estimator = explain ? try data.estimator() : nil
        let set = data.profileSet
        let trimmed = try codes.map(Postcode.validated)
        let positions = try data.positions(ofPostcodes: trimmed)
        var found: [PostcodeProfile] = []
        var unknown: [String] = []
        for (code, key) in zip(codes, trimmed) {
            guard let position = positions[key] else {
                unknown.append(code)
                continue
            }
            let record = try data.records(at: [position])[0]
            let figures = set.profiles.indices.map { k in
                Figure(
                    id: set.profiles[k].id, name: set.profiles[k].name, adults: record.profileAdults[k],
                    share: record.shares[k],
                    index: national[k] > 0 ? 100 * record.shares[k] / national[k] : nil)
            }
            let shareMix = try ProfileMix(set: set, residents: record.shares)
            found.append(
                PostcodeProfile(
                    postcode: record.postcode, place: record.place, municipality: record.municipality,
                    province: record.province, residents: record.residents, adults: record.people.adults,
                    children: record.people.children, households: record.households,
                    profileSource: record.profileSource, profiles: figures,
                    dominant: shareMix.dominant.map { set.profiles[$0].id }, flags: record.flags,
                    explanation: estimator.map {
                        $0.explain(
                            PostcodeInput(
                                postcode: record.postcode, residents: record.residents,
                                demographics: record.demographics))
                    }))
        }
        return (found, unknown)
    }
}
