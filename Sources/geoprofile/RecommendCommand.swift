import AreaAnalysis
import ArgumentParser
import Foundation
import ProfileModel

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
            let folder = tables.map { URL(fileURLWithPath: $0) } ?? Paths.recommender
            let plan: PhasePlan
            if phases.hasSuffix(".json") || phases.contains("/") {
                plan = try PhasePlan.load(from: URL(fileURLWithPath: phases))
            } else {
                plan = try PhasePlan.template(named: phases, in: folder)
            }
            let bound = try RecommenderTables.load(directory: folder).bound(to: data.profileSet)
            let options = try Recommender.Options(
                reachTarget: reachTarget, maxChannels: maxChannels,
                budget: CostClass(rawValue: budget.rawValue) ?? .high)
            let (mix, zoneID) = try zoneMix(data)
            let recommendation = try Recommender(tables: bound, options: options).recommend(
                for: mix, zone: zoneID, phases: plan)
            switch format {
            case .json: try output.emit(String(decoding: try recommendation.jsonData(), as: UTF8.self))
            case .markdown: try output.emit(recommendation.markdownPlan())
            case .table: try output.emit(recommendation.textTable() + "\n\n" + AnalysisReport.note)
            }
        }
    }

    /// The profile mix of the planning area and its id.
    func zoneMix(_ data: PostcodeDataset) throws -> (ProfileMix, String) {
        if let zoneFile {
            let url = URL(fileURLWithPath: zoneFile)
            let result = try AreaAnalyzer(dataset: data).run(
                AnalysisRequest(source: .file(url), readOptions: zones.readOptions, radius: zones.radius))
            var residents = [Double](repeating: 0, count: data.profileSet.profiles.count)
            for zone in result.report.zones {
                residents = zip(residents, zone.profiles.map(\.adults)).map(+)
                for warning in zone.warnings { warn("warning: zone \(zone.id): \(warning)") }
            }
            let id =
                result.report.zones.count == 1
                ? result.report.zones[0].id : url.deletingPathExtension().lastPathComponent
            return (try ProfileMix(set: data.profileSet, residents: residents), id)
        }
        var residents = [Double](repeating: 0, count: data.profileSet.profiles.count)
        let positions = try data.positions(ofPostcodes: postcode)
        let unknown = postcode.filter { positions[$0] == nil }
        for record in try data.records(at: postcode.compactMap { positions[$0] }) {
            residents = zip(residents, record.profileAdults).map(+)
        }
        guard unknown.isEmpty else {
            throw AreaAnalysisError(
                .invalidData,
                "postcode\(unknown.count > 1 ? "s" : "") \(unknown.joined(separator: ", ")) \(unknown.count > 1 ? "are" : "is") not in the dataset"
            )
        }
        return (try ProfileMix(set: data.profileSet, residents: residents), postcode.joined(separator: "+"))
    }
}
