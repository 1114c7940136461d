import AreaAnalysis
import ArgumentParser
import Foundation
import ProfileModel
import Reports

struct PostcodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "postcode",
        abstract: "The estimated profile mix of 4-digit postcodes, with the index against the national share.",
        discussion:
            "An index of 100 means the profile is as common as in the Netherlands as a whole; 200 twice as common."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, csv }

    @Argument(help: "One or more 4-digit postcodes, e.g. 1011 9444.")
    var postcodes: [String]

    @Flag(help: "Show which features push each profile up or down.")
    var explain = false

    @Option(help: "Output format.")
    var format: Format = .table

    @OptionGroup var dataset: DatasetOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await reportingErrors {
            let data = try dataset.open()
            let (entries, unknown) = try PostcodeProfile.lookUp(postcodes, in: data, explain: explain)
            for code in unknown {
                warn("error: postcode \(code) is not in the dataset (PC4 postcodes are four digits, 1000-9999)")
            }
            if !entries.isEmpty {
                switch format {
                case .json: try output.emit(try PostcodeRendering.json(entries, dataset: data.url.lastPathComponent))
                case .csv: try output.emit(PostcodeRendering.csv(entries))
                case .table: try output.emit(PostcodeRendering.table(entries))
                }
            }
            if !unknown.isEmpty { throw ExitCode(ErrorReporting.exitCode(.invalidData)) }
        }
    }
}
