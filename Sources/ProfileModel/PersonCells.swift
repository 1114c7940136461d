/// A person attribute the profiles are estimated on, inside every postcode: an age band of
/// adults, or living with children.
///
/// A profile's person effects (``PersonEffect``) are given per attribute; a ``PersonCell``
/// holds one age band and, for 25-64, whether its people live with children, so its effect
/// is the sum of the effects of the attributes it has.
public enum PersonAttribute: String, CaseIterable, Sendable, Hashable, Codable {
    /// Aged 15-24.
    case age15to24 = "age_15_24"
    /// Aged 25-44.
    case age25to44 = "age_25_44"
    /// Aged 45-64.
    case age45to64 = "age_45_64"
    /// Aged 65-74.
    case age65to74 = "age_65_74"
    /// Aged 75 and over.
    case age75plus = "age_75_plus"
    /// Aged 25-64 and living in a household with children (one- or two-parent household).
    case withChildren = "with_children"
}

/// A cell of the adults (15+) of a postcode: an age band and, for 25-64, living with
/// children or not. Children aged 0-14 are not profiled and have no cell.
public enum PersonCell: String, CaseIterable, Sendable, Hashable, Codable {
    /// Aged 15-24.
    case age15to24 = "age_15_24"
    /// Aged 25-44, living with children.
    case age25to44WithChildren = "age_25_44_with_children"
    /// Aged 25-44, not living with children.
    case age25to44WithoutChildren = "age_25_44_without_children"
    /// Aged 45-64, living with children.
    case age45to64WithChildren = "age_45_64_with_children"
    /// Aged 45-64, not living with children.
    case age45to64WithoutChildren = "age_45_64_without_children"
    /// Aged 65-74.
    case age65to74 = "age_65_74"
    /// Aged 75 and over.
    case age75plus = "age_75_plus"

    /// The attributes the cell's people have (its age band, and `with_children` where it applies).
    public var attributes: [PersonAttribute] {
        switch self {
        case .age15to24: return [.age15to24]
        case .age25to44WithChildren: return [.age25to44, .withChildren]
        case .age25to44WithoutChildren: return [.age25to44]
        case .age45to64WithChildren: return [.age45to64, .withChildren]
        case .age45to64WithoutChildren: return [.age45to64]
        case .age65to74: return [.age65to74]
        case .age75plus: return [.age75plus]
        }
    }

    /// Whether the cell's people are 65 or older.
    public var isSenior: Bool { self == .age65to74 || self == .age75plus }

    /// What the cell holds, in words.
    public var definition: String {
        switch self {
        case .age15to24: return "residents aged 15-24"
        case .age25to44WithChildren: return "residents aged 25-44 living with children"
        case .age25to44WithoutChildren: return "residents aged 25-44 not living with children"
        case .age45to64WithChildren: return "residents aged 45-64 living with children"
        case .age45to64WithoutChildren: return "residents aged 45-64 not living with children"
        case .age65to74: return "residents aged 65-74"
        case .age75plus: return "residents aged 75 and over"
        }
    }
}

/// The people of one postcode: children (0-14, not profiled) and adults (15+) per
/// ``PersonCell``. `Docs/profile-model.md` gives the rules.
public struct PersonCounts: Sendable, Hashable, Codable {
    /// Residents aged 0-14.
    public var children: Double
    /// Adults per cell, in `PersonCell.allCases` order.
    public var cells: [Double]

    /// Creates counts; `cells` holds one number per ``PersonCell``.
    public init(children: Double, cells: [Double]) {
        self.children = children
        self.cells = cells
    }

    /// Residents aged 15 and over: the profiled population.
    public var adults: Double { cells.reduce(0, +) }

    /// The count of one cell.
    public subscript(_ cell: PersonCell) -> Double { cells[PersonCell.allCases.firstIndex(of: cell)!] }
}

/// The national figures used where a postcode lacks its own: how 65+ splits into 65-74
/// and 75+, how many adults aged 25-64 live with children, and the national cell mix.
public struct CellDefaults: Sendable, Hashable, Codable {
    /// Share of residents 65+ that are 75 or older.
    public var oldestShare: Double
    /// Share of residents aged 25-64 living with children.
    public var withChildrenRate: Double
    /// The national share of adults in each cell, in `PersonCell.allCases` order.
    public var cellShares: [Double]

    /// Creates fallbacks from known national figures.
    public init(oldestShare: Double, withChildrenRate: Double, cellShares: [Double]) {
        self.oldestShare = oldestShare
        self.withChildrenRate = withChildrenRate
        self.cellShares = cellShares
    }

    enum CodingKeys: String, CodingKey {
        case oldestShare = "share_75_plus_of_65_plus"
        case withChildrenRate = "with_children_rate_25_64"
        case cellShares = "cell_shares"
    }

    /// Fallbacks fitted on every postcode (sums of counts, so large postcodes count most).
    public static func fit(_ postcodes: [Demographics]) -> CellDefaults {
        var old = 0.0
        var oldest = 0.0
        var parents = 0.0
        var middle = 0.0
        for d in postcodes {
            if let a = d[.age65to74], let b = d[.age75plus] {
                old += a + b
                oldest += b
            }
            if let two = d[.householdsTwoParent], let one = d[.householdsSingleParent], let y = d[.age25to44],
                let m = d[.age45to64], y + m > 0
            {
                parents += min(2 * two + one, y + m)
                middle += y + m
            }
        }
        var defaults = CellDefaults(
            oldestShare: old > 0 ? oldest / old : 0.4, withChildrenRate: middle > 0 ? parents / middle : 0.4,
            cellShares: [])
        var totals = [Double](repeating: 0, count: PersonCell.allCases.count)
        for d in postcodes {
            for (c, n) in defaults.counts(d).cells.enumerated() { totals[c] += n }
        }
        let sum = totals.reduce(0, +)
        defaults.cellShares = totals.map { sum > 0 ? $0 / sum : 1 / Double(totals.count) }
        return defaults
    }

    /// The people of a postcode by cell.
    ///
    /// Age bands 15-24, 25-44, 45-64 and 65+ come from the key figures; 65+ is split into
    /// 65-74 and 75+ by the age-band file's proportion (national where absent); 25-44 and
    /// 45-64 are split by the postcode's rate of adults living with children,
    /// `min(1, (2 × two-parent + single-parent households) / residents 25-64)`, the same
    /// rate for both bands. The adult bands are scaled so that adults + children equal
    /// the residents (CBS rounds every band to 5 separately).
    public func counts(_ d: Demographics) -> PersonCounts {
        let residents = max(d[.residents] ?? 0, 0)
        let children = min(max(d[.age0to14] ?? 0, 0), residents)
        let young = max(d[.age15to24] ?? 0, 0)
        let middleYoung = max(d[.age25to44] ?? 0, 0)
        let middleOld = max(d[.age45to64] ?? 0, 0)
        var senior = max(d[.age65plus] ?? 0, 0)
        var split = oldestShare
        if let a = d[.age65to74], let b = d[.age75plus], a + b > 0 {
            split = b / (a + b)
            if d[.age65plus] == nil { senior = a + b }
        }
        var rate = withChildrenRate
        if let two = d[.householdsTwoParent], let one = d[.householdsSingleParent], middleYoung + middleOld > 0 {
            rate = min(1, (2 * two + one) / (middleYoung + middleOld))
        }
        var cells = [
            young, middleYoung * rate, middleYoung * (1 - rate), middleOld * rate, middleOld * (1 - rate),
            senior * (1 - split), senior * split,
        ]
        let adults = max(residents - children, 0)
        let sum = cells.reduce(0, +)
        if sum > 0 {
            cells = cells.map { $0 * adults / sum }
        } else {
            cells = cellShares.isEmpty ? cells : cellShares.map { $0 * adults }
        }
        return PersonCounts(children: children, cells: cells)
    }
}
