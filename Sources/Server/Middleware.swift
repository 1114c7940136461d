internal import Foundation
internal import Hummingbird
internal import Logging
internal import NIOCore
internal import ProfileModel

/// Logs one line per request: its id, method, path, status and duration; never a key, a
/// query or a body. Answers carry the id in `X-Request-Id`.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let start = ContinuousClock.now
        var status = 500
        defer {
            let elapsed = ContinuousClock.now - start
            let milliseconds =
                Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
            context.logger.info(
                "request",
                metadata: [
                    "method": "\(request.method.rawValue)", "path": "\(request.uri.path)", "status": "\(status)",
                    "ms": "\(String(format: "%.1f", milliseconds))",
                ])
        }
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            // Errors answer here, so that they carry the request id too.
            response = try error.response(from: request, context: context)
        }
        status = Int(response.status.code)
        response.headers[.init("X-Request-Id")!] = context.id
        return response
    }
}

/// Turns every failure into a problem document: library errors phrased for HTTP, the
/// framework's own errors (no route, body too large) under the service's problem types,
/// anything else as a 500 whose cause goes to the log only.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch let problem as Problem {
            throw problem
        } catch let error as GeoprofileError {
            if error.code == .library || error.code == .cannotCreateOutput {
                context.logger.error("library failure", metadata: ["error": "\(error.description)"])
            }
            throw Problem(error)
        } catch is NIOTooManyBytesError {
            throw Problem(.bodyTooLarge, "the request body is larger than the service's limit")
        } catch let error as HTTPError {
            switch error.status {
            case .notFound: throw Problem(.notFound, "there is no route \(request.method.rawValue) \(request.uri.path)")
            case .methodNotAllowed:
                throw Problem(
                    .methodNotAllowed, "the route \(request.uri.path) does not take \(request.method.rawValue)")
            case .contentTooLarge: throw Problem(.bodyTooLarge, "the request body is larger than the service's limit")
            case .badRequest: throw Problem(.malformedRequest, error.body ?? "the request cannot be parsed")
            default:
                context.logger.error("request failed", metadata: ["error": "\(error)"])
                throw Problem(.internalError, "the service failed to answer; the log has the request id")
            }
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(String(describing: type(of: error)))"])
            throw Problem(.internalError, "the service failed to answer; the log has the request id")
        }
    }
}

/// Lets a request through only with `Authorization: Bearer KEY` for a listed key: 401
/// without a key, 403 with one not on the list.
struct APIKeyMiddleware<Context: RequestContext>: RouterMiddleware {
    let keys: APIKeys

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard let header = request.headers[.authorization] else {
            throw Problem(.unauthorized, "the request has no API key; send it as 'Authorization: Bearer KEY'")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw Problem(.unauthorized, "the Authorization header is not 'Bearer KEY'")
        }
        guard keys.label(of: String(parts[1]).trimmingCharacters(in: .whitespaces)) != nil else {
            throw Problem(.forbidden, "the API key is not accepted by this service")
        }
        return try await next(request, context)
    }
}
