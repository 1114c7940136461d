internal import AreaAnalysis
internal import ArgumentParser
internal import Foundation
internal import ProfileModel

/// How the command line phrases the libraries' errors: each input as its flag, each code
/// as a sysexits exit code.
enum ErrorReporting {
    /// The flag or argument through which a user gives each input.
    static func flag(_ input: ErrorInput) -> String {
        switch input {
        case .crs: "--crs"
        case .radius: "--radius"
        case .layer: "--layer"
        case .idField: "--id-field"
        case .nameField: "--name-field"
        case .zones: "ZONEFILE"
        case .dataset: "--dataset"
        case .sources: "--sources"
        case .profileSet: "--set"
        case .profiles: "--profiles"
        case .postcodes: "PC4"
        case .output: "--output"
        case .survey: "--survey"
        case .phases: "--phases"
        case .tables: "--tables"
        case .compareTo: "--compare-to"
        case .participants: "--participants"
        case .plan: "--plan"
        case .start: "--start"
        }
    }

    /// The exit code of each kind of failure (sysexits.h).
    static func exitCode(_ code: GeoprofileError.Code) -> Int32 {
        switch code {
        case .usage: 64 // EX_USAGE
        case .invalidData: 65 // EX_DATAERR
        case .missingInput: 66 // EX_NOINPUT
        case .library: 70 // EX_SOFTWARE
        case .cannotCreateOutput: 73 // EX_CANTCREAT
        case .unavailable: 69 // EX_UNAVAILABLE
        }
    }

    /// The line shown on standard error.
    static func line(_ error: GeoprofileError) -> String { "error: \(error.phrased(naming: flag))" }
}

/// Runs a command body and turns the libraries' errors into one sentence on standard
/// error and a sysexits exit code.
func reportingErrors<T>(_ body: () async throws -> T) async throws -> T {
    // Ctrl-C or SIGTERM must not leave a half-written temporary file behind.
    TemporaryFiles.shared.removeOnTermination()
    do {
        return try await body()
    } catch let error as GeoprofileError {
        // An interrupted write fails once its temporary file is gone: the signal handler is
        // ending the process with the signal's status, so this error is not the user's.
        while TemporaryFiles.shared.isTerminating { sleep(1) }
        warn(ErrorReporting.line(error))
        throw ExitCode(ErrorReporting.exitCode(error.code))
    }
}
