public import Foundation
public import ProfileModel

/// What a participation process takes in people, hours, sessions and weeks: the figures of
/// `staffing.json` beside the recommender tables, each with its basis (a published source or
/// a stated assumption). ``ProcessPlanner`` turns them into a plan.
public struct StaffingTables: Codable, Sendable, Hashable {
    /// A number with its basis.
    public typealias Figure = RecommenderTables.Estimate

    /// The core team's size.
    public struct CoreTeam: Codable, Sendable, Hashable {
        /// The smallest team.
        public var minimum: Figure
        /// The largest team.
        public var maximum: Figure
        /// Members every team has (participation official, head of communication).
        public var baseMembers: Figure
        /// Departments involved when the user does not say.
        public var defaultDepartments: Figure
        /// One more member per this many adults of the zone.
        public var adultsPerExtraMember: Figure
        /// Hours per member for the meeting at the start of each phase.
        public var meetingHoursPerPhase: Figure

        enum CodingKeys: String, CodingKey {
            case minimum, maximum
            case baseMembers = "base_members"
            case defaultDepartments = "default_departments"
            case adultsPerExtraMember = "adults_per_extra_member"
            case meetingHoursPerPhase = "meeting_hours_per_phase"
        }
    }

    /// The weekly hours of the roles.
    public struct Roles: Codable, Sendable, Hashable {
        /// Project leader, hours per week.
        public var projectLeaderHoursPerWeek: Figure
        /// Project leader, hours per week at the start.
        public var projectLeaderStartHoursPerWeek: Figure
        /// Weeks that count as the start.
        public var projectLeaderStartWeeks: Figure
        /// Communication officer, hours per week.
        public var communicationHoursPerWeek: Figure
        /// Communication officer, hours per week at a launch.
        public var communicationLaunchHoursPerWeek: Figure
        /// Launch weeks per phase.
        public var communicationLaunchWeeksPerPhase: Figure
        /// Moderator hours per week of a phase with an online method, by goal.
        public var moderatorHoursPerWeek: [String: Figure]
        /// The web manager's one-off set-up hours.
        public var webManagerSetupHours: Figure
        /// Weeks between updates to the politicians.
        public var politicianUpdateWeeks: Figure

        enum CodingKeys: String, CodingKey {
            case projectLeaderHoursPerWeek = "project_leader_hours_per_week"
            case projectLeaderStartHoursPerWeek = "project_leader_start_hours_per_week"
            case projectLeaderStartWeeks = "project_leader_start_weeks"
            case communicationHoursPerWeek = "communication_hours_per_week"
            case communicationLaunchHoursPerWeek = "communication_launch_hours_per_week"
            case communicationLaunchWeeksPerPhase = "communication_launch_weeks_per_phase"
            case moderatorHoursPerWeek = "moderator_hours_per_week"
            case webManagerSetupHours = "web_manager_setup_hours"
            case politicianUpdateWeeks = "politician_update_weeks"
        }
    }

    /// How many sessions an offline method needs.
    public struct Sessions: Codable, Sendable, Hashable {
        /// Residents per session, by the method's group size.
        public var attendees: [String: Figure]
        /// Share of the reached adults of the served profiles who come to a session.
        public var turnout: Figure
        /// The fit from which a method serves a profile.
        public var servedFit: Figure
        /// Offline methods that are delivered rather than held, so they have no sessions.
        public var withoutSessions: MethodList

        enum CodingKeys: String, CodingKey {
            case attendees, turnout
            case servedFit = "served_fit"
            case withoutSessions = "without_sessions"
        }
    }

    /// A list of method ids with its basis.
    public struct MethodList: Codable, Sendable, Hashable {
        /// The method ids.
        public var methods: [String]
        /// Why these methods.
        public var basis: Basis
    }

    /// The facilitators (ambassadors) who run the sessions.
    public struct Facilitators: Codable, Sendable, Hashable {
        /// Sessions one facilitator runs.
        public var sessionsPerFacilitator: Figure
        /// Facilitator hours per session.
        public var hoursPerSession: Figure
        /// Training hours per facilitator.
        public var trainingHours: Figure
        /// Days between the end of the training and the phase.
        public var trainingLeadDays: Figure

        enum CodingKeys: String, CodingKey {
            case sessionsPerFacilitator = "sessions_per_facilitator"
            case hoursPerSession = "hours_per_session"
            case trainingHours = "training_hours"
            case trainingLeadDays = "training_lead_days"
        }
    }

    /// Staff who run sessions other than the facilitators' (street interviewers, hosts): how
    /// many per session, how many sessions each, their hours, and a briefing before the phase.
    public struct SessionStaff: Codable, Sendable, Hashable {
        /// Staff per session.
        public var staffPerSession: Figure
        /// Sessions one person runs in a phase.
        public var sessionsPerPerson: Figure
        /// Hours per person per session.
        public var hoursPerSession: Figure
        /// Briefing hours per person, once (0: none).
        public var preparationHours: Figure
        /// Days between the end of the briefing and the phase.
        public var preparationLeadDays: Figure

        enum CodingKeys: String, CodingKey {
            case staffPerSession = "staff_per_session"
            case sessionsPerPerson = "sessions_per_person"
            case hoursPerSession = "hours_per_session"
            case preparationHours = "preparation_hours"
            case preparationLeadDays = "preparation_lead_days"
        }
    }

    /// Which role runs the sessions of a method, by the method's group size.
    public struct SessionRoles: Codable, Sendable, Hashable {
        /// The role id by group size.
        public var roles: [String: String]
        /// Why.
        public var basis: Basis

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        /// Reads the group sizes' role ids and the basis.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Key.self)
            basis = try c.decode(Basis.self, forKey: Key(stringValue: "basis"))
            var roles: [String: String] = [:]
            for key in c.allKeys where key.stringValue != "basis" {
                roles[key.stringValue] = try c.decode(String.self, forKey: key)
            }
            self.roles = roles
        }

        /// Writes the group sizes' role ids and the basis.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            for (size, role) in roles { try c.encode(role, forKey: Key(stringValue: size)) }
            try c.encode(basis, forKey: Key(stringValue: "basis"))
        }
    }

    /// A role's name, in English and Dutch (`name` and `name_nl`).
    public struct RoleName: Codable, Sendable, Hashable {
        /// The name.
        public var name: LocalizedText

        enum CodingKeys: String, CodingKey {
            case name
            case nameNL = "name_nl"
        }

        /// Decodes both names; a missing Dutch name is an error naming the role.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let role = decoder.codingPath.last?.stringValue ?? "?"
            name = try c.decodeText(
                .name, dutch: .nameNL, required: true, context: "\(StaffingTables.file): role '\(role)'")
        }

        /// Encodes both names.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name.en, forKey: .name)
            try c.encode(name.nl, forKey: .nameNL)
        }
    }

    /// The file's version.
    public var version: String
    /// What the file holds.
    public var description: String
    /// The core team.
    public var coreTeam: CoreTeam
    /// The length of a phase without dates, by goal.
    public var defaultPhaseDays: [String: Figure]
    /// The roles' names by role id (the ids of ``ProcessPlanner/roleOrder``).
    public var roleNames: [String: RoleName]
    /// The roles' hours.
    public var roles: Roles
    /// Sessions of offline methods.
    public var sessions: Sessions
    /// The role that runs a method's sessions, by group size.
    public var sessionRoles: SessionRoles
    /// Facilitators.
    public var facilitators: Facilitators
    /// Street interviewers.
    public var streetInterviewers: SessionStaff
    /// Hosts of large sessions.
    public var hosts: SessionStaff

    enum CodingKeys: String, CodingKey {
        case version, description, roles, sessions, facilitators, hosts
        case coreTeam = "core_team"
        case defaultPhaseDays = "default_phase_days"
        case roleNames = "role_names"
        case sessionRoles = "session_roles"
        case streetInterviewers = "street_interviewers"
    }

    /// The session roles: the role id and, for the roles other than the facilitators, its figures.
    public static let sessionRoleIDs = ["facilitators", "street-interviewers", "hosts"]

    /// The figures of the role `role` (one of ``sessionRoleIDs``) as the planner uses them: a
    /// facilitator runs a session alone and prepares by the training.
    func sessionFigures(_ role: String) -> (
        staffPerSession: Double, sessionsPerPerson: Double, hoursPerSession: Double, preparationHours: Double
    ) {
        guard let staff = sessionStaff(role) else {
            let f = facilitators
            return (1, f.sessionsPerFacilitator.value, f.hoursPerSession.value, f.trainingHours.value)
        }
        return (
            staff.staffPerSession.value, staff.sessionsPerPerson.value, staff.hoursPerSession.value,
            staff.preparationHours.value
        )
    }

    /// The figures of a session role other than the facilitators.
    func sessionStaff(_ role: String) -> SessionStaff? {
        switch role {
        case "street-interviewers": streetInterviewers
        case "hosts": hosts
        default: nil
        }
    }

    /// The file name beside `channels.json` and `methods.json`.
    public static let file = "staffing.json"

    /// Reads and validates `staffing.json` from the recommender tables' directory.
    public static func load(directory: URL) throws(ProfileModelError) -> StaffingTables {
        let url = directory.appendingPathComponent(file)
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ProfileModelError(.missingInput, "cannot read the staffing table \(url.path)", input: .tables)
        }
        let tables = try RecommenderTables.decodeJSON(Self.self, from: data, file: file, what: "staffing table")
        try tables.validate()
        return tables
    }

    /// Every figure with its name, for validation and the docs.
    public var figures: [(name: String, figure: Figure)] {
        var all: [(String, Figure)] = [
            ("core_team.minimum", coreTeam.minimum), ("core_team.maximum", coreTeam.maximum),
            ("core_team.base_members", coreTeam.baseMembers),
            ("core_team.default_departments", coreTeam.defaultDepartments),
            ("core_team.adults_per_extra_member", coreTeam.adultsPerExtraMember),
            ("core_team.meeting_hours_per_phase", coreTeam.meetingHoursPerPhase),
            ("roles.project_leader_hours_per_week", roles.projectLeaderHoursPerWeek),
            ("roles.project_leader_start_hours_per_week", roles.projectLeaderStartHoursPerWeek),
            ("roles.project_leader_start_weeks", roles.projectLeaderStartWeeks),
            ("roles.communication_hours_per_week", roles.communicationHoursPerWeek),
            ("roles.communication_launch_hours_per_week", roles.communicationLaunchHoursPerWeek),
            ("roles.communication_launch_weeks_per_phase", roles.communicationLaunchWeeksPerPhase),
            ("roles.web_manager_setup_hours", roles.webManagerSetupHours),
            ("roles.politician_update_weeks", roles.politicianUpdateWeeks),
            ("sessions.turnout", sessions.turnout), ("sessions.served_fit", sessions.servedFit),
            ("facilitators.sessions_per_facilitator", facilitators.sessionsPerFacilitator),
            ("facilitators.hours_per_session", facilitators.hoursPerSession),
            ("facilitators.training_hours", facilitators.trainingHours),
            ("facilitators.training_lead_days", facilitators.trainingLeadDays),
        ]
        for (key, figure) in defaultPhaseDays.sorted(by: { $0.key < $1.key }) {
            all.append(("default_phase_days.\(key)", figure))
        }
        for (key, figure) in roles.moderatorHoursPerWeek.sorted(by: { $0.key < $1.key }) {
            all.append(("roles.moderator_hours_per_week.\(key)", figure))
        }
        for (key, figure) in sessions.attendees.sorted(by: { $0.key < $1.key }) {
            all.append(("sessions.attendees.\(key)", figure))
        }
        for (key, staff) in [("street_interviewers", streetInterviewers), ("hosts", hosts)] {
            all += [
                ("\(key).staff_per_session", staff.staffPerSession),
                ("\(key).sessions_per_person", staff.sessionsPerPerson),
                ("\(key).hours_per_session", staff.hoursPerSession),
                ("\(key).preparation_hours", staff.preparationHours),
                ("\(key).preparation_lead_days", staff.preparationLeadDays),
            ]
        }
        return all
    }

    /// Checks every basis, that every number is finite and not negative, that the goals and
    /// group sizes are all covered, and the ranges the arithmetic needs.
    public func validate() throws(ProfileModelError) {
        let f = Self.file
        for (name, figure) in figures {
            guard figure.value.isFinite, figure.value >= 0 else {
                throw ProfileModelError(
                    .invalidData, "\(f): \(name) is \(figure.value); it must be a number of at least 0")
            }
            try figure.basis.validate("\(f): \(name)")
        }
        try sessions.withoutSessions.basis.validate("\(f): sessions.without_sessions")
        for role in ProcessPlanner.roleOrder {
            guard let name = roleNames[role] else {
                throw ProfileModelError(.invalidData, "\(f): role_names has no names for the role '\(role)'")
            }
            guard !name.name.en.trimmingCharacters(in: .whitespaces).isEmpty,
                !name.name.nl.trimmingCharacters(in: .whitespaces).isEmpty
            else {
                throw ProfileModelError(.invalidData, "\(f): role '\(role)' needs a \"name\" and a \"name_nl\"")
            }
        }
        for goal in PhaseGoal.allCases {
            guard let days = defaultPhaseDays[goal.rawValue], days.value >= 1 else {
                throw ProfileModelError(
                    .invalidData, "\(f): default_phase_days needs a value of at least 1 for '\(goal.rawValue)'")
            }
            guard roles.moderatorHoursPerWeek[goal.rawValue] != nil else {
                throw ProfileModelError(
                    .invalidData, "\(f): roles.moderator_hours_per_week has no value for '\(goal.rawValue)'")
            }
        }
        try sessionRoles.basis.validate("\(f): session_roles")
        for size in GroupSize.allCases {
            guard let role = sessionRoles.roles[size.rawValue], Self.sessionRoleIDs.contains(role) else {
                throw ProfileModelError(
                    .invalidData,
                    "\(f): session_roles needs one of \(Self.sessionRoleIDs.joined(separator: ", ")) for '\(size.rawValue)'"
                )
            }
            guard let attendees = sessions.attendees[size.rawValue], attendees.value >= 1 else {
                throw ProfileModelError(
                    .invalidData, "\(f): sessions.attendees needs a value of at least 1 for '\(size.rawValue)'")
            }
        }
        guard coreTeam.minimum.value >= 1, coreTeam.minimum.value <= coreTeam.maximum.value else {
            throw ProfileModelError(.invalidData, "\(f): core_team.minimum must lie between 1 and core_team.maximum")
        }
        guard coreTeam.adultsPerExtraMember.value > 0, facilitators.sessionsPerFacilitator.value > 0,
            roles.politicianUpdateWeeks.value >= 1
        else {
            throw ProfileModelError(
                .invalidData,
                "\(f): core_team.adults_per_extra_member and facilitators.sessions_per_facilitator must be above 0, roles.politician_update_weeks at least 1"
            )
        }
        for (key, staff) in [("street_interviewers", streetInterviewers), ("hosts", hosts)] {
            guard staff.staffPerSession.value >= 1, staff.sessionsPerPerson.value > 0 else {
                throw ProfileModelError(
                    .invalidData,
                    "\(f): \(key).staff_per_session must be at least 1 and \(key).sessions_per_person above 0")
            }
        }
        guard sessions.turnout.value > 0, sessions.turnout.value <= 1, sessions.servedFit.value <= 1 else {
            throw ProfileModelError(
                .invalidData, "\(f): sessions.turnout must lie in (0, 1] and sessions.served_fit in [0, 1]")
        }
    }
}
