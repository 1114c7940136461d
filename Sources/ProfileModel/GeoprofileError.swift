/// An error of any geoprofile library: a stable code, one sentence a planner can act on,
/// the input that needs fixing, and — for failures inside GEOS or PROJ — the library's own
/// message.
///
/// The sentence names inputs structurally (``ErrorInput``), so each front end phrases them
/// its own way: the command line as its flags (`--crs`), a web service as its fields.
/// ``description`` phrases them by their plain names.
public struct GeoprofileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is; each front end maps it onto its own status (the
    /// command line onto a sysexits exit code).
    public enum Code: String, Sendable, Hashable, CaseIterable {
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
        /// A program the command needs is not installed, e.g. Chromium for PDF (69, EX_UNAVAILABLE).
        case unavailable
    }

    /// What kind of failure this is.
    public var code: Code
    /// The sentence, with the inputs it names kept apart.
    public var text: ErrorText
    /// The input to fix: given explicitly, or else the first one the sentence names.
    public var input: ErrorInput?
    /// The C library's message, when the failure came from GEOS or PROJ.
    public var libraryMessage: String?

    /// Creates an error from a plain sentence.
    public init(_ code: Code, _ message: String, input: ErrorInput? = nil, libraryMessage: String? = nil) {
        self.init(code, ErrorText(segments: [.text(message)]), input: input, libraryMessage: libraryMessage)
    }

    /// Creates an error from a sentence that names inputs, e.g.
    /// `"\(file) has no CRS; give it with \(input: .crs)"`.
    public init(_ code: Code, _ text: ErrorText, input: ErrorInput? = nil, libraryMessage: String? = nil) {
        self.code = code
        self.text = text
        self.input = input ?? text.inputs.first
        self.libraryMessage = libraryMessage
    }

    /// The sentence with each input phrased by `name`, followed by the library's message
    /// where there is one.
    public func phrased(naming name: (ErrorInput) -> String) -> String {
        let sentence = text.phrased(naming: name)
        guard let libraryMessage, !libraryMessage.isEmpty else { return sentence }
        return "\(sentence) (\(libraryMessage))"
    }

    /// The sentence with inputs phrased by their plain names.
    public var message: String { text.phrased(naming: \.rawValue) }

    /// The sentence with inputs phrased by their plain names, and the library's message.
    public var description: String { phrased(naming: \.rawValue) }
}
