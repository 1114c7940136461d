import ProfileModel
import Testing

/// The person cells of one postcode, computed on paper.
@Suite("Person cells")
struct PersonCellsTests {
    static let defaults = CellDefaults(oldestShare: 0.4, withChildrenRate: 0.5, cellShares: [])

    /// 1,000 residents: 150 children, 100 aged 15-24, 300 aged 25-44, 250 aged 45-64, 200 aged 65+;
    /// 80 two-parent and 50 single-parent households; the age-band file has 120 aged 65-74 and 80 aged 75+.
    static let postcode = Demographics([
        .residents: 1000, .age0to14: 150, .age15to24: 100, .age25to44: 300, .age45to64: 250, .age65plus: 200,
        .householdsTwoParent: 80, .householdsSingleParent: 50, .age65to74: 120, .age75plus: 80,
    ])

    @Test("age bands, the rate of adults living with children and the 65+ split")
    func cells() {
        let people = Self.defaults.counts(Self.postcode)
        // Parents: 2 × 80 + 50 = 210 of the 550 residents aged 25-64.
        let rate = 210.0 / 550
        let expected = [100, 300 * rate, 300 * (1 - rate), 250 * rate, 250 * (1 - rate), 120, 80]
        #expect(zip(people.cells, expected).allSatisfy { abs($0 - $1) < 1e-9 }, "\(people.cells)")
        #expect(people.children == 150)
        #expect(people.adults == 850)
        #expect(people[.age75plus] == 80)
    }

    @Test("bands rounded separately are scaled so that adults and children make the residents")
    func scaled() {
        var d = Self.postcode
        d[.residents] = 1010
        let people = Self.defaults.counts(d)
        #expect(abs(people.adults + people.children - 1010) < 1e-9)
        #expect(abs(people[.age15to24] - 100 * 860.0 / 850) < 1e-9)
    }

    @Test("without household or age-band figures the national rate and split are used")
    func fallbacks() {
        var d = Self.postcode
        d[.householdsTwoParent] = nil
        d[.age65to74] = nil
        let people = Self.defaults.counts(d)
        #expect(abs(people[.age25to44WithChildren] - 150) < 1e-9)
        #expect(abs(people[.age75plus] - 80) < 1e-9)
        #expect(abs(people[.age65to74] - 120) < 1e-9)
    }

    @Test("more parent households than adults of 25-64 cap the rate at 1")
    func capped() {
        var d = Self.postcode
        d[.householdsTwoParent] = 400
        let people = Self.defaults.counts(d)
        #expect(people[.age25to44WithoutChildren] == 0 && people[.age45to64WithoutChildren] == 0)
        #expect(abs(people[.age25to44WithChildren] - 300) < 1e-9)
    }
}
