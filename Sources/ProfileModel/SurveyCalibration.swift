internal import Foundation

/// One survey respondent: where they live, optionally their age band, and which profile
/// the survey assigned them.
public struct SurveyResponse: Sendable, Hashable {
    /// The respondent's postcode.
    public var postcode: String
    /// Position of the profile in the set.
    public var profile: Int
    /// Survey weight (1 when the survey has none).
    public var weight: Double
    /// The respondent's age band (an age attribute of ``PersonAttribute``); without one the
    /// postcode's cell mix is the prior over the respondent's cell.
    public var ageBand: PersonAttribute?

    /// Creates a response.
    public init(postcode: String, profile: Int, weight: Double = 1, ageBand: PersonAttribute? = nil) {
        self.postcode = postcode
        self.profile = profile
        self.weight = weight
        self.ageBand = ageBand
    }

    /// The age bands a survey row may carry, by their ids (`age_15_24` ... `age_75_plus`).
    public static let ageBands: [PersonAttribute] = PersonAttribute.allCases.filter { $0 != .withChildren }
}

/// What a survey calibration changed.
public struct CalibrationResult: Sendable {
    /// The profile set with re-estimated signature weights or national shares.
    public var set: ProfileSet
    /// Respondents used (sum of weights).
    public var respondents: Double
    /// Mean log-likelihood per respondent under the old model.
    public var logLikelihoodBefore: Double
    /// Mean log-likelihood per respondent under the new model.
    public var logLikelihoodAfter: Double
    /// Per profile: share among respondents, and the share the old model expected for them.
    public var observed: [Double]
    /// Expected shares among respondents under the old model.
    public var expected: [Double]
}

/// Re-estimates a profile set from a resident survey (respondent postcode + profile).
///
/// `Docs/profile-model.md` gives the formulas. Two modes:
/// - ``Mode/weights``: maximum a-posteriori estimate of every signature weight (all
///   features) with a Gaussian prior centred on the set's current weights, so a small
///   survey moves them little; intercepts are then raked to the national shares again.
/// - ``Mode/targets``: keeps the weights, and rescales each national share by the ratio
///   of observed to expected respondents of that profile.
public enum SurveyCalibration {
    /// What to re-estimate.
    public enum Mode: String, Sendable, CaseIterable {
        /// The signature weights.
        case weights
        /// The national shares (calibration targets).
        case targets
    }

    /// Runs a calibration.
    ///
    /// - Parameters:
    ///   - estimator: the current fitted model.
    ///   - postcodes: every postcode of the dataset (for the national raking and lookups).
    ///   - responses: the survey.
    ///   - priorStrength: precision of the prior on each weight (1 = one unit of z-score weight
    ///     is as costly as the log-likelihood of one respondent).
    public static func calibrate(
        estimator: ProfileEstimator, postcodes: [PostcodeInput], responses: [SurveyResponse], mode: Mode,
        surveyName: String, priorStrength: Double = 1, iterations: Int = 400
    ) throws(ProfileModelError) -> CalibrationResult {
        let set = estimator.set
        guard !responses.isEmpty else { throw ProfileModelError(.invalidData, "the survey has no responses") }
        let byPostcode = Dictionary(postcodes.map { ($0.postcode, $0) }, uniquingKeysWith: { a, _ in a })
        let features = Feature.allCases.filter { set.attributes.context.contains($0.rawValue) }
        let k = set.profiles.count
        let cells = PersonCell.allCases
        let effects = estimator.cellEffects
        var rows: [(z: [Double], prior: [Double], profile: Int, weight: Double)] = []
        for response in responses {
            guard let input = byPostcode[response.postcode] else {
                throw ProfileModelError(
                    .invalidData, "the survey names postcode \(response.postcode), which is not in the dataset")
            }
            if let band = response.ageBand, band == .withChildren {
                throw ProfileModelError(.invalidData, "'with_children' is not an age band")
            }
            let z = estimator.fitted.standardisation.zScores(input.demographics.features())
            rows.append(
                (
                    features.map { z[$0] ?? 0 },
                    cellPrior(
                        estimator.people(input).cells, band: response.ageBand,
                        national: estimator.fitted.cellDefaults.cellShares), response.profile, response.weight
                ))
        }
        let total = rows.reduce(0) { $0 + $1.weight }
        let profiles = k
        // Parameters: intercept + one weight per context feature, per profile; person effects stay.
        var beta = set.profiles.map { profile -> [Double] in
            let own = Dictionary(profile.signature.map { ($0.feature, $0.weight) }, uniquingKeysWith: +)
            return [estimator.fitted.intercepts[profile.id] ?? 0] + features.map { own[$0.rawValue] ?? 0 }
        }
        let prior = beta
        /// Per cell, the profile probabilities for one respondent.
        func probabilities(_ b: [[Double]], _ z: [Double]) -> [[Double]] {
            let eta = b.map { row in zip(row.dropFirst(), z).reduce(row[0]) { $0 + $1.0 * $1.1 } }
            return cells.indices.map { c in ProfileEstimator.softmax((0..<k).map { eta[$0] + effects[c * k + $0] }) }
        }
        func shares(_ b: [[Double]], _ z: [Double], _ prior: [Double]) -> [Double] {
            let p = probabilities(b, z)
            return (0..<k).map { j in cells.indices.reduce(0) { $0 + prior[$1] * p[$1][j] } }
        }
        func logLikelihood(_ b: [[Double]]) -> Double {
            rows.reduce(0) { $0 + $1.weight * log(max(shares(b, $1.z, $1.prior)[$1.profile], 1e-300)) } / total
        }
        var observed = [Double](repeating: 0, count: profiles)
        var expected = [Double](repeating: 0, count: profiles)
        for row in rows {
            observed[row.profile] += row.weight / total
            for (j, s) in shares(beta, row.z, row.prior).enumerated() { expected[j] += row.weight * s / total }
        }
        let before = logLikelihood(beta)
        var updated = set
        switch mode {
        case .targets:
            var targets = zip(set.profiles, zip(observed, expected)).map { profile, pair in
                profile.share * (pair.1 > 0 ? max(pair.0, 1e-6) / pair.1 : 1)
            }
            let sum = targets.reduce(0, +)
            targets = targets.map { $0 / sum }
            for k in updated.profiles.indices {
                updated.profiles[k].share = targets[k]
                updated.profiles[k].shareBasis = .assumption(
                    "Calibrated on the resident survey \(surveyName) (\(Int(total.rounded())) respondents): the previous share \(String(format: "%.4f", set.profiles[k].share)) scaled by observed/expected respondents of this profile (\(String(format: "%.3f", observed[k]))/\(String(format: "%.3f", expected[k]))). Previous basis: \(set.profiles[k].shareBasis)"
                )
            }
        case .weights:
            // Gradient ascent on the penalised mean log-likelihood, with step halving.
            func objective(_ b: [[Double]]) -> Double {
                var penalty = 0.0
                for k in 0..<profiles {
                    for j in 1..<b[k].count { penalty += (b[k][j] - prior[k][j]) * (b[k][j] - prior[k][j]) }
                }
                return logLikelihood(b) - priorStrength * penalty / (2 * total)
            }
            var step = 1.0
            var current = objective(beta)
            for _ in 0..<iterations {
                var gradient = beta.map { $0.map { _ in 0.0 } }
                for row in rows {
                    let p = probabilities(beta, row.z)
                    let likelihood = cells.indices.reduce(0) { $0 + row.prior[$1] * p[$1][row.profile] }
                    guard likelihood > 0 else { continue }
                    for c in cells.indices where row.prior[c] > 0 {
                        // The respondent's posterior weight on cell c.
                        let posterior = row.prior[c] * p[c][row.profile] / likelihood
                        for j in 0..<profiles {
                            let residual = row.weight * posterior * ((j == row.profile ? 1 : 0) - p[c][j]) / total
                            gradient[j][0] += residual
                            for f in 0..<features.count { gradient[j][f + 1] += residual * row.z[f] }
                        }
                    }
                }
                for k in 0..<profiles {
                    for j in 1..<beta[k].count { gradient[k][j] -= priorStrength * (beta[k][j] - prior[k][j]) / total }
                }
                var improved = false
                while step > 1e-8 {
                    let candidate = zip(beta, gradient).map { zip($0, $1).map { $0 + step * $1 } }
                    let value = objective(candidate)
                    if value > current {
                        beta = candidate
                        current = value
                        step *= 1.5
                        improved = true
                        break
                    }
                    step /= 2
                }
                if !improved { break }
            }
            for k in updated.profiles.indices {
                let old = Dictionary(
                    set.profiles[k].signature.map { ($0.feature, $0) }, uniquingKeysWith: { a, _ in a })
                updated.profiles[k].signature = features.enumerated().compactMap { j, feature in
                    let weight = (beta[k][j + 1] * 1000).rounded() / 1000
                    guard weight != 0 || old[feature.rawValue] != nil else { return nil }
                    let previous =
                        old[feature.rawValue].map { "\($0.weight); \($0.rationale)" } ?? "0 (not in the signature)"
                    return SignatureWeight(
                        feature: feature.rawValue, weight: weight,
                        rationale:
                            "Re-estimated from the resident survey \(surveyName) (\(Int(total.rounded())) respondents, prior strength \(priorStrength)); was \(previous)"
                    )
                }.filter { abs($0.weight) >= 0.001 }
            }
        }
        updated.version = set.version + "+survey"
        updated.description =
            set.description + " Re-estimated (\(mode.rawValue)) from the resident survey \(surveyName)."
        try updated.validate()
        // Refit the national calibration under the new set and measure the survey fit again.
        let refitted = ProfileEstimator.fit(set: updated, postcodes: postcodes)
        var after = 0.0
        for response in responses {
            guard let input = byPostcode[response.postcode] else { continue }
            let z = refitted.contextPropensities(
                refitted.fitted.standardisation.zScores(input.demographics.features()))
            let p = refitted.cellProbabilities(z)
            let weights = cellPrior(
                refitted.people(input).cells, band: response.ageBand, national: refitted.fitted.cellDefaults.cellShares)
            let share = cells.indices.reduce(0) { $0 + weights[$1] * p[$1][response.profile] }
            after += response.weight * log(max(share, 1e-300))
        }
        return CalibrationResult(
            set: updated, respondents: total, logLikelihoodBefore: before, logLikelihoodAfter: after / total,
            observed: observed,
            expected: expected)
    }

    /// The prior over a respondent's cell: the postcode's adults by cell, restricted to the
    /// respondent's age band when the survey gives one (the national mix where the postcode
    /// has nobody in it).
    static func cellPrior(_ cells: [Double], band: PersonAttribute?, national: [Double]) -> [Double] {
        let mask = PersonCell.allCases.map { cell in band.map { cell.attributes.contains($0) } ?? true }
        for source in [cells, national] {
            let kept = zip(source, mask).map { $1 ? $0 : 0 }
            let sum = kept.reduce(0, +)
            if sum > 0 { return kept.map { $0 / sum } }
        }
        let count = Double(mask.filter { $0 }.count)
        return mask.map { $0 ? 1 / count : 0 }
    }
}
