import AreaAnalysis
import ArgumentParser
import Foundation
import ProfileModel

struct AnalyzeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "The profile composition of planning zones, apportioned from the postcodes they overlap.",
        discussion: """
            ZONEFILE is GeoJSON (.geojson, WGS84 longitude/latitude unless its "crs" member says \
            otherwise), GeoPackage (.gpkg), ESRI Shapefile (.shp with .prj) or WKT (.wkt). Every \
            feature is a zone. Profile figures are model estimates, see Docs/area-analysis.md.
            """
    )

    enum Method: String, ExpressibleByArgument, CaseIterable { case area, centroid }
    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, csv, geojson, markdown }
    enum Delimiter: String, ExpressibleByArgument, CaseIterable { case comma, semicolon }

    @Argument(help: "The zone file.")
    var zoneFile: String?

    @Option(help: "A zone as WKT or EWKT (SRID=28992;POLYGON(...)) instead of a file.")
    var wkt: String?

    @OptionGroup var zones: ZoneOptions

    @Option(help: "Apportionment method.")
    var method: Method = .area

    @Option(help: "Second index against: nl (national only), municipality, or a zone FILE.")
    var compareTo: String = "nl"

    @Option(help: "Output format.")
    var format: Format = .table

    @Option(help: "CSV delimiter: comma, or semicolon (with decimal commas, for Excel with Dutch settings).")
    var csvDelimiter: Delimiter = .comma

    @Flag(help: "Print the time spent reading, apportioning and in all on standard error.")
    var timings = false

    @OptionGroup var dataset: DatasetOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (zoneFile == nil) != (wkt == nil) else {
            throw ValidationError("give either a zone file or --wkt")
        }
    }

    var comparison: ComparisonRequest {
        switch compareTo.lowercased() {
        case "nl", "nation", "national": return .nation
        case "municipality", "gemeente": return .municipality
        default: return .file(URL(fileURLWithPath: compareTo))
        }
    }

    func run() async throws {
        let start = Date()
        reserveAllocatorHeadroom()
        try await reportingErrors {
            let request = AnalysisRequest(
                source: zoneFile.map { .file(URL(fileURLWithPath: $0)) } ?? .wkt(wkt ?? ""),
                readOptions: self.zones.readOptions, radius: self.zones.radius,
                method: method == .area ? .area : .centroid, compareTo: comparison)
            // Read the zones (PROJ's set-up is the slow part) while the dataset opens.
            let zones = Task.detached { () throws -> (PreparedZones, Double) in
                let begin = Date()
                let zones = try AreaAnalyzer.readZones(
                    request.source, options: request.readOptions, radius: request.radius)
                return (zones, Date().timeIntervalSince(begin))
            }
            let data: PostcodeDataset
            do { data = try dataset.open() } catch {
                zones.cancel()
                throw error
            }
            let analyzer = AreaAnalyzer(dataset: data)
            let opened = Date().timeIntervalSince(start)
            let (prepared, readSeconds) = try await zones.value
            let progress = ProgressBar(label: "apportioning zones")
            var report: (@Sendable (Int) -> Void)?
            if let progress { report = { progress.update($0) } }
            let result = try analyzer.run(request, zones: prepared, progress: report)
            progress?.finish()
            let formatting = Date()
            let text: String
            switch format {
            case .json: text = try json(result.report)
            case .csv: text = AnalysisFormatter.csv(result.report, delimiter: csvDelimiter == .comma ? "," : ";")
            case .geojson:
                text = try ZoneGeoJSON.write(result.zones, properties: AnalysisFormatter.properties(result.report))
            case .markdown: text = AnalysisFormatter.markdown(result.report)
            case .table: text = AnalysisFormatter.table(result.report)
            }
            let written = Date()
            try output.emit(text)
            if timings {
                // read: zones read and prepared (in parallel with open: the dataset opened);
                // apportion: the apportionment step alone; compose; format: the report as text;
                // write: the output.
                warn(
                    String(
                        format:
                            "timings: read=%.4fs open=%.4fs apportion=%.4fs compose=%.4fs format=%.4fs write=%.4fs total=%.4fs",
                        readSeconds, opened, result.apportionSeconds, result.composeSeconds,
                        written.timeIntervalSince(formatting), Date().timeIntervalSince(written),
                        Date().timeIntervalSince(start)))
            }
        }
    }
}

/// A one-line progress indicator on standard error, shown only on a terminal.
final class ProgressBar: @unchecked Sendable {
    // @unchecked Sendable: `last` is only touched under `lock`.
    private let label: String
    private let lock = NSLock()
    private var last = -1
    private var total = 0

    init?(label: String) {
        guard isatty(STDERR_FILENO) == 1 else { return nil }
        self.label = label
    }

    func update(_ done: Int) {
        lock.withLock {
            guard done != last else { return }
            last = done
            FileHandle.standardError.write(Data("\r\(label): \(done)".utf8))
        }
    }

    func finish() {
        if last >= 0 { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}

/// Text renderings of an analysis report.
enum AnalysisFormatter {
    static func table(_ report: AnalysisReport) -> String {
        var out: [String] = []
        for zone in report.zones {
            let title = zone.name.map { "\($0) (\(zone.id))" } ?? zone.id
            out.append("Zone \(title)")
            out.append(
                "  area \(grouped(zone.areaM2 / 1_000_000, decimals: 2)) km², residents \(grouped(zone.residents)) (adults \(grouped(zone.adults)), children \(grouped(zone.children))), households \(grouped(zone.households)), coverage \(percent(zone.coverage))"
                    + (zone.municipality.map { ", mostly in \($0)" } ?? ""))
            var header = ["profile", "adults", "share of adults", "index NL"]
            if report.compareTo != nil { header.append("index \(report.compareTo!)") }
            let rows = zone.profiles.map { p -> [String] in
                var row = [
                    p.name, grouped(p.adults), percent(p.share), p.index.map { String(format: "%.0f", $0) } ?? "-",
                ]
                if report.compareTo != nil { row.append(p.indexCompare.map { String(format: "%.0f", $0) } ?? "-") }
                return row
            }
            out.append(
                textTable(header, rows, rightAligned: Set(1..<header.count)).split(separator: "\n").map { "  " + $0 }
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

    static func markdown(_ report: AnalysisReport) -> String {
        var out: [String] = ["# Area analysis", ""]
        for zone in report.zones {
            out.append("## \(zone.name ?? zone.id)")
            out.append("")
            out.append(
                "- Area: \(grouped(zone.areaM2 / 1_000_000, decimals: 2)) km²\n- Residents: \(grouped(zone.residents)) (adults \(grouped(zone.adults)), children \(grouped(zone.children)))\n- Households: \(grouped(zone.households))\n- Coverage by postcode areas: \(percent(zone.coverage))"
            )
            if let municipality = zone.municipality { out.append("- Municipality (most residents): \(municipality)") }
            out.append("")
            let compare = report.compareTo.map { " | Index \($0)" } ?? ""
            out.append("| Profile | Adults | Share of adults | Index NL\(compare) |")
            out.append("|---|--:|--:|--:|\(report.compareTo == nil ? "" : "--:|")")
            for p in zone.profiles {
                let extra =
                    report.compareTo == nil ? "" : " \(p.indexCompare.map { String(format: "%.0f", $0) } ?? "–") |"
                out.append(
                    "| \(p.name) | \(grouped(p.adults)) | \(percent(p.share)) | \(p.index.map { String(format: "%.0f", $0) } ?? "–") |\(extra)"
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
    static func csv(_ report: AnalysisReport, delimiter: String) -> String {
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
        return header.text + parts.joined
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

    var joined: String { lock.withLock { texts.joined() } }
}
