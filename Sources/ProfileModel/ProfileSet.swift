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

/// One person effect of a profile: how much more (positive) or less (negative) likely a
/// person with the attribute is to belong to the profile, on the log-odds scale, than an
/// otherwise equal person without it.
public struct PersonEffect: Codable, Sendable, Hashable {
    /// The attribute, one of ``PersonAttribute``'s raw values.
    public var attribute: String
    /// The log-odds effect per person.
    public var effect: Double
    /// Where the value comes from (a derivation is an assumption that shows its numbers).
    public var basis: Basis

    /// Creates a person effect.
    public init(attribute: String, effect: Double, basis: Basis) {
        self.attribute = attribute
        self.effect = effect
        self.basis = basis
    }
}

/// Which attributes of a set are person cells (who lives there) and which are the context
/// of the place (the postcode's features).
public struct AttributeRoles: Codable, Sendable, Hashable {
    /// Person attributes (``PersonAttribute`` raw values) the profiles have effects on.
    public var person: [String]
    /// Context features (``Feature`` raw values) the signatures may weigh.
    public var context: [String]

    /// Creates the roles.
    public init(person: [String], context: [String]) {
        self.person = person
        self.context = context
    }

    /// Every person attribute, and every feature that describes the place.
    public static let standard = AttributeRoles(
        person: PersonAttribute.allCases.map(\.rawValue),
        context: Feature.allCases.filter(\.isContext).map(\.rawValue))
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
    /// The description in Dutch (`description_nl`), if the set gives one.
    public var descriptionNL: String?
    /// Levels on the four dimensions: engagement, trust, participation, communication.
    public var dimensions: [String: DimensionLevel]
    /// The national share of residents, in [0, 1].
    public var share: Double
    /// Where the national share comes from.
    public var shareBasis: Basis
    /// The weights on the place's context features.
    public var signature: [SignatureWeight]
    /// The effects of the person attributes (age band, living with children).
    public var personEffects: [PersonEffect]

    enum CodingKeys: String, CodingKey {
        case id, name, label, description, dimensions, share, signature
        case descriptionNL = "description_nl"
        case personEffects = "person_effects"
    }

    /// The description in a language: the English one stands in for a missing Dutch one.
    public func description(in language: Language) -> String {
        language == .nl ? descriptionNL ?? description : description
    }

    struct Share: Codable {
        var value: Double
        var basis: Basis
    }

    /// Creates a profile.
    public init(
        id: String, name: String, label: String, description: String,
        dimensions: [String: DimensionLevel] = [:], share: Double, shareBasis: Basis,
        signature: [SignatureWeight], personEffects: [PersonEffect] = [], descriptionNL: String? = nil
    ) {
        self.descriptionNL = descriptionNL
        self.id = id
        self.name = name
        self.label = label
        self.description = description
        self.dimensions = dimensions
        self.share = share
        self.shareBasis = shareBasis
        self.signature = signature
        self.personEffects = personEffects
    }

    /// Decodes a profile; `label` defaults to the name, missing collections to empty.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decode(String.self, forKey: .name)
        label = try c.decodeIfPresent(String.self, forKey: .label) ?? name
        description = try c.decodeIfPresent(String.self, forKey: .description) ?? ""
        descriptionNL = try c.decodeIfPresent(String.self, forKey: .descriptionNL)
        dimensions = try c.decodeIfPresent([String: DimensionLevel].self, forKey: .dimensions) ?? [:]
        let share = try c.decode(Share.self, forKey: .share)
        self.share = share.value
        shareBasis = share.basis
        signature = try c.decodeIfPresent([SignatureWeight].self, forKey: .signature) ?? []
        personEffects = try c.decodeIfPresent([PersonEffect].self, forKey: .personEffects) ?? []
    }

    /// Encodes the profile with its share as `{"value", "basis"}`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(label, forKey: .label)
        try c.encode(description, forKey: .description)
        try c.encodeIfPresent(descriptionNL, forKey: .descriptionNL)
        try c.encode(dimensions, forKey: .dimensions)
        try c.encode(Share(value: share, basis: shareBasis), forKey: .share)
        try c.encode(signature, forKey: .signature)
        try c.encode(personEffects, forKey: .personEffects)
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
    /// The name in Dutch (`name_nl`), if the set gives one.
    public var nameNL: String?
    /// Version of the file's content; recorded in the dataset metadata.
    public var version: String
    /// What the set is and where it comes from.
    public var description: String
    /// Which attributes are person cells and which are the place's context.
    public var attributes: AttributeRoles
    /// The profiles, in their published order.
    public var profiles: [Profile]

    enum CodingKeys: String, CodingKey {
        case id, name, version, description, attributes, profiles
        case nameNL = "name_nl"
    }

    /// The name in a language: the English one stands in for a missing Dutch one.
    public func name(in language: Language) -> String { language == .nl ? nameNL ?? name : name }

    /// Tolerance on the sum of the national shares.
    public static let shareTolerance = 1e-6

    /// Creates a set and validates it.
    public init(
        id: String, name: String, version: String, description: String, attributes: AttributeRoles = .standard,
        profiles: [Profile]
    ) throws(ProfileModelError) {
        self.id = id
        self.name = name
        self.version = version
        self.description = description
        self.attributes = attributes
        self.profiles = profiles
        try validate()
    }

    /// Decodes and validates a set (the share basis, ids and weights are checked).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decode(String.self, forKey: .name)
        nameNL = try c.decodeIfPresent(String.self, forKey: .nameNL)
        version = try c.decodeIfPresent(String.self, forKey: .version) ?? "unversioned"
        description = try c.decodeIfPresent(String.self, forKey: .description) ?? ""
        attributes = try c.decodeIfPresent(AttributeRoles.self, forKey: .attributes) ?? .standard
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
        for name in attributes.person where PersonAttribute(rawValue: name) == nil {
            let known = PersonAttribute.allCases.map(\.rawValue).joined(separator: ", ")
            throw ProfileModelError(
                .invalidData, "profile set '\(id)' lists the unknown person attribute '\(name)'; known: \(known)")
        }
        for name in attributes.context where Feature(rawValue: name)?.isContext != true {
            let known = Feature.allCases.filter(\.isContext).map(\.rawValue).joined(separator: ", ")
            throw ProfileModelError(
                .invalidData,
                "profile set '\(id)' lists '\(name)' as a context feature; context features describe the place: \(known)"
            )
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
                guard attributes.context.contains(weight.feature) else {
                    throw ProfileModelError(
                        .invalidData,
                        "profile '\(profile.id)' weighs '\(weight.feature)', which is not a context feature of set '\(id)'; an age or household-with-children weight belongs in \"person_effects\""
                    )
                }
            }
            var personAttributes = Set<String>()
            for effect in profile.personEffects {
                guard attributes.person.contains(effect.attribute) else {
                    throw ProfileModelError(
                        .invalidData,
                        "profile '\(profile.id)' has an effect on '\(effect.attribute)', which is not a person attribute of set '\(id)' (\(attributes.person.joined(separator: ", ")))"
                    )
                }
                guard effect.effect.isFinite else {
                    throw ProfileModelError(
                        .invalidData, "profile '\(profile.id)' has a non-finite effect on '\(effect.attribute)'")
                }
                guard personAttributes.insert(effect.attribute).inserted else {
                    throw ProfileModelError(
                        .invalidData, "profile '\(profile.id)' has two effects on '\(effect.attribute)'")
                }
                try effect.basis.validate("the effect of '\(effect.attribute)' on profile '\(profile.id)'")
            }
        }
        // Dutch descriptions are optional, but a set gives them for every profile or for none.
        if let described = profiles.first(where: { $0.descriptionNL != nil }),
            let missing = profiles.first(where: {
                $0.descriptionNL?.trimmingCharacters(in: .whitespaces).isEmpty ?? true
            })
        {
            throw ProfileModelError(
                .invalidData,
                "profile '\(missing.id)' has no Dutch description (\"description_nl\") while profile '\(described.id)' has one; give it for every profile of set '\(id)' or for none"
            )
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
