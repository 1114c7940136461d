import Foundation
import ProfileModel
import TestSupport
import Testing

/// The estimation model on synthetic postcodes: calibration, sums, monotonicity,
/// explanations, and any profile set.
@Suite("Estimation model")
struct EstimationModelTests {
    /// A postcode with plausible, internally consistent demographics.
    static func demographics(_ g: inout SeededGenerator, residents: Double) -> Demographics {
        func share(_ low: Double, _ high: Double) -> Double { Double.random(in: low...high, using: &g) }
        let young = share(0.08, 0.25)
        let student = share(0.05, 0.3)
        let adult = share(0.15, 0.4)
        let middle = share(0.15, 0.35)
        let senior = max(0.02, 1 - young - student - adult - middle)
        let households = (residents / share(1.3, 3.0)).rounded()
        let single = share(0.1, 0.7)
        let twoParent = share(0.05, 0.5) * (1 - single)
        let dwellings = households * 1.05
        var d = Demographics()
        d[.residents] = residents
        d[.age0to14] = young * residents
        d[.age15to24] = student * residents
        d[.age25to44] = adult * residents
        d[.age45to64] = middle * residents
        d[.age65plus] = senior * residents
        d[.ageFileResidents] = residents
        d[.age65to74] = senior * 0.6 * residents
        d[.age75plus] = senior * 0.4 * residents
        d[.households] = households
        d[.householdsSingle] = single * households
        d[.householdsTwoParent] = twoParent * households
        d[.householdsSingleParent] = 0.06 * households
        d[.householdsCouple] = max(0, 1 - single - twoParent - 0.06) * households
        d[.householdSize] = residents / max(households, 1)
        d[.dwellings] = dwellings
        d[.dwellingsPre1945] = share(0, 0.5) * dwellings
        d[.dwellings2005to2014] = share(0, 0.2) * dwellings
        d[.dwellings2015later] = share(0, 0.1) * dwellings
        d[.dwellingsMultiFamily] = share(0, 0.9) * dwellings
        d[.dwellingsCorporation] = share(0, 0.5) * dwellings
        d[.pctOwnerOccupied] = share(10, 90).rounded()
        d[.houseValue] = share(150, 600)
        d[.benefitRecipients] = share(0.01, 0.12) * (student + adult + middle) * residents
        d[.pctWesternMigration] = share(0, 20).rounded()
        d[.pctNonWesternMigration] = share(0, 40).rounded()
        d[.addressDensity] = share(100, 8000)
        d[.urbanityClass] = Double(Int.random(in: 1...5, using: &g))
        return d
    }

    static func country(count: Int = 300, seed: UInt64 = 42) -> [PostcodeInput] {
        var g = SeededGenerator(seed: seed)
        var postcodes = (0..<count).map { i -> PostcodeInput in
            let residents = Double(Int.random(in: 50...20_000, using: &g))
            return PostcodeInput(
                postcode: String(1000 + i), residents: residents, demographics: demographics(&g, residents: residents))
        }
        // Edge cases: no residents, and a postcode whose figures are all suppressed.
        postcodes.append(PostcodeInput(postcode: "9998", residents: 0, demographics: Demographics([.residents: 0])))
        postcodes.append(PostcodeInput(postcode: "9999", residents: 2, demographics: Demographics()))
        return postcodes
    }

    static func citisens() throws -> ProfileSet {
        try ProfileSet.load(from: ProfileSetTests.profilesFolder.appendingPathComponent("citisens-2017.json"))
    }

    @Test("calibration hits every national share within 0.1 point and every postcode's shares sum to 1")
    func calibration() throws {
        for set in [
            try Self.citisens(),
            try ProfileSet.load(from: ProfileSetTests.profilesFolder.appendingPathComponent("test-three.json")),
        ] {
            let postcodes = Self.country()
            let estimator = ProfileEstimator.fit(set: set, postcodes: postcodes)
            var national = [Double](repeating: 0, count: set.profiles.count)
            let total = postcodes.reduce(0) { $0 + $1.residents }
            for postcode in postcodes {
                let estimate = estimator.estimate(postcode)
                #expect(abs(estimate.shares.reduce(0, +) - 1) < 1e-9)
                #expect(estimate.shares.allSatisfy { $0.isFinite && $0 >= 0 })
                for k in national.indices { national[k] += estimate.residents[k] / total }
            }
            for (k, profile) in set.profiles.enumerated() {
                #expect(abs(national[k] - profile.share) < 0.001, "\(profile.id): \(national[k]) vs \(profile.share)")
            }
            #expect(estimator.fitted.maxShareDeviation < 1e-6)
        }
    }

    @Test("postcodes without residents or with every figure suppressed still get valid shares")
    func emptyPostcodes() throws {
        let estimator = ProfileEstimator.fit(set: try Self.citisens(), postcodes: Self.country())
        for code in ["9998", "9999"] {
            let postcode = Self.country().first { $0.postcode == code }!
            let estimate = estimator.estimate(postcode)
            #expect(abs(estimate.shares.reduce(0, +) - 1) < 1e-9)
            #expect(estimate.shares.allSatisfy { $0.isFinite && $0 > 0 })
            #expect(!estimate.missingFeatures.isEmpty)
        }
    }

    /// Moves residents from the 25-44 band into the older bands, all else equal.
    static func older(_ d: Demographics, by amount: Double) -> Demographics {
        var d = d
        let moved = amount * d[.residents]!
        d[.age25to44]! -= moved
        d[.age65plus]! += moved
        d[.age65to74]! += moved * 0.5
        d[.age75plus]! += moved * 0.5
        return d
    }

    @Test("raising the 65+ share raises the senior profile's share", arguments: [0.02, 0.05, 0.1])
    func seniorsMonotonic(amount: Double) throws {
        let set = try Self.citisens()
        let postcodes = Self.country()
        let estimator = ProfileEstimator.fit(set: set, postcodes: postcodes)
        let senior = try #require(set.index(of: "zorgzame-senioren"))
        for base in postcodes.prefix(50) {
            let raised = PostcodeInput(
                postcode: base.postcode, residents: base.residents,
                demographics: Self.older(base.demographics, by: amount))
            #expect(estimator.estimate(raised).shares[senior] > estimator.estimate(base).shares[senior])
        }
    }

    @Test("raising the two-parent household share raises the family profile's share")
    func familiesMonotonic() throws {
        let set = try Self.citisens()
        let postcodes = Self.country()
        let estimator = ProfileEstimator.fit(set: set, postcodes: postcodes)
        let family = try #require(set.index(of: "geinformeerde-gezinsdrukte"))
        for base in postcodes.prefix(50) {
            var d = base.demographics
            let moved = 0.05 * d[.households]!
            d[.householdsCouple]! -= moved
            d[.householdsTwoParent]! += moved
            let raised = PostcodeInput(postcode: base.postcode, residents: base.residents, demographics: d)
            #expect(estimator.estimate(raised).shares[family] > estimator.estimate(base).shares[family])
        }
    }

    @Test("the feature effects of an explanation add up to the profile's log-share relative to the mix")
    func explanationAddsUp() throws {
        let set = try Self.citisens()
        let postcodes = Self.country()
        let estimator = ProfileEstimator.fit(set: set, postcodes: postcodes)
        let postcode = postcodes[7]
        let shares = estimator.estimate(postcode).shares
        let intercepts = set.profiles.map { estimator.fitted.intercepts[$0.id]! }
        let centred = zip(shares, intercepts).map { log($0) - $1 }
        let average = zip(shares, centred).reduce(0) { $0 + $1.0 * $1.1 }
        for (k, explanation) in estimator.explain(postcode).enumerated() {
            let sum = explanation.contributions.reduce(0) { $0 + $1.effect }
            #expect(abs(sum - (centred[k] - average)) < 1e-9, "\(explanation.profileID)")
            #expect(abs(explanation.share - shares[k]) < 1e-12)
            let magnitudes = explanation.contributions.map { abs($0.effect) }
            #expect(magnitudes == magnitudes.sorted(by: >))
        }
    }

    @Test("fitting twice gives identical results")
    func deterministic() throws {
        let set = try Self.citisens()
        let a = ProfileEstimator.fit(set: set, postcodes: Self.country())
        let b = ProfileEstimator.fit(set: set, postcodes: Self.country())
        #expect(a.fitted == b.fitted)
    }
}
