/// National standardisation of the features: population-weighted mean and standard
/// deviation over the postcodes where the feature is known.
public struct Standardisation: Codable, Sendable, Hashable {
    /// Mean per feature id.
    public var mean: [String: Double]
    /// Standard deviation per feature id.
    public var standardDeviation: [String: Double]

    enum CodingKeys: String, CodingKey {
        case mean
        case standardDeviation = "standard_deviation"
    }

    /// Fits means and standard deviations, weighting each postcode by its residents.
    public static func fit(_ records: [(weight: Double, features: [Feature: Double])]) -> Standardisation {
        var mean: [String: Double] = [:]
        var deviation: [String: Double] = [:]
        for feature in Feature.allCases {
            var sumWeights = 0.0
            var sum = 0.0
            for record in records where record.weight > 0 {
                guard let value = record.features[feature] else { continue }
                sumWeights += record.weight
                sum += record.weight * value
            }
            guard sumWeights > 0 else { continue }
            let m = sum / sumWeights
            var squares = 0.0
            for record in records where record.weight > 0 {
                guard let value = record.features[feature] else { continue }
                squares += record.weight * (value - m) * (value - m)
            }
            mean[feature.rawValue] = m
            deviation[feature.rawValue] = (squares / sumWeights).squareRoot()
        }
        return Standardisation(mean: mean, standardDeviation: deviation)
    }

    /// The z-score of each feature; a missing feature (or one without spread) scores 0,
    /// the national average.
    public func zScores(_ features: [Feature: Double]) -> [Feature: Double] {
        var z: [Feature: Double] = [:]
        for feature in Feature.allCases {
            guard let value = features[feature], let m = mean[feature.rawValue],
                let sd = standardDeviation[feature.rawValue], sd > 0
            else {
                z[feature] = 0
                continue
            }
            z[feature] = (value - m) / sd
        }
        return z
    }
}

/// The fitted profile model: standardisation plus the calibrated intercept per profile.
/// Stored in the dataset's metadata so any postcode's estimate can be explained later.
public struct FittedModel: Codable, Sendable, Hashable {
    /// The profile set's id.
    public var setID: String
    /// The profile set's version.
    public var setVersion: String
    /// Feature standardisation.
    public var standardisation: Standardisation
    /// Calibrated intercept per profile id.
    public var intercepts: [String: Double]
    /// Raking iterations used.
    public var iterations: Int
    /// Largest remaining difference between a national share and its target.
    public var maxShareDeviation: Double

    enum CodingKeys: String, CodingKey {
        case setID = "set_id"
        case setVersion = "set_version"
        case standardisation
        case intercepts
        case iterations
        case maxShareDeviation = "max_share_deviation"
    }
}

/// What the model needs of one postcode.
public struct PostcodeInput: Sendable, Hashable {
    /// The postcode.
    public var postcode: String
    /// Residents (after any imputation).
    public var residents: Double
    /// Its canonical variables.
    public var demographics: Demographics

    /// Creates an input record.
    public init(postcode: String, residents: Double, demographics: Demographics) {
        self.postcode = postcode
        self.residents = residents
        self.demographics = demographics
    }
}

/// The model's estimate for one postcode.
public struct PostcodeEstimate: Sendable, Hashable {
    /// Share per profile, in the set's order; sums to 1.
    public var shares: [Double]
    /// Estimated residents per profile (`shares × residents`).
    public var residents: [Double]
    /// Features the signatures use that were missing and scored at the national average.
    public var missingFeatures: [Feature]
}

/// The open estimation model of `Docs/profile-model.md`: a log-linear propensity per
/// profile from standardised CBS features, turned into shares with a softmax, and
/// calibrated by raking the intercepts until the population-weighted national share of
/// every profile equals the set's national share.
public struct ProfileEstimator: Sendable {
    /// The profile set.
    public let set: ProfileSet
    /// The fitted standardisation and intercepts.
    public let fitted: FittedModel
    private let weights: [[(Feature, Double)]]

    /// Uses an already fitted model (e.g. read back from a dataset).
    public init(set: ProfileSet, fitted: FittedModel) throws(ProfileModelError) {
        guard fitted.setID == set.id else {
            throw ProfileModelError(
                .invalidData, "the fitted model belongs to profile set '\(fitted.setID)', not '\(set.id)'")
        }
        for profile in set.profiles where fitted.intercepts[profile.id] == nil {
            throw ProfileModelError(.invalidData, "the fitted model has no intercept for profile '\(profile.id)'")
        }
        self.set = set
        self.fitted = fitted
        self.weights = Self.weights(of: set)
    }

    static func weights(of set: ProfileSet) -> [[(Feature, Double)]] {
        set.profiles.map { profile in
            profile.signature.compactMap { w in Feature(rawValue: w.feature).map { ($0, w.weight) } }
        }
    }

    /// Fits the model on every postcode and calibrates it to the set's national shares.
    ///
    /// - Parameters:
    ///   - tolerance: stop when every national share is within this of its target.
    ///   - maxIterations: give up (and report the deviation) after this many rounds.
    public static func fit(
        set: ProfileSet, postcodes: [PostcodeInput], tolerance: Double = 1e-10, maxIterations: Int = 10_000
    ) -> ProfileEstimator {
        let raw = postcodes.map { $0.demographics.features() }
        let standardisation = Standardisation.fit(zip(postcodes, raw).map { ($0.residents, $1) })
        let weights = Self.weights(of: set)
        let eta = raw.map { features -> [Double] in
            let z = standardisation.zScores(features)
            return weights.map { $0.reduce(0) { $0 + $1.1 * (z[$1.0] ?? 0) } }
        }
        let targets = set.profiles.map(\.share)
        let total = postcodes.reduce(0) { $0 + max($1.residents, 0) }
        var intercepts = targets.map { log($0) }
        var iterations = 0
        var deviation = Double.infinity
        while iterations < maxIterations {
            var sums = [Double](repeating: 0, count: targets.count)
            for (index, postcode) in postcodes.enumerated() where postcode.residents > 0 {
                let shares = softmax(zip(intercepts, eta[index]).map(+))
                for k in sums.indices { sums[k] += postcode.residents * shares[k] }
            }
            let national = sums.map { total > 0 ? $0 / total : 0 }
            deviation = zip(national, targets).map { abs($0 - $1) }.max() ?? 0
            if deviation <= tolerance || total <= 0 { break }
            for k in intercepts.indices where national[k] > 0 { intercepts[k] += log(targets[k] / national[k]) }
            // Keep the intercepts centred: softmax ignores a common shift.
            let centre = intercepts.reduce(0, +) / Double(intercepts.count)
            intercepts = intercepts.map { $0 - centre }
            iterations += 1
        }
        let fitted = FittedModel(
            setID: set.id, setVersion: set.version, standardisation: standardisation,
            intercepts: Dictionary(uniqueKeysWithValues: zip(set.profiles.map(\.id), intercepts)),
            iterations: iterations, maxShareDeviation: deviation)
        return ProfileEstimator(set: set, fitted: fitted, weights: weights)
    }

    private init(set: ProfileSet, fitted: FittedModel, weights: [[(Feature, Double)]]) {
        self.set = set
        self.fitted = fitted
        self.weights = weights
    }

    /// Log-propensity of every profile (intercept plus signature) for given z-scores.
    public func logPropensities(_ z: [Feature: Double]) -> [Double] {
        zip(set.profiles, weights).map { profile, signature in
            (fitted.intercepts[profile.id] ?? 0) + signature.reduce(0) { $0 + $1.1 * (z[$1.0] ?? 0) }
        }
    }

    /// The estimate for one postcode.
    public func estimate(_ postcode: PostcodeInput) -> PostcodeEstimate {
        let features = postcode.demographics.features()
        let z = fitted.standardisation.zScores(features)
        let shares = Self.softmax(logPropensities(z))
        let used = Set(weights.flatMap { $0.map(\.0) })
        let missing = Feature.allCases.filter { used.contains($0) && features[$0] == nil }
        let residents = max(postcode.residents, 0)
        return PostcodeEstimate(shares: shares, residents: shares.map { $0 * residents }, missingFeatures: missing)
    }

    /// Why the model gives a postcode its shares: per profile, each feature's effect on
    /// the profile's log-share, `w_kf·z_f − Σ_j s_j·w_jf·z_f` (the feature's push on this
    /// profile minus its share-weighted push on all profiles), largest effect first.
    public func explain(_ postcode: PostcodeInput) -> [ProfileExplanation] {
        let features = postcode.demographics.features()
        let z = fitted.standardisation.zScores(features)
        let shares = Self.softmax(logPropensities(z))
        var average: [Feature: Double] = [:]
        for (k, signature) in weights.enumerated() {
            for (feature, weight) in signature {
                average[feature, default: 0] += shares[k] * weight * (z[feature] ?? 0)
            }
        }
        var explanations: [ProfileExplanation] = []
        for k in set.profiles.indices {
            var own: [Feature: Double] = [:]
            for (feature, weight) in weights[k] { own[feature, default: 0] += weight }
            var contributions: [FeatureContribution] = []
            for feature in Set(own.keys).union(average.keys) {
                let zScore = z[feature] ?? 0
                let push: Double = (own[feature] ?? 0) * zScore
                let effect: Double = push - (average[feature] ?? 0)
                guard abs(effect) > 1e-12 else { continue }
                contributions.append(
                    FeatureContribution(feature: feature, value: features[feature], zScore: zScore, effect: effect))
            }
            contributions.sort { a, b in
                abs(a.effect) != abs(b.effect) ? abs(a.effect) > abs(b.effect) : a.feature.rawValue < b.feature.rawValue
            }
            explanations.append(
                ProfileExplanation(profileID: set.profiles[k].id, share: shares[k], contributions: contributions))
        }
        return explanations
    }

    /// Numerically stable softmax.
    static func softmax(_ values: [Double]) -> [Double] {
        let top = values.max() ?? 0
        let exps = values.map { exp($0 - top) }
        let sum = exps.reduce(0, +)
        return exps.map { $0 / sum }
    }
}

/// One feature's part in a postcode's estimate for one profile.
public struct FeatureContribution: Sendable, Hashable, Codable {
    /// The feature.
    public var feature: Feature
    /// Its raw value in the postcode (`nil` when missing).
    public var value: Double?
    /// Its national z-score (0 when missing).
    public var zScore: Double
    /// Effect on the profile's log-share; positive pushes the profile up.
    public var effect: Double

    enum CodingKeys: String, CodingKey {
        case feature, value
        case zScore = "z_score"
        case effect
    }
}

/// The explanation of one profile's share in a postcode.
public struct ProfileExplanation: Sendable, Hashable, Codable {
    /// The profile.
    public var profileID: String
    /// Its estimated share.
    public var share: Double
    /// Feature effects, largest first.
    public var contributions: [FeatureContribution]

    enum CodingKeys: String, CodingKey {
        case profileID = "profile"
        case share, contributions
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
