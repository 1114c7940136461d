internal import ProfileModel

/// The goal of a participation phase, after the project archetypes of CitizenLab's
/// project generator (`inform, consult, gather_input, prioritize, co_create`).
///
/// A method serves one or more goals; a phase has exactly one.
public enum PhaseGoal: String, CaseIterable, Sendable, Hashable, Codable {
    /// Tell residents what is planned and why; no input is asked.
    case inform
    /// Ask residents for their opinion on a question or a concrete plan.
    case consult
    /// Collect ideas, wishes and local knowledge.
    case gatherInput = "gather_input"
    /// Let residents choose or rank between options.
    case prioritize
    /// Work out a plan together with residents.
    case coCreate = "co_create"
}

/// The cost class of a channel, and the budget of a recommendation (the most expensive
/// class it allows).
public enum CostClass: String, CaseIterable, Sendable, Hashable, Codable, Comparable {
    /// Little money and staff time: own accounts, existing networks.
    case low
    /// Paid placements, printing or an evening of staff time.
    case medium
    /// Costs per address or a large production, such as a letter to every household.
    case high

    /// Orders classes from cheap to expensive.
    public static func < (lhs: CostClass, rhs: CostClass) -> Bool { lhs.rank < rhs.rank }

    private var rank: Int {
        switch self {
        case .low: 0
        case .medium: 1
        case .high: 2
        }
    }
}

/// Whether a channel or method works online or offline.
public enum ChannelMode: String, CaseIterable, Sendable, Hashable, Codable {
    /// Through a screen: web, apps, e-mail, social media.
    case online
    /// On paper or in person.
    case offline
}

/// Whether a channel addresses residents itself or reaches them through a network.
public enum ChannelRoute: String, CaseIterable, Sendable, Hashable, Codable {
    /// The municipality addresses residents itself.
    case direct
    /// Others pass the message on: associations, key figures, schools, neighbourhood apps.
    case network
}

/// A level of the IAP2 spectrum of public participation.
public enum IAP2Level: String, CaseIterable, Sendable, Hashable, Codable, Comparable {
    /// Provide balanced information.
    case inform
    /// Obtain feedback.
    case consult
    /// Work with the public so that concerns are understood and considered.
    case involve
    /// Partner with the public in each aspect of the decision.
    case collaborate
    /// Place the final decision in the hands of the public.
    case empower

    /// Orders levels by increasing public influence.
    public static func < (lhs: IAP2Level, rhs: IAP2Level) -> Bool { lhs.rank < rhs.rank }

    private var rank: Int {
        switch self {
        case .inform: 0
        case .consult: 1
        case .involve: 2
        case .collaborate: 3
        case .empower: 4
        }
    }
}

/// The Citisens participation preference a method asks for.
public enum ParticipationStyle: String, CaseIterable, Sendable, Hashable, Codable {
    /// Think along: give an opinion, ideas or a ranking.
    case meedenken
    /// Take part: build, organise or carry out something together.
    case meedoen
}

/// How many people a method brings together at once.
public enum GroupSize: String, CaseIterable, Sendable, Hashable, Codable {
    /// Each resident takes part on their own (surveys, polls, interviews).
    case individual
    /// Up to about 12 people (a kitchen-table session).
    case small
    /// About 12 to 40 people (a workshop, a class).
    case medium
    /// More than about 40 people (a debate, an evening).
    case large
}

extension KeyedDecodingContainer {
    /// Decodes a value of a fixed vocabulary, throwing a sentence that names the known values.
    func decodeChoice<T: RawRepresentable & CaseIterable>(
        _ type: T.Type, forKey key: Key, what: String, context: String
    ) throws -> T where T.RawValue == String {
        let raw = try decode(String.self, forKey: key)
        guard let value = T(rawValue: raw) else {
            throw ProfileModelError(.invalidData, "\(context) has the unknown \(what) '\(raw)'; known: \(T.known)")
        }
        return value
    }
}

extension CaseIterable where Self: RawRepresentable, Self.RawValue == String {
    /// The raw values, comma-separated, for error messages.
    static var known: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

extension RecommenderTables {
    /// `true` when an identifier only uses letters, digits, '-' and '_' (as profile ids do).
    static func isValidIdentifier(_ id: String) -> Bool {
        !id.isEmpty && id.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
    }
}
