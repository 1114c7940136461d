import AreaAnalysis
import ArgumentParser
import Foundation
import ProfileModel
import Reports

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
            let progress = ProgressBar(label: "apportioning zones")
            var report: (@Sendable (Int) -> Void)?
            if let progress { report = { progress.update($0) } }
            let (result, steps) = try await AreaAnalyzer.run(request, datasetAt: dataset.url, progress: report)
            progress?.finish()
            let formatting = Date()
            let parts: [String]
            switch format {
            case .json: parts = [try JSONText.encode(result.report)]
            case .csv:
                parts = AnalysisRendering.csvParts(result.report, delimiter: csvDelimiter == .comma ? "," : ";")
            case .geojson:
                parts = [try AnalysisRendering.geoJSON(result.report, geometries: ZoneGeoJSON.geometries(result.zones))]
            case .markdown: parts = [AnalysisRendering.markdown(result.report)]
            case .table: parts = [AnalysisRendering.table(result.report)]
            }
            let written = Date()
            try output.destination().write(texts: parts)
            if timings {
                // read: zones read and prepared (in parallel with open: the dataset opened);
                // apportion: the apportionment step alone; compose; format: the report as text;
                // write: the output.
                warn(
                    String(
                        format:
                            "timings: read=%.4fs open=%.4fs apportion=%.4fs compose=%.4fs format=%.4fs write=%.4fs total=%.4fs",
                        steps.read, steps.open, steps.apportion, steps.compose,
                        written.timeIntervalSince(formatting), Date().timeIntervalSince(written),
                        Date().timeIntervalSince(start)))
            }
        }
    }
}
