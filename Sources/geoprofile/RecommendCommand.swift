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
    enum Budget: String, ExpressibleByArgument, CaseIterable { case low, medium, high }

    @Argument(help: "The zone file (GeoJSON, GeoPackage, Shapefile or WKT).")
    var zoneFile: String?

    @Option(parsing: .upToNextOption, help: "One or more 4-digit postcodes instead of a zone file.")
    var postcode: [String] = []

    @Option(help: "Phases: citisens, iap2, or a phase FILE (JSON).")
    var phases: String = "citisens"

    @Option(help: "Share of the zone's residents the channel mix should reach, in (0, 1].")
    var reachTarget: Double = 2.0 / 3.0

    @Option(help: "Largest number of channels in the mix.")
    var maxChannels: Int = 4

    @Option(help: "Most expensive channels allowed.")
    var budget: Budget = .high

    @Option(help: "Folder with channels.json, methods.json and phases/ (default: Data/recommender).")
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
            throw ValidationError("--reach-target must lie in (0, 1], e.g. 0.67 for two thirds of the residents")
        }
        guard maxChannels >= 1 else { throw ValidationError("--max-channels must be at least 1") }
    }

    func run() async throws {
        try await reportingErrors {
            let data = try dataset.open()
            let folder = tables.map { URL(fileURLWithPath: $0) } ?? DataPaths.recommender
            let plan = try PhasePlan.resolve(phases, in: folder)
            let bound = try RecommenderTables.load(directory: folder).bound(to: data.profileSet)
            let options = try Recommender.Options(
                reachTarget: reachTarget, maxChannels: maxChannels,
                budget: CostClass(rawValue: budget.rawValue) ?? .high)
            let area: PlanningArea =
                zoneFile.map { .zones(URL(fileURLWithPath: $0), options: zones.readOptions, radius: zones.radius) }
                ?? .postcodes(postcode)
            let (mix, zoneID, warnings) = try area.mix(in: data)
            for warning in warnings { warn("warning: zone \(warning.zone): \(warning.message)") }
            let recommendation = try Recommender(tables: bound, options: options).recommend(
                for: mix, zone: zoneID, phases: plan)
            switch format {
            case .json: try output.emit(try recommendation.jsonText())
            case .markdown: try output.emit(recommendation.markdownPlan())
            case .table: try output.emit(recommendation.textReport())
            }
        }
    }
}
