internal import ProfileModel
internal import Recommendations

/// The staffed, dated plan as a section of the printed area report: per phase the dates,
/// methods with sessions, channels with the day to start preparing them, facilitators and
/// hours per role; then the roles with people, hours and basis, and the totals. The same
/// ``ProcessPlan`` that `geoprofile plan` writes, in the report's language.
enum PlanReport {
    /// The template's values for the plan section.
    static func context(_ plan: ProcessPlan, language: Language) -> [String: Any] {
        let words = PlanWords(language)
        let reasons = ReasonText(language)
        func hours(_ value: Double) -> String { NumberText.grouped(value, decimals: 1, language: language) }
        func day(_ value: PhasePlan.Day) -> String { DayText.day(value, language: language) }
        let channelNames = Dictionary(
            plan.channels.map { ($0.id, $0.name[language]) }, uniquingKeysWith: { first, _ in first })
        let roleNames = Dictionary(
            plan.roles.map { ($0.id, $0.name[language]) }, uniquingKeysWith: { first, _ in first })
        let phases: [[String: Any]] = plan.phases.enumerated().map { number, phase in
            let methods: [[String: Any]] = phase.methods.map { method in
                [
                    "name": method.name[language],
                    "sessions": method.sessions.map(String.init) ?? "–",
                    "perSession": method.attendeesPerSession.map(String.init) ?? "–",
                    "why": method.sessionReason.map(reasons.sentence) ?? words.online(method.mode == .online),
                ]
            }
            let channels = phase.channels.map { channel in
                words.prepare(channelNames[channel.channel] ?? channel.channel, from: day(channel.prepareFrom))
            }
            let phaseHours = phase.hours.filter { $0.hours > 0 }.map { entry in
                "\(roleNames[entry.role] ?? entry.role) \(hours(entry.hours))"
            }
            return [
                "title": words.phaseTitle(number + 1, phase.name[language]),
                "when": words.when(
                    day(phase.start), day(phase.end), weeks: phase.weeks, goal: words.goal(phase.goal),
                    fromTimeline: phase.dates == "timeline"),
                "methods": methods,
                "channels": channels.isEmpty ? "" : words.channels(channels.joined(separator: "; ")),
                "facilitators": phase.trainingBy.map {
                    words.facilitators(phase.facilitators, trainedBy: day($0))
                } ?? "",
                "interviewers": phase.streetInterviewers.map { count in
                    words.interviewers(count, briefedBy: phase.briefingBy.map(day))
                } ?? "",
                "hosts": phase.hosts.map(words.hosts) ?? "",
                "hours": words.hours(phaseHours.isEmpty ? "–" : phaseHours.joined(separator: ", ")),
            ]
        }
        let roles: [[String: Any]] = plan.roles.map { role in
            [
                "name": role.name[language], "people": String(role.people), "hours": hours(role.hours),
                "basis": reasons.sentence(role.basis),
            ]
        }
        let t = plan.totals
        return [
            "summary": words.summary(
                from: day(t.start), to: day(t.end), weeks: t.weeks, sessions: t.sessions,
                facilitators: t.facilitators,
                interviewers: plan.roles.first { $0.id == "street-interviewers" }?.people ?? 0,
                hosts: plan.roles.first { $0.id == "hosts" }?.people ?? 0, personHours: hours(t.personHours),
                preparation: day(t.preparationFrom)),
            "coreTeam": words.coreTeam(plan.coreTeam.size, reasons.sentence(plan.coreTeam.reason)),
            "phases": phases, "roles": roles, "totalHours": hours(t.personHours),
            "politicians": words.politicians(plan.politicianUpdates.map(day).joined(separator: ", ")),
            "basis": words.basis(plan.settings.staffingVersion),
        ]
    }

    /// The plan section of the report's template.
    static let template = """
        {{#hasPlan}}
        <section class="part">
        <h2>{{w.plan}}</h2>
        {{#plan}}
        <p>{{summary}}</p>
        <p>{{coreTeam}}</p>
        {{#phases}}
        <h3>{{title}}</h3>
        <p>{{when}}</p>
        <table>
        <thead><tr><th>{{w.method}}</th><th class="n">{{w.sessions}}</th><th class="n">{{w.perSession}}</th><th>{{w.how}}</th></tr></thead>
        <tbody>
        {{#methods}}<tr><td>{{name}}</td><td class="n">{{sessions}}</td><td class="n">{{perSession}}</td><td>{{why}}</td></tr>
        {{/methods}}
        </tbody>
        </table>
        {{#channels}}<p>{{channels}}</p>{{/channels}}
        {{#facilitators}}<p>{{facilitators}}</p>{{/facilitators}}
        {{#interviewers}}<p>{{interviewers}}</p>{{/interviewers}}
        {{#hosts}}<p>{{hosts}}</p>{{/hosts}}
        <p>{{hours}}</p>
        {{/phases}}
        <h3>{{w.roles}}</h3>
        <table>
        <thead><tr><th>{{w.role}}</th><th class="n">{{w.people}}</th><th class="n">{{w.hours}}</th><th>{{w.basis}}</th></tr></thead>
        <tbody>
        {{#roles}}<tr><td>{{name}}</td><td class="n">{{people}}</td><td class="n">{{hours}}</td><td>{{basis}}</td></tr>
        {{/roles}}
        <tr><td><strong>{{w.total}}</strong></td><td></td><td class="n"><strong>{{totalHours}}</strong></td><td></td></tr>
        </tbody>
        </table>
        <p>{{politicians}}</p>
        <p class="muted">{{basis}}</p>
        {{/plan}}
        </section>
        {{/hasPlan}}
        """
}

/// The plan section's sentences in one language.
struct PlanWords {
    let language: Language

    init(_ language: Language) { self.language = language }

    private func t(_ nl: String, _ en: String) -> String { language == .nl ? nl : en }

    /// The fixed words of the plan section, for the template.
    var dictionary: [String: String] {
        [
            "plan": t("Het plan: mensen, uren en data", "The plan: people, hours and dates"),
            "method": t("Werkvorm", "Method"),
            "sessions": t("Bijeenkomsten", "Sessions"),
            "perSession": t("Per bijeenkomst", "Per session"),
            "how": t("Hoe berekend", "How computed"),
            "roles": t("Wie doet wat?", "Who does what?"),
            "role": t("Rol", "Role"),
            "people": t("Mensen", "People"),
            "hours": t("Uren", "Hours"),
            "basis": t("Basis", "Basis"),
            "total": t("Totaal", "Total"),
        ]
    }

    func goal(_ goal: PhaseGoal) -> String {
        switch goal {
        case .inform: t("informeren", "inform")
        case .consult: t("raadplegen", "consult")
        case .gatherInput: t("ideeën ophalen", "gather input")
        case .prioritize: t("kiezen", "prioritise")
        case .coCreate: t("samen maken", "co-create")
        }
    }

    func summary(
        from start: String, to end: String, weeks: Int, sessions: Int, facilitators: Int, interviewers: Int,
        hosts: Int, personHours: String, preparation: String
    ) -> String {
        let staffNL =
            (interviewers > 0
                ? ", \(interviewers) \(interviewers == 1 ? "straatinterviewer" : "straatinterviewers")" : "")
            + (hosts > 0 ? ", \(hosts) \(hosts == 1 ? "gastheer" : "gastheren")" : "")
        let staffEN =
            (interviewers > 0 ? ", \(interviewers) street interviewer\(interviewers == 1 ? "" : "s")" : "")
            + (hosts > 0 ? ", \(hosts) host\(hosts == 1 ? "" : "s")" : "")
        return t(
            "Van \(start) tot en met \(end): \(weeks) weken, \(sessions) \(sessions == 1 ? "bijeenkomst" : "bijeenkomsten"), \(facilitators) \(facilitators == 1 ? "gespreksleider" : "gespreksleiders")\(staffNL) en \(personHours) uur werk in totaal. De voorbereiding begint op \(preparation).",
            "From \(start) to \(end): \(weeks) weeks, \(sessions) session\(sessions == 1 ? "" : "s"), \(facilitators) facilitator\(facilitators == 1 ? "" : "s")\(staffEN) and \(personHours) person-hours in total. Preparation starts on \(preparation)."
        )
    }

    func coreTeam(_ size: Int, _ reason: String) -> String {
        t("Kernteam: \(size) mensen. Zo berekend: \(reason).", "Core team: \(size) people. How: \(reason).")
    }

    func phaseTitle(_ number: Int, _ name: String) -> String {
        t("Fase \(number): \(name)", "Phase \(number): \(name)")
    }

    func when(_ start: String, _ end: String, weeks: Int, goal: String, fromTimeline: Bool) -> String {
        t(
            "\(start) tot en met \(end), \(weeks) \(weeks == 1 ? "week" : "weken") (\(fromTimeline ? "data uit de planning" : "standaardduur voor dit doel")). Doel: \(goal).",
            "\(start) to \(end), \(weeks) week\(weeks == 1 ? "" : "s") (\(fromTimeline ? "dates from the timeline" : "default length for the goal")). Goal: \(goal)."
        )
    }

    func online(_ isOnline: Bool) -> String {
        isOnline
            ? t("online: geen bijeenkomsten nodig", "online: no sessions needed")
            : t("wordt verspreid, geen bijeenkomsten", "delivered, no sessions")
    }

    func prepare(_ channel: String, from day: String) -> String {
        t("\(channel) vanaf \(day)", "\(channel) from \(day)")
    }

    func channels(_ list: String) -> String {
        t("Kanalen voorbereiden: \(list).", "Prepare the channels: \(list).")
    }

    func facilitators(_ count: Int, trainedBy day: String) -> String {
        t(
            "Gespreksleiders: \(count), getraind vóór \(day).",
            "Facilitators: \(count), trained by \(day).")
    }

    func interviewers(_ count: Int, briefedBy day: String?) -> String {
        t(
            "Straatinterviewers: \(count)\(day.map { ", gebriefd vóór \($0)" } ?? "").",
            "Street interviewers: \(count)\(day.map { ", briefed by \($0)" } ?? "").")
    }

    func hosts(_ count: Int) -> String {
        t("Gastheren (medewerkers op de avond): \(count).", "Hosts (staff on the evening): \(count).")
    }

    func hours(_ list: String) -> String { t("Uren: \(list).", "Hours: \(list).") }

    func politicians(_ days: String) -> String {
        t(
            "De politiek krijgt een update op \(days) (ongeveer elke 3 maanden, gepubliceerd).",
            "The politicians get an update on \(days) (about every 3 months, published).")
    }

    func basis(_ version: String) -> String {
        t(
            "Uren, bijeenkomsten en de grootte van het kernteam volgen de bemensingstabel (staffing.json, versie \(version)). Bij elk getal staat of het gepubliceerd is of een aanname. De bijeenkomsten hangen af van de geschatte profielen, dus ook zij zijn schattingen.",
            "Hours, sessions and the core team's size follow the staffing table (staffing.json, version \(version)). Every figure says whether it is published or assumed. Sessions depend on the estimated profiles, so they are estimates too."
        )
    }
}

/// Calendar days in words: `2 maart 2026`, `2 March 2026`.
enum DayText {
    static func day(_ day: PhasePlan.Day, language: Language) -> String {
        let dutch = [
            "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
            "november", "december",
        ]
        let english = [
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December",
        ]
        return "\(day.day) \((language == .nl ? dutch : english)[day.month - 1]) \(day.year)"
    }
}
