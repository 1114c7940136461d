internal import Foundation

#if os(Linux)
    internal import CMalloc
#endif

/// A line on standard error.
func warn(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// A one-line progress indicator on standard error, shown only on a terminal.
final class ProgressBar: @unchecked Sendable {
    // @unchecked Sendable: `last` is only touched under `lock`.
    private let label: String
    private let lock = NSLock()
    private var last = -1

    init?(label: String) {
        guard isatty(STDERR_FILENO) == 1 else { return nil }
        self.label = label
    }

    func update(_ done: Int) {
        lock.withLock {
            guard done != last else { return }
            last = done
            FileHandle.standardError.write(Data("\r\(label): \(done)".utf8))
        }
    }

    func finish() {
        if last >= 0 { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}

/// Lets the C allocator grow and keep its heaps in large steps.
///
/// Worker threads allocate from their own heaps, which glibc grows 128 KiB at a time with a
/// system call each and trims as soon as memory is freed; a 10,000-zone analysis spent a
/// tenth of its time in those calls. Untouched reserve does not count towards resident
/// memory, so the peak RSS stays as it was.
func reserveAllocatorHeadroom() {
    #if os(Linux)
        // mallopt returns 1 on success, 0 on an invalid setting: nothing to do then but go
        // on with the defaults.
        _ = mallopt(M_TOP_PAD, 64 << 20)
        _ = mallopt(M_TRIM_THRESHOLD, 256 << 20)
    #endif
}
