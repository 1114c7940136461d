import AreaAnalysis
import ArgumentParser
import ProfileModel
import Reports

struct ProfilesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profiles",
        abstract: "List the profiles of a profile set with their national shares and where each share comes from."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

    @Option(
        name: .customLong("set"), help: "Profile set: an id under Data/profiles (default citisens-2017) or a JSON file."
    )
    var profileSet: String?

    @Option(help: "Output format.")
    var format: Format = .table

    func run() async throws {
        try await reportingErrors {
            let (set, _) = try DataPaths.profileSet(profileSet)
            print(format == .json ? try ProfileSetRendering.json(set) : ProfileSetRendering.table(set))
        }
    }
}
