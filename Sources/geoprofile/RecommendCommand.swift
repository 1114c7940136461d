import AreaAnalysis
import ArgumentParser
import Foundation
import ProfileModel
import Recommendations
import Reports

struct RecommendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recommend",
        abstract:
            "Channels and consultation types per phase, from a zone's profile mix, with reasons and estimated reach.",
        discussion: """
            The zone is a zone file (all its zones together form the planning area) or a list of \
            postcodes. Reach and fit values are assumptions stated in Data/recommender; see \
            Docs/recommender.md for the scoring.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, markdown }

    @OptionGroup var area: PlanningAreaOptions
    @OptionGroup var advice: AdviceOptions

    @Option(help: "Output format.")
    var format: Format = .table

    @OptionGroup var lang: LanguageOptions

    @OptionGroup var dataset: DatasetOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await reportingErrors {
            let data = try dataset.open()
            let plan = try advice.phasePlan()
            let bound = try RecommenderTables.load(directory: advice.folder).bound(to: data.profileSet)
            let options = try advice.recommenderOptions()
            let (mix, zoneID, warnings) = try area.area.mix(in: data)
            for warning in warnings { warn("warning: zone \(warning.zone): \(warning.message)") }
            let recommendation = try Recommender(tables: bound, options: options).recommend(
                for: mix, zone: zoneID, phases: plan)
            let language = lang.language
            switch format {
            case .json: try output.emit(try recommendation.jsonText(language: language))
            case .markdown: try output.emit(recommendation.markdownPlan(language: language))
            case .table: try output.emit(recommendation.textReport(language: language))
            }
        }
    }
}
