internal import AreaAnalysis
public import ProfileModel
public import Recommendations

extension ProcessPlan {
    /// The plan as JSON with sorted keys: what `geoprofile monitor --plan` reads back.
    public func jsonText(language: Language = .en) throws -> String { try JSONText.encode(self, language: language) }

    /// What `plan` prints on a terminal: the zone, the core team, per phase the dates,
    /// methods with sessions, channels with their preparation day and hours per role, then
    /// the totals.
    public func textReport(language: Language = .en) -> String {
        let reasons = ReasonText(language)
        var lines: [String] = []
        lines.append(
            "Zone \(zone.id): \(NumberText.grouped(zone.adults)) adults (estimated), \(phases.count) phases from \(totals.start) to \(totals.end) (\(totals.weeks) weeks)"
        )
        lines.append("Core team: \(coreTeam.size) (\(reasons.sentence(coreTeam.reason)))")
        for (number, phase) in phases.enumerated() {
            lines.append("")
            lines.append(
                "Phase \(number + 1): \(phase.name[language]) [\(phase.goal.rawValue)], \(phase.start) to \(phase.end), \(phase.weeks) weeks (\(phase.dates == "timeline" ? "timeline" : "default length"))"
            )
            var methodRows: [[String]] = []
            for method in phase.methods {
                methodRows.append([
                    method.name[language], method.mode.rawValue, NumberText.fixed(method.score, decimals: 2),
                    method.sessions.map(String.init) ?? "-", method.attendeesPerSession.map(String.init) ?? "-",
                ])
            }
            let table = TextTable.render(
                ["METHOD", "MODE", "SCORE", "SESSIONS", "PER SESSION"], methodRows, rightAligned: [2, 3, 4])
            lines += table.split(separator: "\n").map { "  " + $0 }
            for method in phase.methods {
                if let reason = method.sessionReason {
                    lines.append("  \(method.name[language]): \(reasons.sentence(reason))")
                }
            }
            if !phase.channels.isEmpty {
                let schedule = phase.channels.map { "\($0.channel) from \($0.prepareFrom)" }.joined(separator: ", ")
                lines.append("  Prepare channels: \(schedule)")
            }
            if let training = phase.trainingBy {
                lines.append("  Facilitators: \(phase.facilitators), trained by \(training)")
            }
            if let interviewers = phase.streetInterviewers {
                lines.append(
                    "  Street interviewers: \(interviewers)\(phase.briefingBy.map { ", briefed by \($0)" } ?? "")")
            }
            if let hosts = phase.hosts {
                lines.append("  Hosts: \(hosts)")
            }
            let hours = phase.hours.filter { $0.hours > 0 }.map {
                "\($0.role) \(NumberText.grouped($0.hours, decimals: 1))"
            }
            lines.append("  Hours: \(hours.joined(separator: ", "))")
        }
        lines.append("")
        let roleRows = roles.map { role in
            [
                role.name[language], String(role.people), NumberText.grouped(role.hours, decimals: 1),
                reasons.sentence(role.basis),
            ]
        }
        lines.append(TextTable.render(["ROLE", "PEOPLE", "HOURS", "BASIS"], roleRows, rightAligned: [1, 2]))
        lines.append("")
        lines.append(
            "Totals: \(NumberText.grouped(totals.personHours, decimals: 1)) person-hours, \(totals.sessions) sessions, \(totals.facilitators) facilitators\(sessionStaffText), \(totals.weeks) weeks; preparation starts \(totals.preparationFrom)"
        )
        lines.append(
            "Politicians: an update on \(politicianUpdates.map(\.description).joined(separator: ", ")) (about every 3 months, published)"
        )
        lines.append("")
        lines.append(
            "Hours, sessions and team size follow Data/recommender/staffing.json; every figure there names its basis (published or assumed)."
        )
        lines.append(AnalysisReport.note)
        return lines.joined(separator: "\n") + "\n"
    }

    /// The plan in Markdown, for a project document.
    public func markdownPlan(language: Language = .en) -> String {
        let reasons = ReasonText(language)
        var lines: [String] = []
        lines.append("# Process plan for zone \(MarkdownText.inline(zone.id))")
        lines.append("")
        lines.append(
            "About \(NumberText.grouped(zone.adults)) adult residents (estimated), phase plan *\(MarkdownText.inline(settings.phasePlanName[language]))*, "
                + "reach target \(NumberText.percent(settings.reachTarget, decimals: 0)), budget \(settings.budget.rawValue). "
                + "From \(totals.start) to \(totals.end): \(totals.weeks) weeks, \(totals.sessions) sessions, "
                + "\(NumberText.grouped(totals.personHours, decimals: 1)) person-hours.")
        lines.append("")
        lines.append("## Core team")
        lines.append("")
        lines.append("\(coreTeam.size) members: \(MarkdownText.inline(reasons.sentence(coreTeam.reason))).")
        for (number, phase) in phases.enumerated() {
            lines.append("")
            lines.append("## Phase \(number + 1): \(MarkdownText.inline(phase.name[language]))")
            lines.append("")
            lines.append(
                "Goal: \(Self.label(phase.goal)); \(phase.start) to \(phase.end), \(phase.weeks) weeks (\(phase.dates == "timeline" ? "dates from the timeline" : "default length for the goal"))."
            )
            lines.append("")
            lines.append("| Method | Mode | Score | Sessions | Why |")
            lines.append("|---|---|---:|---:|---|")
            for method in phase.methods {
                let why = [method.reason, method.sessionReason].compactMap { $0 }.map(reasons.sentence).joined(
                    separator: "; ")
                lines.append(
                    "| \(MarkdownText.inline(method.name[language])) | \(method.mode.rawValue) | \(NumberText.fixed(method.score, decimals: 2)) "
                        + "| \(method.sessions.map(String.init) ?? "-") | \(MarkdownText.inline(why)) |")
            }
            if !phase.channels.isEmpty {
                lines.append("")
                lines.append("| Channel | Lead time | Prepare from |")
                lines.append("|---|---:|---|")
                for channel in phase.channels {
                    let name = channels.first { $0.id == channel.channel }?.name[language] ?? channel.channel
                    lines.append(
                        "| \(MarkdownText.inline(name)) | \(channel.leadTimeDays) days | \(channel.prepareFrom) |")
                }
            }
            if let training = phase.trainingBy {
                lines.append("")
                lines.append("Facilitators: \(phase.facilitators), trained by \(training).")
            }
            if let interviewers = phase.streetInterviewers {
                lines.append("")
                lines.append(
                    "Street interviewers: \(interviewers)\(phase.briefingBy.map { ", briefed by \($0)" } ?? "").")
            }
            if let hosts = phase.hosts {
                lines.append("")
                lines.append("Hosts: \(hosts).")
            }
            lines.append("")
            lines.append(
                "Hours: "
                    + phase.hours.filter { $0.hours > 0 }.map {
                        "\($0.role) \(NumberText.grouped($0.hours, decimals: 1))"
                    }.joined(separator: ", ") + ".")
        }
        lines.append("")
        lines.append("## Roles")
        lines.append("")
        lines.append("| Role | People | Person-hours | Basis |")
        lines.append("|---|---:|---:|---|")
        for role in roles {
            lines.append(
                "| \(MarkdownText.inline(role.name[language])) | \(role.people) | \(NumberText.grouped(role.hours, decimals: 1)) | \(MarkdownText.inline(reasons.sentence(role.basis))) |"
            )
        }
        lines.append("")
        lines.append(
            "Politicians get an update on \(politicianUpdates.map(\.description).joined(separator: ", ")) (about every 3 months, published)."
        )
        lines.append("")
        lines.append("## About these figures")
        lines.append("")
        lines.append(
            "- Team size, weekly hours and sessions follow `Data/recommender/staffing.json`, where every figure names its basis: "
                + "published (CitizenLab's guides, Roeselare, Harelbeke) or an assumption with its reasoning.")
        lines.append(
            "- The zone's profile mix is a model estimate from CBS figures (Bron: CBS), not a measurement; sessions scale with it."
        )
        return lines.joined(separator: "\n") + "\n"
    }
}

extension ProcessPlan {
    /// The people of the session roles other than the facilitators, for the totals line:
    /// `, 35 street interviewers, 9 hosts`, or nothing when the plan needs neither.
    var sessionStaffText: String {
        [("street-interviewers", "street interviewer"), ("hosts", "host")].compactMap { id, word in
            roles.first { $0.id == id && $0.people > 0 }.map { ", \($0.people) \(word)\($0.people == 1 ? "" : "s")" }
        }.joined()
    }

    /// A goal in words, as the Markdown plan writes it: `gather input`.
    static func label(_ goal: PhaseGoal) -> String {
        switch goal {
        case .inform: "inform"
        case .consult: "consult"
        case .gatherInput: "gather input"
        case .prioritize: "prioritise"
        case .coCreate: "co-create"
        }
    }
}

extension ParticipationCheck {
    /// The check as JSON with sorted keys.
    public func jsonText(language: Language = .en) throws -> String { try JSONText.encode(self, language: language) }

    /// What `monitor` prints on a terminal.
    public func textReport(language: Language = .en) -> String {
        let reasons = ReasonText(language)
        var lines: [String] = []
        lines.append(
            "Zone \(zone): \(participants) participants in the zone from \(source); \(outside) outside the zone, counted apart"
        )
        if withAgeBand > 0 {
            lines.append("\(withAgeBand) of them gave an age band (estimated through the person cells)")
        }
        lines.append("")
        let rows = profiles.map { row in
            [
                row.name, NumberText.percent(row.zoneShare), NumberText.grouped(row.expected, decimals: 1),
                NumberText.grouped(row.estimated, decimals: 1),
                row.ratio.map { NumberText.fixed($0, decimals: 2) } ?? "-",
                row.low.map { "\(NumberText.fixed($0, decimals: 2))-\(NumberText.fixed(row.high ?? 0, decimals: 2))" }
                    ?? "-",
                row.status.rawValue,
            ]
        }
        lines.append(
            TextTable.render(
                ["PROFILE", "ZONE SHARE", "EXPECTED", "ESTIMATED", "RATIO", "95% (WILSON)", "STATUS"], rows,
                rightAligned: [1, 2, 3, 4, 5]))
        if !underrepresented.isEmpty {
            lines.append("")
            for entry in underrepresented {
                lines.append("Under-represented: \(entry.name) (ratio \(NumberText.fixed(entry.ratio, decimals: 2)))")
                if entry.channels.isEmpty { lines.append("  no channel outside the plan's mix reaches them") }
                for channel in entry.channels {
                    lines.append("  add \(channel.name[language]): \(reasons.sentence(channel.reason))")
                }
            }
        }
        if !outsidePostcodes.isEmpty {
            lines.append("")
            lines.append(
                "Outside the zone: "
                    + outsidePostcodes.map { "\($0.postcode) (\($0.count))" }.joined(separator: ", "))
        }
        lines.append("")
        lines.append(reasons.sentence(note))
        return lines.joined(separator: "\n") + "\n"
    }

    /// The check in Markdown.
    public func markdownReport(language: Language = .en) -> String {
        let reasons = ReasonText(language)
        var lines: [String] = []
        lines.append("# Who took part in zone \(MarkdownText.inline(zone))")
        lines.append("")
        lines.append(
            "\(participants) participants in the zone (\(MarkdownText.inline(source))); \(outside) outside the zone, counted apart."
        )
        lines.append("")
        lines.append("| Profile | Zone share | Expected | Estimated | Ratio | 95% interval (Wilson) | Status |")
        lines.append("|---|---:|---:|---:|---:|---:|---|")
        for row in profiles {
            let interval =
                row.low.map { "\(NumberText.fixed($0, decimals: 2))-\(NumberText.fixed(row.high ?? 0, decimals: 2))" }
                ?? "-"
            lines.append(
                "| \(MarkdownText.inline(row.name)) | \(NumberText.percent(row.zoneShare)) | \(NumberText.grouped(row.expected, decimals: 1)) "
                    + "| \(NumberText.grouped(row.estimated, decimals: 1)) | \(row.ratio.map { NumberText.fixed($0, decimals: 2) } ?? "-") "
                    + "| \(interval) | \(row.status.rawValue) |")
        }
        for entry in underrepresented {
            lines.append("")
            lines.append(
                "## \(MarkdownText.inline(entry.name)) is under-represented (ratio \(NumberText.fixed(entry.ratio, decimals: 2)))"
            )
            lines.append("")
            for channel in entry.channels {
                lines.append(
                    "- **\(MarkdownText.inline(channel.name[language]))**: \(MarkdownText.inline(reasons.sentence(channel.reason)))."
                )
            }
        }
        lines.append("")
        lines.append("*\(MarkdownText.inline(reasons.sentence(note)))*")
        return lines.joined(separator: "\n") + "\n"
    }
}
