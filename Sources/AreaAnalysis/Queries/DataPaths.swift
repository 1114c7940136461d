public import Foundation
public import ProfileModel

/// Where the project's data files live: `GEOPROFILE_HOME`, or the first folder above the
/// executable or the working directory that holds `Data/profiles`.
///
/// Every front end finds the dataset, the CBS sources, the profile sets and the recommender
/// tables the same way: an explicit path, else an environment variable, else the default
/// below the project folder.
public enum DataPaths {
    /// The project folder.
    public static let root: URL = {
        let environment = ProcessInfo.processInfo.environment
        if let home = environment["GEOPROFILE_HOME"], !home.isEmpty { return URL(fileURLWithPath: home) }
        let executable = URL(
            fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
                ?? CommandLine.arguments[0])
        let starts = [
            executable.deletingLastPathComponent(), URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
        ]
        for start in starts {
            var folder = start.standardizedFileURL
            while folder.path != "/" {
                if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Data/profiles").path) {
                    return folder
                }
                folder.deleteLastPathComponent()
            }
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }()

    /// The environment variable naming the postcode dataset.
    public static let datasetVariable = "GEOPROFILE_DATASET"
    /// The environment variable naming the folder of CBS files.
    public static let sourcesVariable = "GEOPROFILE_SOURCES"

    /// `Data` in the project folder.
    public static var data: URL { root.appendingPathComponent("Data") }
    /// The postcode dataset when none is named: `Data/postcodes/nl-pc4.gpkg`.
    public static var defaultDataset: URL { data.appendingPathComponent("postcodes/nl-pc4.gpkg") }
    /// The CBS files when no folder is named: `../shared/data/nl` beside the project.
    public static var defaultSources: URL { root.appendingPathComponent("../shared/data/nl").standardizedFileURL }
    /// How CBS variables map onto the dataset's columns.
    public static var variableMapping: URL { data.appendingPathComponent("postcodes/cbs-variables.json") }
    /// The folder of profile sets.
    public static var profiles: URL { data.appendingPathComponent("profiles") }
    /// The folder of recommender tables.
    public static var recommender: URL { data.appendingPathComponent("recommender") }

    /// A path given explicitly, else from an environment variable, else the default.
    public static func resolve(_ path: String?, environment key: String, default fallback: URL) -> URL {
        if let path, !path.isEmpty { return URL(fileURLWithPath: path) }
        if let value = ProcessInfo.processInfo.environment[key], !value.isEmpty { return URL(fileURLWithPath: value) }
        return fallback
    }

    /// The postcode dataset: `path`, else `$GEOPROFILE_DATASET`, else the default.
    public static func dataset(_ path: String?) -> URL {
        resolve(path, environment: datasetVariable, default: defaultDataset)
    }

    /// The folder of CBS files: `path`, else `$GEOPROFILE_SOURCES`, else the default.
    public static func sources(_ path: String?) -> URL {
        resolve(path, environment: sourcesVariable, default: defaultSources)
    }

    /// A profile set by id (a file `Data/profiles/ID.json`) or by path, and its file;
    /// `citisens-2017` when none is named.
    public static func profileSet(_ reference: String?) throws(ProfileModelError) -> (ProfileSet, URL) {
        let name = reference ?? "citisens-2017"
        let asFile = URL(fileURLWithPath: name)
        let url =
            name.hasSuffix(".json") || name.contains("/") ? asFile : profiles.appendingPathComponent("\(name).json")
        guard FileManager.default.fileExists(atPath: url.path) else {
            let known = ((try? FileManager.default.contentsOfDirectory(atPath: profiles.path)) ?? [])
                .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
            throw ProfileModelError(
                .missingInput,
                "there is no profile set '\(name)'; known sets: \(known.joined(separator: ", ")), or give a file path",
                input: .profileSet)
        }
        return (try ProfileSet.load(from: url), url)
    }
}
