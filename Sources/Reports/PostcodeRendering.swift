public import AreaAnalysis
internal import Foundation
internal import ProfileModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The renderings of postcode profiles: terminal table, CSV and JSON.
public enum PostcodeRendering {
    /// What the JSON output holds: the dataset's file name, the estimate note, the postcodes.
    struct Listing: Encodable {
        var dataset: String
        var note: String
        var postcodes: [PostcodeProfile]
    }

    /// The postcodes as JSON, with the dataset's file name and the note on estimates.
    public static func json(_ entries: [PostcodeProfile], dataset: String) throws -> String {
        try JSONText.encode(Listing(dataset: dataset, note: AnalysisReport.note, postcodes: entries))
    }

    /// A block per postcode: the profile table, the dominant profiles, notes and, when
    /// explained, the strongest effects on each profile.
    public static func table(_ entries: [PostcodeProfile]) -> String {
        var out: [String] = []
        for entry in entries {
            out.append(
                "Postcode \(entry.postcode) \(entry.place), \(entry.municipality) (\(entry.province)): \(NumberText.grouped(entry.residents)) residents (\(NumberText.grouped(entry.adults)) adults, \(NumberText.grouped(entry.children)) children), \(NumberText.grouped(entry.households)) households"
            )
            let rows = entry.profiles.map { p in
                [p.name, NumberText.grouped(p.adults), NumberText.percent(p.share), NumberText.index(p.index)]
            }
            out.append(
                TextTable.render(["profile", "adults", "share of adults", "index NL"], rows, rightAligned: [1, 2, 3]))
            let names = Dictionary(entry.profiles.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
            out.append("dominant: \(entry.dominant.compactMap { names[$0] }.joined(separator: ", "))")
            if entry.profileSource != "model" { out.append("profile figures from a licensed file, not the model") }
            if !entry.flags.isEmpty { out.append("notes: \(entry.flags.joined(separator: "; "))") }
            if let explanation = entry.explanation {
                let cells = explanation.cells.map {
                    "\($0.cell.rawValue) \(NumberText.percent($0.share)) (NL \(NumberText.percent($0.national)))"
                }
                out.append("  adults by cell: \(cells.joined(separator: ", "))")
            }
            for explanation in entry.explanation?.profiles ?? [] {
                func times(_ effect: Double) -> String { "×" + NumberText.fixed(exp(effect), decimals: 2) }
                let top = explanation.contributions.prefix(3).map { "\($0.feature.rawValue) \(times($0.effect))" }
                out.append(
                    "  why \(names[explanation.profileID] ?? explanation.profileID) (\(NumberText.percent(explanation.share)), average \(NumberText.percent(explanation.reference))): who lives there \(times(explanation.person)), the place \(times(explanation.place))\(top.isEmpty ? "" : " (\(top.joined(separator: ", ")))")"
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

    /// One row per postcode: residents, adults, children, then adults, shares of adults and
    /// indices per profile.
    public static func csv(_ entries: [PostcodeProfile]) -> String {
        var csv = CSVText()
        let ids = entries.first?.profiles.map(\.id) ?? []
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
                    + e.profiles.map { NumberText.fixed($0.adults, decimals: 3) }
                    + e.profiles.map { NumberText.fixed($0.share, decimals: 6) }
                    + e.profiles.map { $0.index.map { NumberText.fixed($0, decimals: 1) } ?? "" })
        }
        return csv.text
    }

    /// A GeoJSON FeatureCollection in WGS 84 of the postcodes' outlines, each with its
    /// postcode, place, adults and dominant profiles, for a map.
    ///
    /// - Parameter geometries: each postcode's geometry object (`nil`: no outline), from
    ///   ``ZoneGeoJSON/postcodeGeometries(_:in:)``.
    public static func geoJSON(_ entries: [PostcodeProfile], geometries: [String?]) throws -> String {
        var features: [String] = []
        for (entry, geometry) in zip(entries, geometries) {
            let properties: [String: Any] = [
                "postcode": entry.postcode, "place": entry.place, "municipality": entry.municipality,
                "residents": entry.residents, "adults": entry.adults, "dominant": entry.dominant,
            ]
            let data = try JSONSerialization.data(withJSONObject: properties, options: [.sortedKeys])
            features.append(
                "{\"type\":\"Feature\",\"properties\":\(String(decoding: data, as: UTF8.self)),\"geometry\":\(geometry ?? "null")}"
            )
        }
        return "{\"type\":\"FeatureCollection\",\"features\":[\n" + features.joined(separator: ",\n") + "\n]}\n"
    }
}
