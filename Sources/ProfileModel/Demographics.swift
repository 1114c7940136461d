/// A canonical demographic variable of a postcode, named independently of CBS's column
/// names (which change between vintages; `Data/postcodes/cbs-variables.json` maps them).
public enum Variable: String, CaseIterable, Sendable, Hashable, Codable {
    /// All residents.
    case residents
    /// Residents aged 0-14.
    case age0to14 = "age_0_14"
    /// Residents aged 15-24.
    case age15to24 = "age_15_24"
    /// Residents aged 25-44.
    case age25to44 = "age_25_44"
    /// Residents aged 45-64.
    case age45to64 = "age_45_64"
    /// Residents aged 65 and over.
    case age65plus = "age_65_plus"
    /// Residents aged 65-74 (age-band file).
    case age65to74 = "age_65_74"
    /// Residents aged 75 and over (age-band file).
    case age75plus = "age_75_plus"
    /// Residents counted in the age-band file (its own total, another reference date).
    case ageFileResidents = "age_file_residents"
    /// Percentage of residents with a western migration background.
    case pctWesternMigration = "pct_western_migration"
    /// Percentage of residents with a non-western migration background.
    case pctNonWesternMigration = "pct_non_western_migration"
    /// Private households.
    case households
    /// One-person households.
    case householdsSingle = "households_single"
    /// Multi-person households without children.
    case householdsCouple = "households_couple"
    /// Single-parent households.
    case householdsSingleParent = "households_single_parent"
    /// Two-parent households.
    case householdsTwoParent = "households_two_parent"
    /// Average household size.
    case householdSize = "household_size"
    /// Dwellings.
    case dwellings
    /// Dwellings built before 1945.
    case dwellingsPre1945 = "dwellings_pre_1945"
    /// Dwellings built 2005-2014.
    case dwellings2005to2014 = "dwellings_2005_2014"
    /// Dwellings built 2015 or later.
    case dwellings2015later = "dwellings_2015_later"
    /// Multi-family dwellings.
    case dwellingsMultiFamily = "dwellings_multi_family"
    /// Percentage of owner-occupied dwellings.
    case pctOwnerOccupied = "pct_owner_occupied"
    /// Dwellings owned by a housing corporation.
    case dwellingsCorporation = "dwellings_corporation"
    /// Average WOZ value of a dwelling, thousands of euros.
    case houseValue = "house_value"
    /// Residents under pension age with unemployment, social-assistance or disability benefit.
    case benefitRecipients = "benefit_recipients"
    /// Surrounding address density, addresses per km².
    case addressDensity = "address_density"
    /// CBS urbanity class, 1 (very strongly urban) to 5 (not urban).
    case urbanityClass = "urbanity_class"

    /// Position of the variable in `allCases`, for array storage.
    var ordinal: Int {
        switch self {
        case .residents: return 0
        case .age0to14: return 1
        case .age15to24: return 2
        case .age25to44: return 3
        case .age45to64: return 4
        case .age65plus: return 5
        case .age65to74: return 6
        case .age75plus: return 7
        case .ageFileResidents: return 8
        case .pctWesternMigration: return 9
        case .pctNonWesternMigration: return 10
        case .households: return 11
        case .householdsSingle: return 12
        case .householdsCouple: return 13
        case .householdsSingleParent: return 14
        case .householdsTwoParent: return 15
        case .householdSize: return 16
        case .dwellings: return 17
        case .dwellingsPre1945: return 18
        case .dwellings2005to2014: return 19
        case .dwellings2015later: return 20
        case .dwellingsMultiFamily: return 21
        case .pctOwnerOccupied: return 22
        case .dwellingsCorporation: return 23
        case .houseValue: return 24
        case .benefitRecipients: return 25
        case .addressDensity: return 26
        case .urbanityClass: return 27
        }
    }

    /// Whether the variable counts people, households or dwellings (CBS suppresses small
    /// counts; the dataset build imputes them, see `Docs/data.md`).
    public var isCount: Bool {
        switch self {
        case .pctWesternMigration, .pctNonWesternMigration, .householdSize, .pctOwnerOccupied, .houseValue,
            .addressDensity, .urbanityClass:
            return false
        default: return true
        }
    }
}

/// The canonical demographic variables of one postcode; a missing value is absent.
public struct Demographics: Sendable, Hashable {
    /// One slot per variable in `Variable.allCases` order; NaN marks a missing value.
    private var storage: [Double]

    /// Creates a record from known values.
    public init(_ values: [Variable: Double] = [:]) {
        storage = Array(repeating: .nan, count: Variable.allCases.count)
        for (variable, value) in values { self[variable] = value }
    }

    /// The known values by variable.
    public var values: [Variable: Double] {
        var result: [Variable: Double] = [:]
        for variable in Variable.allCases { if let value = self[variable] { result[variable] = value } }
        return result
    }

    /// The value of a variable, `nil` when missing.
    public subscript(_ variable: Variable) -> Double? {
        get {
            let value = storage[variable.ordinal]
            return value.isNaN ? nil : value
        }
        set { storage[variable.ordinal] = newValue ?? .nan }
    }

    /// Two records are equal when they know the same values (NaN slots compare as missing).
    public static func == (lhs: Demographics, rhs: Demographics) -> Bool { lhs.values == rhs.values }
    /// Hashes the known values.
    public func hash(into hasher: inout Hasher) { hasher.combine(values) }

    /// The raw (unstandardised) value of every feature; `nil` where an input is missing
    /// or its denominator is zero. The formulas are those of `Docs/profile-model.md`.
    public func features() -> [Feature: Double] {
        var out: [Feature: Double] = [:]
        func ratio(_ numerator: Double?, _ denominator: Double?) -> Double? {
            guard let numerator, let denominator, denominator > 0 else { return nil }
            return numerator / denominator
        }
        let residents = self[.residents]
        let households = self[.households]
        let dwellings = self[.dwellings]
        out[.age0to14] = ratio(self[.age0to14], residents)
        out[.age15to24] = ratio(self[.age15to24], residents)
        out[.age25to44] = ratio(self[.age25to44], residents)
        out[.age45to64] = ratio(self[.age45to64], residents)
        out[.age65to74] = ratio(self[.age65to74], self[.ageFileResidents])
        out[.age75plus] = ratio(self[.age75plus], self[.ageFileResidents])
        out[.singlePerson] = ratio(self[.householdsSingle], households)
        out[.couple] = ratio(self[.householdsCouple], households)
        out[.singleParent] = ratio(self[.householdsSingleParent], households)
        out[.twoParent] = ratio(self[.householdsTwoParent], households)
        out[.householdSize] = self[.householdSize].flatMap { $0 > 0 ? $0 : nil }
        out[.ownerOccupied] = self[.pctOwnerOccupied].map { $0 / 100 }
        out[.corporationRent] = ratio(self[.dwellingsCorporation], dwellings)
        out[.houseValue] = self[.houseValue].flatMap { $0 > 0 ? log($0) : nil }
        let working = [self[.age15to24], self[.age25to44], self[.age45to64]]
        if working.allSatisfy({ $0 != nil }) {
            out[.benefitRate] = ratio(self[.benefitRecipients], working.reduce(0) { $0 + $1! })
        }
        out[.westernMigration] = self[.pctWesternMigration].map { $0 / 100 }
        out[.nonWesternMigration] = self[.pctNonWesternMigration].map { $0 / 100 }
        out[.urbanity] = self[.urbanityClass].map { 6 - $0 }
        out[.addressDensity] = self[.addressDensity].map { log(max($0, 1)) }
        out[.prewarDwellings] = ratio(self[.dwellingsPre1945], dwellings)
        if let a = self[.dwellings2005to2014], let b = self[.dwellings2015later] {
            out[.newDwellings] = ratio(a + b, dwellings)
        }
        out[.multiFamily] = ratio(self[.dwellingsMultiFamily], dwellings)
        return out.compactMapValues { $0.isFinite ? $0 : nil }
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
