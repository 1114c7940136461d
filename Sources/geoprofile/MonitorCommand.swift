import AreaAnalysis
import ArgumentParser
import Foundation
import ProfileModel
import Recommendations
import Reports

struct MonitorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitor",
        abstract: "Who took part compared with who lives in the plan's zone, per profile, with channels to add.",
        discussion: """
            The participants file is a CSV with the column postcode, optionally age_band (age_15_24, \
            age_25_44, age_45_64, age_65_74, age_75_plus) and count; without count every row is one \
            participant. An ecological estimate: each participant counts with the estimated profile \
            mix of their postcode (and age band). See Docs/plan-and-monitor.md.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, markdown }

    @Option(help: "A plan written by 'geoprofile plan --format json'.")
    var plan: String

    @Option(help: "The participants: CSV with postcode[,age_band][,count].")
    var participants: String

    @Option(help: "Output format.")
    var format: Format = .table

    @Option(help: "Folder with channels.json, for the channels' names in both languages (default: Data/recommender).")
    var tables: String?

    @OptionGroup var lang: LanguageOptions

    @OptionGroup var dataset: DatasetOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await reportingErrors {
            let folder = tables.map { URL(fileURLWithPath: $0) } ?? DataPaths.recommender
            // The plan holds its channels' names in the language it was written in; the
            // tables give them in both.
            let processPlan = try ProcessPlan.load(from: URL(fileURLWithPath: plan)).withTexts(
                from: try RecommenderTables.load(directory: folder))
            let data = try dataset.open()
            try processPlan.checkDataset(data.stamp)
            let estimated = try ParticipantsFile.participants(
                at: URL(fileURLWithPath: participants), in: data, zone: Set(processPlan.zone.postcodes))
            let check = try ParticipationMonitor.check(estimated, against: processPlan)
            let language = lang.language
            switch format {
            case .json: try output.emit(try check.jsonText(language: language))
            case .markdown: try output.emit(check.markdownReport(language: language))
            case .table: try output.emit(check.textReport(language: language))
            }
        }
    }
}
