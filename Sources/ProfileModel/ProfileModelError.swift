/// An error of the profile model or its data files: a stable code and one sentence a
/// consultant can act on.
public struct ProfileModelError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is; maps onto a sysexits exit code.
    public enum Code: String, Sendable, Hashable {
        /// The content of a file or argument is wrong (exit 65).
        case invalidData
        /// A file that is needed does not exist or cannot be read (exit 66).
        case missingInput
        /// An output cannot be written (exit 73).
        case cannotCreateOutput
        /// The command was used wrongly (exit 64).
        case usage
    }

    /// What kind of failure this is.
    public var code: Code
    /// The sentence shown to the user.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
