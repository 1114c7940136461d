import AreaAnalysis
import ArgumentParser
import Foundation
import ProfileModel

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
