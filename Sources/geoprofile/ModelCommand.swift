import AreaAnalysis
import ArgumentParser
import Foundation
import ProfileModel
import Reports

struct ModelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Work with the profile estimation model.",
        subcommands: [Calibrate.self]
    )

    struct Calibrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-estimate the profile set from a resident survey (respondent postcode + profile).",
            discussion: """
                The survey is a CSV with the columns postcode and profile (a profile id of the \
                dataset's set), and optionally weight and age_band (age_15_24, age_25_44, age_45_64, \
                age_65_74 or age_75_plus; without it the postcode's adults are the prior). The result is a new profile-set file; \
                rebuild the dataset with it: geoprofile data build --set FILE. See Docs/profile-model.md.
                """
        )

        enum Mode: String, ExpressibleByArgument, CaseIterable { case weights, targets }

        @Option(help: "The survey CSV.")
        var survey: String

        @Option(help: "What to re-estimate: the signature weights, or the national shares (targets).")
        var mode: Mode = .weights

        @Option(help: "How strongly the current weights hold (higher: the survey moves them less).")
        var priorStrength: Double = 1

        @Option(name: .shortAndLong, help: "Where to write the new profile-set JSON file.")
        var output: String

        @OptionGroup var dataset: DatasetOptions

        func validate() throws {
            guard priorStrength > 0, priorStrength.isFinite else {
                throw ValidationError("--prior-strength must be positive")
            }
        }

        func run() async throws {
            try await reportingErrors {
                let data = try dataset.open()
                let result = try SurveyFile.calibrate(
                    data, survey: URL(fileURLWithPath: survey), mode: mode == .weights ? .weights : .targets,
                    priorStrength: priorStrength)
                try OutputDestination(path: output).write(try JSONText.data(result.set))
                print(
                    CalibrationRendering.table(
                        result, previous: data.profileSet, mode: mode.rawValue, output: output))
                print("Rebuild the dataset with it: geoprofile data build --set \(output)")
            }
        }
    }
}
