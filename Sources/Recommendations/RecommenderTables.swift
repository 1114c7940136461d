public import Foundation
public import ProfileModel

/// A channel through which a municipality reaches residents: a letter, a social media
/// campaign, associations, a neighbourhood app.
///
/// The reach per profile is keyed by profile id, so one table serves any profile set;
/// a profile the table does not name gets ``defaultReach``.
public struct ParticipationChannel: Decodable, Sendable, Hashable, Identifiable {
    /// Stable identifier used in output, e.g. `associations`.
    public var id: String
    /// A readable name, e.g. `Associations and clubs` (`Verenigingen en clubs`).
    public var name: LocalizedText
    /// Online or offline.
    public var mode: ChannelMode
    /// Direct, or through others' networks.
    public var route: ChannelRoute
    /// What using the channel costs, as a class.
    public var cost: CostClass
    /// Days needed between deciding to use the channel and the message reaching residents.
    public var leadTimeDays: Int
    /// The basis of the mode, route, cost class and lead time.
    public var attributesBasis: Basis
    /// The words that finish "reaches Zelfbewuste Aanpakkers (34% of adults) …",
    /// e.g. `through their associations` (`via hun verenigingen`).
    public var via: LocalizedText
    /// The reach of a profile the table does not name.
    public var defaultReach: RecommenderTables.Estimate
    /// The estimated reach per profile id: the share of the profile's residents who notice
    /// a message sent through the channel, in [0, 1].
    public var reach: [String: RecommenderTables.Estimate]

    enum CodingKeys: String, CodingKey {
        case id, name, mode, route, cost, via, reach
        case nameNL = "name_nl"
        case viaNL = "via_nl"
        case leadTimeDays = "lead_time_days"
        case attributesBasis = "attributes_basis"
        case defaultReach = "default_reach"
    }

    /// Creates a channel; ``RecommenderTables/init(channels:methods:)`` validates it.
    public init(
        id: String, name: LocalizedText, mode: ChannelMode, route: ChannelRoute, cost: CostClass,
        leadTimeDays: Int, attributesBasis: Basis, via: LocalizedText,
        defaultReach: RecommenderTables.Estimate, reach: [String: RecommenderTables.Estimate]
    ) {
        self.id = id
        self.name = name
        self.mode = mode
        self.route = route
        self.cost = cost
        self.leadTimeDays = leadTimeDays
        self.attributesBasis = attributesBasis
        self.via = via
        self.defaultReach = defaultReach
        self.reach = reach
    }

    /// Decodes a channel, naming the channel when a value is not one of the known words.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        let context = "\(RecommenderTables.channelsFile): channel '\(id)'"
        name = try c.decodeText(.name, dutch: .nameNL, required: true, context: context)
        mode = try c.decodeChoice(ChannelMode.self, forKey: .mode, what: "mode", context: context)
        route = try c.decodeChoice(ChannelRoute.self, forKey: .route, what: "route", context: context)
        cost = try c.decodeChoice(CostClass.self, forKey: .cost, what: "cost class", context: context)
        leadTimeDays = try c.decode(Int.self, forKey: .leadTimeDays)
        attributesBasis = try c.decode(Basis.self, forKey: .attributesBasis)
        via = try c.decodeText(.via, dutch: .viaNL, required: true, context: context)
        defaultReach = try c.decode(RecommenderTables.Estimate.self, forKey: .defaultReach)
        reach = try c.decodeIfPresent([String: RecommenderTables.Estimate].self, forKey: .reach) ?? [:]
    }
}

/// A consultation type: an online survey, a citizens' panel, a workshop.
///
/// The fit per profile is keyed by profile id; a profile the table does not name gets
/// ``defaultFit``.
public struct ConsultationMethod: Decodable, Sendable, Hashable, Identifiable {
    /// Stable identifier used in output, e.g. `online-survey`.
    public var id: String
    /// A readable name, in English and Dutch.
    public var name: LocalizedText
    /// The level of public influence on the IAP2 spectrum.
    public var iap2Level: IAP2Level
    /// Whether residents think along or take part.
    public var participation: ParticipationStyle
    /// Online or offline.
    public var mode: ChannelMode
    /// How many people take part at once.
    public var groupSize: GroupSize
    /// The phase goals the method serves.
    public var goals: [PhaseGoal]
    /// `true` for a co-creation method: residents shape the plan with the municipality.
    /// Such a method is never offered in a phase whose goal is ``PhaseGoal/inform``.
    public var isCoCreation: Bool
    /// The basis of the level, style, mode, group size, goals and co-creation flag.
    public var attributesBasis: Basis
    /// The fit of a profile the table does not name.
    public var defaultFit: RecommenderTables.Estimate
    /// The estimated fit per profile id, in [0, 1]: how well the method matches the
    /// profile's participation and communication preferences.
    public var fit: [String: RecommenderTables.Estimate]

    enum CodingKeys: String, CodingKey {
        case id, name, participation, mode, goals, fit
        case nameNL = "name_nl"
        case iap2Level = "iap2_level"
        case groupSize = "group_size"
        case isCoCreation = "co_creation"
        case attributesBasis = "attributes_basis"
        case defaultFit = "default_fit"
    }

    /// Creates a method; ``RecommenderTables/init(channels:methods:)`` validates it.
    public init(
        id: String, name: LocalizedText, iap2Level: IAP2Level, participation: ParticipationStyle,
        mode: ChannelMode, groupSize: GroupSize, goals: [PhaseGoal], isCoCreation: Bool,
        attributesBasis: Basis, defaultFit: RecommenderTables.Estimate,
        fit: [String: RecommenderTables.Estimate]
    ) {
        self.id = id
        self.name = name
        self.iap2Level = iap2Level
        self.participation = participation
        self.mode = mode
        self.groupSize = groupSize
        self.goals = goals
        self.isCoCreation = isCoCreation
        self.attributesBasis = attributesBasis
        self.defaultFit = defaultFit
        self.fit = fit
    }

    /// Decodes a method, naming the method when a value is not one of the known words.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        let context = "\(RecommenderTables.methodsFile): method '\(id)'"
        name = try c.decodeText(.name, dutch: .nameNL, required: true, context: context)
        iap2Level = try c.decodeChoice(IAP2Level.self, forKey: .iap2Level, what: "IAP2 level", context: context)
        participation = try c.decodeChoice(
            ParticipationStyle.self, forKey: .participation, what: "participation style", context: context)
        mode = try c.decodeChoice(ChannelMode.self, forKey: .mode, what: "mode", context: context)
        groupSize = try c.decodeChoice(GroupSize.self, forKey: .groupSize, what: "group size", context: context)
        goals = try c.decode([String].self, forKey: .goals).map { raw in
            guard let goal = PhaseGoal(rawValue: raw) else {
                throw ProfileModelError(
                    .invalidData, "\(context) names the unknown goal '\(raw)'; known: \(PhaseGoal.known)")
            }
            return goal
        }
        isCoCreation = try c.decode(Bool.self, forKey: .isCoCreation)
        attributesBasis = try c.decode(Basis.self, forKey: .attributesBasis)
        defaultFit = try c.decode(RecommenderTables.Estimate.self, forKey: .defaultFit)
        fit = try c.decodeIfPresent([String: RecommenderTables.Estimate].self, forKey: .fit) ?? [:]
    }

    /// `true` when the method may be offered in a phase with this goal: it lists the goal,
    /// and it is not a co-creation method offered for ``PhaseGoal/inform``.
    public func serves(_ goal: PhaseGoal) -> Bool {
        goals.contains(goal) && !(goal == .inform && isCoCreation)
    }
}

/// The recommender's knowledge: the channels and the consultation methods, with a basis
/// for every value. Load it with ``load(directory:)`` and bind it to a profile set with
/// ``bound(to:)`` before recommending.
public struct RecommenderTables: Sendable, Hashable {
    /// A number with the publication or assumption it rests on.
    public struct Estimate: Codable, Sendable, Hashable {
        /// The value, in [0, 1] for reach and fit.
        public var value: Double
        /// Where the value comes from.
        public var basis: Basis

        /// Creates an estimate.
        public init(_ value: Double, _ basis: Basis) {
            self.value = value
            self.basis = basis
        }
    }

    /// The file name of the channel table inside the tables' directory.
    public static let channelsFile = "channels.json"
    /// The file name of the method table inside the tables' directory.
    public static let methodsFile = "methods.json"

    /// The channels, in the order of their file.
    public let channels: [ParticipationChannel]
    /// The consultation methods, in the order of their file.
    public let methods: [ConsultationMethod]

    /// Creates the tables and validates them: unique identifiers, values in [0, 1], a basis
    /// for every value, and consistent co-creation flags. Profile ids are checked by
    /// ``bound(to:)``, against the set they are used with.
    public init(channels: [ParticipationChannel], methods: [ConsultationMethod]) throws(ProfileModelError) {
        self.channels = channels
        self.methods = methods
        try validate()
    }

    /// Loads `channels.json` and `methods.json` from a directory and validates them.
    public static func load(directory: URL) throws(ProfileModelError) -> RecommenderTables {
        let channels = try decode(ChannelsFile.self, file: channelsFile, in: directory).channels
        let methods = try decode(MethodsFile.self, file: methodsFile, in: directory).methods
        return try RecommenderTables(channels: channels, methods: methods)
    }

    /// The tables with every per-profile value looked up for one profile set.
    ///
    /// Throws when a table names a profile id that is not in the set; a profile of the set
    /// that a table does not name gets the entry's default.
    public func bound(to set: ProfileSet) throws(ProfileModelError) -> Bound {
        let known = Set(set.profiles.map(\.id))
        for channel in channels {
            if let unknown = channel.reach.keys.sorted().first(where: { !known.contains($0) }) {
                throw ProfileModelError(
                    .invalidData, "\(Self.channelsFile): channel '\(channel.id)' names the unknown profile '\(unknown)'"
                )
            }
        }
        for method in methods {
            if let unknown = method.fit.keys.sorted().first(where: { !known.contains($0) }) {
                throw ProfileModelError(
                    .invalidData, "\(Self.methodsFile): method '\(method.id)' names the unknown profile '\(unknown)'")
            }
        }
        return Bound(tables: self, set: set)
    }

    /// The tables looked up for one profile set: dense arrays in the order of the set.
    public struct Bound: Sendable, Hashable {
        /// The tables.
        public let tables: RecommenderTables
        /// The profile set the values are looked up for.
        public let set: ProfileSet
        /// Reach per channel (in table order), per profile (in set order).
        let reach: [[Double]]
        /// Fit per method (in table order), per profile (in set order).
        let fit: [[Double]]

        fileprivate init(tables: RecommenderTables, set: ProfileSet) {
            self.tables = tables
            self.set = set
            reach = tables.channels.map { channel in
                set.profiles.map { (channel.reach[$0.id] ?? channel.defaultReach).value }
            }
            fit = tables.methods.map { method in
                set.profiles.map { (method.fit[$0.id] ?? method.defaultFit).value }
            }
        }

        /// The estimated reach of a channel per profile, in set order; `nil` for an unknown id.
        public func reachByProfile(ofChannel id: String) -> [Double]? {
            tables.channels.firstIndex { $0.id == id }.map { reach[$0] }
        }

        /// The estimated fit of a method per profile, in set order; `nil` for an unknown id.
        public func fitByProfile(ofMethod id: String) -> [Double]? {
            tables.methods.firstIndex { $0.id == id }.map { fit[$0] }
        }

        /// The profiles of the set that no channel and no method names: every value for
        /// them is a table default.
        public var profilesUsingDefaults: [String] {
            self.set.profiles.map(\.id).filter { id in
                !tables.channels.contains { $0.reach[id] != nil } && !tables.methods.contains { $0.fit[id] != nil }
            }
        }
    }

    // MARK: - Validation

    private func validate() throws(ProfileModelError) {
        let c = Self.channelsFile
        let m = Self.methodsFile
        guard !channels.isEmpty else { throw ProfileModelError(.invalidData, "\(c) lists no channels") }
        guard !methods.isEmpty else { throw ProfileModelError(.invalidData, "\(m) lists no methods") }
        var seen = Set<String>()
        for channel in channels {
            let context = "\(c): channel '\(channel.id)'"
            try Self.checkIdentity(
                channel.id, name: channel.name, context: context, file: c, kind: "channel", seen: &seen)
            guard channel.leadTimeDays >= 0 else {
                throw ProfileModelError(
                    .invalidData, "\(context) has a lead time of \(channel.leadTimeDays) days; it cannot be negative")
            }
            guard !channel.via.en.trimmingCharacters(in: .whitespaces).isEmpty,
                !channel.via.nl.trimmingCharacters(in: .whitespaces).isEmpty
            else {
                throw ProfileModelError(
                    .invalidData, "\(context) needs a \"via\" and a \"via_nl\" phrase for its reasons")
            }
            try channel.attributesBasis.validate("\(context): the attributes")
            try Self.check(channel.defaultReach, what: "the default reach", context: context)
            for (profile, estimate) in channel.reach.sorted(by: { $0.key < $1.key }) {
                try Self.check(estimate, what: "the reach of profile '\(profile)'", context: context)
            }
        }
        seen = []
        for method in methods {
            let context = "\(m): method '\(method.id)'"
            try Self.checkIdentity(method.id, name: method.name, context: context, file: m, kind: "method", seen: &seen)
            guard !method.goals.isEmpty else {
                throw ProfileModelError(.invalidData, "\(context) serves no goal; list at least one")
            }
            guard Set(method.goals).count == method.goals.count else {
                throw ProfileModelError(.invalidData, "\(context) lists a goal twice")
            }
            guard !method.goals.contains(.coCreate) || method.isCoCreation else {
                throw ProfileModelError(
                    .invalidData, "\(context) serves the goal 'co_create' but is not marked as a co-creation method")
            }
            try method.attributesBasis.validate("\(context): the attributes")
            try Self.check(method.defaultFit, what: "the default fit", context: context)
            for (profile, estimate) in method.fit.sorted(by: { $0.key < $1.key }) {
                try Self.check(estimate, what: "the fit of profile '\(profile)'", context: context)
            }
        }
    }

    private static func checkIdentity(
        _ id: String, name: LocalizedText, context: String, file: String, kind: String, seen: inout Set<String>
    ) throws(ProfileModelError) {
        guard RecommenderTables.isValidIdentifier(id) else {
            throw ProfileModelError(
                .invalidData, "\(file): \(kind) id '\(id)' may only contain letters, digits, '-' and '_'")
        }
        guard seen.insert(id).inserted else {
            throw ProfileModelError(.invalidData, "\(file) lists the \(kind) '\(id)' twice")
        }
        guard !name.en.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ProfileModelError(.invalidData, "\(context) has no name")
        }
        guard !name.nl.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ProfileModelError(.invalidData, "\(context) has no Dutch name (\"name_nl\")")
        }
    }

    private static func check(_ estimate: Estimate, what: String, context: String) throws(ProfileModelError) {
        guard estimate.value.isFinite, (0...1).contains(estimate.value) else {
            throw ProfileModelError(
                .invalidData, "\(context) gives \(what) as \(estimate.value); it must lie between 0 and 1")
        }
        try estimate.basis.validate("\(context): \(what)")
    }

    // MARK: - Files

    private struct ChannelsFile: Decodable { var channels: [ParticipationChannel] }
    private struct MethodsFile: Decodable { var methods: [ConsultationMethod] }

    private static func decode<T: Decodable>(_ type: T.Type, file: String, in directory: URL) throws(ProfileModelError)
        -> T
    {
        let url = directory.appendingPathComponent(file)
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ProfileModelError(.missingInput, "cannot read the recommender table \(url.path)", input: .tables)
        }
        return try RecommenderTables.decodeJSON(type, from: data, file: file, what: "recommender table")
    }
}

extension RecommenderTables {
    /// Decodes JSON, keeping a ``ProfileModelError`` thrown while decoding and turning any
    /// other decoding error into one sentence that names the file.
    static func decodeJSON<T: Decodable>(
        _ type: T.Type, from data: Data, file: String, what: String, userInfo: [CodingUserInfoKey: any Sendable] = [:]
    ) throws(ProfileModelError) -> T {
        do {
            let decoder = JSONDecoder()
            decoder.userInfo = userInfo
            return try decoder.decode(type, from: data)
        } catch let error as ProfileModelError {
            throw error
        } catch {
            throw ProfileModelError(.invalidData, "\(file) is not a valid \(what): \(describe(decoding: error))")
        }
    }
}
