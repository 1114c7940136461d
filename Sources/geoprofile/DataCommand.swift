import AreaAnalysis
import ArgumentParser
import Foundation
import ProfileModel

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
                let (set, setFile) = try Paths.profileSet(profileSet)
                let output = Paths.resolve(
                    self.output, environment: "GEOPROFILE_DATASET", default: Paths.defaultDataset)
                let options = DatasetBuildOptions(
                    sources: Paths.resolve(sources, environment: "GEOPROFILE_SOURCES", default: Paths.defaultSources),
                    output: output, profileSet: set, profileSetFile: setFile, mapping: Paths.variableMapping,
                    vintage: vintage.rawValue, profilesFile: profiles.map { URL(fileURLWithPath: $0) },
                    toolVersion: Geoprofile.version)
                let report = try DatasetBuilder.build(options)
                if json {
                    print(try geoprofile.json(report))
                    return
                }
                print("Wrote \(output.path)")
                print("  postcodes:  \(grouped(Double(report.postcodes)))")
                print(
                    "  residents:  \(grouped(report.residents)) (\(report.residentsImputed.count) suppressed counts imputed as \(Int(DatasetBuilder.suppressedCountImputation)))"
                )
                print(
                    "  adults:     \(grouped(report.adults)) (15+, profiled), children: \(grouped(report.children)) (0-14)"
                )
                print("  households: \(grouped(report.households))")
                if !report.emptyGeometries.isEmpty {
                    print("  empty geometry (kept with its figures): \(report.emptyGeometries.joined(separator: ", "))")
                }
                print("  profiles:   set \(set.id) \(set.version), from \(report.profileSource)")
                if !report.profilesFromModel.isEmpty {
                    print(
                        "  \(report.profilesFromModel.count) postcodes not in \(report.profileSource) were estimated by the model"
                    )
                }
                if let figures = report.plausibility { print(plausibilityBlock(figures)) }
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

        struct Summary: Encodable {
            var dataset: String
            var postcodes: Int
            var residents: Double
            var adults: Double
            var children: Double
            var households: Double
            var crs: String
            var cbsVintage: String
            var licence: String
            var attribution: String
            var profileSet: [String: String]
            var profileSource: String
            var sources: [SourceFile]
            var builtWith: [String: String]
            var imputation: [String: [String]]
            var emptyGeometries: [String]
            var suppressedCells: [String: Int]
            var plausibility: PlausibilityFigures?

            enum CodingKeys: String, CodingKey {
                case dataset, postcodes, residents, adults, children, households, crs, plausibility
                case cbsVintage = "cbs_vintage"
                case licence, attribution
                case profileSet = "profile_set"
                case profileSource = "profile_source"
                case sources
                case builtWith = "built_with"
                case imputation
                case emptyGeometries = "empty_geometries"
                case suppressedCells = "suppressed_cells"
            }
        }

        func run() async throws {
            try await reportingErrors {
                let data = try dataset.open()
                let m = data.metadata
                let summary = Summary(
                    dataset: data.url.path, postcodes: data.count, residents: m.build.residents,
                    adults: m.build.adults, children: m.build.children, households: m.build.households, crs: m.crs,
                    cbsVintage: m.cbsVintage,
                    licence: m.licence, attribution: m.attribution,
                    profileSet: ["id": m.profileSet.id, "name": m.profileSet.name, "version": m.profileSet.version],
                    profileSource: m.profileSource, sources: m.build.sources,
                    builtWith: [
                        "tool": "geoprofile", "version": m.toolVersion, "geos": m.geosVersion, "proj": m.projVersion,
                        "format": m.formatVersion,
                    ],
                    imputation: ["residents": m.build.residentsImputed, "households": m.build.householdsImputed],
                    emptyGeometries: m.build.emptyGeometries, suppressedCells: m.build.suppressedCells,
                    plausibility: m.build.plausibility)
                if format == .json {
                    print(try json(summary))
                    return
                }
                print("geoprofile dataset \(data.url.path)")
                print("  postcodes:   \(grouped(Double(summary.postcodes))) (PC4, \(m.crs))")
                print(
                    "  residents:   \(grouped(summary.residents)) (adults \(grouped(summary.adults)), children \(grouped(summary.children))), households: \(grouped(summary.households))"
                )
                print("  figures:     CBS \(m.cbsTitle) — \(m.attribution), \(m.licence)")
                print(
                    "  profile set: \(m.profileSet.name) (\(m.profileSet.id) \(m.profileSet.version)), profiles from \(m.profileSource)"
                )
                print(
                    "  imputed:     residents of \(m.build.residentsImputed.count) postcodes, households of \(m.build.householdsImputed.count) (CBS 'secret or 0-4' → 2)"
                )
                if !m.build.emptyGeometries.isEmpty {
                    print("  empty geometry: \(m.build.emptyGeometries.joined(separator: ", "))")
                }
                if let figures = m.build.plausibility { print(DataCommand.plausibilityBlock(figures)) }
                print("  built with:  geoprofile \(m.toolVersion), GEOS \(m.geosVersion), PROJ \(m.projVersion)")
                print("  sources:")
                for source in m.build.sources {
                    print("    \(source.name)  sha256 \(source.sha256.prefix(16))…  (\(source.role))")
                }
            }
        }
    }

    /// The short plausibility block `data build` prints.
    static func plausibilityBlock(_ f: PlausibilityFigures) -> String {
        func fixed(_ value: Double?, _ decimals: Int = 2) -> String {
            value.map { String(format: "%.\(decimals)f", $0) } ?? "-"
        }
        var lines = [
            "  plausibility (\(f.postcodes) postcodes with ≥ 1,000 residents, counting \(f.population)):",
            "    one profile above 80%: \(f.dominance.above80) postcodes (\(percent(f.dominance.above80Share))); 99th percentile of the largest share \(percent(f.dominance.largestShareP99))",
        ]
        if let a = f.ageCoherence {
            lines.append(
                "    Zorgzame Senioren per resident 65+ (national = 1): 5th pct \(fixed(a.seniorsPer65Plus.p5)), 95th/5th \(fixed(a.seniorsPer65Plus.ratio, 1)); aged 65+: \(percent(a.seniorsAged65Plus))"
            )
            lines.append(
                "    Geïnformeerde Gezinsdrukte per resident 0-14 or 25-44: 95th/5th \(fixed(a.familiesPerParentAge.ratio, 1))"
            )
        }
        if let c = f.contrast {
            lines.append(
                "    inner Amsterdam \(c.innerAmsterdam.joined(separator: ", ")) | Westerveld \(c.westerveld.joined(separator: ", ")); Zelfbewuste Aanpakkers ×\(fixed(c.doersRatio, 0)) in Westerveld"
            )
        }
        return lines.joined(separator: "\n")
    }
}
