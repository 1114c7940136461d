/// The sentence of a ``GeoprofileError``: text, and the inputs it names kept apart so each
/// front end can phrase them.
///
/// Written as a string literal; `\(input: .crs)` names an input:
///
///     "\(file) does not say which coordinate system it uses; give it with \(input: .crs)"
public struct ErrorText: Sendable, Hashable, ExpressibleByStringInterpolation {
    /// A part of the sentence.
    public enum Segment: Sendable, Hashable {
        /// Plain text.
        case text(String)
        /// An input, phrased by the front end.
        case input(ErrorInput)
    }

    /// The parts of the sentence, in order.
    public var segments: [Segment]

    /// A sentence of the given parts.
    public init(segments: [Segment]) { self.segments = segments }

    /// A sentence without inputs.
    public init(stringLiteral value: String) { segments = [.text(value)] }

    /// A sentence with interpolated values and inputs.
    public init(stringInterpolation: Interpolation) { segments = stringInterpolation.segments }

    /// The inputs the sentence names, in order.
    public var inputs: [ErrorInput] {
        segments.compactMap {
            guard case .input(let input) = $0 else { return nil }
            return input
        }
    }

    /// The sentence with each input phrased by `name`.
    public func phrased(naming name: (ErrorInput) -> String) -> String {
        segments.map {
            switch $0 {
            case .text(let text): text
            case .input(let input): name(input)
            }
        }.joined()
    }

    /// Builds a sentence from a literal with interpolations.
    public struct Interpolation: StringInterpolationProtocol {
        var segments: [Segment] = []

        /// Room for the literal's parts.
        public init(literalCapacity: Int, interpolationCount: Int) {
            segments.reserveCapacity(2 * interpolationCount + 1)
        }

        /// Plain text of the literal.
        public mutating func appendLiteral(_ literal: String) { append(literal) }

        /// A value, as `String(describing:)` writes it.
        public mutating func appendInterpolation(_ value: some Any) { append(String(describing: value)) }

        /// An input, phrased by the front end.
        public mutating func appendInterpolation(input: ErrorInput) { segments.append(.input(input)) }

        private mutating func append(_ text: String) {
            guard !text.isEmpty else { return }
            if case .text(let previous) = segments.last {
                segments[segments.count - 1] = .text(previous + text)
            } else {
                segments.append(.text(text))
            }
        }
    }
}
