internal import Foundation
public import ProfileModel

/// One profile's figures in a zone.
public struct ProfileFigure: Codable, Sendable, Hashable {
    /// Profile id.
    public var id: String
    /// Profile name.
    public var name: String
    /// Estimated residents.
    public var residents: Double
    /// Share of the zone's residents.
    public var share: Double
    /// Index against the national share (100 = national average).
    public var index: Double?
    /// Index against the `--compare-to` reference, when one other than the nation is given.
    public var indexCompare: Double?

    enum CodingKeys: String, CodingKey {
        case id, name, residents, share, index
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
        case residents, households, coverage, municipality, profiles, dominant, postcodes, warnings
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
        "Profile figures are model estimates from CBS demographics (Bron: CBS), not measurements. Counts are apportioned by area: residents are assumed to be spread evenly within each postcode. See Docs/area-analysis.md."
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
        try mix(apportionment, records: try dataset.records(at: apportionment.weights.map(\.position)))
    }

    /// The profile mix from the contributing records, already read.
    func mix(_ apportionment: ZoneApportionment, records: [PostcodeRecord]) throws -> ProfileMix {
        var residents = [Double](repeating: 0, count: dataset.profileSet.profiles.count)
        for (part, record) in zip(apportionment.weights, records) {
            for k in residents.indices { residents[k] += part.weight * record.profileResidents[k] }
        }
        return try ProfileMix(set: dataset.profileSet, residents: residents)
    }

    /// The composition of one zone.
    public func composition(_ apportionment: ZoneApportionment, compareTo reference: ComparisonReference = .nation)
        throws -> ZoneComposition
    {
        let set = dataset.profileSet
        let records = try dataset.records(at: apportionment.weights.map(\.position))
        let mix = try self.mix(apportionment, records: records)
        var residents = 0.0
        var households = 0.0
        var byMunicipality: [String: Double] = [:]
        var warnings = apportionment.zone.warnings
        var imputed: [String] = []
        var incomplete = 0.0
        for (part, record) in zip(apportionment.weights, records) {
            residents += part.weight * record.residents
            households += part.weight * record.households
            byMunicipality[record.municipality, default: 0] += part.weight * record.residents
            if record.flags.contains("residents_imputed") && part.weight > 0 { imputed.append(record.postcode) }
            if record.flags.contains(where: { $0.hasPrefix("features_at_national_average") }) {
                incomplete += part.weight * record.residents
            }
        }
        let municipality = byMunicipality.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key
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
                id: set.profiles[k].id, name: set.profiles[k].name, residents: mix.residents[k], share: shares[k],
                index: residents > 0 && nationalShares[k] > 0 ? 100 * shares[k] / nationalShares[k] : nil,
                indexCompare: compare.flatMap { residents > 0 && $0[k] > 0 ? 100 * shares[k] / $0[k] : nil })
        }
        return ZoneComposition(
            id: apportionment.zone.id, name: apportionment.zone.name, areaM2: apportionment.zone.area,
            residents: residents,
            households: households, coverage: min(coverage, 1), municipality: municipality, profiles: profiles,
            dominant: residents > 0 ? mix.dominant.map { set.profiles[$0].id } : [],
            postcodes: zip(apportionment.weights, records).map {
                PostcodePart(postcode: $1.postcode, weight: $0.weight)
            },
            warnings: warnings)
    }
}
