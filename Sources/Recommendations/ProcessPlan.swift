public import Foundation
public import ProfileModel

/// A staffed and scheduled participation process for one zone: per phase the dates, the
/// recommended methods and channels, sessions, facilitators and hours per role; the core
/// team; and the totals. Written by ``ProcessPlanner``; `geoprofile plan --format json`
/// writes it and `geoprofile monitor` reads it back.
///
/// Hours are rounded to 2 decimals and adults to 1 when the plan is made, so a plan read
/// back from its JSON writes the same JSON. Names and reasons are written in one language;
/// read back, they are that language's text (``withTexts(from:)`` restores both languages
/// of the channels from the tables).
public struct ProcessPlan: Codable, Sendable, Hashable {
    /// Marks a file as a geoprofile plan.
    public static let kindName = "geoprofile-process-plan"

    /// Always ``kindName``.
    public var kind: String
    /// The dataset the zone's mix was estimated from.
    public var dataset: DatasetStamp
    /// The zone and its adults per profile.
    public var zone: Zone
    /// The settings the plan was made with.
    public var settings: Settings
    /// The core team.
    public var coreTeam: CoreTeam
    /// The phases, in time order.
    public var phases: [Phase]
    /// Every channel within the budget with its estimated reach per profile, best first.
    public var channels: [Channel]
    /// Hours per role, over all phases.
    public var roles: [RoleTotal]
    /// The days on which the politicians get an update.
    public var politicianUpdates: [PhasePlan.Day]
    /// The totals.
    public var totals: Totals

    enum CodingKeys: String, CodingKey {
        case kind, dataset, zone, settings, phases, channels, roles, totals
        case coreTeam = "core_team"
        case politicianUpdates = "politician_updates"
    }

    /// The zone of a plan.
    public struct Zone: Codable, Sendable, Hashable {
        /// The zone's identifier.
        public var id: String
        /// Estimated adults (15+).
        public var adults: Double
        /// The postcodes that make up the zone (wholly or in part).
        public var postcodes: [String]
        /// Adults per profile, in the set's order.
        public var profiles: [Profile]
    }

    /// One profile's adults in the zone.
    public struct Profile: Codable, Sendable, Hashable {
        /// The profile's id.
        public var id: String
        /// The profile's name.
        public var name: String
        /// Estimated adults.
        public var adults: Double
        /// Share of the zone's adults.
        public var share: Double
    }

    /// The settings of a plan.
    public struct Settings: Codable, Sendable, Hashable {
        /// The reach target of the channel mix.
        public var reachTarget: Double
        /// The most expensive cost class allowed.
        public var budget: CostClass
        /// The largest number of channels in the mix.
        public var maxChannels: Int
        /// Departments that run participation projects in this process.
        public var departments: Int
        /// The phase plan's id.
        public var phasePlan: String
        /// The phase plan's name.
        public var phasePlanName: LocalizedText
        /// The version of `staffing.json`.
        public var staffingVersion: String

        enum CodingKeys: String, CodingKey {
            case budget, departments
            case reachTarget = "reach_target"
            case maxChannels = "max_channels"
            case phasePlan = "phase_plan"
            case phasePlanName = "phase_plan_name"
            case staffingVersion = "staffing_version"
        }
    }

    /// The core team and why it has its size.
    public struct CoreTeam: Codable, Sendable, Hashable {
        /// Members.
        public var size: Int
        /// How the size follows from the zone and the departments.
        public var reason: Reason
    }

    /// One phase of the plan.
    public struct Phase: Codable, Sendable, Hashable {
        /// The phase's id.
        public var id: String
        /// The phase's name.
        public var name: LocalizedText
        /// What the phase asks of residents.
        public var goal: PhaseGoal
        /// The first day.
        public var start: PhasePlan.Day
        /// The last day (inclusive).
        public var end: PhasePlan.Day
        /// Whether the dates come from the phase file (`timeline`) or the default durations (`default`).
        public var dates: String
        /// Whole weeks the phase spans.
        public var weeks: Int
        /// The recommended methods, best first, with sessions for the offline ones.
        public var methods: [Method]
        /// The channel mix on the calendar: when each channel must be prepared.
        public var channels: [ChannelDate]
        /// Sessions of the phase's offline methods.
        public var sessions: Int
        /// Facilitators needed for the small and medium group sessions.
        public var facilitators: Int
        /// The day facilitators must be trained by, when the phase has sessions they run.
        public var trainingBy: PhasePlan.Day?
        /// Street interviewers needed for the phase's rounds, when it has any.
        public var streetInterviewers: Int?
        /// The day street interviewers must be briefed by, when the phase has rounds.
        public var briefingBy: PhasePlan.Day?
        /// Hosts needed for the phase's large sessions (evenings, debates), when it has any.
        public var hosts: Int?
        /// Hours per role in the phase, for the roles the plan needs.
        public var hours: [RoleHours]

        enum CodingKeys: String, CodingKey {
            case id, name, goal, start, end, dates, weeks, methods, channels, sessions, facilitators, hosts, hours
            case trainingBy = "training_by"
            case streetInterviewers = "street_interviewers"
            case briefingBy = "briefing_by"
        }
    }

    /// A recommended method and what it takes.
    public struct Method: Codable, Sendable, Hashable {
        /// The method's id.
        public var id: String
        /// The method's name.
        public var name: LocalizedText
        /// Online or offline.
        public var mode: ChannelMode
        /// The recommender's score.
        public var score: Double
        /// The recommender's reason.
        public var reason: Reason
        /// Sessions, for an offline method.
        public var sessions: Int?
        /// Residents per session, for an offline method.
        public var attendeesPerSession: Int?
        /// The profiles the method serves (fit at least the served fit).
        public var serves: [String]
        /// How the sessions follow from the profiles served, for an offline method.
        public var sessionReason: Reason?

        enum CodingKeys: String, CodingKey {
            case id, name, mode, score, reason, sessions, serves
            case attendeesPerSession = "attendees_per_session"
            case sessionReason = "session_reason"
        }
    }

    /// A channel of the mix placed on the calendar of a phase.
    public struct ChannelDate: Codable, Sendable, Hashable {
        /// The channel's id.
        public var channel: String
        /// The channel's lead time.
        public var leadTimeDays: Int
        /// The day preparation must start: the phase's start minus the lead time.
        public var prepareFrom: PhasePlan.Day

        enum CodingKeys: String, CodingKey {
            case channel
            case leadTimeDays = "lead_time_days"
            case prepareFrom = "prepare_from"
        }
    }

    /// A channel and its estimated reach per profile.
    public struct Channel: Codable, Sendable, Hashable {
        /// The channel's id.
        public var id: String
        /// The channel's name.
        public var name: LocalizedText
        /// Online or offline.
        public var mode: ChannelMode
        /// Whether the plan's mix uses it.
        public var inMix: Bool
        /// The estimated reach per profile, in the set's order.
        public var reach: [ProfileReach]
        /// How the channel reaches people, for reasons.
        public var via: LocalizedText

        enum CodingKeys: String, CodingKey {
            case id, name, mode, reach, via
            case inMix = "in_mix"
        }
    }

    /// A channel's reach of one profile.
    public struct ProfileReach: Codable, Sendable, Hashable {
        /// The profile's id.
        public var profile: String
        /// The estimated share of the profile's adults the channel reaches.
        public var reach: Double
    }

    /// A role's hours in one phase.
    public struct RoleHours: Codable, Sendable, Hashable {
        /// The role's id.
        public var role: String
        /// Person-hours.
        public var hours: Double
    }

    /// A role's hours over all phases, and where its figures come from.
    public struct RoleTotal: Codable, Sendable, Hashable {
        /// The role's id.
        public var id: String
        /// The role's name.
        public var name: LocalizedText
        /// People in the role (the core team's size, the facilitators; 1 otherwise).
        public var people: Int
        /// Person-hours over all phases.
        public var hours: Double
        /// How the hours are computed and their basis.
        public var basis: Reason
    }

    /// The plan's totals.
    public struct Totals: Codable, Sendable, Hashable {
        /// The first day of the first phase.
        public var start: PhasePlan.Day
        /// The last day of the last phase.
        public var end: PhasePlan.Day
        /// Weeks over all phases.
        public var weeks: Int
        /// Sessions of offline methods.
        public var sessions: Int
        /// Facilitators needed at most in one phase (each trained once).
        public var facilitators: Int
        /// Person-hours of every role.
        public var personHours: Double
        /// The earliest preparation day on the calendar (a channel or a training).
        public var preparationFrom: PhasePlan.Day

        enum CodingKeys: String, CodingKey {
            case start, end, weeks, sessions, facilitators
            case personHours = "person_hours"
            case preparationFrom = "preparation_from"
        }
    }
}

extension ProcessPlan {
    /// Reads a plan written by `geoprofile plan --format json`.
    public static func load(from url: URL) throws(ProfileModelError) -> ProcessPlan {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ProfileModelError(.missingInput, "cannot read the plan \(url.path)", input: .plan)
        }
        let plan: ProcessPlan
        do { plan = try JSONDecoder().decode(ProcessPlan.self, from: data) } catch {
            throw ProfileModelError(
                .invalidData,
                "\(url.lastPathComponent) is not a process plan in JSON (\(describe(decoding: error)))",
                input: .plan)
        }
        guard plan.kind == kindName else {
            throw ProfileModelError(
                .invalidData, "\(url.lastPathComponent) is not a geoprofile process plan (kind '\(plan.kind)')",
                input: .plan)
        }
        return plan
    }

    /// Throws unless the plan was made with the dataset of `stamp`.
    public func checkDataset(_ stamp: DatasetStamp) throws(ProfileModelError) {
        guard dataset == stamp else {
            var differences: [String] = []
            if dataset.cbsVintage != stamp.cbsVintage {
                differences.append("CBS \(dataset.cbsVintage) vs \(stamp.cbsVintage)")
            }
            if dataset.profileSet != stamp.profileSet || dataset.profileSetVersion != stamp.profileSetVersion {
                differences.append(
                    "set \(dataset.profileSet) \(dataset.profileSetVersion) vs \(stamp.profileSet) \(stamp.profileSetVersion)"
                )
            }
            if dataset.modelMethod != stamp.modelMethod {
                differences.append("model \(dataset.modelMethod) vs \(stamp.modelMethod)")
            }
            if dataset.formatVersion != stamp.formatVersion {
                differences.append("format \(dataset.formatVersion) vs \(stamp.formatVersion)")
            }
            if dataset.profileSource != stamp.profileSource {
                differences.append("profiles from \(dataset.profileSource) vs \(stamp.profileSource)")
            }
            if dataset.sources != stamp.sources { differences.append("other source files") }
            throw ProfileModelError(
                .invalidData,
                "the plan was made with another dataset version than the one in use (\(differences.joined(separator: "; "))); make the plan again, or give its dataset with \(input: .dataset)",
                input: .plan)
        }
    }
}

extension ProcessPlan {
    /// The plan with its channels' names and "via" phrases taken from the tables, in both
    /// languages, where the tables know the channel (a plan read back from JSON holds them
    /// in the language it was written in).
    public func withTexts(from tables: RecommenderTables) -> ProcessPlan {
        var plan = self
        for index in plan.channels.indices {
            guard let channel = tables.channels.first(where: { $0.id == plan.channels[index].id }) else { continue }
            plan.channels[index].name = channel.name
            plan.channels[index].via = channel.via
        }
        return plan
    }
}
