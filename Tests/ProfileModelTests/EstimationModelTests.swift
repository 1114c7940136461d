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

    @Test(
        "calibration hits every national share of adults within 1e-9 and every postcode's shares sum to 1 within 1e-12")
    func calibration() throws {
        for set in [
            try Self.citisens(),
            try ProfileSet.load(from: ProfileSetTests.profilesFolder.appendingPathComponent("test-three.json")),
        ] {
            let postcodes = Self.country()
            let estimator = ProfileEstimator.fit(set: set, postcodes: postcodes)
            var national = [Double](repeating: 0, count: set.profiles.count)
            let estimates = postcodes.map(estimator.estimate)
            let total = estimates.reduce(0) { $0 + $1.people.adults }
            for estimate in estimates {
                #expect(abs(estimate.shares.reduce(0, +) - 1) < 1e-12)
                #expect(estimate.shares.allSatisfy { $0.isFinite && $0 >= 0 })
                #expect(
                    abs(estimate.adults.reduce(0, +) - estimate.people.adults) <= 1e-9 * max(1, estimate.people.adults))
                for k in national.indices { national[k] += estimate.adults[k] / total }
            }
            for (k, profile) in set.profiles.enumerated() {
                #expect(abs(national[k] - profile.share) < 1e-9, "\(profile.id): \(national[k]) vs \(profile.share)")
            }
            #expect(estimator.fitted.maxShareDeviation < 1e-9)
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
            let b = base.demographics
            let rate = (2 * b[.householdsTwoParent]! + b[.householdsSingleParent]!) / (b[.age25to44]! + b[.age45to64]!)
            // Where every adult of 25-64 already lives with children, more such households change nothing.
            if rate < 1 - 1e-9 {
                #expect(estimator.estimate(raised).shares[family] > estimator.estimate(base).shares[family])
            } else {
                #expect(
                    abs(estimator.estimate(raised).shares[family] - estimator.estimate(base).shares[family]) < 1e-12)
            }
        }
    }

    @Test(
        "who lives there and the place add up to the log-share against the reference; the features add up to the place")
    func explanationAddsUp() throws {
        let set = try Self.citisens()
        let postcodes = Self.country()
        let estimator = ProfileEstimator.fit(set: set, postcodes: postcodes)
        for postcode in postcodes.prefix(20) {
            let shares = estimator.estimate(postcode).shares
            let explanation = estimator.explain(postcode)
            #expect(abs(explanation.cells.reduce(0) { $0 + $1.share } - 1) < 1e-12)
            for (k, profile) in explanation.profiles.enumerated() {
                #expect(abs(profile.share - shares[k]) < 1e-12)
                #expect(abs(profile.person + profile.place - log(shares[k] / profile.reference)) < 1e-12)
                let sum = profile.contributions.reduce(0) { $0 + $1.effect }
                #expect(
                    abs(sum - profile.place) < 1e-6,
                    "\(postcode.postcode) \(profile.profileID): \(sum) vs \(profile.place)")
                let magnitudes = profile.contributions.map { abs($0.effect) }
                #expect(magnitudes == magnitudes.sorted(by: >))
                #expect(profile.contributions.allSatisfy { $0.feature.isContext })
            }
        }
    }

    @Test("a postcode with the national make-up in an average place has the reference shares and no effects")
    func averagePostcode() throws {
        let set = try Self.citisens()
        let estimator = ProfileEstimator.fit(set: set, postcodes: Self.country())
        // No figures at all: every context feature at the national average, the national cell mix.
        let explanation = estimator.explain(PostcodeInput(postcode: "0000", residents: 0, demographics: Demographics()))
        for profile in explanation.profiles {
            #expect(abs(profile.person) < 1e-12 && abs(profile.place) < 1e-12)
            #expect(profile.contributions.isEmpty)
            #expect(abs(profile.share - profile.reference) < 1e-12)
        }
    }

    @Test("the senior profile is more likely among the old than among the young in the same postcode")
    func cellProbabilities() throws {
        let set = try Self.citisens()
        let estimator = ProfileEstimator.fit(set: set, postcodes: Self.country())
        let senior = try #require(set.index(of: "zorgzame-senioren"))
        let family = try #require(set.index(of: "geinformeerde-gezinsdrukte"))
        let p = estimator.cellProbabilities(estimator.contextPropensities([:]))
        let cells = PersonCell.allCases
        let old = try #require(cells.firstIndex(of: .age75plus))
        let young = try #require(cells.firstIndex(of: .age15to24))
        let parents = try #require(cells.firstIndex(of: .age25to44WithChildren))
        let others = try #require(cells.firstIndex(of: .age25to44WithoutChildren))
        // b for 75+ is about 2.9 above 15-24: the odds against the rest grow about e^2.9 ≈ 18 times.
        #expect(p[old][senior] / p[young][senior] > 8)
        #expect(p[parents][family] / p[others][family] > 8)
        for row in p { #expect(abs(row.reduce(0, +) - 1) < 1e-12) }
    }

    @Test("fitting twice gives identical results")
    func deterministic() throws {
        let set = try Self.citisens()
        let a = ProfileEstimator.fit(set: set, postcodes: Self.country())
        let b = ProfileEstimator.fit(set: set, postcodes: Self.country())
        #expect(a.fitted == b.fitted)
    }
}
