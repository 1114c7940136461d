public import Foundation
public import ProfileModel

/// Writing files so that a reader never sees a half-written one: write under a temporary
/// name in the target folder, then rename into place.
public enum AtomicFile {
    /// A temporary path beside `url`, after checking the folder can be written.
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
        return folder.appendingPathComponent(name)
    }

    /// Renames `temporary` to `url`, replacing what is there (POSIX `rename`, atomic within a folder).
    public static func moveIntoPlace(_ temporary: URL, _ url: URL) throws(AreaAnalysisError) {
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw AreaAnalysisError(.cannotCreateOutput, "cannot write \(url.path): \(reason)")
        }
    }

    /// Writes `data` to `url` atomically.
    public static func write(_ data: Data, to url: URL) throws(AreaAnalysisError) {
        let temporary = try temporaryURL(for: url)
        do { try data.write(to: temporary) } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw AreaAnalysisError(.cannotCreateOutput, "cannot write \(url.path): \(error.localizedDescription)")
        }
        try moveIntoPlace(temporary, url)
    }
}
