public import ProfileModel
public import Recommendations

/// Writes the reasons of the recommender, the planner and the monitor as sentences, in
/// Dutch (plain language, B1) or English: the one place where a ``Reason`` becomes words.
/// Numbers follow the language (``RecommenderText``): `0,80` and `12.345` in Dutch.
///
/// Give it to an encoder as `CodingUserInfoKey.reasonWriter` (``JSONText`` does) to write
/// reasons into JSON.
public struct ReasonText: ReasonWriter {
    /// The language of the sentences.
    public let language: Language

    /// A writer for a language.
    public init(_ language: Language) { self.language = language }

    /// The reason as one sentence, without a final full stop.
    public func sentence(_ reason: Reason) -> String {
        switch reason {
        case .method(let fit): method(fit)
        case .channel(let reach): channel(reach)
        case .coreTeam(let size): coreTeam(size)
        case .sessions(let count): sessions(count)
        case .role(let basis): role(basis)
        case .suggestion(let suggestion): self.suggestion(suggestion)
        case .ecologicalEstimate: ecologicalEstimate
        case .text(let text): text
        }
    }

    private var nl: Bool { language == .nl }
    private func t(_ dutch: String, _ english: String) -> String { nl ? dutch : english }
    private func percent(_ share: Double) -> String { RecommenderText.percent(share, language: language) }
    private func decimal(_ value: Double) -> String { RecommenderText.decimal(value, language: language) }
    private func grouped(_ value: Double) -> String { RecommenderText.grouped(value, language: language) }
    private func number(_ value: Double) -> String { RecommenderText.number(value, language: language) }
    private func list(_ parts: [String]) -> String { RecommenderText.list(parts, language: language) }

    // MARK: - Recommender

    private func method(_ fit: Reason.MethodFit) -> String {
        let style = "\(fit.participation.rawValue), \(word(fit.mode)), \(phrase(fit.groupSize))"
        guard !fit.profiles.isEmpty else {
            return t(
                "past bij geen van de profielen in dit gebied (volgens de schattingen); \(style)",
                "fits none of the zone's profiles by the estimates; \(style)")
        }
        let parts = fit.profiles.enumerated().map { order, p in
            t(
                "\(p.name) (\(percent(p.share))\(order == 0 ? " van de volwassenen" : ""), geschiktheid \(decimal(p.value)))",
                "\(p.name) (\(percent(p.share))\(order == 0 ? " of adults" : ""), fit \(decimal(p.value)))")
        }
        var text = t("past bij \(list(parts))", "suits \(list(parts))")
        if let weak = fit.weak {
            text += t(
                "; past slecht bij \(weak.name) (\(percent(weak.share)) van de volwassenen, geschiktheid \(decimal(weak.value)))",
                "; a weak fit for \(weak.name) (\(percent(weak.share)) of adults, fit \(decimal(weak.value)))")
        }
        return text + "; \(style)"
    }

    private func channel(_ reach: Reason.ChannelReach) -> String {
        guard !reach.profiles.isEmpty else {
            return t(
                "bereikt geen van de profielen in dit gebied (volgens de schattingen)",
                "reaches none of the zone's profiles by the estimates")
        }
        let parts = reach.profiles.enumerated().map { order, p in
            t(
                "\(order == 0 ? "naar schatting " : "")\(percent(p.value)) van de \(p.name) (\(percent(p.share)) van de volwassenen)",
                "\(order == 0 ? "an estimated " : "")\(percent(p.value)) of \(p.name) (\(percent(p.share)) of adults)")
        }
        return t("bereikt \(list(parts)) \(reach.via.nl)", "reaches \(list(parts)) \(reach.via.en)")
    }

    /// A mode as a word: `online`, `offline`.
    func word(_ mode: ChannelMode) -> String {
        switch mode {
        case .online: "online"
        case .offline: t("offline", "offline")
        }
    }

    /// How residents take part: `individually`, `in small groups`, ...
    func phrase(_ size: GroupSize) -> String {
        switch size {
        case .individual: t("ieder voor zich", "individually")
        case .small: t("in kleine groepen", "in small groups")
        case .medium: t("in groepen van 12 tot 40", "in groups of 12 to 40")
        case .large: t("in grote groepen", "in large groups")
        }
    }

    // MARK: - Planner

    private func coreTeam(_ size: Reason.CoreTeamSize) -> String {
        let range = "\(size.minimum)-\(size.maximum)"
        return t(
            "\(size.base) vaste leden (medewerker participatie, hoofd communicatie) + \(size.departments) voor de betrokken afdeling\(size.departments == 1 ? "" : "en")"
                + " + \(size.extra) voor \(grouped(size.adults)) volwassenen (1 per \(grouped(size.adultsPerMember)))"
                + " = \(size.sum), \(size.isHeld ? "begrensd op de gepubliceerde \(range)" : "binnen de gepubliceerde \(range)")",
            "\(size.base) base members (participation official, head of communication) + \(size.departments) for the department\(size.departments == 1 ? "" : "s") involved"
                + " + \(size.extra) for \(grouped(size.adults)) adults (1 per \(grouped(size.adultsPerMember)))"
                + " = \(size.sum), \(size.isHeld ? "held to the published \(range)" : "within the published \(range)")")
    }

    private func sessions(_ count: Reason.SessionCount) -> String {
        let fit = decimal(count.servedFit)
        guard !count.served.isEmpty else {
            return t(
                "past bij geen van de profielen in dit gebied met geschiktheid \(fit) of meer, dus er zijn geen bijeenkomsten gepland",
                "fits none of the zone's profiles at \(fit) or more, so no sessions are planned")
        }
        let more = count.served.count - 3
        let names = count.served.prefix(3) + (more > 0 ? [t("\(more) andere", "\(more) more")] : [])
        let sessions = count.sessions
        return t(
            "voor \(list(Array(names))) (geschiktheid \(fit) of meer; \(grouped(count.adults)) volwassenen): "
                + "\(percent(count.reachTarget)) bereikt × \(number(count.turnout * 100))% opkomst = \(grouped(count.residents)) inwoners, "
                + "\(count.perSession) per bijeenkomst, \(sessions) bijeenkomst\(sessions == 1 ? "" : "en")",
            "serves \(list(Array(names))) (fit \(fit) or more; \(grouped(count.adults)) adults): "
                + "\(percent(count.reachTarget)) reached × \(number(count.turnout * 100))% turnout = \(grouped(count.residents)) residents, "
                + "\(count.perSession) per session, \(sessions) session\(sessions == 1 ? "" : "s")")
    }

    private func role(_ basis: Reason.RoleBasis) -> String {
        func tag(_ figure: StaffingTables.Figure) -> String {
            figure.basis.isAssumption ? t("aanname", "assumed") : t("gepubliceerd", "published")
        }
        func n(_ figure: StaffingTables.Figure) -> String { number(figure.value) }
        switch basis {
        case .projectLeader(let perWeek, let start, let weeks):
            return t(
                "\(n(perWeek)) uur per week (\(tag(perWeek))), \(n(start)) uur per week in de eerste \(n(weeks)) weken (\(tag(start)))",
                "\(n(perWeek)) h/week (\(tag(perWeek))), \(n(start)) h/week in the first \(n(weeks)) weeks (\(tag(start)))"
            )
        case .communicationOfficer(let perWeek, let launch):
            return t(
                "\(n(perWeek)) uur per week (\(tag(perWeek))), \(n(launch)) uur per week in de startweek van elke fase (\(tag(launch)))",
                "\(n(perWeek)) h/week (\(tag(perWeek))), \(n(launch)) h/week in each phase's launch week (\(tag(launch)))"
            )
        case .moderator:
            return t(
                "0-2 uur per week, afhankelijk van het doel van de fase, in fasen met een online werkvorm (bereik gepubliceerd, waarde per doel aangenomen)",
                "0-2 h/week by the phase's goal in phases with an online method (range published, value per goal assumed)"
            )
        case .webManager(let setup):
            return t(
                "eenmalig, bij de start (gepubliceerd), \(n(setup)) uur (\(tag(setup)))",
                "once, at set-up (published), \(n(setup)) h (\(tag(setup)))")
        case .coreTeam(let members, let hours):
            return t(
                "\(members) leden × \(n(hours)) uur bij de start van elke fase (aanname; het team komt een paar keer per jaar bij elkaar, gepubliceerd)",
                "\(members) members × \(n(hours)) h at the start of each phase (assumed; the team meets several times a year, published)"
            )
        case .facilitators(let perSession, let sessions, let training, let work):
            return t(
                "\(n(perSession)) uur per bijeenkomst (\(tag(perSession))), \(n(sessions)) bijeenkomsten per gespreksleider (\(tag(sessions)), Roeselare), \(n(training)) uur training per persoon (\(tag(training))); \(runs(work))",
                "\(n(perSession)) h per session (\(tag(perSession))), \(n(sessions)) sessions per facilitator (\(tag(sessions)), Roeselare), \(n(training)) h training each (\(tag(training))); \(runs(work))"
            )
        case .streetInterviewers(let staff, let work):
            return t(
                "\(n(staff.staffPerSession)) per ronde, \(n(staff.hoursPerSession)) uur per ronde inclusief verslag, \(n(staff.sessionsPerPerson)) rondes per persoon, \(n(staff.preparationHours)) uur briefing per persoon (aanname); \(runs(work))",
                "\(n(staff.staffPerSession)) per round, \(n(staff.hoursPerSession)) h per round including the report, \(n(staff.sessionsPerPerson)) rounds each, \(n(staff.preparationHours)) h briefing each (assumed); \(runs(work))"
            )
        case .hosts(let staff, let work):
            return t(
                "\(n(staff.staffPerSession)) medewerkers per avond, \(n(staff.hoursPerSession)) uur per avond inclusief voorbereiding en verslag, \(n(staff.sessionsPerPerson)) avonden per persoon (aanname); \(runs(work))",
                "\(n(staff.staffPerSession)) staff per evening, \(n(staff.hoursPerSession)) h per evening including preparation and the report, \(n(staff.sessionsPerPerson)) evenings each (assumed); \(runs(work))"
            )
        case .departmentHeads:
            return t(
                "weinig: worden op de hoogte gehouden en sturen de moderatoren aan (gepubliceerd); niet meegeteld",
                "minimal: informed, steer the moderators (published); not counted")
        }
    }

    /// The methods a session role runs and the profiles they serve.
    private func runs(_ work: Reason.SessionWork) -> String {
        let methods = list(work.methods.map { $0[language] })
        return work.profiles.isEmpty
            ? t("voor \(methods)", "for \(methods)")
            : t(
                "voor \(methods), gericht op \(list(work.profiles))",
                "for \(methods), serving \(list(work.profiles))")
    }

    // MARK: - Monitor

    private func suggestion(_ suggestion: Reason.ChannelSuggestion) -> String {
        t(
            "bereikt naar schatting \(percent(suggestion.reach)) van de \(suggestion.profile) \(suggestion.via.nl)",
            "reaches an estimated \(percent(suggestion.reach)) of \(suggestion.profile) \(suggestion.via.en)")
    }

    private var ecologicalEstimate: String {
        t(
            "Schatting per postcode: het profiel van een deelnemer zelf is onbekend. Daarom telt elke deelnemer mee met de geschatte profielen van de volwassenen in zijn of haar postcode (en leeftijdsgroep). De marge houdt alleen rekening met het aantal deelnemers, niet met de fout van het profielmodel.",
            "Ecological estimate: a participant's own profile is unknown, so each counts with the estimated profile mix of the adults of their postcode (and age band). The interval reflects the number of participants only, not the error of the profile model."
        )
    }
}

/// Number and list formatting of the recommender's reasons and the renderings of a
/// recommendation or a plan, so a reason and a table agree to the digit. English by default;
/// Dutch swaps the thousands separator and the decimal mark (``NumberText``).
public enum RecommenderText {
    /// A share as a whole percentage, e.g. `34%`.
    public static func percent(_ share: Double, language: Language = .en) -> String {
        "\(Int((share * 100).rounded()))%"
    }

    /// A value with two decimals, e.g. `0.80` (`0,80`).
    public static func decimal(_ value: Double, language: Language = .en) -> String {
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        return NumberText.localised("\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)", language)
    }

    /// `a`, `a and b`, `a, b and c` (`a, b en c`).
    public static func list(_ parts: [String], language: Language = .en) -> String {
        switch parts.count {
        case 0: ""
        case 1: parts[0]
        default: parts.dropLast().joined(separator: ", ") + (language == .nl ? " en " : " and ") + parts.last!
        }
    }

    /// A count rounded to a whole number with thousands separators, e.g. `12,345` (`12.345`).
    public static func grouped(_ value: Double, language: Language = .en) -> String {
        let whole = Int(value.rounded())
        let digits = String(abs(whole))
        var groups: [Substring] = []
        var end = digits.endIndex
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
            groups.insert(digits[start..<end], at: 0)
            end = start
        }
        return (whole < 0 ? "-" : "") + groups.joined(separator: language == .nl ? "." : ",")
    }

    /// A number to at most two decimals without trailing zeros: `0.5`, `1.25`, `2` (`0,5`).
    public static func number(_ value: Double, language: Language = .en) -> String {
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        var text = String(rounded)
        while text.hasSuffix("0") { text.removeLast() }
        return NumberText.localised(text, language)
    }
}
