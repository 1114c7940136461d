public import ProfileModel

/// What the plausibility figures need of one postcode.
public struct PlausibilityInput: Sendable {
    /// The postcode.
    public var postcode: String
    /// Its municipality.
    public var municipality: String
    /// Residents (CBS).
    public var residents: Double
    /// Its CBS variables (the age bands are read from them).
    public var demographics: Demographics
    /// The counted people per profile, in the set's order (adults; residents for a model
    /// that profiles every resident).
    public var counted: [Double]
    /// Counted people aged 65+ per profile; `nil` when the model has no ages inside a
    /// postcode (then each profile is assumed to have the postcode's share of 65+).
    public var countedSeniors: [Double]?

    /// Creates an input.
    public init(
        postcode: String, municipality: String, residents: Double, demographics: Demographics, counted: [Double],
        countedSeniors: [Double]?
    ) {
        self.postcode = postcode
        self.municipality = municipality
        self.residents = residents
        self.demographics = demographics
        self.counted = counted
        self.countedSeniors = countedSeniors
    }
}

/// Whether the profile estimates are credible where people look: how often one profile
/// dominates a postcode, whether the senior and family profiles follow the ages, and
/// whether the urban-rural contrast survives. Printed by `geoprofile data build`, stored
/// in the dataset and asserted by the tests; `Docs/profile-model.md` §11 gives the targets.
public struct PlausibilityFigures: Codable, Sendable, Hashable {
    /// What the counts count: `adults` or `residents`.
    public var population: String
    /// Postcodes with at least ``Plausibility/minimumResidents`` residents, the ones measured.
    public var postcodes: Int
    /// How often one profile holds most of a postcode.
    public var dominance: Dominance
    /// Whether the senior and family profiles follow the ages (absent for a set without them).
    public var ageCoherence: AgeCoherence?
    /// The urban-rural contrast (absent for a set without the village doers or without the places).
    public var contrast: Contrast?
    /// Largest difference between a national share and the set's target.
    public var nationalShareDeviation: Double
    /// Largest difference between 1 and the sum of a postcode's shares.
    public var shareSumDeviation: Double

    /// How often one profile dominates.
    public struct Dominance: Codable, Sendable, Hashable {
        /// Postcodes where one profile holds more than 80%.
        public var above80: Int
        /// Their share of the measured postcodes.
        public var above80Share: Double
        /// Postcodes where one profile holds more than 90%.
        public var above90: Int
        /// The 99th percentile of a postcode's largest share.
        public var largestShareP99: Double
        /// The single largest share, with its postcode and profile.
        public var largest: Double
        /// Where the largest share is.
        public var largestPostcode: String
        /// Which profile holds it.
        public var largestProfile: String

        enum CodingKeys: String, CodingKey {
            case above80 = "above_80"
            case above80Share = "above_80_share"
            case above90 = "above_90"
            case largestShareP99 = "largest_share_p99"
            case largest
            case largestPostcode = "largest_postcode"
            case largestProfile = "largest_profile"
        }
    }

    /// The 5th and 95th percentile of a ratio over postcodes, and their quotient.
    public struct Spread: Codable, Sendable, Hashable {
        /// 5th percentile.
        public var p5: Double
        /// 95th percentile.
        public var p95: Double
        /// `p95 / p5` (`nil` when the 5th percentile is 0).
        public var ratio: Double?
    }

    /// Whether the age-bound profiles follow the ages.
    public struct AgeCoherence: Codable, Sendable, Hashable {
        /// Zorgzame Senioren per resident aged 65+, relative to the national ratio.
        public var seniorsPer65Plus: Spread
        /// Geïnformeerde Gezinsdrukte per resident aged 0-14 or 25-44, relative to the national ratio.
        public var familiesPerParentAge: Spread
        /// Share of all Zorgzame Senioren that are 65 or older.
        public var seniorsAged65Plus: Double

        enum CodingKeys: String, CodingKey {
            case seniorsPer65Plus = "seniors_per_65_plus"
            case familiesPerParentAge = "families_per_0_14_and_25_44"
            case seniorsAged65Plus = "seniors_aged_65_plus"
        }
    }

    /// Inner Amsterdam against rural Drenthe.
    public struct Contrast: Codable, Sendable, Hashable {
        /// Dominant profiles of postcodes 1011-1018 together.
        public var innerAmsterdam: [String]
        /// Dominant profiles of the municipality Westerveld.
        public var westerveld: [String]
        /// Dominant profiles of Grolloo (9444).
        public var grolloo: [String]
        /// Whether inner Amsterdam shares no dominant profile with Westerveld or Grolloo.
        public var disjoint: Bool
        /// The share of Zelfbewuste Aanpakkers in Westerveld divided by that in inner Amsterdam
        /// (`nil` when inner Amsterdam has none).
        public var doersRatio: Double?

        enum CodingKeys: String, CodingKey {
            case innerAmsterdam = "inner_amsterdam"
            case westerveld, grolloo, disjoint
            case doersRatio = "doers_ratio"
        }
    }

    enum CodingKeys: String, CodingKey {
        case population, postcodes, dominance
        case ageCoherence = "age_coherence"
        case contrast
        case nationalShareDeviation = "national_share_deviation"
        case shareSumDeviation = "share_sum_deviation"
    }
}

/// Computes ``PlausibilityFigures``.
public enum Plausibility {
    /// Postcodes with fewer residents are left out of the distributions.
    public static let minimumResidents = 1_000.0
    /// The profile whose members should be older.
    public static let seniorsProfile = "zorgzame-senioren"
    /// The profile whose members should be parents.
    public static let familiesProfile = "geinformeerde-gezinsdrukte"
    /// The village profile of the contrast.
    public static let doersProfile = "zelfbewuste-aanpakkers"
    /// Inner Amsterdam.
    public static let innerAmsterdam = Set((1011...1018).map(String.init))

    /// The figures for a set's estimates over every postcode.
    public static func measure(set: ProfileSet, postcodes: [PlausibilityInput], population: String)
        -> PlausibilityFigures
    {
        let k = set.profiles.count
        let ids = set.profiles.map(\.id)
        var national = [Double](repeating: 0, count: k)
        var sumDeviation = 0.0
        for postcode in postcodes {
            national = zip(national, postcode.counted).map(+)
            let total = postcode.counted.reduce(0, +)
            if total > 0 { sumDeviation = max(sumDeviation, abs(postcode.counted.reduce(0) { $0 + $1 / total } - 1)) }
        }
        let nationalTotal = national.reduce(0, +)
        let deviation = zip(national, set.profiles).map { abs($0 / nationalTotal - $1.share) }.max() ?? 0
        let measured = postcodes.filter { $0.residents >= minimumResidents && $0.counted.reduce(0, +) > 0 }

        var largest: [Double] = []
        var top = (share: 0.0, postcode: "", profile: "")
        for postcode in measured {
            let total = postcode.counted.reduce(0, +)
            let (index, count) = postcode.counted.enumerated().max { $0.element < $1.element }!
            largest.append(count / total)
            if count / total > top.share { top = (count / total, postcode.postcode, ids[index]) }
        }
        let above80 = largest.filter { $0 > 0.8 }.count
        let dominance = PlausibilityFigures.Dominance(
            above80: above80, above80Share: measured.isEmpty ? 0 : Double(above80) / Double(measured.count),
            above90: largest.filter { $0 > 0.9 }.count, largestShareP99: percentile(largest, 0.99),
            largest: top.share, largestPostcode: top.postcode, largestProfile: top.profile)

        return PlausibilityFigures(
            population: population, postcodes: measured.count, dominance: dominance,
            ageCoherence: ageCoherence(ids: ids, postcodes: postcodes, measured: measured),
            contrast: contrast(set: set, postcodes: postcodes), nationalShareDeviation: deviation,
            shareSumDeviation: sumDeviation)
    }

    static func ageCoherence(ids: [String], postcodes: [PlausibilityInput], measured: [PlausibilityInput])
        -> PlausibilityFigures.AgeCoherence?
    {
        guard let seniors = ids.firstIndex(of: seniorsProfile), let families = ids.firstIndex(of: familiesProfile)
        else { return nil }
        func relative(_ profile: Int, _ base: (Demographics) -> Double) -> PlausibilityFigures.Spread {
            var profileTotal = 0.0
            var baseTotal = 0.0
            for postcode in postcodes {
                profileTotal += postcode.counted[profile]
                baseTotal += base(postcode.demographics)
            }
            let nationalRatio = profileTotal / baseTotal
            let ratios = measured.compactMap { postcode -> Double? in
                let b = base(postcode.demographics)
                return b > 0 ? postcode.counted[profile] / b / nationalRatio : nil
            }
            let p5 = percentile(ratios, 0.05)
            let p95 = percentile(ratios, 0.95)
            return PlausibilityFigures.Spread(p5: p5, p95: p95, ratio: p5 > 0 ? p95 / p5 : nil)
        }
        var seniorMembers = 0.0
        var oldSeniorMembers = 0.0
        for postcode in postcodes {
            seniorMembers += postcode.counted[seniors]
            if let old = postcode.countedSeniors {
                oldSeniorMembers += old[seniors]
            } else if postcode.residents > 0 {
                oldSeniorMembers +=
                    postcode.counted[seniors] * (postcode.demographics[.age65plus] ?? 0)
                    / postcode.residents
            }
        }
        return PlausibilityFigures.AgeCoherence(
            seniorsPer65Plus: relative(seniors) { $0[.age65plus] ?? 0 },
            familiesPerParentAge: relative(families) { ($0[.age0to14] ?? 0) + ($0[.age25to44] ?? 0) },
            seniorsAged65Plus: seniorMembers > 0 ? oldSeniorMembers / seniorMembers : 0)
    }

    static func contrast(set: ProfileSet, postcodes: [PlausibilityInput]) -> PlausibilityFigures.Contrast? {
        guard let doers = set.index(of: doersProfile) else { return nil }
        func mix(_ include: (PlausibilityInput) -> Bool) -> ProfileMix? {
            var counts = [Double](repeating: 0, count: set.profiles.count)
            var any = false
            for postcode in postcodes where include(postcode) {
                counts = zip(counts, postcode.counted).map(+)
                any = true
            }
            return any ? try? ProfileMix(set: set, residents: counts) : nil
        }
        guard let amsterdam = mix({ innerAmsterdam.contains($0.postcode) }),
            let westerveld = mix({ $0.municipality == "Westerveld" }), let grolloo = mix({ $0.postcode == "9444" })
        else { return nil }
        func dominant(_ mix: ProfileMix) -> [String] { mix.dominant.map { set.profiles[$0].id } }
        let urban = Set(dominant(amsterdam))
        return PlausibilityFigures.Contrast(
            innerAmsterdam: dominant(amsterdam), westerveld: dominant(westerveld), grolloo: dominant(grolloo),
            disjoint: urban.isDisjoint(with: dominant(westerveld)) && urban.isDisjoint(with: dominant(grolloo)),
            doersRatio: amsterdam.shares[doers] > 0 ? westerveld.shares[doers] / amsterdam.shares[doers] : nil)
    }

    /// The `q`-quantile with linear interpolation between order statistics (type 7).
    public static func percentile(_ values: [Double], _ q: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        return sorted[lower] + (position - Double(lower)) * (sorted[upper] - sorted[lower])
    }
}
