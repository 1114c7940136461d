/// A standardised demographic feature of a postcode, the input of the profile model.
///
/// Each feature is computed from the canonical variables of ``Demographics`` and then
/// standardised nationally (population-weighted mean 0, standard deviation 1), so a
/// signature weight of 1 means "one standard deviation above the national average raises
/// the log-propensity by 1". `Docs/profile-model.md` gives every formula.
public enum Feature: String, CaseIterable, Sendable, Hashable, Codable {
    /// Residents aged 0-14, share of residents.
    case age0to14 = "age_0_14"
    /// Residents aged 15-24, share of residents.
    case age15to24 = "age_15_24"
    /// Residents aged 25-44, share of residents.
    case age25to44 = "age_25_44"
    /// Residents aged 45-64, share of residents.
    case age45to64 = "age_45_64"
    /// Residents aged 65-74, share of residents (from the age-band file).
    case age65to74 = "age_65_74"
    /// Residents aged 75 and over, share of residents (from the age-band file).
    case age75plus = "age_75_plus"
    /// One-person households, share of households.
    case singlePerson = "hh_single"
    /// Multi-person households without children, share of households.
    case couple = "hh_couple"
    /// Single-parent households, share of households.
    case singleParent = "hh_single_parent"
    /// Two-parent households, share of households.
    case twoParent = "hh_two_parent"
    /// Average household size.
    case householdSize = "household_size"
    /// Owner-occupied dwellings, share of dwellings.
    case ownerOccupied = "owner_occupied"
    /// Dwellings owned by a housing corporation, share of dwellings.
    case corporationRent = "corporation_rent"
    /// Average WOZ value of a dwelling, natural logarithm of thousands of euros.
    case houseValue = "house_value"
    /// Residents under pension age on unemployment, social-assistance or disability benefit,
    /// per resident aged 15-64.
    case benefitRate = "benefit_rate"
    /// Residents with a western migration background, share.
    case westernMigration = "migration_western"
    /// Residents with a non-western migration background, share.
    case nonWesternMigration = "migration_non_western"
    /// Urbanity, 1 (not urban) to 5 (very strongly urban): 6 minus the CBS class.
    case urbanity = "urbanity"
    /// Surrounding address density, natural logarithm of addresses per km².
    case addressDensity = "address_density"
    /// Dwellings built before 1945, share of dwellings.
    case prewarDwellings = "dwellings_pre_1945"
    /// Dwellings built in 2005 or later, share of dwellings.
    case newDwellings = "dwellings_2005_later"
    /// Multi-family dwellings (flats), share of dwellings.
    case multiFamily = "multi_family"
}

extension Feature {
    /// Whether the feature describes the place (the postcode's context) rather than who
    /// lives there. Age shares and the shares of households with children are carried by the
    /// person cells (``PersonCell``), so they are not context.
    public var isContext: Bool {
        switch self {
        case .age0to14, .age15to24, .age25to44, .age45to64, .age65to74, .age75plus, .singleParent, .twoParent:
            return false
        default: return true
        }
    }
}
