import AreaAnalysis
import ArgumentParser
import Foundation
import ProfileModel
import Recommendations
import Reports

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "A printable area report: maps, composition charts, profiles, recommendations and provenance.",
        discussion: """
            Writes one self-contained HTML file with A4 print styles, or a PDF when --output ends \
            in .pdf (printed with headless Chromium). Dutch by default, English with --lang en. A \
            file with several zones gets an overview map and table, then a section per zone. See \
            Docs/report.md.
            """
    )

    enum Language: String, ExpressibleByArgument, CaseIterable { case nl, en }

    @Argument(help: "The zone file.")
    var zoneFile: String?

    @Option(help: "A zone as WKT or EWKT (SRID=28992;POLYGON(...)) instead of a file.")
    var wkt: String?

    @Option(parsing: .upToNextOption, help: "One or more 4-digit postcodes, taken together as the zone.")
    var postcode: [String] = []

    @OptionGroup var zones: ZoneOptions

    @Option(help: "Apportionment method.")
    var method: AnalyzeCommand.Method = .area

    @Option(help: "Second base for the charts: nl (national only), municipality, or a zone FILE.")
    var compareTo: String = "nl"

    @Option(help: "Phases of the recommendations: citisens, iap2, or a phase FILE (JSON).")
    var phases: String = "citisens"

    @Option(help: "Share of the adults the channel mix should reach, in (0, 1].")
    var reachTarget: Double = 2.0 / 3.0

    @Option(help: "Folder with channels.json, methods.json and phases/ (default: Data/recommender).")
    var tables: String?

    @Option(help: "Language of the report: nl (Dutch, the default) or en.")
    var lang: Language = .nl

    @Option(help: "The date printed on the report, YYYY-MM-DD (default: today, UTC).")
    var date: String?

    @Flag(help: "Add the staffed, dated plan (as 'geoprofile plan' makes it).")
    var plan = false

    @Option(help: "With --plan: first day of an undated phase plan, YYYY-MM-DD.")
    var start: String?

    @Option(help: "With --plan: departments that run participation projects (default: staffing.json).")
    var departments: Int?

    @OptionGroup var dataset: DatasetOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        let given = [zoneFile != nil, wkt != nil, !postcode.isEmpty].filter { $0 }.count
        guard given == 1 else { throw ValidationError("give either a zone file, --wkt or --postcode") }
        guard reachTarget > 0, reachTarget <= 1 else {
            throw ValidationError("--reach-target must lie in (0, 1], e.g. 0.67 for two thirds of the adults")
        }
        if let date, date.wholeMatch(of: /[0-9]{4}-[0-9]{2}-[0-9]{2}/) == nil {
            throw ValidationError("--date must be written YYYY-MM-DD, e.g. 2026-03-01")
        }
        guard plan || (start == nil && departments == nil) else {
            throw ValidationError("--start and --departments belong to the plan; add --plan")
        }
        if let departments, departments < 0 { throw ValidationError("--departments must be 0 or more") }
        if let start, (try? PhasePlan.Day(parsing: start)) == nil {
            throw ValidationError("--start must be a calendar day written YYYY-MM-DD, e.g. 2026-03-02")
        }
    }

    var comparison: ComparisonRequest {
        switch compareTo.lowercased() {
        case "nl", "nation", "national": return .nation
        case "municipality", "gemeente": return .municipality
        default: return .file(URL(fileURLWithPath: compareTo))
        }
    }

    /// Whether the output is a PDF (by its extension).
    var wantsPDF: Bool { output.output.map { $0.lowercased().hasSuffix(".pdf") } ?? false }

    /// Chromium to print the PDF, or the library's sentence with how to get it here, and the
    /// HTML that needs none.
    static func chromium() throws(GeoprofileError) -> HeadlessChromium {
        do { return try HeadlessChromium.locate() } catch {
            throw GeoprofileError(
                error.code,
                "\(HeadlessChromium.installHint); `make deps` installs it too; or write HTML instead (--output FILE.html)"
            )
        }
    }

    func run() async throws {
        reserveAllocatorHeadroom()
        try await reportingErrors {
            // Chromium first: without it nothing is computed and nothing is written.
            let chromium = wantsPDF ? try Self.chromium() : nil
            let destination = try output.destination()
            let data = try dataset.open()
            let folder = tables.map { URL(fileURLWithPath: $0) } ?? DataPaths.recommender
            let phasePlan = try PhasePlan.resolve(phases, in: folder)
            let bound = try RecommenderTables.load(directory: folder).bound(to: data.profileSet)
            let planRequest =
                plan
                ? AreaReportPlan(
                    staffing: try StaffingTables.load(directory: folder),
                    start: try start.map { try PhasePlan.Day(parsing: $0) }, departments: departments) : nil
            let reportZones: AreaReportZones
            if !postcode.isEmpty {
                reportZones = .postcodes(postcode)
            } else {
                let source: ZoneSource = zoneFile.map { .file(URL(fileURLWithPath: $0)) } ?? .wkt(wkt ?? "")
                let title = zoneFile.map { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent } ?? "WKT"
                let prepared = try AreaAnalyzer.readZones(source, options: zones.readOptions, radius: zones.radius)
                reportZones = .zones(source, prepared, title: title)
            }
            let options = AreaReportOptions(
                phases: phasePlan, date: date ?? AreaReportOptions.today(), toolVersion: Geoprofile.version,
                readOptions: zones.readOptions, radius: zones.radius, method: method == .area ? .area : .centroid,
                compareTo: comparison, reachTarget: reachTarget, language: lang == .nl ? .nl : .en, plan: planRequest)
            let input = try AreaReportInput.make(
                reportZones, options: options, dataset: data, tables: bound,
                country: try ReportGeometry.countryOutline(data))
            let html = try AreaReport.html(input)
            if let chromium {
                try destination.write(try chromium.pdf(html: html))
            } else {
                try destination.write(Data(html.utf8))
            }
        }
    }
}
