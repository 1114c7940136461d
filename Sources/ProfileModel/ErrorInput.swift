/// An input a user gives, named in an error so that each front end can phrase it as its own
/// option or field.
public enum ErrorInput: String, Sendable, Hashable, CaseIterable, Codable {
    /// The coordinate system of the zones.
    case crs
    /// The radius around a point zone.
    case radius
    /// The GeoPackage layer of the zones.
    case layer
    /// The attribute holding each zone's id.
    case idField
    /// The attribute holding each zone's name.
    case nameField
    /// The zone file or WKT.
    case zones
    /// The postcode dataset.
    case dataset
    /// The folder of CBS source files.
    case sources
    /// The profile set.
    case profileSet
    /// The file of licensed profile figures.
    case profiles
    /// The postcodes asked for.
    case postcodes
    /// The output file.
    case output
    /// The resident survey.
    case survey
    /// The phase plan.
    case phases
    /// The folder of recommender tables.
    case tables
    /// The reference the zones are compared to.
    case compareTo
    /// The file of participants per postcode (and age band).
    case participants
    /// A process plan written by the planner.
    case plan
    /// The first day of an undated process.
    case start
}
