public import ProfileModel

/// Why the recommender, the planner or the monitor chose or computed something, as values:
/// the profiles, shares, fits, reaches and figures it rests on. `Reports` writes a reason
/// as a sentence in Dutch or English (`ReasonText`); this module holds no sentence.
///
/// Encoded as the sentence of the ``ReasonWriter`` an encoder carries under
/// `CodingUserInfoKey.reasonWriter`; decoded from a sentence as ``text(_:)``.
public enum Reason: Sendable, Hashable, Codable {
    /// Why a method fits the zone's profiles.
    case method(MethodFit)
    /// Which of the zone's profiles a channel reaches.
    case channel(ChannelReach)
    /// How the core team's size follows from the zone and the departments.
    case coreTeam(CoreTeamSize)
    /// How an offline method's sessions follow from the profiles it serves.
    case sessions(SessionCount)
    /// How a role's hours are computed, and their basis.
    case role(RoleBasis)
    /// Why a channel outside the plan's mix would reach an under-represented profile.
    case suggestion(ChannelSuggestion)
    /// What the participation check can and cannot say: it is an ecological estimate.
    case ecologicalEstimate
    /// A sentence read back from a file geoprofile wrote, in that file's language.
    case text(String)

    /// Decodes a sentence as ``text(_:)``.
    public init(from decoder: any Decoder) throws {
        self = .text(try decoder.singleValueContainer().decode(String.self))
    }

    /// Encodes the sentence the encoder's ``ReasonWriter`` writes; throws without one
    /// (except for a ``text(_:)``, which is written as it is).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        if case .text(let sentence) = self {
            try c.encode(sentence)
        } else if let writer = encoder.userInfo[.reasonWriter] as? any ReasonWriter {
            try c.encode(writer.sentence(self))
        } else {
            throw EncodingError.invalidValue(
                self,
                .init(
                    codingPath: encoder.codingPath,
                    debugDescription: "a reason is written by a ReasonWriter in the encoder's userInfo"))
        }
    }
}

/// Writes reasons as sentences in one language.
public protocol ReasonWriter: Sendable {
    /// The language of the sentences.
    var language: Language { get }
    /// The reason as one sentence (without a final full stop).
    func sentence(_ reason: Reason) -> String
}

extension CodingUserInfoKey {
    /// The ``ReasonWriter`` with which an encoder writes a ``Reason``.
    public static let reasonWriter = CodingUserInfoKey(rawValue: "geoprofile.reasonWriter")!
}

extension Reason {
    /// A profile named in a reason: its share of the zone's adults and the value at issue
    /// (a method's fit or a channel's reach of the profile).
    public struct Profile: Sendable, Hashable {
        /// The profile's id.
        public var id: String
        /// The profile's name.
        public var name: String
        /// The profile's share of the zone's adults, in [0, 1].
        public var share: Double
        /// The fit or the reach, in [0, 1].
        public var value: Double

        /// Creates a named profile.
        public init(id: String, name: String, share: Double, value: Double) {
            self.id = id
            self.name = name
            self.share = share
            self.value = value
        }
    }

    /// Why a method fits: the profiles that contribute most to its score, a large profile
    /// it fits badly, and how residents take part.
    public struct MethodFit: Sendable, Hashable {
        /// The main contributors to the score, largest first (`value` is the fit); empty
        /// when the method fits none of the zone's profiles.
        public var profiles: [Profile]
        /// A profile of at least 10% of the adults with a fit below 0.3, if any.
        public var weak: Profile?
        /// Whether residents think along or take part.
        public var participation: ParticipationStyle
        /// Online or offline.
        public var mode: ChannelMode
        /// How many take part at once.
        public var groupSize: GroupSize

        /// Creates the reason of a method.
        public init(
            profiles: [Profile], weak: Profile?, participation: ParticipationStyle, mode: ChannelMode,
            groupSize: GroupSize
        ) {
            self.profiles = profiles
            self.weak = weak
            self.participation = participation
            self.mode = mode
            self.groupSize = groupSize
        }
    }

    /// Which profiles a channel reaches and how.
    public struct ChannelReach: Sendable, Hashable {
        /// The main contributors to the channel's reach, largest first (`value` is the
        /// reach); empty when it reaches none of the zone's profiles.
        public var profiles: [Profile]
        /// How the channel reaches people, e.g. "through their associations and clubs".
        public var via: LocalizedText

        /// Creates the reason of a channel.
        public init(profiles: [Profile], via: LocalizedText) {
            self.profiles = profiles
            self.via = via
        }
    }

    /// The core team's size: base members, one per department, one per so many adults,
    /// held within the published range.
    public struct CoreTeamSize: Sendable, Hashable {
        /// Members every team has (participation official, head of communication).
        public var base: Int
        /// Departments involved, one member each.
        public var departments: Int
        /// Members added for the zone's adults.
        public var extra: Int
        /// The zone's adults.
        public var adults: Double
        /// One extra member per this many adults.
        public var adultsPerMember: Double
        /// The sum before the range is applied.
        public var sum: Int
        /// The published smallest team.
        public var minimum: Int
        /// The published largest team.
        public var maximum: Int

        /// `true` when the sum lay outside the published range.
        public var isHeld: Bool { sum < minimum || sum > maximum }

        /// Creates the reason of a core team's size.
        public init(
            base: Int, departments: Int, extra: Int, adults: Double, adultsPerMember: Double, sum: Int, minimum: Int,
            maximum: Int
        ) {
            self.base = base
            self.departments = departments
            self.extra = extra
            self.adults = adults
            self.adultsPerMember = adultsPerMember
            self.sum = sum
            self.minimum = minimum
            self.maximum = maximum
        }
    }

    /// An offline method's sessions: the adults of the profiles it serves, the share to
    /// reach, the turnout and the residents per session.
    public struct SessionCount: Sendable, Hashable {
        /// The names of the profiles served, most adults first.
        public var served: [String]
        /// The fit from which a method serves a profile.
        public var servedFit: Double
        /// The adults of the profiles served.
        public var adults: Double
        /// The reach target.
        public var reachTarget: Double
        /// The share of the reached who come to a session.
        public var turnout: Double
        /// Residents expected: reach target × turnout × adults.
        public var residents: Double
        /// Residents per session.
        public var perSession: Int
        /// Sessions.
        public var sessions: Int

        /// Creates the reason of a session count.
        public init(
            served: [String], servedFit: Double, adults: Double, reachTarget: Double, turnout: Double,
            residents: Double, perSession: Int, sessions: Int
        ) {
            self.served = served
            self.servedFit = servedFit
            self.adults = adults
            self.reachTarget = reachTarget
            self.turnout = turnout
            self.residents = residents
            self.perSession = perSession
            self.sessions = sessions
        }
    }

    /// How a role's hours are computed, with the figures of the staffing table.
    public enum RoleBasis: Sendable, Hashable {
        /// Hours per week, more in the first weeks.
        case projectLeader(
            hoursPerWeek: StaffingTables.Figure, startHoursPerWeek: StaffingTables.Figure,
            startWeeks: StaffingTables.Figure)
        /// Hours per week, more in each phase's launch week.
        case communicationOfficer(hoursPerWeek: StaffingTables.Figure, launchHoursPerWeek: StaffingTables.Figure)
        /// 0-2 hours per week by the phase's goal, in phases with an online method.
        case moderator
        /// Hours once, at set-up.
        case webManager(setupHours: StaffingTables.Figure)
        /// Each member's hours at the start of each phase.
        case coreTeam(members: Int, meetingHours: StaffingTables.Figure)
        /// Hours per session, sessions per facilitator and training hours; the methods they run.
        case facilitators(
            hoursPerSession: StaffingTables.Figure, sessionsPerFacilitator: StaffingTables.Figure,
            trainingHours: StaffingTables.Figure, work: SessionWork)
        /// Interviewers per round, rounds each, hours per round and briefing; the methods they run.
        case streetInterviewers(StaffingTables.SessionStaff, work: SessionWork)
        /// Hosts per evening, evenings each and hours per evening; the methods they run.
        case hosts(StaffingTables.SessionStaff, work: SessionWork)
        /// Informed and steering; not counted.
        case departmentHeads
    }

    /// The methods a session role runs in a plan and the profiles those methods serve.
    public struct SessionWork: Sendable, Hashable {
        /// The methods' names, in the order of the plan.
        public var methods: [LocalizedText]
        /// The names of the profiles the methods serve, most adults first.
        public var profiles: [String]

        /// Creates the work of a session role.
        public init(methods: [LocalizedText], profiles: [String]) {
            self.methods = methods
            self.profiles = profiles
        }
    }

    /// A channel outside the plan's mix and its reach of an under-represented profile.
    public struct ChannelSuggestion: Sendable, Hashable {
        /// The profile's name.
        public var profile: String
        /// The channel's estimated reach of the profile.
        public var reach: Double
        /// How the channel reaches people.
        public var via: LocalizedText

        /// Creates the reason of a suggested channel.
        public init(profile: String, reach: Double, via: LocalizedText) {
            self.profile = profile
            self.reach = reach
            self.via = via
        }
    }
}
