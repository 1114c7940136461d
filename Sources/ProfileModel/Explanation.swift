/// One context feature's part in a postcode's estimate for one profile.
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

/// The explanation of one profile's share in a postcode, split into who lives there and
/// the place.
///
/// `ln(share / reference) = person + place`, and the context contributions add up to
/// `place`. The reference is the profile's share among adults with the national make-up
/// (cell mix) in an average place (every context feature at its national mean).
public struct ProfileExplanation: Sendable, Hashable, Codable {
    /// The profile.
    public var profileID: String
    /// Its estimated share of adults.
    public var share: Double
    /// Its share with the national make-up in an average place.
    public var reference: Double
    /// `ln(share in an average place with this postcode's make-up / reference)`: the effect of
    /// who lives there (age bands, living with children).
    public var person: Double
    /// `ln(share / share in an average place with this postcode's make-up)`: the effect of the place.
    public var place: Double
    /// The place's effect per context feature, largest first; they add up to `place`.
    public var contributions: [FeatureContribution]

    enum CodingKeys: String, CodingKey {
        case profileID = "profile"
        case share, reference
        case person = "who_lives_there"
        case place = "the_place"
        case contributions
    }
}

/// One person cell of a postcode against the nation.
public struct CellFigure: Sendable, Hashable, Codable {
    /// The cell.
    public var cell: PersonCell
    /// Adults in the cell.
    public var adults: Double
    /// The cell's share of the postcode's adults.
    public var share: Double
    /// The cell's share of adults nationally.
    public var national: Double
}

/// Why the model gives a postcode its mix: its people by cell, and per profile the split
/// into who lives there and the place.
public struct PostcodeExplanation: Sendable, Hashable, Codable {
    /// The postcode's adults by cell, against the national cell mix.
    public var cells: [CellFigure]
    /// One explanation per profile, in the set's order.
    public var profiles: [ProfileExplanation]
}

extension ProfileEstimator {
    /// Gauss-Legendre nodes and weights on [0, 1] (8 points): the path integral of the
    /// context effects is accurate to about 1e-8 on the real data (the softmax path is smooth).
    static let quadrature: [(t: Double, weight: Double)] = {
        let half: [(Double, Double)] = [
            (0.1834346424956498, 0.3626837833783620), (0.5255324099163290, 0.3137066458778873),
            (0.7966664774136267, 0.2223810344533745), (0.9602898564975363, 0.1012285362903763),
        ]
        var nodes: [(t: Double, weight: Double)] = []
        for (x, w) in half {
            nodes.append((t: (1 - x) / 2, weight: w / 2))
            nodes.append((t: (1 + x) / 2, weight: w / 2))
        }
        return nodes
    }()

    /// Why the model gives a postcode its shares.
    ///
    /// Per profile: the effect of who lives there (the postcode's cell mix in an average
    /// place, against the national mix) and of the place (the context features), each on
    /// the log-share. A feature's effect is its integrated gradient along the path from the
    /// average place to this one, `z_f ∫₀¹ Σ_c π_kc(t) (w_kf − Σ_j p_jc(t) w_jf) dt` with
    /// `π_kc` the cell's part of the profile's adults, so the effects add up to the place's.
    public func explain(_ postcode: PostcodeInput) -> PostcodeExplanation {
        let features = postcode.demographics.features()
        let z = fitted.standardisation.zScores(features)
        let people = self.people(postcode)
        let national = fitted.cellDefaults.cellShares
        let k = set.profiles.count
        let zero = [Double](repeating: 0, count: k)
        let averagePlace = cellProbabilities(zero)
        let reference = Self.mix(cells: national, probabilities: averagePlace, fallback: national).shares
        let ownMix = Self.mix(cells: people.cells, probabilities: averagePlace, fallback: national).shares
        let eta = contextPropensities(z)
        let actual = Self.mix(cells: people.cells, probabilities: cellProbabilities(eta), fallback: national).shares
        let total = people.adults
        let weights = total > 0 ? people.cells.map { $0 / total } : national
        // Every feature any profile weighs, with each profile's weight.
        var used: [Feature] = []
        for signature in context {
            for (feature, _) in signature where !used.contains(feature) { used.append(feature) }
        }
        var w = [[Double]](repeating: [Double](repeating: 0, count: used.count), count: k)
        for (j, signature) in context.enumerated() {
            for (feature, weight) in signature { w[j][used.firstIndex(of: feature)!] += weight }
        }
        var effects = [[Double]](repeating: [Double](repeating: 0, count: used.count), count: k)
        for node in Self.quadrature {
            let p = cellProbabilities(eta.map { node.t * $0 })
            var s = [Double](repeating: 0, count: k)
            for c in p.indices { for j in 0..<k { s[j] += weights[c] * p[c][j] } }
            for c in p.indices {
                var average = [Double](repeating: 0, count: used.count)
                for j in 0..<k { for f in used.indices { average[f] += p[c][j] * w[j][f] } }
                for j in 0..<k where s[j] > 0 {
                    let part = weights[c] * p[c][j] / s[j]
                    for f in used.indices {
                        effects[j][f] += node.weight * part * (w[j][f] - average[f]) * (z[used[f]] ?? 0)
                    }
                }
            }
        }
        let profiles = set.profiles.indices.map { j in
            var contributions: [FeatureContribution] = []
            for (f, feature) in used.enumerated() where abs(effects[j][f]) > 1e-12 {
                contributions.append(
                    FeatureContribution(
                        feature: feature, value: features[feature], zScore: z[feature] ?? 0, effect: effects[j][f]))
            }
            contributions.sort { a, b in
                abs(a.effect) != abs(b.effect) ? abs(a.effect) > abs(b.effect) : a.feature.rawValue < b.feature.rawValue
            }
            return ProfileExplanation(
                profileID: set.profiles[j].id, share: actual[j], reference: reference[j],
                person: log(ownMix[j] / reference[j]), place: log(actual[j] / ownMix[j]), contributions: contributions)
        }
        let cells = PersonCell.allCases.enumerated().map { c, cell in
            CellFigure(cell: cell, adults: people.cells[c], share: weights[c], national: national[c])
        }
        return PostcodeExplanation(cells: cells, profiles: profiles)
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
