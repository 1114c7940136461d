internal import AreaAnalysis
public import ProfileModel
public import Recommendations

extension Recommendation {
    /// A campaign plan in Markdown that a project team can paste into a project document:
    /// the zone's profiles, then per phase the methods, the channel mix with lead times,
    /// the under-reached profiles and the next best channels.
    ///
    /// - Parameter title: the plan's title; by default `Campaign plan for zone <id>`.
    public func markdownPlan(title: String? = nil, language: Language = .en) -> String {
        let reasons = ReasonText(language)
        var lines: [String] = []
        lines.append("# \(title ?? "Campaign plan for zone \(zone.id)")")
        lines.append("")
        lines.append(
            "Zone `\(zone.id)`: about \(RecommenderText.grouped(zone.adults)) adult residents (estimated), profile set "
                + "`\(settings.profileSet)`, phase plan *\(settings.planName[language])* (`\(settings.planID)`). "
                + "Reach target \(RecommenderText.percent(settings.reachTarget)) of adults, at most \(settings.maxChannels) "
                + "channel\(settings.maxChannels == 1 ? "" : "s") per phase, budget \(settings.budget.rawValue) "
                + "(cost classes \(allowedClasses)).")
        lines.append("")
        lines.append("## Who lives here")
        lines.append("")
        lines.append("| Profile | Adults | Share of adults |")
        lines.append("|---|---:|---:|")
        for profile in rankedProfiles where profile.share > 0 {
            lines.append(
                "| \(MarkdownText.inline(profile.name)) | \(RecommenderText.grouped(profile.adults)) | \(RecommenderText.percent(profile.share)) |"
            )
        }
        let absent = zone.profiles.filter { $0.share == 0 }.map(\.name)
        if !absent.isEmpty {
            lines.append("")
            lines.append("Not present: \(RecommenderText.list(absent)).")
        }
        for (number, phase) in phases.enumerated() {
            lines.append("")
            lines.append(contentsOf: markdown(phase, number: number + 1, reasons: reasons))
        }
        lines.append("")
        lines.append("## About these estimates")
        lines.append("")
        lines.append(
            "- Scores and reaches combine the zone's estimated profile mix with per-profile estimates of "
                + "method fit and channel reach. Most of those estimates are assumptions reasoned from the "
                + "published profile descriptions, not measurements; each value's basis is in the recommender "
                + "tables (`channels.json`, `methods.json`).")
        lines.append(
            "- Channels are combined as if independent: a resident missed by one channel is as likely to "
                + "be reached by the next. Channels aimed at the same people overlap more than that, so the "
                + "mix's reach is an upper estimate.")
        if !profilesUsingDefaults.isEmpty {
            let names = profilesUsingDefaults.map { id in zone.profiles.first { $0.id == id }?.name ?? id }
            lines.append(
                "- The tables give no specific estimates for \(RecommenderText.list(names)); the tables' default values "
                    + "are used for \(names.count == 1 ? "it" : "them").")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The recommendation as JSON with sorted keys, so equal recommendations give equal bytes.
    public func jsonText(language: Language = .en) throws -> String { try JSONText.encode(self, language: language) }

    /// What `recommend` prints on a terminal: the ``textTable()`` and the note that the
    /// profile figures are estimates.
    public func textReport(language: Language = .en) -> String {
        textTable(language: language) + "\n\n" + AnalysisReport.note
    }

    /// A plain-text rendering for a terminal: the zone's profiles, and per phase the methods,
    /// the channels by reach (marking those in the mix) and the mix's outcome.
    public func textTable(language: Language = .en) -> String {
        var lines: [String] = []
        lines.append(
            "Zone \(zone.id): \(RecommenderText.grouped(zone.adults)) adults, reach target \(RecommenderText.percent(settings.reachTarget)), "
                + "at most \(settings.maxChannels) channels, budget \(settings.budget.rawValue)")
        lines.append("")
        lines.append(row([("PROFILE", 30, .left), ("ADULTS", 10, .right), ("SHARE", 6, .right)]))
        for profile in rankedProfiles {
            lines.append(
                row([
                    (profile.name, 30, .left), (RecommenderText.grouped(profile.adults), 10, .right),
                    (RecommenderText.percent(profile.share), 6, .right),
                ]))
        }
        for (number, phase) in phases.enumerated() {
            lines.append("")
            lines.append(
                "Phase \(number + 1): \(phase.name[language]) [\(phase.goal.rawValue)]\(dates(of: phase, prefix: ", "))"
            )
            lines.append(row([("  METHOD", 44, .left), ("SCORE", 6, .right), ("  STYLE", 32, .left)]))
            if phase.methods.isEmpty { lines.append("  (no method in the tables serves this goal)") }
            for method in phase.methods {
                let m = method.method
                lines.append(
                    row([
                        ("  " + method.name[language], 44, .left), (RecommenderText.decimal(method.score), 6, .right),
                        ("  \(m.participation.rawValue), \(m.mode.rawValue), \(m.groupSize.rawValue)", 32, .left),
                    ]))
            }
            if let earlier = earlierPhase(withChannelsOf: number) {
                lines.append("  Channels and mix as in phase \(earlier + 1)")
                continue
            }
            lines.append(
                row([
                    ("  CHANNEL", 44, .left), ("REACH", 6, .right), ("  COST", 8, .left), ("LEAD", 5, .right),
                    ("  MIX", 5, .left),
                ]))
            let others = phase.channels.filter { !phase.mix.channels.contains($0.id) }
            let shown = phase.channels.filter { channel in
                phase.mix.channels.contains(channel.id) || others.prefix(Self.otherChannelsShown).contains(channel)
            }
            for channel in shown {
                let position = phase.mix.channels.firstIndex(of: channel.id).map { "  #\($0 + 1)" } ?? ""
                lines.append(
                    row([
                        ("  " + channel.name[language], 44, .left), (RecommenderText.percent(channel.reach), 6, .right),
                        ("  " + channel.channel.cost.rawValue, 8, .left),
                        ("\(channel.channel.leadTimeDays)d", 5, .right),
                        (position, 5, .left),
                    ]))
            }
            if others.count > Self.otherChannelsShown {
                lines.append("  … and \(others.count - Self.otherChannelsShown) more channels within the budget")
            }
            let verdict = phase.mix.targetMet ? "met" : "not met"
            lines.append(
                "  Mix reaches \(RecommenderText.percent(phase.mix.reach)) of adults (target \(RecommenderText.percent(settings.reachTarget)) \(verdict))"
            )
            for entry in phase.mix.underreached {
                let suggestions =
                    entry.suggestions.isEmpty
                    ? "no other channel within the budget" : entry.suggestions.joined(separator: ", ")
                lines.append(
                    "  Under-reached: \(profileName(entry.profile)) at \(RecommenderText.percent(entry.reach)); try \(suggestions)"
                )
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - Markdown parts

    private func markdown(_ phase: PhaseRecommendation, number: Int, reasons: ReasonText) -> [String] {
        let language = reasons.language
        var lines: [String] = []
        lines.append("## Phase \(number): \(phase.name[language])")
        lines.append("")
        lines.append("Goal: \(label(phase.goal))\(dates(of: phase, prefix: "; "))")
        lines.append("")
        lines.append("### Methods")
        lines.append("")
        if phase.methods.isEmpty {
            lines.append("No method in the tables serves the goal *\(label(phase.goal))*.")
        }
        for (rank, method) in phase.methods.enumerated() {
            lines.append(
                "\(rank + 1). **\(method.name[language])** (score \(RecommenderText.decimal(method.score))): \(reasons.sentence(method.reason))."
            )
        }
        lines.append("")
        lines.append("### Channels")
        lines.append("")
        if phase.start == nil, let earlier = earlierPhase(withChannelsOf: number - 1) {
            lines.append("The same channels and mix as in phase \(earlier + 1).")
            return lines
        }
        if phase.mix.channels.isEmpty {
            lines.append("No channel within the budget reaches the zone's residents.")
            return lines
        }
        let byID = Dictionary(phase.channels.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let verdict =
            phase.mix.targetMet
            ? "meets the target of \(RecommenderText.percent(settings.reachTarget))"
            : "stays below the target of \(RecommenderText.percent(settings.reachTarget)); this is the best reach found within the limits"
        lines.append(
            "The mix reaches an estimated \(RecommenderText.percent(phase.mix.reach)) of adults and \(verdict).")
        lines.append("")
        let dated = phase.start != nil
        lines.append("| # | Channel | Mode | Cost | Lead time |\(dated ? " Start by |" : "") Reach | Why |")
        lines.append("|---:|---|---|---|---:|\(dated ? "---|" : "")---:|---|")
        for (position, id) in phase.mix.channels.enumerated() {
            guard let entry = byID[id] else { continue }
            let channel = entry.channel
            let startBy = phase.start.map { " \($0.adding(days: -channel.leadTimeDays)) |" } ?? ""
            lines.append(
                "| \(position + 1) | \(MarkdownText.inline(channel.name[language])) | \(channel.mode.rawValue), \(channel.route.rawValue) "
                    + "| \(channel.cost.rawValue) | \(channel.leadTimeDays) days |\(startBy) \(RecommenderText.percent(entry.reach)) "
                    + "| \(MarkdownText.inline(reasons.sentence(entry.reason))) |")
        }
        if !phase.mix.underreached.isEmpty {
            lines.append("")
            lines.append("Profiles the mix reaches less than the target:")
            lines.append("")
            for entry in phase.mix.underreached {
                let share = zone.profiles.first { $0.id == entry.profile }?.share ?? 0
                let names = entry.suggestions.map { byID[$0]?.name[language] ?? $0 }
                let advice =
                    names.isEmpty
                    ? "no other channel within the budget reaches them" : "consider \(names.joined(separator: "; "))"
                lines.append(
                    "- \(profileName(entry.profile)) (\(RecommenderText.percent(share)) of adults): an estimated "
                        + "\(RecommenderText.percent(entry.reach)) reached; \(advice).")
            }
        }
        let others = phase.channels.filter { !phase.mix.channels.contains($0.id) }.prefix(Self.otherChannelsShown)
        if !others.isEmpty {
            lines.append("")
            lines.append(
                "Next best channels within the budget: "
                    + others.map { "\(MarkdownText.inline($0.name[language])) (\(RecommenderText.percent($0.reach)))" }
                    .joined(
                        separator: "; ")
                    + ".")
        }
        return lines
    }

    // MARK: - Helpers

    /// How many channels outside the mix the renderings list.
    private static let otherChannelsShown = 3

    /// The first phase before `index` with the same channels and mix, if any.
    private func earlierPhase(withChannelsOf index: Int) -> Int? {
        phases.indices.prefix(index).first {
            phases[$0].channels == phases[index].channels && phases[$0].mix == phases[index].mix
        }
    }

    /// A goal in words, as the Markdown plan writes it: `gather input`.
    private func label(_ goal: PhaseGoal) -> String {
        switch goal {
        case .inform: "inform"
        case .consult: "consult"
        case .gatherInput: "gather input"
        case .prioritize: "prioritise"
        case .coCreate: "co-create"
        }
    }

    private var rankedProfiles: [ZoneProfile] {
        zone.profiles.sorted { $0.share != $1.share ? $0.share > $1.share : $0.id < $1.id }
    }

    private var allowedClasses: String {
        CostClass.allCases.filter { $0 <= settings.budget }.map(\.rawValue).joined(separator: ", ")
    }

    private func profileName(_ id: String) -> String {
        zone.profiles.first { $0.id == id }?.name ?? id
    }

    private func dates(of phase: PhaseRecommendation, prefix: String) -> String {
        guard let start = phase.start else { return "" }
        guard let end = phase.end else { return "\(prefix)from \(start), open-ended" }
        return "\(prefix)\(start) to \(end)"
    }

    private enum Alignment { case left, right }

    private func row(_ columns: [(text: String, width: Int, alignment: Alignment)]) -> String {
        columns.map { column in
            var text = column.text
            if text.count > column.width { text = String(text.prefix(column.width - 1)) + "…" }
            let padding = String(repeating: " ", count: column.width - text.count)
            return column.alignment == .left ? text + padding : padding + text
        }.joined(separator: " ").replacingTrailingSpaces()
    }
}

extension String {
    fileprivate func replacingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
