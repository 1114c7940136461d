import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import TestSupport
import Testing
import ZIPFoundation

/// The analysis routes over the real dataset: byte-equality with the command line's output
/// (its golden files), every error status, the limits.
@Suite(
    "Service with the CBS data", .serialized, .enabled(if: ServerFixtures.hasSources, ServerFixtures.skipReason))
struct AnalysisRouteTests {
    static let geoJSON: HTTPFields = [.contentType: "application/geo+json"]

    @Test("readyz is ready once the dataset is loaded")
    func ready() async throws {
        try await ServerFixtures.app(try ServerFixtures.configuration()).test(.router) { client in
            let response = try await client.checked("/readyz")
            #expect(response.status == .ok)
            #expect(response.object["status"] as? String == "ready")
        }
    }

    @Test(
        "compositions equal the command line's output byte for byte in every format",
        arguments: [
            ("application/json", "analyze-utrecht-json"), ("text/csv", "analyze-utrecht-csv"),
            ("application/geo+json", "analyze-utrecht-geojson"), ("text/markdown", "analyze-utrecht-markdown"),
        ])
    func compositions(accept: String, golden: String) async throws {
        try await ServerFixtures.app(try ServerFixtures.configuration()).test(.router) { client in
            var headers = Self.geoJSON
            headers[.accept] = accept
            let response = try await client.checked(
                "/v1/compositions", .post, headers: headers, body: try ServerFixtures.utrechtBody())
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix(accept) == true)
            #expect(response.text == (try ServerFixtures.golden(golden)))
        }
    }

    @Test("compare_to=municipality and method=centroid reach the analysis as --compare-to and --method")
    func comparisons() async throws {
        try await ServerFixtures.app(try ServerFixtures.configuration()).test(.router) { client in
            let response = try await client.checked(
                "/v1/compositions?method=centroid&compare_to=municipality", .post,
                headers: [.contentType: "application/json", .accept: "text/markdown"],
                body: try ServerFixtures.utrechtBody())
            #expect(response.status == .ok)
            #expect(response.text == (try ServerFixtures.golden("analyze-utrecht-centroid-markdown")))
        }
    }

    @Test("a multipart upload of the same zone as .geojson, .gpkg and zipped Shapefile gives the same numbers")
    func uploads() async throws {
        let reference = try ServerFixtures.golden("analyze-utrecht-json")
        var files: [(String, Data)] = [("utrecht-binnenstad.geojson", try Data(contentsOf: ServerFixtures.utrecht))]
        if let gpkg = try ServerFixtures.convertUtrecht(to: "GPKG", file: "utrecht-binnenstad.gpkg") {
            files.append(("utrecht-binnenstad.gpkg", try Data(contentsOf: gpkg)))
        }
        if let shp = try ServerFixtures.convertUtrecht(to: "ESRI Shapefile", file: "utrecht-binnenstad.shp") {
            let archive = try Archive(accessMode: .create)
            for ext in ["shp", "shx", "dbf", "prj"] {
                let part = shp.deletingPathExtension().appendingPathExtension(ext)
                try archive.addEntry(with: "utrecht/" + part.lastPathComponent, fileURL: part)
            }
            files.append(("utrecht-binnenstad.zip", try #require(archive.data)))
        }
        let uploads = files
        try await ServerFixtures.app(try ServerFixtures.configuration()).test(.router) { client in
            for (name, data) in uploads {
                let (body, headers) = ServerFixtures.multipart(filename: name, data: data)
                let response = try await client.checked("/v1/compositions", .post, headers: headers, body: body)
                #expect(response.status == .ok, "\(name): \(response.text)")
                let zones = response.object["zones"] as? [[String: Any]] ?? []
                let expected =
                    ((try JSONSerialization.jsonObject(with: Data(reference.utf8)) as? [String: Any])?["zones"]
                        as? [[String: Any]]) ?? []
                #expect(zones.count == 1)
                #expect(
                    (zones.first?["adults"] as? Double).map {
                        abs($0 - (expected.first?["adults"] as? Double ?? 0)) < 0.5
                    }
                        == true, "\(name)")
                if name.hasSuffix(".geojson") { #expect(response.text == reference) }
            }
            // No upload is left behind.
            let left = try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory())
                .filter { $0.hasPrefix("geoprofile-upload-") }
            #expect(left.isEmpty)
        }
    }

    @Test("postcodes equal the command line's; an unknown one is 404, a malformed one 400")
    func postcodes() async throws {
        try await ServerFixtures.app(try ServerFixtures.configuration()).test(.router) { client in
            let many = try await client.checked("/v1/postcodes?pc=1011,9444")
            #expect(many.status == .ok)
            #expect(many.text == (try ServerFixtures.golden("postcode-json")))
            let csv = try await client.checked("/v1/postcodes?pc=1011&pc=9444", headers: [.accept: "text/csv"])
            #expect(csv.text == (try ServerFixtures.golden("postcode-csv")))
            let explained = try await client.checked("/v1/postcodes/9444?explain=true", route: "/v1/postcodes/{pc4}")
            #expect(explained.text == (try ServerFixtures.golden("postcode-explain-json")))
            let unknown = try await client.checked("/v1/postcodes/1000", route: "/v1/postcodes/{pc4}")
            #expect(unknown.status == .notFound)
            #expect((unknown.object["detail"] as? String)?.contains("1000") == true)
            let malformed = try await client.checked("/v1/postcodes/abcd", route: "/v1/postcodes/{pc4}")
            #expect(malformed.status == .badRequest)
            let missing = try await client.checked("/v1/postcodes")
            #expect(missing.status == .badRequest)
            let outlines = try await client.checked("/v1/postcodes?pc=1011", headers: [.accept: "application/geo+json"])
            #expect(outlines.status == .ok)
            let features = outlines.object["features"] as? [[String: Any]] ?? []
            #expect((features.first?["properties"] as? [String: Any])?["postcode"] as? String == "1011")
            #expect((features.first?["geometry"] as? [String: Any])?["type"] != nil)
        }
    }

    @Test("municipalities list the dataset's postcodes by municipality")
    func municipalities() async throws {
        try await ServerFixtures.app(try ServerFixtures.configuration()).test(.router) { client in
            let response = try await client.checked("/v1/municipalities")
            #expect(response.status == .ok)
            let list = response.object["municipalities"] as? [[String: Any]] ?? []
            let utrecht = list.first { $0["name"] as? String == "Utrecht" }
            #expect((utrecht?["postcodes"] as? [String])?.contains("3511") == true)
        }
    }

    @Test("recommendations equal the command line's for zones and for postcodes")
    func recommendations() async throws {
        let zones = try JSONSerialization.jsonObject(with: try Data(contentsOf: ServerFixtures.utrecht))
        let body = try JSONSerialization.data(withJSONObject: ["zones": zones])
        try await ServerFixtures.app(try ServerFixtures.configuration()).test(.router) { client in
            let json = try await client.checked(
                "/v1/recommendations", .post, headers: [.contentType: "application/json"], body: ByteBuffer(bytes: body)
            )
            #expect(json.status == .ok)
            #expect(json.text == (try ServerFixtures.golden("recommend-utrecht-json")))
            let markdown = try await client.checked(
                "/v1/recommendations", .post, headers: [.contentType: "application/json", .accept: "text/markdown"],
                body: ByteBuffer(bytes: body))
            #expect(markdown.text == (try ServerFixtures.golden("recommend-utrecht-markdown")))
            let postcodes = try await client.checked(
                "/v1/recommendations", .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"postcodes":["1011","9444"],"phases":"iap2","budget":"low"}"#))
            #expect(postcodes.status == .ok)
            #expect((postcodes.object["zone"] as? [String: Any])?["id"] as? String == "1011+9444")
        }
    }

    @Test(
        "malformed requests are 400 problems naming the field",
        arguments: [
            ("/v1/compositions?method=nearest", "application/geo+json", "{}", "'method'"),
            ("/v1/compositions?radius=-5", "application/geo+json", "{}", "'radius'"),
            ("/v1/compositions?compare_to=/etc/passwd", "application/geo+json", "{}", "'compare_to'"),
            ("/v1/recommendations", "application/json", "[1,2", "JSON object"),
            ("/v1/recommendations", "application/json", #"{"postcodes":["1011"],"budget":"gold"}"#, "'budget'"),
            ("/v1/recommendations", "application/json", #"{"postcodes":["1011"],"zones":{}}"#, "not both"),
            ("/v1/recommendations", "application/json", #"{"pc":["1011"]}"#, "'pc'"),
            ("/v1/compositions", "multipart/form-data", "--x\r\n", "boundary"),
            // A point needs the radius around it.
            ("/v1/compositions", "application/geo+json", #"{"type":"Point","coordinates":[5.12,52.09]}"#, "'radius'"),
        ])
    func malformed(uri: String, type: String, body: String, field: String) async throws {
        try await ServerFixtures.app(try ServerFixtures.configuration()).test(.router) { client in
            let response = try await client.checked(
                uri, .post, headers: [.contentType: type], body: ByteBuffer(string: body))
            #expect(response.status == .badRequest)
            #expect(response.object["type"] as? String == "/problems/malformed-request")
            #expect((response.object["detail"] as? String)?.contains(field) == true, "\(response.text)")
        }
    }

    @Test(
        "valid but unusable input is a 422 problem",
        arguments: [
            // Outside the Netherlands (Berlin).
            #"{"type":"Polygon","coordinates":[[[13.3,52.5],[13.4,52.5],[13.4,52.55],[13.3,52.5]]]}"#,
            // Not an area.
            #"{"type":"LineString","coordinates":[[5.12,52.09],[5.13,52.09]]}"#,
            // Not GeoJSON.
            #"{"type":"Circle","radius":3}"#,
        ])
    func unusable(body: String) async throws {
        try await ServerFixtures.app(try ServerFixtures.configuration()).test(.router) { client in
            let response = try await client.checked(
                "/v1/compositions", .post, headers: Self.geoJSON, body: ByteBuffer(string: body))
            #expect(response.status == .unprocessableContent, "\(response.text)")
            #expect(response.object["type"] as? String == "/problems/unprocessable-content")
            let detail = response.object["detail"] as? String ?? ""
            #expect(!detail.contains("--"), "the detail names no command-line flag: \(detail)")
        }
        let phases = #"{"postcodes":["1011"],"phases":"nonexistent"}"#
        try await ServerFixtures.app(try ServerFixtures.configuration()).test(.router) { client in
            let response = try await client.checked(
                "/v1/recommendations", .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: phases))
            #expect(response.status == .unprocessableContent)
            #expect((response.object["detail"] as? String)?.contains("'phases'") == true)
        }
    }

    @Test("more zones than the limit is 422; an unknown file type 415; an unknown Accept 406")
    func limitsAndTypes() async throws {
        var configuration = try ServerFixtures.configuration()
        configuration.maxZones = 1
        let two = try String(
            contentsOf: ServerFixtures.repository.appendingPathComponent("Tests/Goldens/zones/fixture-zones.geojson"),
            encoding: .utf8)
        try await ServerFixtures.app(configuration).test(.router) { client in
            let many = try await client.checked(
                "/v1/compositions", .post, headers: Self.geoJSON, body: ByteBuffer(string: two))
            #expect(many.status == .unprocessableContent)
            #expect((many.object["detail"] as? String)?.contains("limit of 1") == true)
            let text = try await client.checked(
                "/v1/compositions", .post, headers: [.contentType: "text/plain"], body: ByteBuffer(string: "x"))
            #expect(text.status == .unsupportedMediaType)
            let (docx, headers) = ServerFixtures.multipart(filename: "plan.docx", data: Data("x".utf8))
            let file = try await client.checked("/v1/compositions", .post, headers: headers, body: docx)
            #expect(file.status == .unsupportedMediaType)
            #expect(file.object["type"] as? String == "/problems/unsupported-media-type")
            var png = Self.geoJSON
            png[.accept] = "image/png"
            let image = try await client.checked(
                "/v1/compositions", .post, headers: png, body: try ServerFixtures.utrechtBody())
            #expect(image.status == .notAcceptable)
        }
    }

    @Test("a body one byte over the limit is 413 on its declared length, before it is read")
    func bodyLimit() async throws {
        var configuration = try ServerFixtures.configuration()
        configuration.maxBodyBytes = 1024
        try await ServerFixtures.app(configuration).test(.router) { client in
            let over = try await client.checked(
                "/v1/compositions", .post, headers: Self.geoJSON,
                body: ByteBuffer(bytes: [UInt8](repeating: 0x20, count: 1025)))
            #expect(over.status == .contentTooLarge)
            #expect(over.object["type"] as? String == "/problems/body-too-large")
            let recommend = try await client.checked(
                "/v1/recommendations", .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(bytes: [UInt8](repeating: 0x20, count: 1025)))
            #expect(recommend.status == .contentTooLarge)
            // At the limit the body is read (and here found not to be GeoJSON).
            let at = try await client.checked(
                "/v1/compositions", .post, headers: Self.geoJSON,
                body: ByteBuffer(bytes: [UInt8](repeating: 0x20, count: 1024)))
            #expect(at.status != .contentTooLarge)
        }
    }

    @Test("a zip bomb is refused: past the unpacked size 413, past the entry count 413")
    func zipBomb() async throws {
        var configuration = try ServerFixtures.configuration()
        configuration.maxBodyBytes = 1 << 20
        configuration.maxUnpackedBytes = 4 << 20
        // 64 MB of zeros, deflated to a few dozen kilobytes, claiming to be a Shapefile.
        let bomb = try Archive(accessMode: .create)
        let size = 64 << 20
        try bomb.addEntry(
            with: "zones.shp", type: .file, uncompressedSize: Int64(size), compressionMethod: .deflate,
            provider: { (position: Int64, chunk: Int) -> Data in Data(count: min(chunk, size - Int(position))) })
        let bombData = try #require(bomb.data)
        #expect(bombData.count < configuration.maxBodyBytes)
        let crowded = try Archive(accessMode: .create)
        for index in 0..<40 {
            try crowded.addEntry(
                with: "part\(index).txt", type: .file, uncompressedSize: 1,
                provider: { (_: Int64, _: Int) -> Data in Data([0x41]) })
        }
        let crowdedData = try #require(crowded.data)
        try await ServerFixtures.app(configuration).test(.router) { client in
            for (name, data) in [("bomb.zip", bombData), ("crowded.zip", crowdedData)] {
                let (body, headers) = ServerFixtures.multipart(filename: name, data: data)
                let response = try await client.checked("/v1/compositions", .post, headers: headers, body: body)
                #expect(response.status == .contentTooLarge, "\(name): \(response.text)")
            }
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory())
            .filter { $0.hasPrefix("geoprofile-upload-") }
        #expect(left.isEmpty)
    }

    @Test("with every analysis slot taken the service answers 503 with Retry-After")
    func busy() async throws {
        var configuration = try ServerFixtures.configuration()
        configuration.maxAnalysesInFlight = 0
        try await ServerFixtures.app(configuration).test(.router) { client in
            let response = try await client.checked(
                "/v1/compositions", .post, headers: Self.geoJSON, body: try ServerFixtures.utrechtBody())
            #expect(response.status == .serviceUnavailable)
            #expect(response.headers[.retryAfter] == "1")
            #expect(response.object["type"] as? String == "/problems/service-busy")
            // Health is no analysis.
            #expect(try await client.checked("/healthz").status == .ok)
        }
        // Large bodies have slots of their own; small ones pass while those are taken.
        configuration.maxAnalysesInFlight = 64
        configuration.maxLargeInFlight = 0
        configuration.largeBodyBytes = 512
        try await ServerFixtures.app(configuration).test(.router) { client in
            let large = try await client.checked(
                "/v1/compositions", .post, headers: Self.geoJSON, body: try ServerFixtures.utrechtBody())
            #expect(large.status == .serviceUnavailable)
            #expect(large.headers[.retryAfter] == "1")
            let small = try await client.checked(
                "/v1/recommendations", .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"postcodes":["1011"]}"#))
            #expect(small.status == .ok)
        }
    }
}

/// Concurrent compositions, over a real socket and in-process.
@Suite("Concurrent service requests", .enabled(if: ServerFixtures.hasSources, ServerFixtures.skipReason))
struct LiveServiceTests {
    // The socket's client gives up after 20 s without a byte, so it sends fewer requests
    // than the queue of a loaded test machine could hold that long.
    @Test("concurrent compositions over a socket all equal the command line's")
    func concurrentOverSocket() async throws { try await concurrent(.live, requests: 3) }

    @Test("concurrent compositions in-process all equal the command line's")
    func concurrentInProcess() async throws { try await concurrent(.router, requests: 8) }

    private func concurrent(_ setup: TestingSetup, requests: Int) async throws {
        let expected = try ServerFixtures.golden("analyze-utrecht-json")
        try await ServerFixtures.app(try ServerFixtures.configuration()).test(setup) { client in
            try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<requests {
                    group.addTask {
                        try await client.execute(
                            uri: "/v1/compositions", method: .post, headers: [.contentType: "application/geo+json"],
                            body: try ServerFixtures.utrechtBody()
                        ) { String(buffer: $0.body) }
                    }
                }
                for try await text in group { #expect(text == expected) }
            }
        }
    }
}
