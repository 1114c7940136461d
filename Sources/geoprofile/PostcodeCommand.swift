import AreaAnalysis
import ArgumentParser
import Foundation
import ProfileModel

struct PostcodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "postcode",
        abstract: "The estimated profile mix of 4-digit postcodes, with the index against the national share.",
        discussion:
            "An index of 100 means the profile is as common as in the Netherlands as a whole; 200 twice as common."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, csv }

    @Argument(help: "One or more 4-digit postcodes, e.g. 1011 9444.")
    var postcodes: [String]

    @Flag(help: "Show which features push each profile up or down.")
    var explain = false

    @Option(help: "Output format.")
    var format: Format = .table

    @OptionGroup var dataset: DatasetOptions
    @OptionGroup var output: OutputOptions

    struct Figure: Encodable {
        var id: String
        var name: String
        var residents: Double
        var households: Double
        var share: Double
        var index: Double?
    }

    struct Entry: Encodable {
        var postcode: String
        var place: String
        var municipality: String
        var province: String
        var residents: Double
        var households: Double
        var profileSource: String
        var profiles: [Figure]
        var dominant: [String]
        var flags: [String]
        var explanation: [ProfileExplanation]?

        enum CodingKeys: String, CodingKey {
            case postcode, place, municipality, province, residents, households
            case profileSource = "profile_source"
            case profiles, dominant, flags, explanation
        }
    }

    struct Listing: Encodable {
        var dataset: String
        var note: String
        var postcodes: [Entry]
    }

    func run() async throws {
        try await reportingErrors {
            let data = try dataset.open()
            let national = CompositionBuilder(dataset: data).national
            let estimator = explain ? try data.estimator() : nil
            var entries: [Entry] = []
            var unknown: [String] = []
            let codes = try postcodes.map(Postcode.validated)
            let positions = try data.positions(ofPostcodes: codes)
            for (code, trimmed) in zip(postcodes, codes) {
                guard let position = positions[trimmed] else {
                    warn("error: postcode \(code) is not in the dataset (PC4 postcodes are four digits, 1000-9999)")
                    unknown.append(code)
                    continue
                }
                let record = try data.records(at: [position])[0]
                let set = data.profileSet
                let figures = set.profiles.indices.map { k in
                    Figure(
                        id: set.profiles[k].id, name: set.profiles[k].name, residents: record.profileResidents[k],
                        households: record.shares[k] * record.households, share: record.shares[k],
                        index: national[k] > 0 ? 100 * record.shares[k] / national[k] : nil)
                }
                let shareMix = try ProfileMix(set: set, residents: record.shares)
                entries.append(
                    Entry(
                        postcode: record.postcode, place: record.place, municipality: record.municipality,
                        province: record.province, residents: record.residents, households: record.households,
                        profileSource: record.profileSource, profiles: figures,
                        dominant: shareMix.dominant.map { set.profiles[$0].id }, flags: record.flags,
                        explanation: estimator.map {
                            $0.explain(
                                PostcodeInput(
                                    postcode: record.postcode, residents: record.residents,
                                    demographics: record.demographics))
                        }))
            }
            let listing = Listing(dataset: data.url.lastPathComponent, note: AnalysisReport.note, postcodes: entries)
            if !entries.isEmpty {
                switch format {
                case .json: try output.emit(try json(listing))
                case .csv: try output.emit(csv(entries))
                case .table: try output.emit(table(entries))
                }
            }
            if !unknown.isEmpty { throw ExitCode(65) }
        }
    }

    func table(_ entries: [Entry]) -> String {
        var out: [String] = []
        for entry in entries {
            out.append(
                "Postcode \(entry.postcode) \(entry.place), \(entry.municipality) (\(entry.province)): \(grouped(entry.residents)) residents, \(grouped(entry.households)) households"
            )
            let rows = entry.profiles.map { p in
                [p.name, grouped(p.residents), percent(p.share), p.index.map { String(format: "%.0f", $0) } ?? "-"]
            }
            out.append(textTable(["profile", "residents", "share", "index NL"], rows, rightAligned: [1, 2, 3]))
            let names = Dictionary(entry.profiles.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
            out.append("dominant: \(entry.dominant.compactMap { names[$0] }.joined(separator: ", "))")
            if entry.profileSource != "model" { out.append("profile figures from a licensed file, not the model") }
            if !entry.flags.isEmpty { out.append("notes: \(entry.flags.joined(separator: "; "))") }
            for explanation in entry.explanation ?? [] {
                let top = explanation.contributions.prefix(4).map { c in
                    "\(c.feature.rawValue) \(c.effect >= 0 ? "+" : "−")\(String(format: "%.2f", abs(c.effect)))"
                }
                out.append(
                    "  why \(names[explanation.profileID] ?? explanation.profileID) (\(percent(explanation.share))): \(top.joined(separator: ", "))"
                )
            }
            out.append("")
        }
        if entries.contains(where: { $0.explanation != nil }) {
            out.append("Effects are on the profile's log-share: +0.69 roughly doubles it. See Docs/profile-model.md.")
        }
        out.append(AnalysisReport.note)
        return out.joined(separator: "\n")
    }

    func csv(_ entries: [Entry]) -> String {
        var csv = CSVText()
        let ids = entries[0].profiles.map(\.id)
        csv.append(
            row: ["postcode", "place", "municipality", "province", "residents", "households"] + ids
                + ids.map { "share_\($0)" }
                + ids.map { "index_\($0)" })
        for e in entries {
            csv.append(
                row: [e.postcode, e.place, e.municipality, e.province, String(e.residents), String(e.households)]
                    + e.profiles.map { String(format: "%.3f", $0.residents) }
                    + e.profiles.map { String(format: "%.6f", $0.share) }
                    + e.profiles.map { $0.index.map { String(format: "%.1f", $0) } ?? "" })
        }
        return csv.text
    }
}
