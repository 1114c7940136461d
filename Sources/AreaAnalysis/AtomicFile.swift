public import Foundation
public import ProfileModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writing files so that a reader never sees a half-written one: write under a temporary
/// name in the target folder, then rename into place. Temporary files still open are
/// listed, so that an interrupted program can remove them (``TemporaryFiles``).
public enum AtomicFile {
    /// A temporary path beside `url`, after checking the folder can be written. The path is
    /// registered with ``TemporaryFiles`` until ``moveIntoPlace(_:_:)`` or ``discard(_:)``.
    public static func temporaryURL(for url: URL) throws(AreaAnalysisError) -> URL {
        let folder = url.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            throw AreaAnalysisError(
                .cannotCreateOutput, "cannot write \(url.path): the folder \(folder.path) does not exist")
        }
        guard FileManager.default.isWritableFile(atPath: folder.path) else {
            throw AreaAnalysisError(
                .cannotCreateOutput, "cannot write \(url.path): the folder \(folder.path) is not writable")
        }
        let name =
            ".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let temporary = folder.appendingPathComponent(name)
        TemporaryFiles.shared.register(temporary.path)
        return temporary
    }

    /// Renames `temporary` to `url`, replacing what is there (POSIX `rename`, atomic within a folder).
    public static func moveIntoPlace(_ temporary: URL, _ url: URL) throws(AreaAnalysisError) {
        // rename returns -1 and sets errno on failure.
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            discard(temporary)
            throw AreaAnalysisError(.cannotCreateOutput, "cannot write \(url.path): \(reason)")
        }
        TemporaryFiles.shared.unregister(temporary.path)
    }

    /// Removes a temporary file that will not be moved into place.
    public static func discard(_ temporary: URL) {
        TemporaryFiles.remove(temporary.path)
        TemporaryFiles.shared.unregister(temporary.path)
    }

    /// Writes `data` to `url` atomically.
    public static func write(_ data: Data, to url: URL) throws(AreaAnalysisError) {
        try write(to: url) { descriptor throws(AreaAnalysisError) in try writeAll(data, to: descriptor, url: url) }
    }

    /// Writes `url` atomically with `body`, which writes the content to an open descriptor.
    static func write(to url: URL, _ body: (Int32) throws(AreaAnalysisError) -> Void) throws(AreaAnalysisError) {
        let temporary = try temporaryURL(for: url)
        do throws(AreaAnalysisError) {
            // O_EXCL: the temporary name is new; a file of that name is never overwritten.
            let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw writeError(url) }
            defer { close(descriptor) }
            try body(descriptor)
            // fsync returns -1 on failure (e.g. a full disk noticed only now).
            guard fsync(descriptor) == 0 else { throw writeError(url) }
        } catch {
            discard(temporary)
            throw error
        }
        try moveIntoPlace(temporary, url)
    }

    /// Writes every byte of `data` to an open descriptor.
    static func writeAll(_ data: Data, to descriptor: Int32, url: URL) throws(AreaAnalysisError) {
        try data.withUnsafeBytes { bytes in
            Result { () throws(AreaAnalysisError) in try writeAll(bytes, to: descriptor, url: url) }
        }.get()
    }

    /// Writes the UTF-8 of `text` to an open descriptor without copying it.
    static func writeAll(_ text: String, to descriptor: Int32, url: URL) throws(AreaAnalysisError) {
        var text = text
        try text.withUTF8 { bytes in
            Result { () throws(AreaAnalysisError) in
                try writeAll(UnsafeRawBufferPointer(bytes), to: descriptor, url: url)
            }
        }.get()
    }

    /// Writes every byte of `bytes` to an open descriptor.
    static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32, url: URL) throws(AreaAnalysisError) {
        let failed = { () -> Bool in
            var offset = 0
            while offset < bytes.count {
                // write returns -1 and sets errno on failure; EINTR means try again.
                let written = posixWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return true
                }
                offset += written
            }
            return false
        }()
        if failed { throw writeError(url) }
    }

    /// "cannot write PATH: REASON" from `errno`.
    static func writeError(_ url: URL) -> AreaAnalysisError {
        AreaAnalysisError(.cannotCreateOutput, "cannot write \(url.path): \(String(cString: strerror(errno)))")
    }
}

/// POSIX `write(2)`: the byte count written, or -1 with `errno` set.
private func posixWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
        return Glibc.write(descriptor, bytes, count)
    #else
        return Darwin.write(descriptor, bytes, count)
    #endif
}

/// Where a command's output goes: standard output, a device or pipe written in place, or
/// a regular file written atomically.
public enum OutputDestination: Sendable, Hashable {
    /// Standard output (`-` or `/dev/stdout`).
    case standardOutput
    /// A character device, FIFO or socket: written in place, never replaced.
    case device(URL)
    /// A regular file, new or existing: written atomically.
    case file(URL)

    /// The destination for a path given by the user.
    public init(path: String) throws(AreaAnalysisError) {
        guard !path.isEmpty else {
            throw AreaAnalysisError(.usage, "the output path is empty; give a file name, or - for standard output")
        }
        if path == "-" || path == "/dev/stdout" {
            self = .standardOutput
            return
        }
        let url = URL(fileURLWithPath: path)
        var info = stat()
        // stat returns -1 when the path does not exist (or cannot be looked at).
        guard stat(path, &info) == 0 else {
            self = .file(url)
            return
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: self = .file(url)
        case S_IFDIR:
            throw AreaAnalysisError(.cannotCreateOutput, "cannot write \(path): it is a folder; give a file name")
        default: self = .device(url)
        }
    }

    /// Writes `data` to the destination.
    public func write(_ data: Data) throws(AreaAnalysisError) {
        try write { descriptor, url throws(AreaAnalysisError) in try AtomicFile.writeAll(data, to: descriptor, url: url)
        }
    }

    /// Writes `text` as UTF-8, followed by a line break when it does not end with one,
    /// without copying it (a report of many zones can be hundreds of megabytes).
    public func write(text: String) throws(AreaAnalysisError) { try write(texts: [text]) }

    /// Writes consecutive parts of a text, followed by a line break when the last does not
    /// end with one.
    public func write(texts: [String]) throws(AreaAnalysisError) {
        try write { descriptor, url throws(AreaAnalysisError) in
            for text in texts { try AtomicFile.writeAll(text, to: descriptor, url: url) }
            if !(texts.last(where: { !$0.isEmpty }) ?? "").hasSuffix("\n") {
                try AtomicFile.writeAll("\n", to: descriptor, url: url)
            }
        }
    }

    private func write(_ body: (Int32, URL) throws(AreaAnalysisError) -> Void) throws(AreaAnalysisError) {
        switch self {
        case .standardOutput:
            try body(STDOUT_FILENO, URL(fileURLWithPath: "/dev/stdout"))
        case .device(let url):
            let descriptor = open(url.path, O_WRONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw AtomicFile.writeError(url) }
            defer { close(descriptor) }
            try body(descriptor, url)
        case .file(let url):
            try AtomicFile.write(to: url) { descriptor throws(AreaAnalysisError) in try body(descriptor, url) }
        }
    }
}

/// The temporary files this process has open, so that SIGINT or SIGTERM can remove them
/// before the process ends (``removeOnTermination()``).
public final class TemporaryFiles: @unchecked Sendable {
    // @unchecked Sendable: `paths` is only touched under `lock`.
    /// The process's list.
    public static let shared = TemporaryFiles()
    private let lock = NSLock()
    private var paths: Set<String> = []
    private var sources: [any DispatchSourceSignal] = []
    private var terminating = false

    /// Whether a SIGINT or SIGTERM is ending the process: an error that follows from the
    /// removed temporary file must then not be reported (the process ends with the signal's
    /// status instead).
    public var isTerminating: Bool { lock.withLock { terminating } }

    func register(_ path: String) { lock.withLock { _ = paths.insert(path) } }
    func unregister(_ path: String) { lock.withLock { _ = paths.remove(path) } }

    /// Removes a temporary file and the journal files SQLite may keep beside it.
    static func remove(_ path: String) {
        for suffix in ["", "-journal", "-wal", "-shm"] { unlink(path + suffix) }
    }

    /// The temporary files open now.
    public var current: Set<String> { lock.withLock { paths } }

    /// On SIGINT or SIGTERM, removes every registered temporary file, then ends the process
    /// with the shell's status for that signal (130 or 143).
    public func removeOnTermination() {
        lock.withLock {
            guard sources.isEmpty else { return }
            for signalNumber in [SIGINT, SIGTERM] {
                // The default action would end the process before the handler runs.
                signal(signalNumber, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
                source.setEventHandler { [self] in
                    lock.withLock { terminating = true }
                    for path in current { Self.remove(path) }
                    exit(128 + signalNumber)
                }
                source.resume()
                sources.append(source)
            }
        }
    }
}
