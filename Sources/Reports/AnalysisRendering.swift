public import AreaAnalysis
internal import Foundation

/// The renderings of an area analysis: terminal table, Markdown, CSV and GeoJSON.
public enum AnalysisRendering {
    /// A block per zone: its figures, the profile table, the dominant profiles and warnings.
    public static func table(_ report: AnalysisReport) -> String {
        var out: [String] = []
        for zone in report.zones {
            let title = zone.name.map { "\($0) (\(zone.id))" } ?? zone.id
            out.append("Zone \(title)")
            out.append(
                "  area \(NumberText.grouped(zone.areaM2 / 1_000_000, decimals: 2)) km², residents \(NumberText.grouped(zone.residents)) (adults \(NumberText.grouped(zone.adults)), children \(NumberText.grouped(zone.children))), households \(NumberText.grouped(zone.households)), coverage \(NumberText.percent(zone.coverage))"
                    + (zone.municipality.map { ", mostly in \($0)" } ?? ""))
            var header = ["profile", "adults", "share of adults", "index NL"]
            if report.compareTo != nil { header.append("index \(report.compareTo!)") }
            let rows = zone.profiles.map { p -> [String] in
                var row = [
                    p.name, NumberText.grouped(p.adults), NumberText.percent(p.share), NumberText.index(p.index),
                ]
                if report.compareTo != nil { row.append(NumberText.index(p.indexCompare)) }
                return row
            }
            out.append(
                TextTable.render(header, rows, rightAligned: Set(1..<header.count)).split(separator: "\n").map {
                    "  " + $0
                }
                .joined(separator: "\n"))
            let names = Dictionary(zone.profiles.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
            out.append("  dominant: \(zone.dominant.compactMap { names[$0] }.joined(separator: ", "))")
            let whole = zone.postcodes.filter { $0.weight >= 0.999 }.count
            out.append("  postcodes: \(zone.postcodes.count) contribute (\(whole) whole)")
            for warning in zone.warnings { out.append("  warning: \(warning)") }
            out.append("")
        }
        out.append("Method: \(report.method.rawValue); profile set \(report.profileSet); dataset \(report.dataset).")
        out.append(report.note)
        return out.joined(separator: "\n")
    }

    /// A Markdown report with a section and a profile table per zone.
    public static func markdown(_ report: AnalysisReport) -> String {
        var out: [String] = ["# Area analysis", ""]
        for zone in report.zones {
            out.append("## \(MarkdownText.inline(zone.name ?? zone.id))")
            out.append("")
            out.append(
                "- Area: \(NumberText.grouped(zone.areaM2 / 1_000_000, decimals: 2)) km²\n- Residents: \(NumberText.grouped(zone.residents)) (adults \(NumberText.grouped(zone.adults)), children \(NumberText.grouped(zone.children)))\n- Households: \(NumberText.grouped(zone.households))\n- Coverage by postcode areas: \(NumberText.percent(zone.coverage))"
            )
            if let municipality = zone.municipality {
                out.append("- Municipality (most residents): \(MarkdownText.inline(municipality))")
            }
            out.append("")
            let compare = report.compareTo.map { " | Index \($0)" } ?? ""
            out.append("| Profile | Adults | Share of adults | Index NL\(compare) |")
            out.append("|---|--:|--:|--:|\(report.compareTo == nil ? "" : "--:|")")
            for p in zone.profiles {
                let extra =
                    report.compareTo == nil ? "" : " \(NumberText.index(p.indexCompare, missing: "–")) |"
                out.append(
                    "| \(MarkdownText.inline(p.name)) | \(NumberText.grouped(p.adults)) | \(NumberText.percent(p.share)) | \(NumberText.index(p.index, missing: "–")) |\(extra)"
                )
            }
            out.append("")
            if !zone.warnings.isEmpty {
                out.append(contentsOf: zone.warnings.map { "> Warning: \($0)" })
                out.append("")
            }
        }
        out.append("*\(report.note) Method: \(report.method.rawValue), profile set \(report.profileSet).*")
        return out.joined(separator: "\n")
    }

    /// One row per zone, one column per profile (adults), then the shares of adults.
    ///
    /// Numbers are written at full precision (the shortest text that reads back as the same
    /// number), so a spreadsheet or another program gets exactly the computed values. Large
    /// reports are written in parts on all cores.
    public static func csv(_ report: AnalysisReport, delimiter: String) -> String {
        csvParts(report, delimiter: delimiter).joined()
    }

    /// The text of ``csv(_:delimiter:)`` in consecutive parts (the header, then blocks of
    /// rows), so a large report can be written without joining it into one string first.
    public static func csvParts(_ report: AnalysisReport, delimiter: String) -> [String] {
        let separator = Character(delimiter)
        let decimalComma = delimiter == ";"
        let profiles = report.zones.first?.profiles.map(\.id) ?? []
        var header = CSVText(delimiter: separator, decimalComma: decimalComma)
        header.append(
            row: ["id", "name", "area_m2", "residents", "adults", "children", "households", "coverage"] + profiles
                + profiles.map { "share_\($0)" }
                + ["dominant", "warnings"])
        let zones = report.zones
        let partSize = 1024
        let partCount = (zones.count + partSize - 1) / partSize
        let parts = PartTexts(count: partCount)
        DispatchQueue.concurrentPerform(iterations: partCount) { part in
            var csv = CSVText(delimiter: separator, decimalComma: decimalComma)
            let range = (part * partSize)..<min(zones.count, (part + 1) * partSize)
            csv.reserve(range.count * 400)
            for zone in zones[range] {
                csv.append(field: zone.id)
                csv.append(field: zone.name ?? "")
                csv.append(number: zone.areaM2)
                csv.append(number: zone.residents)
                csv.append(number: zone.adults)
                csv.append(number: zone.children)
                csv.append(number: zone.households)
                csv.append(number: zone.coverage)
                for profile in zone.profiles { csv.append(number: profile.adults) }
                for profile in zone.profiles { csv.append(number: profile.share) }
                csv.append(field: zone.dominant.joined(separator: " "))
                csv.append(field: zone.warnings.joined(separator: " | "))
                csv.endRow()
            }
            parts.set(part, csv.text)
        }
        return [header.text] + parts.all
    }

    /// Flat properties per zone for the GeoJSON output.
    static func properties(_ report: AnalysisReport) -> [[String: Any]] {
        report.zones.map { zone in
            var p: [String: Any] = [
                "id": zone.id, "name": zone.name ?? "", "area_m2": zone.areaM2, "residents": zone.residents,
                "adults": zone.adults, "children": zone.children, "households": zone.households,
                "coverage": zone.coverage,
                "dominant": zone.dominant.joined(separator: " "),
                "municipality": zone.municipality ?? "", "warnings": zone.warnings.joined(separator: " | "),
            ]
            for profile in zone.profiles {
                p[profile.id] = profile.adults
                p["share_\(profile.id)"] = profile.share
                if let index = profile.index { p["index_\(profile.id)"] = index }
            }
            return p
        }
    }
}

/// The text of each part of a report, written by worker threads.
private final class PartTexts: @unchecked Sendable {
    // @unchecked Sendable: `texts` is only touched under `lock`.
    private let lock = NSLock()
    private var texts: [String]

    init(count: Int) { texts = Array(repeating: "", count: count) }

    func set(_ index: Int, _ text: String) { lock.withLock { texts[index] = text } }

    var all: [String] { lock.withLock { texts } }
}

extension AnalysisRendering {
    /// A GeoJSON FeatureCollection in WGS 84 with the composition as flat properties, so
    /// QGIS can style and label the zones.
    ///
    /// - Parameter geometries: each zone's geometry object, from ``ZoneGeoJSON/geometries(_:)``.
    public static func geoJSON(_ report: AnalysisReport, geometries: [String]) throws -> String {
        var features: [String] = []
        for (geometry, properties) in zip(geometries, properties(report)) {
            let data = try JSONSerialization.data(withJSONObject: properties, options: [.sortedKeys])
            features.append(
                "{\"type\":\"Feature\",\"properties\":\(String(decoding: data, as: UTF8.self)),\"geometry\":\(geometry)}"
            )
        }
        return "{\"type\":\"FeatureCollection\",\"features\":[\n" + features.joined(separator: ",\n") + "\n]}\n"
    }
}
