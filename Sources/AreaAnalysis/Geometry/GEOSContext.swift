internal import CGEOS
internal import ProfileModel

/// A GEOS context handle (`GEOSContextHandle_t`) with its last error message.
///
/// GEOS's re-entrant API needs one context per thread: create one per task or worker and
/// never share it. Every geometry remembers the context that made it.
public final class GEOSContext {
    let handle: GEOSContextHandle_t
    private let messages: MessageBox

    /// Collects the message GEOS reports through its error handler.
    final class MessageBox {
        var last: String?
    }

    /// Creates a context with its own error handler (wraps `GEOS_init_r`).
    public init() {
        // GEOS_init_r returns NULL only when memory is exhausted.
        guard let handle = GEOS_init_r() else { fatalError("GEOS_init_r failed: out of memory") }
        self.handle = handle
        self.messages = MessageBox()
        let box = Unmanaged.passUnretained(messages).toOpaque()
        _ = GEOSContext_setErrorMessageHandler_r(
            handle,
            { message, userdata in
                guard let message, let userdata else { return }
                Unmanaged<MessageBox>.fromOpaque(userdata).takeUnretainedValue().last = String(cString: message)
            },
            box)
    }

    deinit {
        GEOS_finish_r(handle)
    }

    /// Takes the last message GEOS reported, clearing it.
    func takeMessage() -> String? {
        defer { messages.last = nil }
        return messages.last
    }

    /// An error for a failed GEOS call, carrying the library's message.
    func error(_ what: String) -> AreaAnalysisError {
        AreaAnalysisError(.library, "GEOS could not \(what)", libraryMessage: takeMessage())
    }

    /// The GEOS library version, e.g. `3.11.1-CAPI-1.17.1`.
    public static var version: String { String(cString: GEOSversion()) }
}

@available(*, unavailable)
extension GEOSContext: Sendable {}
