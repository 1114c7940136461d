internal import AreaAnalysis
internal import Foundation
internal import Hummingbird
internal import NIOCore
internal import ProfileModel
internal import Recommendations
internal import Reports

/// The query parameters of `POST /v1/reports` beyond the zone parameters of an analysis:
/// `pc`, `phases`, `reach_target`, `lang`, `date` and `title`, checked.
struct ReportAsk: Sendable {
    /// Postcodes taken together as the zone (`pc`), instead of zones in the body.
    var postcodes: [String]?
    var phases: PhasePlan
    var reachTarget: Double
    var language: ReportLanguage
    var date: String
    /// The name of a report of several zones; `nil`: the uploaded file's name.
    var title: String?
    /// Whether the report shows the staffed, dated plan (`plan`), from `start` with
    /// `departments`.
    var withPlan: Bool
    var start: PhasePlan.Day?
    var departments: Int?

    init(query: [String: String], templates: [String: PhasePlan]) throws(Problem) {
        if let text = query["pc"] {
            let codes = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
            guard !codes.isEmpty else {
                throw Problem(
                    .malformedRequest, "the query parameter 'pc' must list 4-digit postcodes, e.g. pc=3511,3512")
            }
            postcodes = codes
        }
        phases = try RecommendationAsk.template(
            query["phases"] ?? "citisens", in: templates, field: "the query parameter 'phases'")
        if let text = query["reach_target"] {
            guard let value = Double(text), value > 0, value <= 1 else {
                throw Problem(
                    .malformedRequest, "the query parameter 'reach_target' must be a number in (0, 1], e.g. 0.67")
            }
            reachTarget = value
        } else {
            reachTarget = Recommender.Options.defaultReachTarget
        }
        language = try RequestLanguage.parse(query["lang"], field: "the query parameter 'lang'", default: .nl)
        if let text = query["date"] {
            guard (try? PhasePlan.Day(parsing: text)) != nil else {
                throw Problem(.malformedRequest, "the query parameter 'date' must be a calendar day written YYYY-MM-DD")
            }
            date = text
        } else {
            date = AreaReportOptions.today()
        }
        title = query["title"].map { String($0.prefix(200)) }
        switch query["plan"]?.lowercased() {
        case nil, "false": withPlan = false
        case "true": withPlan = true
        default: throw Problem(.malformedRequest, "the query parameter 'plan' must be 'true' or 'false'")
        }
        guard withPlan || (query["start"] == nil && query["departments"] == nil) else {
            throw Problem(
                .malformedRequest, "the query parameters 'start' and 'departments' belong to the plan; add plan=true")
        }
        if let text = query["start"] {
            guard let day = try? PhasePlan.Day(parsing: text) else {
                throw Problem(
                    .malformedRequest, "the query parameter 'start' must be a calendar day written YYYY-MM-DD")
            }
            start = day
        }
        if let text = query["departments"] {
            guard let value = Int(text), value >= 0, value <= 100 else {
                throw Problem(
                    .malformedRequest, "the query parameter 'departments' must be a whole number from 0 to 100")
            }
            departments = value
        }
    }
}

/// The `lang` of a request: `nl` or `en`; without it the command line's default (Dutch for
/// a report, English for the other routes).
enum RequestLanguage {
    static func parse(_ text: String?, field: String, default fallback: ReportLanguage) throws(Problem)
        -> ReportLanguage
    {
        guard let text else { return fallback }
        guard let language = ReportLanguage(rawValue: text.lowercased()) else {
            throw Problem(.malformedRequest, "\(field) must be 'nl' or 'en'")
        }
        return language
    }
}

extension GeoprofileService {
    /// Whether `accept` asks for a PDF rather than HTML; a 406 problem when it asks for
    /// neither.
    static func wantsPDF(_ accept: String?) throws(Problem) -> Bool {
        guard let accept, !accept.trimmingCharacters(in: .whitespaces).isEmpty else { return false }
        for item in accept.split(separator: ",") {
            let type = item.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            switch type {
            case "application/pdf": return true
            case "text/html", "text/*", "*/*": return false
            default: continue
            }
        }
        throw Problem(
            .notAcceptable,
            "none of the types in the Accept header can be produced; this route answers text/html and application/pdf")
    }

    /// The Chromium that prints PDFs, or a 503 problem saying what to install.
    func chromium() throws(Problem) -> HeadlessChromium {
        var environment = ProcessInfo.processInfo.environment
        if let executable = configuration.chromium { environment["GEOPROFILE_CHROMIUM"] = executable.path }
        do { return try HeadlessChromium.locate(environment: environment) } catch { throw Self.noChromium }
    }

    static let noChromium = Problem(
        .pdfUnavailable,
        "\(HeadlessChromium.installHint); ask for the HTML report (Accept: text/html) instead"
    )

    /// `POST /v1/reports`: the area report of `geoprofile report`, as HTML or, with
    /// `Accept: application/pdf`, printed to PDF.
    func reports(_ request: Request) async throws -> Response {
        let loaded = try ready()
        let query = queryParameters(of: request)
        let settings = try analysisSettings(query)
        let ask = try ReportAsk(query: query, templates: loaded.templates)
        let printer = try Self.wantsPDF(request.headers[.accept]) ? try chromium() : nil
        let contentType = request.headers[.contentType]
        let limits = ZoneUpload.Limits(
            unpackedBytes: configuration.maxUnpackedBytes, entries: configuration.maxArchiveEntries)
        let version = configuration.toolVersion
        // A report draws maps of every postcode and may start Chromium: it always takes a
        // large slot.
        return try await withSlot(large: true) {
            let body = ask.postcodes == nil ? try await self.body(of: request) : Data()
            let bytes = try await blocking {
                let zones: AreaReportZones
                var upload: ZoneUpload?
                defer { upload?.remove() }
                if let codes = ask.postcodes {
                    guard codes.count <= self.configuration.maxZones else {
                        throw Problem(
                            .unprocessable,
                            "\(codes.count) postcodes are more than the service's limit of \(self.configuration.maxZones)"
                        )
                    }
                    zones = .postcodes(codes)
                } else {
                    let read = try ZoneUpload.read(body: body, contentType: contentType, limits: limits)
                    upload = read
                    let prepared = try self.readZones(read.source, options: settings.options, radius: settings.radius)
                    zones = .zones(read.source, prepared, title: ask.title ?? read.title)
                }
                let options = AreaReportOptions(
                    phases: ask.phases, date: ask.date, toolVersion: version, readOptions: settings.options,
                    radius: settings.radius, method: settings.method, compareTo: settings.compareTo,
                    reachTarget: ask.reachTarget, language: ask.language,
                    plan: ask.withPlan
                        ? AreaReportPlan(staffing: loaded.staffing, start: ask.start, departments: ask.departments)
                        : nil)
                let input = try AreaReportInput.make(
                    zones, options: options, dataset: loaded.dataset, tables: loaded.tables,
                    country: try ReportGeometry.countryOutline(loaded.dataset))
                let html = try AreaReport.html(input)
                guard let printer else { return Data(html.utf8) }
                do throws(GeoprofileError) { return try printer.pdf(html: html) } catch {
                    throw error.code == .unavailable ? Self.noChromium : Problem(error)
                }
            }
            let type = printer == nil ? MediaTypes.html : MediaTypes.pdf
            return Response(
                status: .ok,
                headers: [
                    .contentType: type, .contentLength: "\(bytes.count)",
                    .contentDisposition: "inline; filename=\"report.\(printer == nil ? "html" : "pdf")\"",
                ],
                body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }
}
