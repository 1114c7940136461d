public import ProfileModel

/// The rendering of a survey calibration's outcome for a terminal.
public enum CalibrationRendering {
    /// What changed: the fit before and after, and per profile the observed, expected and
    /// new national share.
    ///
    /// - Parameters:
    ///   - previous: the set before the calibration.
    ///   - mode: the name of what was re-estimated (`weights` or `targets`).
    ///   - output: where the new set was written.
    public static func table(_ result: CalibrationResult, previous set: ProfileSet, mode: String, output: String)
        -> String
    {
        var out: [String] = []
        out.append(
            "Calibrated \(set.id) on \(NumberText.grouped(result.respondents)) respondents (\(mode)); wrote \(output)")
        out.append(
            "  mean log-likelihood per respondent: \(NumberText.fixed(result.logLikelihoodBefore, decimals: 4)) before, \(NumberText.fixed(result.logLikelihoodAfter, decimals: 4)) after"
        )
        let rows = set.profiles.indices.map { k in
            [
                set.profiles[k].name, NumberText.percent(result.observed[k]), NumberText.percent(result.expected[k]),
                NumberText.percent(result.set.profiles[k].share),
            ]
        }
        out.append(
            TextTable.render(
                ["profile", "observed", "expected before", "national share"], rows, rightAligned: [1, 2, 3]))
        return out.joined(separator: "\n")
    }
}
