/// What identifies the postcode dataset a result was computed from: its layout, the CBS
/// vintage, the profile set and its version, the model method and the source files.
///
/// A process plan records the stamp of its dataset, so that participants are never compared
/// with a zone mix estimated by another dataset version or model.
public struct DatasetStamp: Codable, Sendable, Hashable, CustomStringConvertible {
    /// The dataset layout version.
    public var formatVersion: String
    /// The CBS vintage of the figures, e.g. `2020`.
    public var cbsVintage: String
    /// The profile set's id.
    public var profileSet: String
    /// The profile set's version.
    public var profileSetVersion: String
    /// The estimation method of the fitted model.
    public var modelMethod: String
    /// Where the profile figures come from: `model` or a licensed file's name.
    public var profileSource: String
    /// The first 12 hexadecimal digits of the SHA-256 of every source file, sorted.
    public var sources: [String]

    /// Creates a stamp.
    public init(
        formatVersion: String, cbsVintage: String, profileSet: String, profileSetVersion: String,
        modelMethod: String, profileSource: String, sources: [String]
    ) {
        self.formatVersion = formatVersion
        self.cbsVintage = cbsVintage
        self.profileSet = profileSet
        self.profileSetVersion = profileSetVersion
        self.modelMethod = modelMethod
        self.profileSource = profileSource
        self.sources = sources
    }

    enum CodingKeys: String, CodingKey {
        case sources
        case formatVersion = "format_version"
        case cbsVintage = "cbs_vintage"
        case profileSet = "profile_set"
        case profileSetVersion = "profile_set_version"
        case modelMethod = "model_method"
        case profileSource = "profile_source"
    }

    /// `format 3, CBS 2020, set citisens-2017 1.2, model person-cells-v1, sources ab12…`.
    public var description: String {
        "format \(formatVersion), CBS \(cbsVintage), set \(profileSet) \(profileSetVersion), model \(modelMethod), "
            + "profiles from \(profileSource), sources \(sources.joined(separator: " "))"
    }
}
