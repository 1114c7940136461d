import AreaAnalysis
import ArgumentParser
import Foundation
import ProfileModel

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
                let set = data.profileSet
                let surveyURL = URL(fileURLWithPath: survey)
                let table = try CSVTable(url: surveyURL)
                let columns = try table.indices(of: ["postcode", "profile"])
                let weightColumn = table.header.firstIndex(of: "weight")
                let bandColumn = table.header.firstIndex(of: "age_band")
                var responses: [SurveyResponse] = []
                for (line, row) in table.rows.enumerated() where row.count > columns.max()! {
                    let lineNumber = line + 2
                    guard let profile = set.index(of: row[columns[1]]) else {
                        throw ProfileModelError(
                            .invalidData,
                            "\(surveyURL.lastPathComponent), line \(lineNumber): '\(row[columns[1]])' is not a profile of set '\(set.id)' (\(set.profiles.map(\.id).joined(separator: ", ")))"
                        )
                    }
                    var weight = 1.0
                    if let weightColumn, weightColumn < row.count, !row[weightColumn].isEmpty {
                        guard let value = Double(row[weightColumn]), value >= 0, value.isFinite else {
                            throw ProfileModelError(
                                .invalidData,
                                "\(surveyURL.lastPathComponent), line \(lineNumber): weight '\(row[weightColumn])' is not a non-negative number"
                            )
                        }
                        weight = value
                    }
                    var band: PersonAttribute?
                    if let bandColumn, bandColumn < row.count, !row[bandColumn].isEmpty {
                        band = PersonAttribute(rawValue: row[bandColumn])
                        guard let band, SurveyResponse.ageBands.contains(band) else {
                            throw ProfileModelError(
                                .invalidData,
                                "\(surveyURL.lastPathComponent), line \(lineNumber): age band '\(row[bandColumn])' is not one of \(SurveyResponse.ageBands.map(\.rawValue).joined(separator: ", "))"
                            )
                        }
                    }
                    responses.append(
                        SurveyResponse(postcode: row[columns[0]], profile: profile, weight: weight, ageBand: band))
                }
                let inputs = try data.records().map {
                    PostcodeInput(postcode: $0.postcode, residents: $0.residents, demographics: $0.demographics)
                }
                let result = try SurveyCalibration.calibrate(
                    estimator: try data.estimator(), postcodes: inputs, responses: responses,
                    mode: mode == .weights ? .weights : .targets, surveyName: surveyURL.lastPathComponent,
                    priorStrength: priorStrength)
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                try AtomicFile.write(try encoder.encode(result.set), to: URL(fileURLWithPath: output))
                print(
                    "Calibrated \(set.id) on \(grouped(result.respondents)) respondents (\(mode.rawValue)); wrote \(output)"
                )
                print(
                    String(
                        format: "  mean log-likelihood per respondent: %.4f before, %.4f after",
                        result.logLikelihoodBefore, result.logLikelihoodAfter))
                let rows = set.profiles.indices.map { k in
                    [
                        set.profiles[k].name, percent(result.observed[k]), percent(result.expected[k]),
                        percent(result.set.profiles[k].share),
                    ]
                }
                print(
                    textTable(
                        ["profile", "observed", "expected before", "national share"], rows, rightAligned: [1, 2, 3]))
                print("Rebuild the dataset with it: geoprofile data build --set \(output)")
            }
        }
    }
}
