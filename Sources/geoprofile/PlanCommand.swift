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

    @OptionGroup var area: PlanningAreaOptions
    @OptionGroup var advice: AdviceOptions

    @Option(help: "First day of an undated phase plan, YYYY-MM-DD.")
    var start: String?

    @Option(help: "Departments that run participation projects in this process (default: staffing.json).")
    var departments: Int?

    @Option(help: "Output format.")
    var format: Format = .table

    @OptionGroup var lang: LanguageOptions

    @OptionGroup var dataset: DatasetOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let departments, departments < 0 { throw ValidationError("--departments must be 0 or more") }
        if let start, (try? PhasePlan.Day(parsing: start)) == nil {
            throw ValidationError("--start must be a calendar day written YYYY-MM-DD, e.g. 2026-03-02")
        }
    }

    func run() async throws {
        try await reportingErrors {
            let data = try dataset.open()
            let plan = try advice.phasePlan()
            let bound = try RecommenderTables.load(directory: advice.folder).bound(to: data.profileSet)
            let staffing = try StaffingTables.load(directory: advice.folder)
            let options = try advice.recommenderOptions()
            let resolved = try area.area.resolve(in: data)
            for warning in resolved.warnings { warn("warning: zone \(warning.zone): \(warning.message)") }
            let planner = ProcessPlanner(recommender: Recommender(tables: bound, options: options), staffing: staffing)
            let processPlan = try planner.plan(
                for: resolved.mix, zone: resolved.id, postcodes: resolved.postcodes, phases: plan,
                start: try start.map { try PhasePlan.Day(parsing: $0) }, departments: departments, dataset: data.stamp)
            let language = lang.language
            switch format {
            case .json: try output.emit(try processPlan.jsonText(language: language))
            case .markdown: try output.emit(processPlan.markdownPlan(language: language))
            case .table: try output.emit(processPlan.textReport(language: language))
            }
        }
    }
}
