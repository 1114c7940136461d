import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import TestSupport
import Testing
import ZIPFoundation

/// Routes that need no dataset: health, the contract, the page, keys, errors before any
/// analysis.
@Suite("Service without data")
struct ServiceTests {
    let configuration = ServerConfiguration(dataset: ServerFixtures.missingDataset)

    @Test("healthz answers while the dataset is missing; readyz says 503 not-ready")
    func health() async throws {
        try await ServerFixtures.app(configuration).test(.router) { client in
            let up = try await client.checked("/healthz")
            #expect(up.status == .ok)
            #expect(up.object["status"] as? String == "up")
            let ready = try await client.checked("/readyz")
            #expect(ready.status == .serviceUnavailable)
            #expect(ready.headers[.contentType] == "application/problem+json")
            #expect(ready.object["type"] as? String == "/problems/not-ready")
            #expect(ready.object["status"] as? Int == 503)
            #expect(ready.headers[.init("X-Request-Id")!]?.isEmpty == false, "errors carry the request id")
            let postcode = try await client.checked("/v1/postcodes/1011", route: "/v1/postcodes/{pc4}")
            #expect(postcode.status == .serviceUnavailable)
        }
    }

    @Test("the OpenAPI document and the page are served; the profiles equal the command line's")
    func documents() async throws {
        try await ServerFixtures.app(configuration).test(.router) { client in
            let openAPI = try await client.checked("/openapi.json")
            #expect(openAPI.status == .ok)
            #expect(openAPI.object["openapi"] as? String == "3.1.0")
            let paths = (openAPI.object["paths"] as? [String: Any])?.keys.sorted() ?? []
            for route in ["/v1/compositions", "/v1/recommendations", "/v1/reports", "/v1/plans", "/v1/monitor"] {
                #expect(paths.contains(route), "\(route) is in the contract")
            }
            let page = try await client.checked("/")
            #expect(page.status == .ok)
            #expect(page.text.contains("<html"))
            #expect(
                !page.text.contains("http://") && !page.text.contains("https://"), "the page loads nothing from outside"
            )
            let profiles = try await client.checked("/v1/profiles")
            #expect(profiles.status == .ok)
            #expect(profiles.text == (try ServerFixtures.golden("profiles-json")))
        }
    }

    @Test("an unknown route is a 404 problem")
    func unknownRoute() async throws {
        try await ServerFixtures.app(configuration).test(.router) { client in
            let response = try await client.executeRequest(uri: "/v2/nothing", method: .get, headers: [:], body: nil)
            #expect(response.status == .notFound)
            #expect(response.headers[.contentType] == "application/problem+json")
            #expect(response.object["type"] as? String == "/problems/not-found")
        }
    }

    @Test("without a key 401 with a challenge, a wrong key 403, a listed key passes; health needs none")
    func keys() async throws {
        let folder = try ServerFixtures.temporaryFolder()
        let file = folder.appendingPathComponent("keys.txt")
        let key = "s3cret-planning-key"
        let digest = SHA256.hash(data: Data(key.utf8)).map { String(format: "%02x", $0) }.joined()
        try "# keys of the service\n\(digest) planning-team\n".write(to: file, atomically: true, encoding: .utf8)
        var configuration = self.configuration
        configuration.apiKeys = file
        try await ServerFixtures.app(configuration).test(.router) { client in
            let none = try await client.checked("/v1/profiles")
            #expect(none.status == .unauthorized)
            #expect(none.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            #expect(none.object["type"] as? String == "/problems/unauthorized")
            let wrong = try await client.checked("/v1/profiles", headers: [.authorization: "Bearer wrong"])
            #expect(wrong.status == .forbidden)
            #expect(wrong.object["type"] as? String == "/problems/forbidden")
            let right = try await client.checked("/v1/profiles", headers: [.authorization: "Bearer \(key)"])
            #expect(right.status == .ok)
            #expect(try await client.checked("/healthz").status == .ok)
        }
    }

    @Test("a key file line that is not a digest is refused at start")
    func badKeyFile() throws {
        #expect(throws: (any Error).self) { try APIKeys(text: "not-a-digest team\n") }
        let keys = try APIKeys(text: String(repeating: "ab", count: 32) + " team\n")
        #expect(keys.count == 1)
        #expect(keys.label(of: "anything") == nil)
    }

    @Test("without keys the service refuses to listen beyond loopback")
    func loopbackOnly() throws {
        var configuration = self.configuration
        configuration.host = "0.0.0.0"
        #expect(throws: (any Error).self) { try buildApplication(configuration, logger: ServerFixtures.logger) }
        configuration.host = "127.0.0.1"
        #expect(configuration.listensOnLoopbackOnly)
    }
}
