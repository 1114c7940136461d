public import AreaAnalysis
internal import Foundation
public import ProfileModel
public import Recommendations

/// The zones a report is about.
public enum AreaReportZones: Sendable {
    /// The zones of a file or an upload, already read: each zone gets a section; `title`
    /// names a report of several zones (a single zone is named by its name or id).
    case zones(ZoneSource, PreparedZones, title: String)
    /// Whole postcodes, taken together as one zone.
    case postcodes([String])
}

/// How a report reads, compares and advises: the options of `geoprofile report`.
public struct AreaReportOptions: Sendable {
    /// Layer, CRS, id and name fields of the zones.
    public var readOptions: ZoneReadOptions
    /// Radius for point zones, metres.
    public var radius: Double?
    /// How postcodes are apportioned to the zones.
    public var method: ApportionmentMethod
    /// The second base of the charts.
    public var compareTo: ComparisonRequest
    /// The phases of the recommendations.
    public var phases: PhasePlan
    /// The share of the adults the channel mix should reach, in (0, 1].
    public var reachTarget: Double
    /// The report's language.
    public var language: ReportLanguage
    /// The date printed on the report, YYYY-MM-DD.
    public var date: String
    /// The version printed in the provenance section.
    public var toolVersion: String
    /// The plan the report shows, if any.
    public var plan: AreaReportPlan?

    /// Today in UTC as `YYYY-MM-DD`, the date a report carries when none is given.
    public static func today() -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: Date())
        return String(format: "%04d-%02d-%02d", parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
    }

    /// Options with the defaults of `geoprofile report` for what is not given.
    public init(
        phases: PhasePlan, date: String, toolVersion: String, readOptions: ZoneReadOptions = ZoneReadOptions(),
        radius: Double? = nil, method: ApportionmentMethod = .area, compareTo: ComparisonRequest = .nation,
        reachTarget: Double = Recommender.Options.defaultReachTarget, language: ReportLanguage = .nl,
        plan: AreaReportPlan? = nil
    ) {
        self.plan = plan
        self.readOptions = readOptions
        self.radius = radius
        self.method = method
        self.compareTo = compareTo
        self.phases = phases
        self.reachTarget = reachTarget
        self.language = language
        self.date = date
        self.toolVersion = toolVersion
    }
}

/// What the report's plan section needs beyond the recommendation: the options of
/// `geoprofile plan`.
public struct AreaReportPlan: Sendable {
    /// The staffing figures.
    public var staffing: StaffingTables
    /// The first day of an undated phase plan.
    public var start: PhasePlan.Day?
    /// Departments that run participation projects; `nil`: the staffing table's default.
    public var departments: Int?

    /// A plan request.
    public init(staffing: StaffingTables, start: PhasePlan.Day? = nil, departments: Int? = nil) {
        self.staffing = staffing
        self.start = start
        self.departments = departments
    }
}

extension AreaReportInput {
    /// The input of a report on `zones`: their analysis, the outlines of the contributing
    /// postcodes, and the recommendation for all their adults together.
    ///
    /// - Parameter country: the outline of the locator map
    ///   (``ReportGeometry/countryOutline(_:grid:tolerance:)``), drawn once by a caller that
    ///   makes many reports.
    public static func make(
        _ zones: AreaReportZones, options: AreaReportOptions, dataset data: PostcodeDataset,
        tables: RecommenderTables.Bound, country: MapShape
    ) throws -> AreaReportInput {
        let source: ZoneSource
        var prepared: PreparedZones?
        var title: String
        var postcodeTitle: String?
        switch zones {
        case .zones(let zoneSource, let zones, let name):
            source = zoneSource
            prepared = zones
            title = name
        case .postcodes(let codes):
            source = .wkt(try ReportGeometry.zoneWKT(ofPostcodes: codes, in: data))
            title = "Postcode \(codes.joined(separator: ", "))"
            postcodeTitle = title
        }
        let request = AnalysisRequest(
            source: source, readOptions: options.readOptions, radius: options.radius, method: options.method,
            compareTo: options.compareTo)
        var result = try AreaAnalyzer(dataset: data).run(request, zones: prepared)
        if let postcodeTitle, !result.report.zones.isEmpty { result.report.zones[0].name = postcodeTitle }
        if result.report.zones.count == 1 {
            title = result.report.zones[0].name ?? result.report.zones[0].id
        }
        let codes = Set(result.report.zones.flatMap { $0.postcodes.filter { $0.weight > 0 }.map(\.postcode) })
        let postcodes = try ReportGeometry.postcodes(codes.sorted(), in: data)
        var adults = [Double](repeating: 0, count: data.profileSet.profiles.count)
        for zone in result.report.zones { adults = zip(adults, zone.profiles.map(\.adults)).map(+) }
        var recommendation: Recommendation?
        var plan: ProcessPlan?
        if adults.reduce(0, +) > 0 {
            let mix = try ProfileMix(set: data.profileSet, residents: adults)
            let advice = try Recommender.Options(reachTarget: options.reachTarget, maxChannels: 4, budget: .high)
            let recommender = Recommender(tables: tables, options: advice)
            recommendation = try recommender.recommend(for: mix, zone: title, phases: options.phases)
            if let asked = options.plan {
                plan = try ProcessPlanner(recommender: recommender, staffing: asked.staffing).plan(
                    for: mix, zone: title, postcodes: codes.sorted(), phases: options.phases, start: asked.start,
                    departments: asked.departments, dataset: data.stamp)
            }
        } else if options.plan != nil {
            throw GeoprofileError(.invalidData, "the zone has no adults, so there is nothing to plan")
        }
        return AreaReportInput(
            analysis: result.report, zoneShapes: result.zones.map(ReportGeometry.shape(of:)), postcodes: postcodes,
            country: country, recommendation: recommendation, metadata: data.metadata, title: title,
            date: options.date, toolVersion: options.toolVersion, language: options.language, plan: plan)
    }
}
