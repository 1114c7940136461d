/// The profile composition of an area: estimated people per profile of a set. The
/// profiled people are the adults (15+); `residents` holds their counts.
///
/// This is what the area analysis produces and what the recommender consumes. Counts are
/// model estimates (or licensed figures), never measurements of individuals.
public struct ProfileMix: Sendable, Hashable {
    /// The set whose profiles the counts refer to.
    public let set: ProfileSet
    /// Estimated adults per profile, in the order of `set.profiles`.
    public let residents: [Double]

    /// Creates a mix; `residents` must have one non-negative, finite entry per profile.
    public init(set: ProfileSet, residents: [Double]) throws(ProfileModelError) {
        guard residents.count == set.profiles.count else {
            throw ProfileModelError(
                .invalidData,
                "a profile mix needs \(set.profiles.count) counts for set '\(set.id)', got \(residents.count)")
        }
        guard residents.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw ProfileModelError(.invalidData, "a profile mix cannot hold negative or non-finite counts")
        }
        self.set = set
        self.residents = residents
    }

    /// All profiled people (adults) of the area.
    public var total: Double { residents.reduce(0, +) }

    /// Share of each profile among the area's adults; all zero when the area is empty.
    public var shares: [Double] {
        let total = self.total
        guard total > 0 else { return residents.map { _ in 0 } }
        return residents.map { $0 / total }
    }

    /// Index of each profile's share against a reference share (100 = same as the reference).
    ///
    /// With no reference the set's national shares are used. `nil` where the reference share is 0.
    public func indices(against reference: [Double]? = nil) -> [Double?] {
        let base = reference ?? set.profiles.map(\.share)
        return zip(shares, base).map { share, ref in ref > 0 ? 100 * share / ref : nil }
    }

    /// Positions of the profiles ordered by share, largest first; ties broken by id.
    public var ranked: [Int] {
        let shares = self.shares
        return shares.indices.sorted {
            shares[$0] != shares[$1] ? shares[$0] > shares[$1] : set.profiles[$0].id < set.profiles[$1].id
        }
    }

    /// The dominant profiles: the largest ones that together hold at least half of the
    /// residents (at most three).
    public var dominant: [Int] {
        let shares = self.shares
        var picked: [Int] = []
        var held = 0.0
        for index in ranked where held < 0.5 && picked.count < 3 && shares[index] > 0 {
            picked.append(index)
            held += shares[index]
        }
        return picked
    }
}
