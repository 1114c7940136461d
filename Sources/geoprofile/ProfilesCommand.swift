import ArgumentParser
import Foundation
import ProfileModel

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

    struct Listing: Encodable {
        struct SetInfo: Encodable {
            var id: String
            var name: String
            var version: String
            var description: String
        }

        struct Entry: Encodable {
            var id: String
            var name: String
            var label: String
            var description: String
            var share: Double
            var basis: Basis
            var dimensions: [String: DimensionLevel]
        }

        var set: SetInfo
        var profiles: [Entry]
    }

    func run() async throws {
        try await reportingErrors {
            let (set, _) = try Paths.profileSet(profileSet)
            if format == .json {
                let listing = Listing(
                    set: .init(id: set.id, name: set.name, version: set.version, description: set.description),
                    profiles: set.profiles.map {
                        .init(
                            id: $0.id, name: $0.name, label: $0.label, description: $0.description, share: $0.share,
                            basis: $0.shareBasis, dimensions: $0.dimensions)
                    })
                print(try json(listing))
                return
            }
            print("\(set.name) (\(set.id) \(set.version))\n")
            let rows = set.profiles.map { p in
                [p.id, p.name, percent(p.share), p.shareBasis.isAssumption ? "assumption *" : "published"]
            }
            print(textTable(["id", "name", "national share", "basis"], rows, rightAligned: [2]))
            let assumed = set.profiles.filter(\.shareBasis.isAssumption)
            if !assumed.isEmpty {
                print("\n* Not published; the share is this project's assumption:")
                for p in assumed { print("  \(p.name): \(p.shareBasis.assumption ?? "")") }
            }
            let sources = Set(set.profiles.compactMap(\.shareBasis.source))
            if !sources.isEmpty { print("\nPublished shares: \(sources.sorted().joined(separator: "; "))") }
        }
    }
}
