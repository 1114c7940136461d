internal import Foundation

/// One survey respondent: where they live and which profile the survey assigned them.
public struct SurveyResponse: Sendable, Hashable {
    /// The respondent's postcode.
    public var postcode: String
    /// Position of the profile in the set.
    public var profile: Int
    /// Survey weight (1 when the survey has none).
    public var weight: Double

    /// Creates a response.
    public init(postcode: String, profile: Int, weight: Double = 1) {
        self.postcode = postcode
        self.profile = profile
        self.weight = weight
    }
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
        let features = Feature.allCases
        var rows: [(z: [Double], profile: Int, weight: Double)] = []
        for response in responses {
            guard let input = byPostcode[response.postcode] else {
                throw ProfileModelError(
                    .invalidData, "the survey names postcode \(response.postcode), which is not in the dataset")
            }
            let z = estimator.fitted.standardisation.zScores(input.demographics.features())
            rows.append((features.map { z[$0] ?? 0 }, response.profile, response.weight))
        }
        let total = rows.reduce(0) { $0 + $1.weight }
        let profiles = set.profiles.count
        // Parameters: intercept + one weight per feature, per profile.
        var beta = set.profiles.map { profile -> [Double] in
            let own = Dictionary(profile.signature.map { ($0.feature, $0.weight) }, uniquingKeysWith: +)
            return [estimator.fitted.intercepts[profile.id] ?? 0] + features.map { own[$0.rawValue] ?? 0 }
        }
        let prior = beta
        func shares(_ b: [[Double]], _ z: [Double]) -> [Double] {
            let eta = b.map { row in zip(row.dropFirst(), z).reduce(row[0]) { $0 + $1.0 * $1.1 } }
            let top = eta.max() ?? 0
            let e = eta.map { exp($0 - top) }
            let s = e.reduce(0, +)
            return e.map { $0 / s }
        }
        func logLikelihood(_ b: [[Double]]) -> Double {
            rows.reduce(0) { $0 + $1.weight * log(max(shares(b, $1.z)[$1.profile], 1e-300)) } / total
        }
        var observed = [Double](repeating: 0, count: profiles)
        var expected = [Double](repeating: 0, count: profiles)
        for row in rows {
            observed[row.profile] += row.weight / total
            for (k, s) in shares(beta, row.z).enumerated() { expected[k] += row.weight * s / total }
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
                    let s = shares(beta, row.z)
                    for k in 0..<profiles {
                        let residual = row.weight * ((k == row.profile ? 1 : 0) - s[k]) / total
                        gradient[k][0] += residual
                        for j in 0..<features.count { gradient[k][j + 1] += residual * row.z[j] }
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
            after += response.weight * log(max(refitted.estimate(input).shares[response.profile], 1e-300))
        }
        return CalibrationResult(
            set: updated, respondents: total, logLikelihoodBefore: before, logLikelihoodAfter: after / total,
            observed: observed,
            expected: expected)
    }
}
