import AreaAnalysis
import ArgumentParser
import Foundation
import ProfileModel
import Reports

struct DataCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Build the postcode dataset from CBS files, or show what it holds.",
        subcommands: [Build.self, Info.self]
    )

    enum Vintage: String, ExpressibleByArgument, CaseIterable {
        case v2020 = "2020"
        case v2023 = "2023"
    }

    struct Build: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build the PC4 dataset (GeoPackage, EPSG:28992) with estimated profiles.",
            discussion: """
                Reads from the source folder: cbs_pc4_2020_v1.gpkg (required: the PC4 areas), \
                pc4_2021_population_by_age_sex.csv and pc4_places.csv (recommended), and with \
                --vintage 2023 cbs_pc4_2023_kerncijfers.csv. See Data/postcodes/README.md.
                """
        )

        @Option(help: "Folder with the CBS files (default: $GEOPROFILE_SOURCES or ../shared/data/nl).")
        var sources: String?

        @Option(
            name: .shortAndLong,
            help: "Where to write the dataset (default: $GEOPROFILE_DATASET or Data/postcodes/nl-pc4.gpkg).")
        var output: String?

        @Option(name: .customLong("set"), help: "Profile set: an id under Data/profiles or a JSON file.")
        var profileSet: String?

        @Option(help: "CBS vintage of the key figures (the geometry is always the 2020 PC4 areas).")
        var vintage: Vintage = .v2020

        @Option(
            help:
                "CSV of profile counts or shares of adults per postcode that replaces the model (postcode + one column per profile id)."
        )
        var profiles: String?

        @Flag(help: "Print the build summary as JSON.")
        var json = false

        func run() async throws {
            try await reportingErrors {
                if let output = self.output {
                    guard case .file = try OutputDestination(path: output) else {
                        throw GeoprofileError(
                            .usage, "the dataset is a GeoPackage and must be written to a file, not to \(output)",
                            input: .output)
                    }
                }
                let (set, setFile) = try DataPaths.profileSet(profileSet)
                let output = DataPaths.dataset(self.output)
                let options = DatasetBuildOptions(
                    sources: DataPaths.sources(sources), output: output, profileSet: set, profileSetFile: setFile,
                    mapping: DataPaths.variableMapping, vintage: vintage.rawValue,
                    profilesFile: profiles.map { URL(fileURLWithPath: $0) }, toolVersion: Geoprofile.version)
                let report = try DatasetBuilder.build(options)
                print(
                    json
                        ? try JSONText.encode(report)
                        : DatasetRendering.buildSummary(report, output: output.path, set: set))
            }
        }
    }

    struct Info: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show what the postcode dataset holds and how it was built.")

        enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

        @OptionGroup var dataset: DatasetOptions

        @Option(help: "Output format.")
        var format: Format = .table

        func run() async throws {
            try await reportingErrors {
                let data = try dataset.open()
                print(format == .json ? try DatasetRendering.infoJSON(data) : DatasetRendering.info(data))
            }
        }
    }
}
