import AreaAnalysis
import ArgumentParser
import Foundation
import ProfileModel
import Recommendations
import Reports

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract:
            "A staffed and scheduled participation process for a zone: dates, methods, sessions, roles and hours.",
        discussion: """
            Builds on the recommendation (methods and channel mix per phase) and the figures of \
            Data/recommender/staffing.json, each with its basis. An undated phase plan needs --start; \
            a dated one keeps its timeline. Write --format json to a file to check participants \
            against it later with 'geoprofile monitor'. See Docs/plan-and-monitor.md.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, markdown }

    @Argument(help: "The zone file (GeoJSON, GeoPackage, Shapefile or WKT).")
    var zoneFile: String?

    @Option(parsing: .upToNextOption, help: "One or more 4-digit postcodes instead of a zone file.")
    var postcode: [String] = []

    @Option(help: "Phases: citisens, iap2, or a phase FILE (JSON).")
    var phases: String = "citisens"

    @Option(help: "First day of an undated phase plan, YYYY-MM-DD.")
    var start: String?

    @Option(help: "Share of the zone's adults the channel mix and the sessions should reach, in (0, 1].")
    var reachTarget: Double = 2.0 / 3.0

    @Option(help: "Largest number of channels in the mix.")
    var maxChannels: Int = 4

    @Option(help: "Most expensive channels allowed.")
    var budget: RecommendCommand.Budget = .high

    @Option(help: "Departments that run participation projects in this process (default: staffing.json).")
    var departments: Int?

    @Option(help: "Folder with channels.json, methods.json, staffing.json and phases/ (default: Data/recommender).")
    var tables: String?

    @OptionGroup var zones: ZoneOptions

    @Option(help: "Output format.")
    var format: Format = .table

    @OptionGroup var dataset: DatasetOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (zoneFile == nil) != postcode.isEmpty else {
            throw ValidationError("give either a zone file or --postcode")
        }
        guard reachTarget > 0, reachTarget <= 1 else {
            throw ValidationError("--reach-target must lie in (0, 1], e.g. 0.67 for two thirds of the adults")
        }
        guard maxChannels >= 1 else { throw ValidationError("--max-channels must be at least 1") }
        if let departments, departments < 0 { throw ValidationError("--departments must be 0 or more") }
        if let start, (try? PhasePlan.Day(parsing: start)) == nil {
            throw ValidationError("--start must be a calendar day written YYYY-MM-DD, e.g. 2026-03-02")
        }
    }

    func run() async throws {
        try await reportingErrors {
            let data = try dataset.open()
            let folder = tables.map { URL(fileURLWithPath: $0) } ?? DataPaths.recommender
            let plan = try PhasePlan.resolve(phases, in: folder)
            let bound = try RecommenderTables.load(directory: folder).bound(to: data.profileSet)
            let staffing = try StaffingTables.load(directory: folder)
            let options = try Recommender.Options(
                reachTarget: reachTarget, maxChannels: maxChannels,
                budget: CostClass(rawValue: budget.rawValue) ?? .high)
            let area: PlanningArea =
                zoneFile.map { .zones(URL(fileURLWithPath: $0), options: zones.readOptions, radius: zones.radius) }
                ?? .postcodes(postcode)
            let resolved = try area.resolve(in: data)
            for warning in resolved.warnings { warn("warning: zone \(warning.zone): \(warning.message)") }
            let planner = ProcessPlanner(recommender: Recommender(tables: bound, options: options), staffing: staffing)
            let processPlan = try planner.plan(
                for: resolved.mix, zone: resolved.id, postcodes: resolved.postcodes, phases: plan,
                start: try start.map { try PhasePlan.Day(parsing: $0) }, departments: departments, dataset: data.stamp)
            switch format {
            case .json: try output.emit(try processPlan.jsonText())
            case .markdown: try output.emit(processPlan.markdownPlan())
            case .table: try output.emit(processPlan.textReport())
            }
        }
    }
}
