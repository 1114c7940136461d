/// An error of the area analysis: reading, reprojecting, validating or apportioning.
///
/// Carries a stable code (mapped onto a sysexits exit code by the executable), one sentence
/// a planner can act on, and — for failures inside GEOS or PROJ — the library's own message.
public struct AreaAnalysisError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Sendable, Hashable {
        /// The content of an input is wrong (sysexits 65, EX_DATAERR).
        case invalidData
        /// An input file or folder does not exist or cannot be opened (66, EX_NOINPUT).
        case missingInput
        /// An output cannot be created (73, EX_CANTCREAT).
        case cannotCreateOutput
        /// The call's arguments do not fit together (64, EX_USAGE).
        case usage
        /// GEOS or PROJ failed where valid input should not make it fail (70, EX_SOFTWARE).
        case library
    }

    /// What kind of failure this is.
    public var code: Code
    /// The sentence shown to the user.
    public var message: String
    /// The C library's message, when the failure came from GEOS or PROJ.
    public var libraryMessage: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, libraryMessage: String? = nil) {
        self.code = code
        self.message = message
        self.libraryMessage = libraryMessage
    }

    /// The message, followed by the library's message where there is one.
    public var description: String {
        guard let libraryMessage, !libraryMessage.isEmpty else { return message }
        return "\(message) (\(libraryMessage))"
    }
}
