internal import AreaAnalysis
internal import Foundation
internal import Hummingbird
internal import NIOCore
internal import ProfileModel
internal import Recommendations
internal import Reports

/// The formats an analysis can be answered in, picked by `Accept`.
enum AnalysisFormat: Sendable {
    case json, csv, geojson, markdown

    var mediaType: String {
        switch self {
        case .json: MediaTypes.json
        case .csv: MediaTypes.csv
        case .geojson: MediaTypes.geoJSON
        case .markdown: MediaTypes.markdown
        }
    }

    /// The first format of `accept` (in its order) among `offered`; the first offered for
    /// none, `*/*` or a missing header; a 406 problem when none fits.
    static func negotiate(_ accept: String?, offered: [AnalysisFormat]) throws(Problem) -> AnalysisFormat {
        guard let accept, !accept.trimmingCharacters(in: .whitespaces).isEmpty else { return offered[0] }
        for item in accept.split(separator: ",") {
            let type = item.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            let format: AnalysisFormat? =
                switch type {
                case "*/*", "application/*", "application/json": offered[0] == .json ? .json : offered[0]
                case "text/csv": .csv
                case "application/geo+json": .geojson
                case "text/markdown": .markdown
                default: nil
                }
            if let format, offered.contains(format) { return format }
        }
        throw Problem(
            .notAcceptable,
            "none of the types in the Accept header can be produced; this route answers \(offered.map(\.mediaType).joined(separator: ", "))"
        )
    }
}

/// The request's query parameters, the first value of each name.
func queryParameters(of request: Request) -> [String: String] {
    var parameters: [String: String] = [:]
    for (key, value) in request.uri.queryParameters where parameters[String(key)] == nil {
        parameters[String(key)] = String(value)
    }
    return parameters
}

/// A `200 OK` with `text` as the body, ending in a newline as the command line writes it.
func answer(_ text: String, type: String) -> Response {
    let buffer = ByteBuffer(string: text.hasSuffix("\n") ? text : text + "\n")
    return Response(
        status: .ok, headers: [.contentType: type, .contentLength: "\(buffer.readableBytes)"],
        body: .init(byteBuffer: buffer))
}

extension GeoprofileService {
    /// The request's body, at most the configured limit: a declared length over it is
    /// refused before a byte is read, a streamed body as soon as it passes the limit.
    func body(of request: Request) async throws -> Data {
        let limit = configuration.maxBodyBytes
        let tooLarge = Problem(
            .bodyTooLarge, "the request body is larger than the service's limit of \(limit) bytes")
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limit { throw tooLarge }
        do {
            let buffer = try await request.body.collect(upTo: limit)
            return Data(buffer.readableBytesView)
        } catch is NIOTooManyBytesError {
            throw tooLarge
        }
    }

    /// How an analysis reads and compares its zones, from the query parameters `method`,
    /// `compare_to`, `layer`, `crs`, `id_field`, `name_field` and `radius`.
    func analysisSettings(_ query: [String: String]) throws(Problem) -> (
        options: ZoneReadOptions, radius: Double?, method: ApportionmentMethod, compareTo: ComparisonRequest
    ) {
        let method: ApportionmentMethod
        switch query["method"].map({ $0.lowercased() }) {
        case nil, "area": method = .area
        case "centroid": method = .centroid
        default: throw Problem(.malformedRequest, "the query parameter 'method' must be 'area' or 'centroid'")
        }
        let compareTo: ComparisonRequest
        switch query["compare_to"].map({ $0.lowercased() }) {
        case nil, "nl", "nation", "national": compareTo = .nation
        case "municipality", "gemeente": compareTo = .municipality
        default: throw Problem(.malformedRequest, "the query parameter 'compare_to' must be 'nl' or 'municipality'")
        }
        var radius: Double?
        if let text = query["radius"] {
            guard let value = Double(text), value > 0, value.isFinite, value <= 100_000 else {
                throw Problem(
                    .malformedRequest,
                    "the query parameter 'radius' must be a positive number of metres, at most 100000")
            }
            radius = value
        }
        let options = ZoneReadOptions(
            layer: query["layer"], crs: query["crs"], idField: query["id_field"], nameField: query["name_field"])
        return (options, radius, method, compareTo)
    }

    /// The zones of a source, read and prepared, refused when there are more than the limit.
    func readZones(_ source: ZoneSource, options: ZoneReadOptions, radius: Double?) throws -> PreparedZones {
        let zones = try AreaAnalyzer.readZones(source, options: options, radius: radius)
        guard zones.raw.count <= configuration.maxZones else {
            throw Problem(
                .unprocessable,
                "the uploaded zones are \(zones.raw.count) zones, more than the service's limit of \(configuration.maxZones) a request"
            )
        }
        return zones
    }

    /// `POST /v1/compositions`: the zones' profile compositions, as `analyze` renders them.
    func compositions(_ request: Request) async throws -> Response {
        let loaded = try ready()
        let settings = try analysisSettings(queryParameters(of: request))
        let format = try AnalysisFormat.negotiate(
            request.headers[.accept], offered: [.json, .csv, .geojson, .markdown])
        let contentType = request.headers[.contentType]
        let limits = ZoneUpload.Limits(
            unpackedBytes: configuration.maxUnpackedBytes, entries: configuration.maxArchiveEntries)
        return try await withSlot(large: isLarge(request)) {
            let body = try await self.body(of: request)
            let text = try await blocking {
                let upload = try ZoneUpload.read(body: body, contentType: contentType, limits: limits)
                defer { upload.remove() }
                let zones = try self.readZones(upload.source, options: settings.options, radius: settings.radius)
                let result = try loaded.analyzer.run(
                    AnalysisRequest(
                        source: upload.source, readOptions: settings.options, radius: settings.radius,
                        method: settings.method, compareTo: settings.compareTo),
                    zones: zones)
                switch format {
                case .json: return try JSONText.encode(result.report)
                case .csv: return AnalysisRendering.csv(result.report, delimiter: ",")
                case .geojson:
                    return try AnalysisRendering.geoJSON(
                        result.report, geometries: ZoneGeoJSON.geometries(result.zones))
                case .markdown: return AnalysisRendering.markdown(result.report)
                }
            }
            return answer(text, type: format.mediaType)
        }
    }

    /// `GET /v1/postcodes/{pc4}` and `GET /v1/postcodes?pc=…`: the postcodes' profile mixes,
    /// as `postcode` renders them; a GeoJSON of their outlines for a map.
    func postcodes(_ codes: [String], explain: Bool, accept: String?) async throws -> Response {
        let loaded = try ready()
        guard !codes.isEmpty else {
            throw Problem(.malformedRequest, "the query parameter 'pc' is missing; give postcodes such as pc=1011,1012")
        }
        guard codes.count <= configuration.maxZones else {
            throw Problem(
                .unprocessable,
                "\(codes.count) postcodes are more than the service's limit of \(configuration.maxZones)")
        }
        for code in codes {
            let digits = code.trimmingCharacters(in: .whitespaces).prefix(4)
            guard digits.count == 4, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else {
                throw Problem(
                    .malformedRequest, "'\(code.prefix(20))' is not a 4-digit postcode (PC4 postcodes are 1000-9999)")
            }
        }
        let format = try AnalysisFormat.negotiate(accept, offered: [.json, .csv, .geojson])
        return try await withSlot {
            let text = try await blocking {
                let data = loaded.dataset
                let (entries, unknown) = try PostcodeProfile.lookUp(codes, in: data, explain: explain)
                guard unknown.isEmpty else {
                    throw Problem(
                        .notFound,
                        "postcode\(unknown.count > 1 ? "s" : "") \(unknown.joined(separator: ", ")) \(unknown.count > 1 ? "are" : "is") not in the dataset"
                    )
                }
                switch format {
                case .csv: return PostcodeRendering.csv(entries)
                case .geojson:
                    let positions = try data.positions(ofPostcodes: entries.map(\.postcode))
                    let geometries = try ZoneGeoJSON.postcodeGeometries(
                        entries.compactMap { positions[$0.postcode] }, in: data)
                    return try PostcodeRendering.geoJSON(entries, geometries: geometries)
                case .json, .markdown: return try PostcodeRendering.json(entries, dataset: data.url.lastPathComponent)
                }
            }
            return answer(text, type: format.mediaType)
        }
    }

    /// `GET /v1/municipalities`: the municipalities of the dataset with their postcodes.
    func municipalities() async throws -> Response {
        let loaded = try ready()
        let text = try await blocking {
            var byName: [String: [String]] = [:]
            for record in try loaded.dataset.records() where !record.municipality.isEmpty {
                byName[record.municipality, default: []].append(record.postcode)
            }
            let list = byName.keys.sorted().map { MunicipalityEntry(name: $0, postcodes: byName[$0]!.sorted()) }
            return try JSONText.encode(MunicipalityListing(municipalities: list))
        }
        return answer(text, type: MediaTypes.json)
    }

    /// The planning area of a recommendation or plan: GeoJSON zones (counted against the
    /// limit) or postcodes.
    func planningArea(_ area: RecommendationAsk.Area, options: ZoneReadOptions, radius: Double?) throws
        -> PlanningArea
    {
        switch area {
        case .zones(let data):
            let source = ZoneSource.data(data, format: .geojson, name: "zones.geojson")
            _ = try readZones(source, options: options, radius: radius)
            return .source(source, options: options, radius: radius)
        case .postcodes(let codes):
            guard codes.count <= configuration.maxZones else {
                throw Problem(
                    .unprocessable,
                    "\(codes.count) postcodes are more than the service's limit of \(configuration.maxZones)")
            }
            return .postcodes(codes)
        }
    }

    /// `POST /v1/recommendations`: channels and methods per phase for zones or postcodes, as
    /// `recommend` renders them.
    func recommendations(_ request: Request) async throws -> Response {
        let loaded = try ready()
        let format = try AnalysisFormat.negotiate(request.headers[.accept], offered: [.json, .markdown])
        let settings = try analysisSettings(queryParameters(of: request))
        return try await withSlot(large: isLarge(request)) {
            let body = try await self.body(of: request)
            let ask = try RecommendationAsk(body: body, templates: loaded.templates)
            let text = try await blocking {
                let area = try self.planningArea(ask.area, options: settings.options, radius: settings.radius)
                let (mix, zoneID, _) = try area.mix(in: loaded.dataset)
                let recommendation = try Recommender(tables: loaded.tables, options: ask.options).recommend(
                    for: mix, zone: zoneID, phases: ask.plan)
                return format == .markdown
                    ? recommendation.markdownPlan(language: ask.language)
                    : try recommendation.jsonText(language: ask.language)
            }
            return answer(text, type: format.mediaType)
        }
    }
}

/// One municipality and its postcodes.
struct MunicipalityEntry: Encodable {
    var name: String
    var postcodes: [String]
}

/// The answer of `GET /v1/municipalities`.
struct MunicipalityListing: Encodable {
    var municipalities: [MunicipalityEntry]
}

/// The body of `POST /v1/recommendations`, checked.
struct RecommendationAsk: Sendable {
    enum Area: Sendable {
        case zones(Data)
        case postcodes([String])
    }

    var area: Area
    var plan: PhasePlan
    var options: Recommender.Options
    /// The language asked for (`lang`).
    var language: ReportLanguage

    /// The fields of a recommendation's body, in the order messages list them.
    static let fields = ["zones", "postcodes", "phases", "reach_target", "max_channels", "budget", "lang"]

    /// The body as a JSON object, or a 400 problem.
    static func object(of body: Data) throws(Problem) -> [String: Any] {
        guard let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else {
            throw Problem(.malformedRequest, "the request body is not a JSON object")
        }
        return object
    }

    init(body: Data, templates: [String: PhasePlan]) throws(Problem) {
        try self.init(object: Self.object(of: body), templates: templates)
    }

    /// The recommendation's fields of `object`; `extra` names the further fields a route
    /// takes (checked by the route).
    init(object: [String: Any], templates: [String: PhasePlan], extra: [String] = []) throws(Problem) {
        let known = Set(Self.fields + extra)
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
            throw Problem(
                .malformedRequest,
                "the field '\(unknown.prefix(40))' is not known; give zones or postcodes, \((Self.fields.dropFirst(2) + extra).joined(separator: ", "))"
            )
        }
        switch (object["zones"], object["postcodes"]) {
        case (let zones?, nil):
            guard JSONSerialization.isValidJSONObject(zones),
                let data = try? JSONSerialization.data(withJSONObject: zones)
            else { throw Problem(.malformedRequest, "the field 'zones' must be a GeoJSON object") }
            area = .zones(data)
        case (nil, let codes?):
            guard let list = codes as? [String], !list.isEmpty else {
                throw Problem(.malformedRequest, "the field 'postcodes' must be a non-empty list of 4-digit postcodes")
            }
            area = .postcodes(list)
        default:
            throw Problem(
                .malformedRequest, "give either the field 'zones' (GeoJSON) or 'postcodes', not both or neither")
        }
        switch object["phases"] {
        case nil: plan = try Self.template("citisens", in: templates)
        case let name as String: plan = try Self.template(name, in: templates)
        case let inline?:
            guard JSONSerialization.isValidJSONObject(inline),
                let data = try? JSONSerialization.data(withJSONObject: inline)
            else {
                throw Problem(.malformedRequest, "the field 'phases' must be a template name or a phase plan object")
            }
            do { plan = try PhasePlan.decode(data, name: "the field 'phases'") } catch {
                throw Problem(.unprocessable, RequestFields.sentence(error))
            }
        }
        let reach = object["reach_target"] ?? Recommender.Options.defaultReachTarget
        let channels = object["max_channels"] ?? Recommender.Options.defaultMaxChannels
        guard let reachTarget = (reach as? NSNumber)?.doubleValue, !(reach is Bool) else {
            throw Problem(.malformedRequest, "the field 'reach_target' must be a number in (0, 1]")
        }
        guard let maxChannels = (channels as? NSNumber)?.intValue, !(channels is Bool) else {
            throw Problem(.malformedRequest, "the field 'max_channels' must be a whole number, at least 1")
        }
        let budgetName = object["budget"] ?? "high"
        guard let budgetText = budgetName as? String, let budget = CostClass(rawValue: budgetText) else {
            throw Problem(.malformedRequest, "the field 'budget' must be 'low', 'medium' or 'high'")
        }
        do {
            options = try Recommender.Options(reachTarget: reachTarget, maxChannels: maxChannels, budget: budget)
        } catch {
            throw Problem(.unprocessable, RequestFields.sentence(error))
        }
        let lang = object["lang"]
        guard lang == nil || lang is String else {
            throw Problem(.malformedRequest, "the field 'lang' must be 'nl' or 'en'")
        }
        language = try RequestLanguage.parse(lang as? String, field: "the field 'lang'", default: .en)
    }

    /// The phase template `name`, or a 422 problem naming `field` and the templates there are.
    static func template(_ name: String, in templates: [String: PhasePlan], field: String = "the field 'phases'")
        throws(Problem) -> PhasePlan
    {
        guard let plan = templates[name] else {
            throw Problem(
                .unprocessable,
                "there is no phase template '\(name.prefix(40))'; \(field) takes \(templates.keys.sorted().joined(separator: ", "))\(field.hasPrefix("the field") ? " or a phase plan object" : "")"
            )
        }
        return plan
    }
}
