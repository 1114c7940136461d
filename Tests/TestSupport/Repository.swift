public import Foundation

/// The repository the tests run in, and the folders under it the tests read.
public enum Repository {
    /// The repository's root: the first folder above this file that holds `Package.swift`.
    public static let root: URL = {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while folder.path != "/" {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
                return folder
            }
            folder.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }()

    /// A file or folder under the root, e.g. `Data/profiles/citisens-2017.json`.
    public static func url(_ path: String) -> URL { root.appendingPathComponent(path) }

    /// The CBS files: `$GEOPROFILE_SOURCES`, else `../shared/data/nl` beside the repository.
    public static let sources: URL = {
        if let path = ProcessInfo.processInfo.environment["GEOPROFILE_SOURCES"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return root.appendingPathComponent("../shared/data/nl").standardizedFileURL
    }()

    /// Whether this is a CI run, where missing data must fail rather than skip.
    public static let isCI = ProcessInfo.processInfo.environment["CI"] == "true"
}
