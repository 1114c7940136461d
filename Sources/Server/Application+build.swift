internal import AreaAnalysis
internal import Foundation
public import Hummingbird
public import Logging
internal import ProfileModel

/// Builds the service: loads the dataset and tables once, checks the keys, and binds the
/// router to the configured address.
///
/// Without an API key file the service refuses to listen on anything but loopback.
public func buildApplication(_ configuration: ServerConfiguration, logger: Logger) throws -> some ApplicationProtocol {
    if configuration.apiKeys == nil, !configuration.listensOnLoopbackOnly {
        throw GeoprofileError(
            .usage,
            "without API keys the service listens on loopback only (127.0.0.1, ::1, localhost), not on \(configuration.host); give it API keys to listen there"
        )
    }
    let router = try buildRouter(configuration, logger: logger)
    let app = Application(
        router: router,
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port), serverName: "geoprofile"),
        onServerRunning: { channel in
            let address = channel.localAddress.map { "\($0)" } ?? "\(configuration.host):\(configuration.port)"
            logger.info(
                "geoprofile serve listening",
                metadata: [
                    "address": "\(address)",
                    "keys": "\(configuration.apiKeys == nil ? "none: loopback only" : "required on /v1")",
                ])
        },
        logger: logger)
    return app
}

/// The routes of the service: health, API v1 (behind the key check when keys are
/// configured), the OpenAPI document and the web page.
public func buildRouter(_ configuration: ServerConfiguration, logger: Logger) throws -> Router<BasicRequestContext> {
    let service = try GeoprofileService(configuration: configuration, logger: logger)
    if service.keys == nil {
        logger.notice("no API keys given: the service answers on loopback only, without a key check")
    }
    let router = Router(context: BasicRequestContext.self)
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: ProblemMiddleware())

    router.get("/healthz") { _, _ in answer("{\"status\":\"up\"}", type: MediaTypes.json) }
    router.get("/readyz") { _, _ -> Response in
        guard service.loaded != nil else {
            throw Problem(.notReady, "the service's postcode dataset is not loaded; see the service's log")
        }
        return answer("{\"status\":\"ready\"}", type: MediaTypes.json)
    }
    router.get("/openapi.json") { _, _ in answer(Resources.openAPI, type: MediaTypes.json) }
    router.get("/") { _, _ in answer(Resources.page, type: MediaTypes.html) }
    router.get("/problems/{kind}") { _, context -> Response in
        let name = context.parameters.get("kind") ?? ""
        guard let kind = Problem.Kind(rawValue: name) else {
            throw Problem(.notFound, "there is no problem type '\(name.prefix(40))'")
        }
        return answer("\(kind.title): HTTP \(kind.status.code).", type: "text/plain; charset=utf-8")
    }

    let v1 = router.group("v1")
    if let keys = service.keys { v1.add(middleware: APIKeyMiddleware(keys: keys)) }
    v1.get("profiles") { _, _ -> Response in
        guard let json = service.profilesJSON else {
            throw Problem(.notReady, "the service's profile set could not be read")
        }
        return answer(json, type: MediaTypes.json)
    }
    v1.get("postcodes/{pc4}") { request, context in
        try await service.postcodes(
            [context.parameters.get("pc4") ?? ""], explain: request.uri.queryParameters["explain"] == "true",
            accept: request.headers[.accept])
    }
    v1.get("postcodes") { request, _ in
        let codes = request.uri.queryParameters[values: "pc"].flatMap { $0.split(separator: ",").map(String.init) }
        return try await service.postcodes(
            codes, explain: request.uri.queryParameters["explain"] == "true", accept: request.headers[.accept])
    }
    v1.get("municipalities") { _, _ in try await service.municipalities() }
    v1.post("compositions") { request, _ in try await service.compositions(request) }
    v1.post("recommendations") { request, _ in try await service.recommendations(request) }
    v1.post("reports") { request, _ in try await service.reports(request) }
    v1.post("plans") { request, _ in try await service.plans(request) }
    v1.post("monitor") { request, _ in try await service.monitor(request) }
    return router
}

/// Builds the service and runs it until SIGINT or SIGTERM, which stop it after the
/// requests in flight.
public func runServer(_ configuration: ServerConfiguration, logger: Logger) async throws {
    try await buildApplication(configuration, logger: logger).runService()
}
