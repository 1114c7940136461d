internal import AreaAnalysis
internal import Foundation
internal import Hummingbird
internal import ProfileModel
internal import Recommendations
internal import Reports

/// The body of `POST /v1/plans`: a recommendation's fields, and `start` and `departments`.
struct PlanAsk: Sendable {
    var advice: RecommendationAsk
    /// The first day of an undated phase plan.
    var start: PhasePlan.Day?
    /// The departments that run participation projects; `nil`: the staffing table's default.
    var departments: Int?

    init(body: Data, templates: [String: PhasePlan]) throws(Problem) {
        let object = try RecommendationAsk.object(of: body)
        advice = try RecommendationAsk(object: object, templates: templates, extra: ["start", "departments"])
        if let value = object["start"] {
            guard let text = value as? String, let day = try? PhasePlan.Day(parsing: text) else {
                throw Problem(
                    .malformedRequest, "the field 'start' must be a calendar day written YYYY-MM-DD, e.g. 2026-03-02")
            }
            start = day
        }
        if let value = object["departments"] {
            guard let number = value as? NSNumber, !(value is Bool), number.doubleValue == number.doubleValue.rounded(),
                number.intValue >= 0, number.intValue <= 1000
            else { throw Problem(.malformedRequest, "the field 'departments' must be a whole number, 0 or more") }
            departments = number.intValue
        }
    }
}

/// What `POST /v1/monitor` checks: a plan and its participants file.
struct MonitorAsk: Sendable {
    /// The plan's JSON, as `POST /v1/plans` or `geoprofile plan --format json` wrote it.
    var plan: Data
    /// The participants CSV.
    var participants: Data
    /// The CSV's name in messages and in the answer's `source`.
    var participantsName: String

    /// The default name of participants given as text.
    static let defaultName = "participants.csv"

    /// The plan and participants of a JSON body (`{"plan": {...}, "participants": "CSV"}`) or
    /// of a multipart form with the parts `plan` and `participants`.
    init(body: Data, contentType: String?) throws(Problem) {
        let type = (contentType ?? "").split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        switch type {
        case "application/json":
            let object = try RecommendationAsk.object(of: body)
            let known: Set<String> = ["plan", "participants"]
            if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
                throw Problem(
                    .malformedRequest, "the field '\(unknown.prefix(40))' is not known; give plan and participants")
            }
            guard let plan = object["plan"] as? [String: Any],
                let data = try? JSONSerialization.data(withJSONObject: plan)
            else {
                throw Problem(
                    .malformedRequest, "the field 'plan' must be the JSON object of a plan from POST /v1/plans")
            }
            guard let csv = object["participants"] as? String else {
                throw Problem(
                    .malformedRequest,
                    "the field 'participants' must be the participants CSV as text (postcode[,age_band][,count])")
            }
            self.plan = data
            participants = Data(csv.utf8)
            participantsName = Self.defaultName
        case "multipart/form-data":
            let parts = try Multipart.parts(in: body, contentType: contentType ?? "")
            guard let plan = parts.first(where: { $0.name == "plan" }) else {
                throw Problem(.malformedRequest, "the multipart body has no part 'plan' (the plan's JSON)")
            }
            guard let csv = parts.first(where: { $0.name == "participants" }) else {
                throw Problem(.malformedRequest, "the multipart body has no part 'participants' (the participants CSV)")
            }
            self.plan = plan.data
            participants = csv.data
            participantsName = csv.filename.map { ZoneUpload.safeName($0, ext: "csv") } ?? Self.defaultName
        case nil, "":
            throw Problem(
                .unsupportedMediaType, "the request has no Content-Type; send application/json or multipart/form-data")
        default:
            throw Problem(
                .unsupportedMediaType,
                "the Content-Type '\(type ?? "")' is not read; send application/json or multipart/form-data with the parts plan and participants"
            )
        }
    }
}

extension ProcessPlan {
    /// The plan of a request: 400 when it is not JSON, 422 when it is no geoprofile plan.
    static func decoded(from data: Data) throws(Problem) -> ProcessPlan {
        guard (try? JSONSerialization.jsonObject(with: data)) is [String: Any] else {
            throw Problem(.malformedRequest, "the plan is not a JSON object")
        }
        let plan: ProcessPlan
        do { plan = try JSONDecoder().decode(ProcessPlan.self, from: data) } catch {
            throw Problem(.unprocessable, "the plan is not a process plan (\(describe(decoding: error)))")
        }
        guard plan.kind == kindName else {
            throw Problem(.unprocessable, "the plan is not a geoprofile process plan (kind '\(plan.kind.prefix(40))')")
        }
        return plan
    }
}

extension GeoprofileService {
    /// `POST /v1/plans`: a staffed and scheduled process for zones or postcodes, as
    /// `geoprofile plan` writes it.
    func plans(_ request: Request) async throws -> Response {
        let loaded = try ready()
        let format = try AnalysisFormat.negotiate(request.headers[.accept], offered: [.json, .markdown])
        let settings = try analysisSettings(queryParameters(of: request))
        return try await withSlot(large: isLarge(request)) {
            let body = try await self.body(of: request)
            let text = try await blocking {
                let ask = try PlanAsk(body: body, templates: loaded.templates)
                let area = try self.planningArea(ask.advice.area, options: settings.options, radius: settings.radius)
                let resolved = try area.resolve(in: loaded.dataset)
                let planner = ProcessPlanner(
                    recommender: Recommender(tables: loaded.tables, options: ask.advice.options),
                    staffing: loaded.staffing)
                let plan = try planner.plan(
                    for: resolved.mix, zone: resolved.id, postcodes: resolved.postcodes, phases: ask.advice.plan,
                    start: ask.start, departments: ask.departments, dataset: loaded.dataset.stamp)
                let language = ask.advice.language
                return format == .markdown
                    ? plan.markdownPlan(language: language) : try plan.jsonText(language: language)
            }
            return answer(text, type: format.mediaType)
        }
    }

    /// `POST /v1/monitor`: who took part against the plan's zone, per profile, as
    /// `geoprofile monitor` reports it.
    func monitor(_ request: Request) async throws -> Response {
        let loaded = try ready()
        let format = try AnalysisFormat.negotiate(request.headers[.accept], offered: [.json, .markdown])
        let contentType = request.headers[.contentType]
        let language = try RequestLanguage.parse(
            queryParameters(of: request)["lang"], field: "the query parameter 'lang'", default: .en)
        return try await withSlot(large: isLarge(request)) {
            let body = try await self.body(of: request)
            let text = try await blocking {
                // Parsing a body of up to the limit is work too: off the cooperative pool.
                let ask = try MonitorAsk(body: body, contentType: contentType)
                // The plan holds its channels' names in the language it was written in; the
                // tables give them in both.
                let plan = try ProcessPlan.decoded(from: ask.plan).withTexts(from: loaded.tables.tables)
                do throws(GeoprofileError) { try plan.checkDataset(loaded.dataset.stamp) } catch {
                    throw Self.otherDataset(error)
                }
                let estimated = try ParticipantsFile.participants(
                    csv: ask.participants, named: ask.participantsName, in: loaded.dataset,
                    zone: Set(plan.zone.postcodes))
                let check = try ParticipationMonitor.check(estimated, against: plan)
                return format == .markdown
                    ? check.markdownReport(language: language) : try check.jsonText(language: language)
            }
            return answer(text, type: format.mediaType)
        }
    }

    /// The refusal of a plan made with another dataset: the library's sentence, ending in
    /// what a client of the service can do.
    static func otherDataset(_ error: GeoprofileError) -> Problem {
        let sentence = RequestFields.sentence(error)
        guard let end = sentence.range(of: "; make the plan again") else { return Problem(error) }
        let reason = sentence[..<end.lowerBound].replacingOccurrences(
            of: "than the one in use", with: "than the service's")
        return Problem(.unprocessable, reason + "; make the plan again with POST /v1/plans")
    }
}
