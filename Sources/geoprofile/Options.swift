import AreaAnalysis
import ArgumentParser
import Foundation
import ProfileModel
import Recommendations

/// The dataset option shared by every command that reads the postcode dataset.
struct DatasetOptions: ParsableArguments {
    @Option(name: .long, help: "The postcode dataset (default: $GEOPROFILE_DATASET or Data/postcodes/nl-pc4.gpkg).")
    var dataset: String?

    var url: URL { DataPaths.dataset(dataset) }

    func open() throws -> PostcodeDataset { try PostcodeDataset(url: url) }
}

/// How to read a zone file: shared by `analyze` and `recommend`.
struct ZoneOptions: ParsableArguments {
    @Option(help: "GeoPackage layer to read.")
    var layer: String?

    @Option(help: "CRS of the zones when the file does not say (EPSG:28992, EPSG:4326, WKT, PROJ string).")
    var crs: String?

    @Option(help: "Attribute holding each zone's id.")
    var idField: String?

    @Option(help: "Attribute holding each zone's name.")
    var nameField: String?

    @Option(help: "Radius in metres around a point zone.")
    var radius: Double?

    func validate() throws {
        if let radius, !(radius > 0 && radius.isFinite) {
            throw ValidationError("--radius must be a positive number of metres")
        }
    }

    var readOptions: ZoneReadOptions { ZoneReadOptions(layer: layer, crs: crs, idField: idField, nameField: nameField) }
}

/// Output destination shared by the reporting commands.
struct OutputOptions: ParsableArguments {
    @Option(
        name: .shortAndLong,
        help: "Write to this file (atomically), a device or pipe, or - for standard output (the default).")
    var output: String?

    /// Where the output goes: standard output without `--output`.
    func destination() throws(GeoprofileError) -> OutputDestination {
        guard let output else { return .standardOutput }
        return try OutputDestination(path: output)
    }

    /// Prints `text` or writes it to the output (a regular file atomically, a device in place).
    func emit(_ text: String) throws {
        try destination().write(text: text)
    }
}

/// The planning area of `recommend` and `plan`: a zone file or a list of postcodes.
struct PlanningAreaOptions: ParsableArguments {
    @Argument(help: "The zone file (GeoJSON, GeoPackage, Shapefile or WKT).")
    var zoneFile: String?

    @Option(parsing: .upToNextOption, help: "One or more 4-digit postcodes instead of a zone file.")
    var postcode: [String] = []

    @OptionGroup var zones: ZoneOptions

    func validate() throws {
        guard (zoneFile == nil) != postcode.isEmpty else {
            throw ValidationError("give either a zone file or --postcode")
        }
    }

    /// The area as the libraries take it.
    var area: PlanningArea {
        zoneFile.map { .zones(URL(fileURLWithPath: $0), options: zones.readOptions, radius: zones.radius) }
            ?? .postcodes(postcode)
    }
}

/// How `recommend` and `plan` choose channels: the phases, the reach target, the channel
/// limits and the tables.
struct AdviceOptions: ParsableArguments {
    enum Budget: String, ExpressibleByArgument, CaseIterable { case low, medium, high }

    @Option(help: "Phases: citisens, iap2, or a phase FILE (JSON).")
    var phases: String = "citisens"

    @Option(help: "Share of the zone's adults the channel mix should reach, in (0, 1].")
    var reachTarget: Double = 2.0 / 3.0

    @Option(help: "Largest number of channels in the mix.")
    var maxChannels: Int = 4

    @Option(help: "Most expensive channels allowed.")
    var budget: Budget = .high

    @Option(help: "Folder with the recommender tables and phases/ (default: Data/recommender).")
    var tables: String?

    func validate() throws {
        guard reachTarget > 0, reachTarget <= 1 else {
            throw ValidationError("--reach-target must lie in (0, 1], e.g. 0.67 for two thirds of the adults")
        }
        guard maxChannels >= 1 else { throw ValidationError("--max-channels must be at least 1") }
    }

    /// The folder of the recommender tables.
    var folder: URL { tables.map { URL(fileURLWithPath: $0) } ?? DataPaths.recommender }

    /// The phase plan named or given.
    func phasePlan() throws -> PhasePlan { try PhasePlan.resolve(phases, in: folder) }

    /// The recommender's options.
    func recommenderOptions() throws -> Recommender.Options {
        try Recommender.Options(
            reachTarget: reachTarget, maxChannels: maxChannels, budget: CostClass(rawValue: budget.rawValue) ?? .high)
    }
}

/// The language of names and reasons in the output of `recommend`, `plan` and `monitor`.
struct LanguageOptions: ParsableArguments {
    enum Choice: String, ExpressibleByArgument, CaseIterable {
        case en, nl

        var language: Language { self == .nl ? .nl : .en }
    }

    @Option(help: "Language of names and reasons: en (the default) or nl. JSON keys stay English.")
    var lang: Choice = .en

    var language: Language { lang.language }
}
