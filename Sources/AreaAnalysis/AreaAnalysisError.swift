public import ProfileModel

/// The error the area analysis throws — reading, reprojecting, validating, apportioning:
/// the one error type of the geoprofile libraries.
public typealias AreaAnalysisError = GeoprofileError

extension GeoprofileError {
    /// At most the first 100 characters of user input, then "…", for quoting in a message.
    static func echo(_ text: some StringProtocol) -> String {
        text.count > 100 ? String(text.prefix(100)) + "…" : String(text)
    }
}
