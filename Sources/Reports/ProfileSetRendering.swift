public import ProfileModel

/// The renderings of a profile set: terminal table and JSON.
public enum ProfileSetRendering {
    /// What the JSON output holds.
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

    /// The set and its profiles with shares, bases and dimensions, as JSON.
    public static func json(_ set: ProfileSet) throws -> String {
        let listing = Listing(
            set: .init(id: set.id, name: set.name, version: set.version, description: set.description),
            profiles: set.profiles.map {
                .init(
                    id: $0.id, name: $0.name, label: $0.label, description: $0.description, share: $0.share,
                    basis: $0.shareBasis, dimensions: $0.dimensions)
            })
        return try JSONText.encode(listing)
    }

    /// The profiles with their national shares, which shares are assumptions and why, and
    /// the sources of the published ones.
    public static func table(_ set: ProfileSet) -> String {
        var out = ["\(set.name) (\(set.id) \(set.version))", ""]
        let rows = set.profiles.map { p in
            [p.id, p.name, NumberText.percent(p.share), p.shareBasis.isAssumption ? "assumption *" : "published"]
        }
        out.append(TextTable.render(["id", "name", "national share", "basis"], rows, rightAligned: [2]))
        let assumed = set.profiles.filter(\.shareBasis.isAssumption)
        if !assumed.isEmpty {
            out.append("\n* Not published; the share is this project's assumption:")
            for p in assumed { out.append("  \(p.name): \(p.shareBasis.assumption ?? "")") }
        }
        let sources = Set(set.profiles.compactMap(\.shareBasis.source))
        if !sources.isEmpty { out.append("\nPublished shares: \(sources.sorted().joined(separator: "; "))") }
        return out.joined(separator: "\n")
    }
}
