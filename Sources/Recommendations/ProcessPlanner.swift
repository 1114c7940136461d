public import ProfileModel

/// Turns a recommendation into a staffed and scheduled process (``ProcessPlan``), with the
/// figures of ``StaffingTables``. The arithmetic, with a worked example, is in
/// `Docs/plan-and-monitor.md`:
/// - dates come from the phase file's timeline, or else run on from a start day with the
///   default length of each phase's goal; weeks are whole weeks, rounded up;
/// - the core team is the base members, one per department and one per
///   `adults_per_extra_member` adults, within the published 2-8;
/// - an offline method (other than those delivered without sessions) serves the profiles it fits at least `served_fit`; its sessions are
///   `⌈reach target × turnout × adults served / attendees per session⌉`, at least 1 when it
///   serves anyone;
/// - a method's sessions are run by the role its group size names (`session_roles`):
///   facilitators (ambassadors) for small and medium groups, street interviewers for
///   methods held one person at a time, hosts for large evenings and debates;
/// - facilitators are `⌈sessions / sessions per facilitator⌉` per phase, trained once;
///   street interviewers and hosts `⌈sessions × staff per session / sessions per person⌉`,
///   at least the staff of one session, interviewers briefed once;
/// - each channel of the mix is prepared from the phase's start minus its lead time.
///
/// More adults or a higher reach target never lower a session count or an hour.
public struct ProcessPlanner: Sendable {
    /// The recommender whose methods and channels the plan staffs.
    public let recommender: Recommender
    /// The staffing figures.
    public let staffing: StaffingTables

    /// Creates a planner.
    public init(recommender: Recommender, staffing: StaffingTables) {
        self.recommender = recommender
        self.staffing = staffing
    }

    /// The role ids, in the order reports list them.
    public static let roleOrder = [
        "project-leader", "communication-officer", "moderator", "web-manager", "core-team", "facilitators",
        "street-interviewers", "hosts", "department-heads",
    ]

    /// Plans a process for a zone.
    ///
    /// - Parameters:
    ///   - mix: the zone's estimated adults per profile.
    ///   - zone: the zone's identifier.
    ///   - postcodes: the postcodes that make up the zone.
    ///   - phases: the phase plan; when it is dated its dates are kept.
    ///   - start: the first day of an undated phase plan (required then, refused for a dated one).
    ///   - departments: departments that run participation projects (default from the table).
    ///   - dataset: the stamp of the dataset the mix comes from.
    public func plan(
        for mix: ProfileMix, zone: String, postcodes: [String], phases: PhasePlan, start: PhasePlan.Day?,
        departments: Int? = nil, dataset: DatasetStamp
    ) throws(ProfileModelError) -> ProcessPlan {
        let recommendation = try recommender.recommend(for: mix, zone: zone, phases: phases)
        let dates = try schedule(phases, start: start)
        let set = recommender.tables.set
        let s = staffing
        let departmentCount = departments ?? Int(s.coreTeam.defaultDepartments.value)
        guard departmentCount >= 0 else {
            throw ProfileModelError(.usage, "the number of departments \(departmentCount) is below 0")
        }
        let core = coreTeam(adults: mix.total, departments: departmentCount)
        let reachTarget = recommender.options.reachTarget
        var plannedPhases: [ProcessPlan.Phase] = []
        var trained: [String: Int] = [:]
        var work: [String: (methods: [LocalizedText], profiles: Set<Int>)] = [:]
        var firstOnlineSeen = false
        for (index, advice) in recommendation.phases.enumerated() {
            let (begin, end, fromTimeline) = dates[index]
            let weeks = Self.weeks(from: begin, to: end)
            var methods: [ProcessPlan.Method] = []
            var roleSessions: [String: Int] = [:]
            for method in advice.methods {
                let fit = recommender.tables.fitByProfile(ofMethod: method.id) ?? []
                let served = set.profiles.indices.filter {
                    $0 < fit.count && fit[$0] >= s.sessions.servedFit.value - 1e-12 && mix.residents[$0] > 0
                }
                var planned = ProcessPlan.Method(
                    id: method.id, name: method.name, mode: method.method.mode, score: Self.round(method.score, 4),
                    reason: method.reason, sessions: nil, attendeesPerSession: nil,
                    serves: served.map { set.profiles[$0].id }, sessionReason: nil)
                if method.method.mode == .offline && !s.sessions.withoutSessions.methods.contains(method.id) {
                    let attendees = Int(s.sessions.attendees[method.method.groupSize.rawValue]?.value ?? 1)
                    let servedAdults = served.reduce(0.0) { $0 + mix.residents[$1] }
                    let people = reachTarget * s.sessions.turnout.value * servedAdults
                    let sessions = served.isEmpty ? 0 : max(1, Int((people / Double(attendees) - 1e-9).rounded(.up)))
                    planned.sessions = sessions
                    planned.attendeesPerSession = attendees
                    planned.sessionReason = sessionReason(
                        served: served, adults: servedAdults, people: people, attendees: attendees, sessions: sessions,
                        mix: mix)
                    if sessions > 0, let role = s.sessionRoles.roles[method.method.groupSize.rawValue] {
                        roleSessions[role, default: 0] += sessions
                        var done = work[role] ?? ([], [])
                        if !done.methods.contains(method.name) { done.methods.append(method.name) }
                        done.profiles.formUnion(served)
                        work[role] = done
                    }
                }
                methods.append(planned)
            }
            let sessions = methods.reduce(0) { $0 + ($1.sessions ?? 0) }
            var staff: [String: Int] = [:]
            var hours: [String: Double] = [:]
            for role in StaffingTables.sessionRoleIDs {
                let count = roleSessions[role] ?? 0
                let f = s.sessionFigures(role)
                let needed = Double(count) * f.staffPerSession / f.sessionsPerPerson
                let people = count == 0 ? 0 : max(Self.ceil(f.staffPerSession), Self.ceil(needed))
                let perSession = f.staffPerSession * f.hoursPerSession
                let preparation = f.preparationHours
                let newlyPrepared = max(0, people - (trained[role] ?? 0))
                trained[role] = max(trained[role] ?? 0, people)
                staff[role] = people
                hours[role] = Double(count) * perSession + Double(newlyPrepared) * preparation
            }
            let facilitators = staff["facilitators"] ?? 0
            let interviewers = staff["street-interviewers"] ?? 0
            let hosts = staff["hosts"] ?? 0
            let hasOnline = methods.contains { $0.mode == .online }
            let r = s.roles
            let leaderStart = index == 0 ? Double(min(Int(r.projectLeaderStartWeeks.value), weeks)) : 0
            hours["project-leader"] =
                Double(weeks) * r.projectLeaderHoursPerWeek.value
                + leaderStart * max(0, r.projectLeaderStartHoursPerWeek.value - r.projectLeaderHoursPerWeek.value)
            let launch = Double(min(Int(r.communicationLaunchWeeksPerPhase.value), weeks))
            hours["communication-officer"] =
                Double(weeks) * r.communicationHoursPerWeek.value
                + launch * max(0, r.communicationLaunchHoursPerWeek.value - r.communicationHoursPerWeek.value)
            hours["moderator"] =
                hasOnline ? Double(weeks) * (r.moderatorHoursPerWeek[advice.goal.rawValue]?.value ?? 0) : 0
            hours["web-manager"] = hasOnline && !firstOnlineSeen ? r.webManagerSetupHours.value : 0
            if hasOnline { firstOnlineSeen = true }
            hours["core-team"] = Double(core.size) * s.coreTeam.meetingHoursPerPhase.value
            hours["department-heads"] = 0
            let channelDates = advice.mix.channels.compactMap { id -> ProcessPlan.ChannelDate? in
                guard let channel = recommender.tables.tables.channels.first(where: { $0.id == id }) else { return nil }
                return .init(
                    channel: id, leadTimeDays: channel.leadTimeDays,
                    prepareFrom: begin.adding(days: -channel.leadTimeDays))
            }
            plannedPhases.append(
                .init(
                    id: advice.id, name: advice.name, goal: advice.goal, start: begin, end: end,
                    dates: fromTimeline ? "timeline" : "default", weeks: weeks, methods: methods,
                    channels: channelDates, sessions: sessions, facilitators: facilitators,
                    trainingBy: facilitators > 0
                        ? begin.adding(days: -Int(s.facilitators.trainingLeadDays.value)) : nil,
                    streetInterviewers: interviewers > 0 ? interviewers : nil,
                    briefingBy: interviewers > 0
                        ? begin.adding(days: -Int(s.streetInterviewers.preparationLeadDays.value)) : nil,
                    hosts: hosts > 0 ? hosts : nil,
                    hours: Self.roleOrder.map { .init(role: $0, hours: Self.round(hours[$0] ?? 0, 2)) }))
        }
        let roles = Self.roleOrder.compactMap { id -> ProcessPlan.RoleTotal? in
            let total = plannedPhases.reduce(0.0) { sum, phase in
                sum + (phase.hours.first { $0.role == id }?.hours ?? 0)
            }
            guard total > 0 || id == "department-heads" else { return nil }
            let done = work[id].map { done in
                Reason.SessionWork(
                    methods: done.methods,
                    profiles: done.profiles.sorted {
                        mix.residents[$0] != mix.residents[$1] ? mix.residents[$0] > mix.residents[$1] : $0 < $1
                    }.map { set.profiles[$0].name })
            }
            return roleTotal(
                id, hours: Self.round(total, 2), coreSize: core.size, people: trained[id] ?? 0,
                work: done ?? .init(methods: [], profiles: []))
        }
        let needed = Set(roles.map(\.id))
        for index in plannedPhases.indices {
            plannedPhases[index].hours.removeAll { !needed.contains($0.role) }
        }
        let first = plannedPhases[0].start
        let last = plannedPhases[plannedPhases.count - 1].end
        var updates: [PhasePlan.Day] = []
        var day = first
        while day <= last {
            updates.append(day)
            day = day.adding(days: 7 * Int(s.roles.politicianUpdateWeeks.value))
        }
        let preparation =
            plannedPhases.flatMap { $0.channels.map(\.prepareFrom) + [$0.trainingBy, $0.briefingBy].compactMap { $0 } }
            .min() ?? first
        let channels = recommendation.phases[0].channels.map { channel in
            ProcessPlan.Channel(
                id: channel.id, name: channel.name, mode: channel.channel.mode,
                inMix: recommendation.phases[0].mix.channels.contains(channel.id),
                reach: channel.reachByProfile.map { .init(profile: $0.profile, reach: Self.round($0.value, 4)) },
                via: channel.channel.via)
        }
        let profiles = set.profiles.indices.map { p in
            ProcessPlan.Profile(
                id: set.profiles[p].id, name: set.profiles[p].name, adults: Self.round(mix.residents[p], 1),
                share: Self.round(mix.shares[p], 4))
        }
        return ProcessPlan(
            kind: ProcessPlan.kindName, dataset: dataset,
            zone: .init(
                id: zone, adults: Self.round(profiles.reduce(0) { $0 + $1.adults }, 1), postcodes: postcodes.sorted(),
                profiles: profiles),
            settings: .init(
                reachTarget: Self.round(reachTarget, 4), budget: recommender.options.budget,
                maxChannels: recommender.options.maxChannels, departments: departmentCount, phasePlan: phases.id,
                phasePlanName: phases.name, staffingVersion: s.version),
            coreTeam: core, phases: plannedPhases, channels: channels, roles: roles, politicianUpdates: updates,
            totals: .init(
                start: first, end: last, weeks: plannedPhases.reduce(0) { $0 + $1.weeks },
                sessions: plannedPhases.reduce(0) { $0 + $1.sessions }, facilitators: trained["facilitators"] ?? 0,
                personHours: Self.round(roles.reduce(0) { $0 + $1.hours }, 2), preparationFrom: preparation))
    }

    // MARK: - Parts

    /// Each phase's first and last day, and whether they come from the timeline.
    func schedule(_ phases: PhasePlan, start: PhasePlan.Day?) throws(ProfileModelError) -> [(
        PhasePlan.Day, PhasePlan.Day, Bool
    )] {
        func defaultDays(_ goal: PhaseGoal) -> Int { Int(staffing.defaultPhaseDays[goal.rawValue]?.value ?? 28) }
        if phases.isDated {
            guard start == nil else {
                throw ProfileModelError(
                    .usage,
                    "the phase plan '\(phases.id)' dates its phases, so the process starts on \(phases.phases[0].start!); leave out \(input: .start)"
                )
            }
            return phases.phases.map { phase in
                let begin = phase.start!
                return (begin, phase.end ?? begin.adding(days: defaultDays(phase.goal) - 1), phase.end != nil)
            }
        }
        guard let start else {
            throw ProfileModelError(
                .usage,
                "the phase plan '\(phases.id)' has no dates; give the first day of the process with \(input: .start)")
        }
        var result: [(PhasePlan.Day, PhasePlan.Day, Bool)] = []
        var begin = start
        for phase in phases.phases {
            let end = begin.adding(days: defaultDays(phase.goal) - 1)
            result.append((begin, end, false))
            begin = end.adding(days: 1)
        }
        return result
    }

    /// The core team's size for a zone's adults and the departments involved.
    func coreTeam(adults: Double, departments: Int) -> ProcessPlan.CoreTeam {
        let c = staffing.coreTeam
        let base = Int(c.baseMembers.value)
        let perExtra = c.adultsPerExtraMember.value
        let extra = Int((adults / perExtra).rounded(.down))
        let raw = base + departments + extra
        let minimum = Int(c.minimum.value)
        let maximum = Int(c.maximum.value)
        let size = min(max(raw, minimum), maximum)
        let reason = Reason.CoreTeamSize(
            base: base, departments: departments, extra: extra, adults: adults, adultsPerMember: perExtra, sum: raw,
            minimum: minimum, maximum: maximum)
        return .init(size: size, reason: .coreTeam(reason))
    }

    private func sessionReason(
        served: [Int], adults: Double, people: Double, attendees: Int, sessions: Int, mix: ProfileMix
    ) -> Reason {
        let profiles = recommender.tables.set.profiles
        let order = served.sorted {
            mix.residents[$0] != mix.residents[$1] ? mix.residents[$0] > mix.residents[$1] : $0 < $1
        }
        return .sessions(
            .init(
                served: order.map { profiles[$0].name }, servedFit: staffing.sessions.servedFit.value, adults: adults,
                reachTarget: recommender.options.reachTarget, turnout: staffing.sessions.turnout.value,
                residents: people, perSession: attendees, sessions: sessions))
    }

    private func roleTotal(
        _ id: String, hours: Double, coreSize: Int, people sessionPeople: Int, work: Reason.SessionWork
    ) -> ProcessPlan.RoleTotal {
        let r = staffing.roles
        let f = staffing.facilitators
        let name = staffing.roleNames[id]?.name ?? LocalizedText(id)
        let basis: Reason.RoleBasis
        var people = 1
        switch id {
        case "project-leader":
            basis = .projectLeader(
                hoursPerWeek: r.projectLeaderHoursPerWeek, startHoursPerWeek: r.projectLeaderStartHoursPerWeek,
                startWeeks: r.projectLeaderStartWeeks)
        case "communication-officer":
            basis = .communicationOfficer(
                hoursPerWeek: r.communicationHoursPerWeek, launchHoursPerWeek: r.communicationLaunchHoursPerWeek)
        case "moderator":
            basis = .moderator
        case "web-manager":
            basis = .webManager(setupHours: r.webManagerSetupHours)
        case "core-team":
            basis = .coreTeam(members: coreSize, meetingHours: staffing.coreTeam.meetingHoursPerPhase)
            people = coreSize
        case "facilitators":
            basis = .facilitators(
                hoursPerSession: f.hoursPerSession, sessionsPerFacilitator: f.sessionsPerFacilitator,
                trainingHours: f.trainingHours, work: work)
            people = sessionPeople
        case "street-interviewers":
            basis = .streetInterviewers(staffing.streetInterviewers, work: work)
            people = sessionPeople
        case "hosts":
            basis = .hosts(staffing.hosts, work: work)
            people = sessionPeople
        default:
            basis = .departmentHeads
            people = 0
        }
        return .init(id: id, name: name, people: people, hours: hours, basis: .role(basis))
    }

    // MARK: - Arithmetic

    /// Whole weeks from `start` to `end` inclusive, rounded up.
    static func weeks(from start: PhasePlan.Day, to end: PhasePlan.Day) -> Int {
        (end.ordinal - start.ordinal + 1 + 6) / 7
    }

    static func round(_ value: Double, _ decimals: Int) -> Double { Rounding.rounded(value, decimals) }

    /// `⌈value⌉`, tolerant of a rounding error just above a whole number.
    static func ceil(_ value: Double) -> Int { value <= 0 ? 0 : Int((value - 1e-9).rounded(.up)) }
}
