internal import Foundation
public import Hummingbird
public import ProfileModel

/// An error answer of the service: `application/problem+json` (RFC 9457) with a stable
/// `type`, the HTTP status, a title and one sentence naming the bad field or feature.
///
/// Every failure of a route ends as a `Problem`: the libraries' ``GeoprofileError``s through
/// ``init(_:)``, the service's own checks (limits, keys, load) directly.
public struct Problem: HTTPResponseError, Sendable, Equatable {
    /// The kinds of problem, each with its stable `type` and its HTTP status: the one table
    /// that maps failures onto statuses.
    public enum Kind: String, Sendable, CaseIterable {
        /// The request cannot be parsed: bad JSON, a bad query parameter, a broken upload.
        case malformedRequest = "malformed-request"
        /// No or an unknown API key.
        case unauthorized
        /// A key that is not on the service's list.
        case forbidden
        /// No such route or resource (an unknown postcode).
        case notFound = "not-found"
        /// The route exists, the method does not.
        case methodNotAllowed = "method-not-allowed"
        /// None of the formats in `Accept` can be produced.
        case notAcceptable = "not-acceptable"
        /// The body (or an archive's contents) is over the service's limit.
        case bodyTooLarge = "body-too-large"
        /// The upload is of a type the service does not read.
        case unsupportedMediaType = "unsupported-media-type"
        /// The request is well formed but cannot be used: outside the Netherlands, not a
        /// polygon, too many zones, an unknown phase template.
        case unprocessable = "unprocessable-content"
        /// Too many requests of this client (reserved for a rate limit in front).
        case tooManyRequests = "too-many-requests"
        /// Every analysis slot is taken; retry after `Retry-After` seconds.
        case busy = "service-busy"
        /// The dataset could not be loaded.
        case notReady = "not-ready"
        /// A PDF was asked for, and the host has no Chromium to print it.
        case pdfUnavailable = "pdf-unavailable"
        /// A failure inside the service or its C libraries.
        case internalError = "internal-error"

        /// The HTTP status of this kind.
        public var status: HTTPResponse.Status {
            switch self {
            case .malformedRequest: .badRequest
            case .unauthorized: .unauthorized
            case .forbidden: .forbidden
            case .notFound: .notFound
            case .methodNotAllowed: .methodNotAllowed
            case .notAcceptable: .notAcceptable
            case .bodyTooLarge: .contentTooLarge
            case .unsupportedMediaType: .unsupportedMediaType
            case .unprocessable: .unprocessableContent
            case .tooManyRequests: .tooManyRequests
            case .busy, .notReady, .pdfUnavailable: .serviceUnavailable
            case .internalError: .internalServerError
            }
        }

        /// The short, fixed title of this kind.
        public var title: String {
            switch self {
            case .malformedRequest: "Malformed request"
            case .unauthorized: "API key required"
            case .forbidden: "API key not accepted"
            case .notFound: "Not found"
            case .methodNotAllowed: "Method not allowed"
            case .notAcceptable: "No acceptable format"
            case .bodyTooLarge: "Body too large"
            case .unsupportedMediaType: "Unsupported file type"
            case .unprocessable: "Unusable input"
            case .tooManyRequests: "Too many requests"
            case .busy: "Service busy"
            case .notReady: "Dataset not loaded"
            case .pdfUnavailable: "PDF printing not available"
            case .internalError: "Internal error"
            }
        }

        /// The `type` URI: a path of the service that documents the problem.
        public var type: String { "/problems/\(rawValue)" }
    }

    /// What kind of problem this is.
    public var kind: Kind
    /// One sentence naming the bad field or feature.
    public var detail: String
    /// Seconds after which a busy service may have room again.
    public var retryAfter: Int?

    /// Creates a problem.
    public init(_ kind: Kind, _ detail: String, retryAfter: Int? = nil) {
        self.kind = kind
        self.detail = detail
        self.retryAfter = retryAfter
    }

    /// The problem of a library error: its code picks the status, its inputs are phrased as
    /// the request's fields.
    public init(_ error: GeoprofileError) {
        let kind: Kind =
            switch error.code {
            case .usage: .malformedRequest
            case .invalidData, .missingInput: .unprocessable
            case .library, .cannotCreateOutput, .unavailable: .internalError
            }
        self.init(kind, RequestFields.sentence(error))
    }

    /// The HTTP status.
    public var status: HTTPResponse.Status { kind.status }

    /// The problem document's bytes (sorted keys, so the same problem is the same bytes).
    public var json: ByteBuffer {
        let document: [String: Any] = [
            "type": kind.type, "title": kind.title, "status": Int(kind.status.code), "detail": detail,
        ]
        let data =
            (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data()
        return ByteBuffer(bytes: data)
    }

    /// The response: the problem document, with `Retry-After` for a busy service and a
    /// `WWW-Authenticate` challenge for a missing key.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = json
        var headers: HTTPFields = [.contentType: MediaTypes.problem, .contentLength: "\(body.readableBytes)"]
        if let retryAfter { headers[.retryAfter] = "\(retryAfter)" }
        if kind == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"geoprofile\"" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }
}

/// How the service names the libraries' error inputs: as the request's fields and query
/// parameters, never as the command line's flags.
public enum RequestFields {
    /// The field or parameter through which a request gives each input.
    public static func name(_ input: ErrorInput) -> String {
        switch input {
        case .crs: "the query parameter 'crs'"
        case .radius: "the query parameter 'radius'"
        case .layer: "the query parameter 'layer'"
        case .idField: "the query parameter 'id_field'"
        case .nameField: "the query parameter 'name_field'"
        case .zones: "the uploaded zones"
        case .dataset: "the service's dataset"
        case .sources: "the service's CBS sources"
        case .profileSet: "the service's profile set"
        case .profiles: "the service's profile figures"
        case .postcodes: "the field 'postcodes'"
        case .output: "the response"
        case .survey: "the survey"
        case .phases: "the field 'phases'"
        case .tables: "the service's recommender tables"
        case .compareTo: "the query parameter 'compare_to'"
        case .participants: "the participants"
        case .plan: "the plan"
        case .start: "the field 'start'"
        }
    }

    /// The error's sentence with its inputs named as request fields, without the C
    /// library's message (kept for the log).
    public static func sentence(_ error: GeoprofileError) -> String { error.text.phrased(naming: name) }
}

/// The media types the service reads and writes.
public enum MediaTypes {
    /// JSON.
    public static let json = "application/json"
    /// GeoJSON.
    public static let geoJSON = "application/geo+json"
    /// CSV.
    public static let csv = "text/csv; charset=utf-8"
    /// Markdown.
    public static let markdown = "text/markdown; charset=utf-8"
    /// RFC 9457 problem details.
    public static let problem = "application/problem+json"
    /// The web page and the HTML report.
    public static let html = "text/html; charset=utf-8"
    /// The printed report.
    public static let pdf = "application/pdf"
}
