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

    @Flag(help: "Show how much of each profile comes from who lives there and how much from the place.")
    var explain = false

    @Option(help: "Output format.")
    var format: Format = .table

    @OptionGroup var dataset: DatasetOptions
    @OptionGroup var output: OutputOptions

    struct Figure: Encodable {
        var id: String
        var name: String
        var adults: Double
        var share: Double
        var index: Double?
    }

    struct Entry: Encodable {
        var postcode: String
        var place: String
        var municipality: String
        var province: String
        var residents: Double
        var adults: Double
        var children: Double
        var households: Double
        var profileSource: String
        var profiles: [Figure]
        var dominant: [String]
        var flags: [String]
        var explanation: PostcodeExplanation?

        enum CodingKeys: String, CodingKey {
            case postcode, place, municipality, province, residents, adults, children, households
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
            let codes = postcodes.map { String($0.trimmingCharacters(in: .whitespaces).prefix(4)) }
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
                        id: set.profiles[k].id, name: set.profiles[k].name, adults: record.profileAdults[k],
                        share: record.shares[k],
                        index: national[k] > 0 ? 100 * record.shares[k] / national[k] : nil)
                }
                let shareMix = try ProfileMix(set: set, residents: record.shares)
                entries.append(
                    Entry(
                        postcode: record.postcode, place: record.place, municipality: record.municipality,
                        province: record.province, residents: record.residents, adults: record.people.adults,
                        children: record.people.children, households: record.households,
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
                "Postcode \(entry.postcode) \(entry.place), \(entry.municipality) (\(entry.province)): \(grouped(entry.residents)) residents (\(grouped(entry.adults)) adults, \(grouped(entry.children)) children), \(grouped(entry.households)) households"
            )
            let rows = entry.profiles.map { p in
                [p.name, grouped(p.adults), percent(p.share), p.index.map { String(format: "%.0f", $0) } ?? "-"]
            }
            out.append(textTable(["profile", "adults", "share of adults", "index NL"], rows, rightAligned: [1, 2, 3]))
            let names = Dictionary(entry.profiles.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
            out.append("dominant: \(entry.dominant.compactMap { names[$0] }.joined(separator: ", "))")
            if entry.profileSource != "model" { out.append("profile figures from a licensed file, not the model") }
            if !entry.flags.isEmpty { out.append("notes: \(entry.flags.joined(separator: "; "))") }
            if let explanation = entry.explanation {
                let cells = explanation.cells.map {
                    "\($0.cell.rawValue) \(percent($0.share)) (NL \(percent($0.national)))"
                }
                out.append("  adults by cell: \(cells.joined(separator: ", "))")
            }
            for explanation in entry.explanation?.profiles ?? [] {
                func times(_ effect: Double) -> String { "×" + String(format: "%.2f", exp(effect)) }
                let top = explanation.contributions.prefix(3).map { "\($0.feature.rawValue) \(times($0.effect))" }
                out.append(
                    "  why \(names[explanation.profileID] ?? explanation.profileID) (\(percent(explanation.share)), average \(percent(explanation.reference))): who lives there \(times(explanation.person)), the place \(times(explanation.place))\(top.isEmpty ? "" : " (\(top.joined(separator: ", ")))")"
                )
            }
            out.append("")
        }
        if entries.contains(where: { $0.explanation != nil }) {
            out.append(
                "Average: the profile's share with the national make-up in an average place. Who lives there: how the ages and households of this postcode's adults change it; the place: how its surroundings do (×2 doubles the share). See Docs/profile-model.md."
            )
        }
        out.append(AnalysisReport.note)
        return out.joined(separator: "\n")
    }

    func csv(_ entries: [Entry]) -> String {
        var csv = CSVText()
        let ids = entries[0].profiles.map(\.id)
        csv.append(
            row: ["postcode", "place", "municipality", "province", "residents", "adults", "children", "households"]
                + ids
                + ids.map { "share_\($0)" }
                + ids.map { "index_\($0)" })
        for e in entries {
            csv.append(
                row: [
                    e.postcode, e.place, e.municipality, e.province, String(e.residents), String(e.adults),
                    String(e.children), String(e.households),
                ]
                    + e.profiles.map { String(format: "%.3f", $0.adults) }
                    + e.profiles.map { String(format: "%.6f", $0.share) }
                    + e.profiles.map { $0.index.map { String(format: "%.1f", $0) } ?? "" })
        }
        return csv.text
    }
}
