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

/// The fitted profile model: standardisation, person cells and the calibrated intercept per
/// profile. Stored in the dataset's metadata so any postcode's estimate can be recomputed
/// and explained later.
public struct FittedModel: Codable, Sendable, Hashable {
    /// Version of the model's method; `cells-1` is the person-cell model of `Docs/profile-model.md`.
    public var method: String
    /// The profile set's id.
    public var setID: String
    /// The profile set's version.
    public var setVersion: String
    /// The population the shares describe: `adults` (15+).
    public var population: String
    /// Feature standardisation.
    public var standardisation: Standardisation
    /// The person cells, in order, with their definitions.
    public var cells: [String: String]
    /// National fallbacks for the cell counts and the national cell mix.
    public var cellDefaults: CellDefaults
    /// Person effect `b_kc` per profile id and cell id (the sum of the profile's effects on
    /// the cell's attributes).
    public var personEffects: [String: [String: Double]]
    /// Context weights `w_kf` per profile id and feature id.
    public var contextWeights: [String: [String: Double]]
    /// Calibrated intercept per profile id.
    public var intercepts: [String: Double]
    /// Raking iterations used.
    public var iterations: Int
    /// Largest remaining difference between a national share of adults and its target.
    public var maxShareDeviation: Double

    /// The method this version of geoprofile fits.
    public static let currentMethod = "cells-1"

    enum CodingKeys: String, CodingKey {
        case method
        case setID = "set_id"
        case setVersion = "set_version"
        case population, standardisation, cells
        case cellDefaults = "cell_defaults"
        case personEffects = "person_effects"
        case contextWeights = "context_weights"
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
    /// Share of adults per profile, in the set's order; sums to 1.
    public var shares: [Double]
    /// Estimated adults per profile (`Σ_c n_c p_kc`).
    public var adults: [Double]
    /// Estimated adults aged 65+ per profile.
    public var seniors: [Double]
    /// The postcode's people by cell.
    public var people: PersonCounts
    /// Context features the signatures use that were missing and scored at the national average.
    public var missingFeatures: [Feature]
}

/// The open estimation model of `Docs/profile-model.md`: inside every postcode the adults
/// are split into person cells (age band, living with children); the probability that a
/// person of cell *c* belongs to profile *k* is a softmax over `a_k + b_kc + Σ_f w_kf z_f`
/// with the place's standardised context features *z*, and the postcode's mix is the
/// cell-count-weighted average. The intercepts are raked until the national share of
/// adults of every profile equals the set's national share.
public struct ProfileEstimator: Sendable {
    /// The profile set.
    public let set: ProfileSet
    /// The fitted model.
    public let fitted: FittedModel
    let context: [[(Feature, Double)]]
    /// `b_kc`, flat: cell-major (`c * K + k`).
    let cellEffects: [Double]
    let intercepts: [Double]

    /// Uses an already fitted model (e.g. read back from a dataset).
    public init(set: ProfileSet, fitted: FittedModel) throws(ProfileModelError) {
        guard fitted.method == FittedModel.currentMethod else {
            throw ProfileModelError(
                .invalidData,
                "the fitted model uses method '\(fitted.method)', not '\(FittedModel.currentMethod)'; rebuild the dataset"
            )
        }
        guard fitted.setID == set.id else {
            throw ProfileModelError(
                .invalidData, "the fitted model belongs to profile set '\(fitted.setID)', not '\(set.id)'")
        }
        for profile in set.profiles where fitted.intercepts[profile.id] == nil {
            throw ProfileModelError(.invalidData, "the fitted model has no intercept for profile '\(profile.id)'")
        }
        self.init(set: set, fitted: fitted, intercepts: set.profiles.map { fitted.intercepts[$0.id] ?? 0 })
    }

    private init(set: ProfileSet, fitted: FittedModel, intercepts: [Double]) {
        self.set = set
        self.fitted = fitted
        self.context = Self.contextWeights(of: set)
        self.cellEffects = Self.cellEffects(of: set)
        self.intercepts = intercepts
    }

    static func contextWeights(of set: ProfileSet) -> [[(Feature, Double)]] {
        set.profiles.map { profile in
            profile.signature.compactMap { w in Feature(rawValue: w.feature).map { ($0, w.weight) } }
        }
    }

    /// `b_kc = Σ_{a ∈ c} effect_ka`, cell-major.
    static func cellEffects(of set: ProfileSet) -> [Double] {
        var effects: [Double] = []
        for cell in PersonCell.allCases {
            for profile in set.profiles {
                let own = Dictionary(profile.personEffects.map { ($0.attribute, $0.effect) }, uniquingKeysWith: +)
                effects.append(cell.attributes.reduce(0) { $0 + (own[$1.rawValue] ?? 0) })
            }
        }
        return effects
    }

    /// Fits the model on every postcode and calibrates it to the set's national shares of adults.
    ///
    /// - Parameters:
    ///   - tolerance: stop when every national share is within this of its target.
    ///   - maxIterations: give up (and report the deviation) after this many rounds.
    public static func fit(
        set: ProfileSet, postcodes: [PostcodeInput], tolerance: Double = 1e-12, maxIterations: Int = 10_000
    ) -> ProfileEstimator {
        let raw = postcodes.map { $0.demographics.features() }
        let standardisation = Standardisation.fit(zip(postcodes, raw).map { ($0.residents, $1) })
        let defaults = CellDefaults.fit(postcodes.map(\.demographics))
        let weights = contextWeights(of: set)
        let effects = cellEffects(of: set)
        let k = set.profiles.count
        let cellCount = PersonCell.allCases.count
        // The context part of every postcode's log-propensities, and its adults per cell.
        let eta = raw.map { features -> [Double] in
            let z = standardisation.zScores(features)
            return weights.map { $0.reduce(0) { $0 + $1.1 * (z[$1.0] ?? 0) } }
        }
        let people = postcodes.map { defaults.counts($0.demographics).cells }
        let targets = set.profiles.map(\.share)
        let total = people.reduce(0) { $0 + $1.reduce(0, +) }
        var intercepts = targets.map { log($0) }
        var iterations = 0
        var deviation = Double.infinity
        var logits = [Double](repeating: 0, count: k)
        var p = [Double](repeating: 0, count: k)
        while iterations < maxIterations {
            var sums = [Double](repeating: 0, count: k)
            for index in postcodes.indices {
                for c in 0..<cellCount where people[index][c] > 0 {
                    for j in 0..<k { logits[j] = intercepts[j] + effects[c * k + j] + eta[index][j] }
                    softmax(logits, into: &p)
                    for j in 0..<k { sums[j] += people[index][c] * p[j] }
                }
            }
            let national = sums.map { total > 0 ? $0 / total : 0 }
            deviation = zip(national, targets).map { abs($0 - $1) }.max() ?? 0
            if deviation <= tolerance || total <= 0 { break }
            for j in intercepts.indices where national[j] > 0 { intercepts[j] += log(targets[j] / national[j]) }
            // Keep the intercepts centred: softmax ignores a common shift.
            let centre = intercepts.reduce(0, +) / Double(intercepts.count)
            intercepts = intercepts.map { $0 - centre }
            iterations += 1
        }
        let ids = set.profiles.map(\.id)
        var personEffects: [String: [String: Double]] = [:]
        for (j, id) in ids.enumerated() {
            personEffects[id] = Dictionary(
                uniqueKeysWithValues: PersonCell.allCases.enumerated().map { ($1.rawValue, effects[$0 * k + j]) })
        }
        let fitted = FittedModel(
            method: FittedModel.currentMethod, setID: set.id, setVersion: set.version, population: "adults",
            standardisation: standardisation,
            cells: Dictionary(uniqueKeysWithValues: PersonCell.allCases.map { ($0.rawValue, $0.definition) }),
            cellDefaults: defaults, personEffects: personEffects,
            contextWeights: Dictionary(
                uniqueKeysWithValues: zip(ids, weights).map { id, w in
                    (id, Dictionary(w.map { ($0.0.rawValue, $0.1) }, uniquingKeysWith: +))
                }),
            intercepts: Dictionary(uniqueKeysWithValues: zip(ids, intercepts)),
            iterations: iterations, maxShareDeviation: deviation)
        return ProfileEstimator(set: set, fitted: fitted, intercepts: intercepts)
    }

    /// The context part `Σ_f w_kf z_f` of every profile's log-propensity.
    public func contextPropensities(_ z: [Feature: Double]) -> [Double] {
        context.map { signature in signature.reduce(0) { $0 + $1.1 * (z[$1.0] ?? 0) } }
    }

    /// Per cell (in `PersonCell.allCases` order), the probability of every profile for
    /// context propensities `eta`: `softmax_k(a_k + b_kc + eta_k)`.
    public func cellProbabilities(_ eta: [Double]) -> [[Double]] {
        let k = set.profiles.count
        var p = [Double](repeating: 0, count: k)
        return PersonCell.allCases.indices.map { c in
            Self.softmax((0..<k).map { intercepts[$0] + cellEffects[c * k + $0] + eta[$0] }, into: &p)
            return p
        }
    }

    /// The people of a postcode by cell.
    public func people(_ postcode: PostcodeInput) -> PersonCounts {
        fitted.cellDefaults.counts(postcode.demographics)
    }

    /// The mix of a cell composition: shares of adults, adults and seniors per profile.
    /// Without adults the national cell mix weighs the cells, so shares stay defined.
    static func mix(cells: [Double], probabilities: [[Double]], fallback: [Double]) -> (
        shares: [Double], adults: [Double], seniors: [Double]
    ) {
        let k = probabilities.first?.count ?? 0
        var adults = [Double](repeating: 0, count: k)
        var seniors = [Double](repeating: 0, count: k)
        let total = cells.reduce(0, +)
        let weights = total > 0 ? cells.map { $0 / total } : fallback
        var shares = [Double](repeating: 0, count: k)
        for (c, cell) in PersonCell.allCases.enumerated() {
            for j in 0..<k {
                shares[j] += weights[c] * probabilities[c][j]
                adults[j] += cells[c] * probabilities[c][j]
                if cell.isSenior { seniors[j] += cells[c] * probabilities[c][j] }
            }
        }
        return (shares, adults, seniors)
    }

    /// The estimate for one postcode.
    public func estimate(_ postcode: PostcodeInput) -> PostcodeEstimate {
        let features = postcode.demographics.features()
        let z = fitted.standardisation.zScores(features)
        let people = self.people(postcode)
        let mix = Self.mix(
            cells: people.cells, probabilities: cellProbabilities(contextPropensities(z)),
            fallback: fitted.cellDefaults.cellShares)
        let used = Set(context.flatMap { $0.map(\.0) })
        let missing = Feature.allCases.filter { used.contains($0) && features[$0] == nil }
        return PostcodeEstimate(
            shares: mix.shares, adults: mix.adults, seniors: mix.seniors, people: people, missingFeatures: missing)
    }

    /// Numerically stable softmax.
    static func softmax(_ values: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: values.count)
        softmax(values, into: &out)
        return out
    }

    /// Numerically stable softmax into a buffer of the same length.
    @discardableResult
    static func softmax(_ values: [Double], into out: inout [Double]) -> [Double] {
        let top = values.max() ?? 0
        var sum = 0.0
        for i in values.indices {
            out[i] = exp(values[i] - top)
            sum += out[i]
        }
        for i in values.indices { out[i] /= sum }
        return out
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension ProfileEstimator {
    /// The profile shares of the adults of a postcode, restricted to an age band when one is
    /// given: the cell-level probabilities weighted by the postcode's adults in the cells of
    /// that band (the national cell mix where the postcode has nobody in it), as
    /// ``SurveyCalibration`` weighs a respondent with an age band.
    ///
    /// - Throws: ``ProfileModelError`` when `band` is `with_children`, which is not an age band.
    public func shares(of postcode: PostcodeInput, band: PersonAttribute?) throws(ProfileModelError) -> [Double] {
        if band == .withChildren {
            throw ProfileModelError(.invalidData, "'with_children' is not an age band")
        }
        let z = fitted.standardisation.zScores(postcode.demographics.features())
        let probabilities = cellProbabilities(contextPropensities(z))
        let weights = SurveyCalibration.cellPrior(
            people(postcode).cells, band: band, national: fitted.cellDefaults.cellShares)
        return set.profiles.indices.map { k in
            weights.indices.reduce(0.0) { $0 + weights[$1] * probabilities[$1][k] }
        }
    }
}
