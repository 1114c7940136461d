internal import Foundation
public import ProfileModel

/// One profile's figures in a zone.
public struct ProfileFigure: Codable, Sendable, Hashable {
    /// Profile id.
    public var id: String
    /// Profile name.
    public var name: String
    /// Estimated adults (15+) of the profile.
    public var adults: Double
    /// Share of the zone's adults.
    public var share: Double
    /// Index against the national share (100 = national average).
    public var index: Double?
    /// Index against the `--compare-to` reference, when one other than the nation is given.
    public var indexCompare: Double?

    enum CodingKeys: String, CodingKey {
        case id, name, adults, share, index
        case indexCompare = "index_compare"
    }
}

/// A postcode's part in a zone, for the report.
public struct PostcodePart: Codable, Sendable, Hashable {
    /// The postcode.
    public var postcode: String
    /// Fraction of its counts assigned to the zone.
    public var weight: Double
}

/// The profile composition of one zone: what `geoprofile analyze` reports.
public struct ZoneComposition: Codable, Sendable {
    /// Zone id.
    public var id: String
    /// Zone name.
    public var name: String?
    /// Area, m².
    public var areaM2: Double
    /// Residents (CBS, apportioned).
    public var residents: Double
    /// Adults, 15+ (the profiled population, apportioned).
    public var adults: Double
    /// Children, 0-14 (not profiled, apportioned).
    public var children: Double
    /// Households (CBS, apportioned).
    public var households: Double
    /// Share of the zone's area covered by postcode polygons.
    public var coverage: Double
    /// The municipality holding most of the zone's residents.
    public var municipality: String?
    /// Per-profile figures, in the set's order.
    public var profiles: [ProfileFigure]
    /// Ids of the dominant profiles (largest first, together at least half).
    public var dominant: [String]
    /// Contributing postcodes.
    public var postcodes: [PostcodePart]
    /// Repairs, partial coverage, suppressed data.
    public var warnings: [String]

    enum CodingKeys: String, CodingKey {
        case id, name
        case areaM2 = "area_m2"
        case residents, adults, children, households, coverage, municipality, profiles, dominant, postcodes, warnings
    }
}

/// The whole analysis: what `--format json` prints.
public struct AnalysisReport: Codable, Sendable {
    /// `area` or `centroid`.
    public var method: ApportionmentMethod
    /// The dataset file and its provenance.
    public var dataset: String
    /// The profile set.
    public var profileSet: String
    /// What `index_compare` is measured against, when given.
    public var compareTo: String?
    /// How to read the figures.
    public var note: String
    /// One entry per zone.
    public var zones: [ZoneComposition]

    enum CodingKeys: String, CodingKey {
        case method, dataset
        case profileSet = "profile_set"
        case compareTo = "compare_to"
        case note, zones
    }

    /// The statement every report carries.
    public static let note =
        "Profile figures are model estimates from CBS demographics (Bron: CBS), not measurements; they count adults (15+), and shares are shares of adults. Counts are apportioned by area: residents are assumed to be spread evenly within each postcode. See Docs/profile-model.md and Docs/area-analysis.md."
}

/// What the zone's profile shares are compared with, besides the nation.
public enum ComparisonReference: Sendable {
    /// Only the national index.
    case nation
    /// The municipality that holds most of each zone's residents.
    case municipality
    /// Fixed reference shares (e.g. from another zone file), with a label.
    case shares([Double], label: String)
}

/// Turns apportionments into compositions.
public struct CompositionBuilder: Sendable {
    /// The dataset.
    public let dataset: PostcodeDataset
    /// Coverage below which a warning is given.
    public static let coverageWarning = 0.95
    private let nationalShares: [Double]
    private let municipalityShares: [String: [Double]]

    /// Takes the national and municipal reference shares from the dataset's metadata.
    public init(dataset: PostcodeDataset) {
        self.dataset = dataset
        nationalShares = Self.normalised(dataset.metadata.references.national)
        municipalityShares = dataset.metadata.references.municipalities.mapValues(Self.normalised)
    }

    static func normalised(_ counts: [Double]) -> [Double] {
        let total = counts.reduce(0, +)
        return counts.map { total > 0 ? $0 / total : 0 }
    }

    /// The national share of every profile in the dataset.
    public var national: [Double] { nationalShares }

    /// The profile mix of an apportionment.
    public func mix(_ apportionment: ZoneApportionment) throws -> ProfileMix {
        let inputs = try CompositionInputs(dataset: dataset, positions: apportionment.weights.map(\.position))
        return try mix(apportionment, inputs: inputs)
    }

    /// The profile mix from the contributing postcodes' figures.
    func mix(_ apportionment: ZoneApportionment, inputs: CompositionInputs) throws -> ProfileMix {
        let k = inputs.profileCount
        var residents = [Double](repeating: 0, count: k)
        for part in apportionment.weights {
            let base = part.position * k
            for j in 0..<k { residents[j] += part.weight * inputs.profileResidents[base + j] }
        }
        return try ProfileMix(set: dataset.profileSet, residents: residents)
    }

    /// The composition of one zone.
    public func composition(_ apportionment: ZoneApportionment, compareTo reference: ComparisonReference = .nation)
        throws -> ZoneComposition
    {
        let inputs = try CompositionInputs(dataset: dataset, positions: apportionment.weights.map(\.position))
        return try composition(apportionment, inputs: inputs, compareTo: reference)
    }

    /// The composition of one zone from the contributing postcodes' figures, read
    /// beforehand (for many zones at once, see ``CompositionInputs``).
    func composition(
        _ apportionment: ZoneApportionment, inputs: CompositionInputs, compareTo reference: ComparisonReference
    ) throws -> ZoneComposition {
        let set = dataset.profileSet
        let mix = try self.mix(apportionment, inputs: inputs)
        var residents = 0.0
        var adults = 0.0
        var children = 0.0
        var households = 0.0
        var byMunicipality: [(municipality: Int32, residents: Double)] = []
        var warnings = apportionment.zone.warnings
        var imputed: [String] = []
        var incomplete = 0.0
        for part in apportionment.weights {
            let position = part.position
            let partResidents = part.weight * inputs.residents[position]
            residents += partResidents
            adults += part.weight * inputs.adults[position]
            children += part.weight * inputs.children[position]
            households += part.weight * inputs.households[position]
            let code = inputs.municipality[position]
            if let slot = byMunicipality.firstIndex(where: { $0.municipality == code }) {
                byMunicipality[slot].residents += partResidents
            } else {
                byMunicipality.append((code, partResidents))
            }
            if inputs.imputed[position] && part.weight > 0 { imputed.append(inputs.postcodes[position]) }
            if inputs.incomplete[position] { incomplete += partResidents }
        }
        // The municipality with most residents; ties go to the name first in order.
        let municipality = byMunicipality.map { (inputs.municipalityNames[Int($0.municipality)], $0.residents) }
            .max { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 > $1.0 }?.0
        let coverage = apportionment.zone.area > 0 ? apportionment.coveredArea / apportionment.zone.area : 0
        if coverage < Self.coverageWarning {
            warnings.append(
                "only \(String(format: "%.1f", 100 * coverage))% of the zone lies within postcode areas (water, or outside the Netherlands); the figures cover that part"
            )
        }
        if !imputed.isEmpty {
            warnings.append(
                "postcode\(imputed.count > 1 ? "s" : "") \(imputed.joined(separator: ", ")) ha\(imputed.count > 1 ? "ve" : "s") suppressed CBS figures (secret or 0-4 residents); 2 residents are assumed"
            )
        }
        if residents > 0, incomplete / residents > 0.05 {
            warnings.append(
                "\(String(format: "%.0f", 100 * incomplete / residents))% of the residents live in postcodes where some model inputs were suppressed and set to the national average"
            )
        }
        if residents <= 0 { warnings.append("no residents live in this zone according to CBS") }
        var compare: [Double]?
        switch reference {
        case .nation: compare = nil
        case .municipality: compare = municipality.flatMap { municipalityShares[$0] }
        case .shares(let shares, _): compare = shares
        }
        let shares = mix.shares
        let profiles = set.profiles.indices.map { k in
            ProfileFigure(
                id: set.profiles[k].id, name: set.profiles[k].name, adults: mix.residents[k], share: shares[k],
                index: adults > 0 && nationalShares[k] > 0 ? 100 * shares[k] / nationalShares[k] : nil,
                indexCompare: compare.flatMap { adults > 0 && $0[k] > 0 ? 100 * shares[k] / $0[k] : nil })
        }
        return ZoneComposition(
            id: apportionment.zone.id, name: apportionment.zone.name, areaM2: apportionment.zone.area,
            residents: residents, adults: adults, children: children,
            households: households, coverage: min(coverage, 1), municipality: municipality, profiles: profiles,
            dominant: adults > 0 ? mix.dominant.map { set.profiles[$0].id } : [],
            postcodes: apportionment.weights.map {
                PostcodePart(postcode: inputs.postcodes[$0.position], weight: $0.weight)
            },
            warnings: warnings)
    }
}

/// The figures a composition reads from each postcode, in flat arrays by position.
///
/// Read once for every contributing postcode, they let many zones be composed on all
/// cores without copying records or taking the dataset's lock.
struct CompositionInputs: Sendable {
    /// Profiles in the set.
    let profileCount: Int
    /// Residents by position.
    let residents: [Double]
    /// Households by position.
    let households: [Double]
    /// Adults by position.
    let adults: [Double]
    /// Children by position.
    let children: [Double]
    /// Adults per profile: `profileCount` numbers per position.
    let profileResidents: [Double]
    /// Municipality by position, as an index into `municipalityNames`.
    let municipality: [Int32]
    /// The municipalities' names.
    let municipalityNames: [String]
    /// Whether the postcode's residents were imputed (suppressed CBS cell).
    let imputed: [Bool]
    /// Whether some of the postcode's model inputs were set to the national average.
    let incomplete: [Bool]
    /// The postcodes.
    let postcodes: [String]

    /// Reads the figures of the postcodes at `positions`; other positions hold zeros.
    init(dataset: PostcodeDataset, positions: [Int]) throws(AreaAnalysisError) {
        let profiles = dataset.profileSet.profiles
        let k = profiles.count
        let count = dataset.count
        var residents = [Double](repeating: 0, count: count)
        var households = [Double](repeating: 0, count: count)
        var adults = [Double](repeating: 0, count: count)
        var children = [Double](repeating: 0, count: count)
        var profileResidents = [Double](repeating: 0, count: count * k)
        var municipality = [Int32](repeating: 0, count: count)
        var names: [String] = []
        var codes: [String: Int32] = [:]
        var imputed = [Bool](repeating: false, count: count)
        var incomplete = [Bool](repeating: false, count: count)
        var postcodes = [String](repeating: "", count: count)
        // Only the columns a composition uses: a fifth of a record.
        let columns =
            ["postcode", "municipality", "residents", "households", "flags", "adults", "children"]
            + profiles.map { DatasetSchema.residentsColumn($0.id) }
        for (position, v) in try dataset.columns(columns, at: positions) {
            postcodes[position] = v[0].text ?? ""
            let name = v[1].text ?? ""
            if let code = codes[name] {
                municipality[position] = code
            } else {
                let code = Int32(names.count)
                codes[name] = code
                names.append(name)
                municipality[position] = code
            }
            residents[position] = v[2].double ?? 0
            households[position] = v[3].double ?? 0
            let flags = (v[4].text ?? "").split(separator: ";")
            imputed[position] = flags.contains("residents_imputed")
            incomplete[position] = flags.contains { $0.hasPrefix("features_at_national_average") }
            adults[position] = v[5].double ?? 0
            children[position] = v[6].double ?? 0
            for j in 0..<k { profileResidents[position * k + j] = v[7 + j].double ?? 0 }
        }
        profileCount = k
        self.residents = residents
        self.households = households
        self.adults = adults
        self.children = children
        self.profileResidents = profileResidents
        self.municipality = municipality
        municipalityNames = names
        self.imputed = imputed
        self.incomplete = incomplete
        self.postcodes = postcodes
    }
}
