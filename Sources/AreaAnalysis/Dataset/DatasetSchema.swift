internal import Foundation
public import ProfileModel

/// Names of the tables and columns of the postcode dataset, in one place.
public enum DatasetSchema {
    /// The feature layer.
    public static let layer = "pc4"
    /// The key/value metadata table.
    public static let metadataTable = "geoprofile_metadata"
    /// The table with the country's outline for the reports' locator maps (since layout 3;
    /// a dataset without it has the outline dissolved when a report asks for it).
    public static let outlineTable = "geoprofile_outline"
    /// The dataset's CRS.
    public static let crs = "EPSG:28992"
    /// Version of the dataset layout; bumped when columns or the model change. Version 3:
    /// profiles counted among adults per person cell (cell counts, adults and children stored).
    public static let formatVersion = "3"

    /// Text columns before the figures.
    public static let identityColumns = ["postcode", "place", "municipality", "province"]

    /// The column holding estimated adults of a profile: `profile_` plus the id with
    /// `-` replaced by `_` (so it is a plain SQL identifier).
    public static func residentsColumn(_ profileID: String) -> String {
        "profile_" + profileID.replacingOccurrences(of: "-", with: "_")
    }

    /// The column holding a profile's share.
    public static func shareColumn(_ profileID: String) -> String {
        "share_" + profileID.replacingOccurrences(of: "-", with: "_")
    }

    /// The column holding the adults of a person cell: `cell_` plus the cell's id.
    public static func cellColumn(_ cell: PersonCell) -> String { "cell_" + cell.rawValue }

    /// The population figures after the identity columns.
    public static let populationColumns = ["residents", "households", "adults", "children"]

    /// Every attribute column of the layer, in order, for a profile set.
    public static func columns(for set: ProfileSet) -> [ColumnSpec] {
        identityColumns.map { ColumnSpec($0, .text) }
            + populationColumns.map { ColumnSpec($0, .real) }
            + Variable.allCases.filter { $0 != .residents && $0 != .households }.map { ColumnSpec($0.rawValue, .real) }
            + PersonCell.allCases.map { ColumnSpec(cellColumn($0), .real) }
            + set.profiles.map { ColumnSpec(residentsColumn($0.id), .real) }
            + set.profiles.map { ColumnSpec(shareColumn($0.id), .real) }
            + [ColumnSpec("profile_source", .text), ColumnSpec("flags", .text)]
    }
}
