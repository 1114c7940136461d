public import Foundation

/// Where a value in a data file comes from: a publication, or a stated assumption.
///
/// Exactly one of the two is set. Every published figure names its `source`; every
/// figure that nobody has published is an `assumption` with the reasoning behind it,
/// so a guess is never presented as a measurement.
public struct Basis: Codable, Sendable, Hashable, CustomStringConvertible {
    /// The publication the value is taken from.
    public var source: String?
    /// Why the value was chosen when no publication gives it.
    public var assumption: String?

    /// A basis that cites a publication.
    public static func source(_ text: String) -> Basis { Basis(source: text, assumption: nil) }
    /// A basis that states an assumption.
    public static func assumption(_ text: String) -> Basis { Basis(source: nil, assumption: text) }

    /// `true` when the value is an assumption rather than a published figure.
    public var isAssumption: Bool { assumption != nil }

    /// `source: …` or `assumption: …`.
    public var description: String {
        if let source { return "source: \(source)" }
        return "assumption: \(assumption ?? "")"
    }

    package func validate(_ context: String) throws(ProfileModelError) {
        let hasSource = !(source ?? "").trimmingCharacters(in: .whitespaces).isEmpty
        let hasAssumption = !(assumption ?? "").trimmingCharacters(in: .whitespaces).isEmpty
        guard hasSource != hasAssumption else {
            throw ProfileModelError(
                .invalidData, "\(context) needs exactly one of \"source\" or \"assumption\" as its basis")
        }
    }
}

/// A level on one of a profile's dimensions (engagement, trust, ...), with its basis.
public struct DimensionLevel: Codable, Sendable, Hashable {
    /// The level, e.g. `high`, `low`, `meedenken`, `online`.
    public var level: String
    /// Where the level comes from.
    public var basis: Basis
}

/// One weight of a profile's signature: how strongly a standardised demographic feature
/// raises (positive) or lowers (negative) the profile's log-propensity in a postcode.
public struct SignatureWeight: Codable, Sendable, Hashable {
    /// The feature's identifier, one of ``Feature``'s raw values.
    public var feature: String
    /// The weight on the feature's z-score.
    public var weight: Double
    /// One line tying the weight to a published fact, or stating it is an assumption.
    public var rationale: String
}

/// One engagement profile of a ``ProfileSet``.
public struct Profile: Codable, Sendable, Hashable, Identifiable {
    /// Stable identifier, used in files, columns and JSON output (e.g. `zorgzame-senioren`).
    public var id: String
    /// The profile's name as published (Dutch for the Citisens set).
    public var name: String
    /// An English label.
    public var label: String
    /// A short description in the project's own words.
    public var description: String
    /// Levels on the four dimensions: engagement, trust, participation, communication.
    public var dimensions: [String: DimensionLevel]
    /// The national share of residents, in [0, 1].
    public var share: Double
    /// Where the national share comes from.
    public var shareBasis: Basis
    /// The weights that place the profile geographically.
    public var signature: [SignatureWeight]

    enum CodingKeys: String, CodingKey {
        case id, name, label, description, dimensions, share, signature
    }

    struct Share: Codable {
        var value: Double
        var basis: Basis
    }

    /// Creates a profile.
    public init(
        id: String, name: String, label: String, description: String,
        dimensions: [String: DimensionLevel] = [:], share: Double, shareBasis: Basis,
        signature: [SignatureWeight]
    ) {
        self.id = id
        self.name = name
        self.label = label
        self.description = description
        self.dimensions = dimensions
        self.share = share
        self.shareBasis = shareBasis
        self.signature = signature
    }

    /// Decodes a profile; `label` defaults to the name, missing collections to empty.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decode(String.self, forKey: .name)
        label = try c.decodeIfPresent(String.self, forKey: .label) ?? name
        description = try c.decodeIfPresent(String.self, forKey: .description) ?? ""
        dimensions = try c.decodeIfPresent([String: DimensionLevel].self, forKey: .dimensions) ?? [:]
        let share = try c.decode(Share.self, forKey: .share)
        self.share = share.value
        shareBasis = share.basis
        signature = try c.decodeIfPresent([SignatureWeight].self, forKey: .signature) ?? []
    }

    /// Encodes the profile with its share as `{"value", "basis"}`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(label, forKey: .label)
        try c.encode(description, forKey: .description)
        try c.encode(dimensions, forKey: .dimensions)
        try c.encode(Share(value: share, basis: shareBasis), forKey: .share)
        try c.encode(signature, forKey: .signature)
    }
}

/// A segmentation of residents into profiles, loaded from a data file.
///
/// Nothing in the project is written for eight profiles: any valid set works through the
/// whole pipeline. Load one with ``ProfileSet/load(from:)``; the initialiser validates.
public struct ProfileSet: Codable, Sendable, Hashable, Identifiable {
    /// Stable identifier, e.g. `citisens-2017`.
    public var id: String
    /// Human-readable name.
    public var name: String
    /// Version of the file's content; recorded in the dataset metadata.
    public var version: String
    /// What the set is and where it comes from.
    public var description: String
    /// The profiles, in their published order.
    public var profiles: [Profile]

    enum CodingKeys: String, CodingKey { case id, name, version, description, profiles }

    /// Tolerance on the sum of the national shares.
    public static let shareTolerance = 1e-6

    /// Creates a set and validates it.
    public init(id: String, name: String, version: String, description: String, profiles: [Profile])
        throws(ProfileModelError)
    {
        self.id = id
        self.name = name
        self.version = version
        self.description = description
        self.profiles = profiles
        try validate()
    }

    /// Decodes and validates a set (the share basis, ids and weights are checked).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decode(String.self, forKey: .name)
        version = try c.decodeIfPresent(String.self, forKey: .version) ?? "unversioned"
        description = try c.decodeIfPresent(String.self, forKey: .description) ?? ""
        profiles = try c.decode([Profile].self, forKey: .profiles)
        try validate()
    }

    /// The position of a profile by id.
    public func index(of profileID: String) -> Int? { profiles.firstIndex { $0.id == profileID } }

    /// Checks ids, shares, bases and signature features; throws the first problem found.
    public func validate() throws(ProfileModelError) {
        guard !profiles.isEmpty else {
            throw ProfileModelError(.invalidData, "profile set '\(id)' has no profiles")
        }
        var seen = Set<String>()
        for profile in profiles {
            guard !profile.id.isEmpty, profile.id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
            else {
                throw ProfileModelError(
                    .invalidData,
                    "profile id '\(profile.id)' in set '\(id)' may only contain letters, digits, '-' and '_'")
            }
            guard seen.insert(profile.id).inserted else {
                throw ProfileModelError(.invalidData, "profile set '\(id)' lists the profile id '\(profile.id)' twice")
            }
            guard profile.share.isFinite, profile.share > 0, profile.share < 1 else {
                throw ProfileModelError(
                    .invalidData,
                    "profile '\(profile.id)' has national share \(profile.share); it must lie between 0 and 1")
            }
            try profile.shareBasis.validate("the share of profile '\(profile.id)'")
            for (name, level) in profile.dimensions {
                try level.basis.validate("dimension '\(name)' of profile '\(profile.id)'")
            }
            var features = Set<String>()
            for weight in profile.signature {
                guard Feature(rawValue: weight.feature) != nil else {
                    let known = Feature.allCases.map(\.rawValue).joined(separator: ", ")
                    throw ProfileModelError(
                        .invalidData,
                        "profile '\(profile.id)' weighs the unknown variable '\(weight.feature)'; known variables: \(known)"
                    )
                }
                guard weight.weight.isFinite else {
                    throw ProfileModelError(
                        .invalidData, "profile '\(profile.id)' has a non-finite weight on '\(weight.feature)'")
                }
                guard features.insert(weight.feature).inserted else {
                    throw ProfileModelError(.invalidData, "profile '\(profile.id)' weighs '\(weight.feature)' twice")
                }
            }
        }
        let total = profiles.reduce(0) { $0 + $1.share }
        guard abs(total - 1) <= Self.shareTolerance else {
            throw ProfileModelError(
                .invalidData,
                "the national shares of profile set '\(id)' add up to \(String(format: "%.4f", total)), not 1")
        }
    }

    /// Loads and validates a profile set from a JSON file.
    public static func load(from url: URL) throws(ProfileModelError) -> ProfileSet {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ProfileModelError(
                .missingInput, "cannot read the profile set \(url.path): \(error.localizedDescription)")
        }
        do {
            return try JSONDecoder().decode(ProfileSet.self, from: data)
        } catch let error as ProfileModelError {
            throw ProfileModelError(error.code, "\(url.lastPathComponent): \(error.message)")
        } catch {
            throw ProfileModelError(
                .invalidData, "\(url.lastPathComponent) is not a valid profile set: \(describe(decoding: error))")
        }
    }
}

/// A readable sentence for a decoding error: which key, at which path.
package func describe(decoding error: any Error) -> String {
    guard let error = error as? DecodingError else { return "\(error)" }
    func path(_ codingPath: [any CodingKey]) -> String {
        codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }
    switch error {
    case .keyNotFound(let key, let context):
        return
            "missing \"\(key.stringValue)\" at \(path(context.codingPath).isEmpty ? "top level" : path(context.codingPath))"
    case .typeMismatch(_, let context), .valueNotFound(_, let context):
        return "wrong type at \(path(context.codingPath)): \(context.debugDescription)"
    case .dataCorrupted(let context):
        let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
        return underlying ?? context.debugDescription
    @unknown default:
        return "\(error)"
    }
}
