import Foundation
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

/// The OpenAPI document as the contract: each response of the tests must be one the
/// document allows for its operation (status, content type) and its JSON must have what
/// the schema requires (types, required fields, enums, items), following `$ref`s.
enum Contract {
    nonisolated(unsafe) static let document: [String: Any] = {
        let url = Repository.url("Sources/Server/Resources/openapi.json")
        let data = (try? Data(contentsOf: url)) ?? Data()
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    }()

    /// The problems found in `response` to `method path` (a path template of the
    /// document, e.g. `/v1/postcodes/{pc4}`); empty when it fits.
    static func violations(_ response: TestResponse, method: String, path: String) -> [String] {
        guard let paths = document["paths"] as? [String: Any], let item = paths[path] as? [String: Any],
            let operation = item[method.lowercased()] as? [String: Any],
            let responses = operation["responses"] as? [String: Any]
        else { return ["\(method) \(path) is not in openapi.json"] }
        let status = "\(response.status.code)"
        guard let declared = responses[status] ?? responses["default"], let resolvedResponse = resolve(declared) else {
            return ["\(method) \(path): status \(status) is not declared"]
        }
        let contentType =
            response.headers[.contentType]?.split(separator: ";").first.map {
                $0.trimmingCharacters(in: .whitespaces)
            } ?? ""
        guard let content = resolvedResponse["content"] as? [String: Any] else {
            return response.body.readableBytes == 0
                ? [] : ["\(method) \(path) \(status): a body where none is declared"]
        }
        guard let media = content[contentType] as? [String: Any] else {
            return ["\(method) \(path) \(status): content type '\(contentType)' is not declared"]
        }
        guard contentType.hasSuffix("json"), let schema = media["schema"] else { return [] }
        guard
            let value = try? JSONSerialization.jsonObject(
                with: Data(String(buffer: response.body).utf8), options: .fragmentsAllowed)
        else { return ["\(method) \(path) \(status): the body is not JSON"] }
        return check(value, against: schema, at: "$")
    }

    private static func resolve(_ node: Any) -> [String: Any]? {
        guard var object = node as? [String: Any] else { return nil }
        while let reference = object["$ref"] as? String {
            var target: Any = document
            for part in reference.dropFirst(2).split(separator: "/") {
                guard let next = (target as? [String: Any])?[String(part)] else { return nil }
                target = next
            }
            guard let resolved = target as? [String: Any] else { return nil }
            object = resolved
        }
        return object
    }

    private static func check(_ value: Any, against node: Any, at path: String) -> [String] {
        guard let schema = resolve(node) else { return ["\(path): unresolvable schema"] }
        var problems: [String] = []
        if let options = schema["oneOf"] as? [Any] {
            let fitting = options.filter { check(value, against: $0, at: path).isEmpty }
            if fitting.count != 1 { problems.append("\(path): fits \(fitting.count) of oneOf's schemas, not one") }
        }
        if let constant = schema["const"] as? String, value as? String != constant {
            problems.append("\(path): is not '\(constant)'")
        }
        if let allowed = schema["enum"] as? [String], let text = value as? String, !allowed.contains(text) {
            problems.append("\(path): '\(text)' is not one of the enum")
        }
        let types: [String] = (schema["type"] as? [String]) ?? ((schema["type"] as? String).map { [$0] } ?? [])
        if !types.isEmpty, !types.contains(where: { matches(value, type: $0) }) {
            return problems + ["\(path): is not of type \(types.joined(separator: "|"))"]
        }
        if let object = value as? [String: Any] {
            for key in schema["required"] as? [String] ?? [] where object[key] == nil {
                problems.append("\(path): lacks required '\(key)'")
            }
            for (key, property) in schema["properties"] as? [String: Any] ?? [:] {
                if let member = object[key] { problems += check(member, against: property, at: "\(path).\(key)") }
            }
            if schema["additionalProperties"] as? Bool == false {
                let known = Set((schema["properties"] as? [String: Any] ?? [:]).keys)
                for key in object.keys where !known.contains(key) { problems.append("\(path): unknown '\(key)'") }
            }
        }
        if let array = value as? [Any], let items = schema["items"] {
            for (index, element) in array.enumerated() {
                problems += check(element, against: items, at: "\(path)[\(index)]")
            }
        }
        return problems
    }

    private static func matches(_ value: Any, type: String) -> Bool {
        switch type {
        case "object": value is [String: Any]
        case "array": value is [Any]
        case "string": value is String
        case "null": value is NSNull
        case "boolean": value is Bool
        case "integer": (value as? NSNumber).map { $0.doubleValue == $0.doubleValue.rounded() } ?? false
        case "number": value is NSNumber
        default: true
        }
    }
}

/// Executes a request and checks its response against the contract before handing it on.
extension TestClientProtocol {
    @discardableResult
    func checked(
        _ uri: String, _ method: HTTPRequest.Method = .get, route: String? = nil, headers: HTTPFields = [:],
        body: ByteBuffer? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> TestResponse {
        let response = try await executeRequest(uri: uri, method: method, headers: headers, body: body)
        let template = route ?? String(uri.split(separator: "?").first ?? "")
        let violations = Contract.violations(response, method: method.rawValue, path: template)
        #expect(violations.isEmpty, "contract: \(violations.joined(separator: "; "))", sourceLocation: sourceLocation)
        return response
    }
}
