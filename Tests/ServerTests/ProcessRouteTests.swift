import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import TestSupport
import Testing

/// Reports, plans and the participation check over the real dataset: the same bytes as the
/// command line, every error status, the limits.
@Suite(
    "Service reports, plans and monitor", .serialized,
    .enabled(if: ServerFixtures.hasSources, ServerFixtures.skipReason))
struct ProcessRouteTests {
    static let json: HTTPFields = [.contentType: "application/json"]
    static let timeline = "Data/recommender/phases/example-timeline.json"
    static let date = "2026-12-01"

    /// A configuration that prints the command line's version in its reports.
    static func configuration() throws -> ServerConfiguration {
        var configuration = try ServerFixtures.configuration()
        configuration.toolVersion = try ServerFixtures.cli(["--version"], onDataset: false)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return configuration
    }

    static func body(_ object: [String: Any]) throws -> ByteBuffer {
        ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: object))
    }

    static func utrechtZones() throws -> Any {
        try JSONSerialization.jsonObject(with: try Data(contentsOf: ServerFixtures.utrecht))
    }

    static func timelinePlan() throws -> Any {
        try JSONSerialization.jsonObject(
            with: try Data(contentsOf: ServerFixtures.repository.appendingPathComponent(timeline)))
    }

    // MARK: Plans

    @Test("plans equal the command line's JSON and Markdown for zones with a timeline and for postcodes")
    func plans() async throws {
        let zones = try Self.body(["zones": try Self.utrechtZones(), "phases": try Self.timelinePlan()])
        let postcodes = try Self.body([
            "postcodes": ["1011", "9444"], "phases": "iap2", "start": "2026-09-07", "budget": "low", "departments": 3,
        ])
        let expected = try ServerFixtures.cli([
            "plan", "--postcode", "1011", "9444", "--phases", "iap2", "--start", "2026-09-07", "--budget", "low",
            "--departments", "3", "--format", "json",
        ])
        try await ServerFixtures.app(try ServerFixtures.configuration()).test(.router) { client in
            let json = try await client.checked("/v1/plans", .post, headers: Self.json, body: zones)
            #expect(json.status == .ok)
            #expect(json.text == (try ServerFixtures.golden("plan-utrecht-timeline-json")))
            var markdown = Self.json
            markdown[.accept] = "text/markdown"
            let text = try await client.checked("/v1/plans", .post, headers: markdown, body: zones)
            #expect(text.text == (try ServerFixtures.golden("plan-utrecht-timeline-markdown")))
            let listed = try await client.checked("/v1/plans", .post, headers: Self.json, body: postcodes)
            #expect(listed.status == .ok)
            #expect(listed.text == expected)
            #expect((listed.object["settings"] as? [String: Any])?["departments"] as? Int == 3)
        }
    }

    @Test("lang=nl gives the Dutch names and reasons of the command line's --lang nl")
    func dutch() async throws {
        let plan = try Self.body(["zones": try Self.utrechtZones(), "phases": try Self.timelinePlan(), "lang": "nl"])
        let advice = try Self.body(["zones": try Self.utrechtZones(), "lang": "nl"])
        try await ServerFixtures.app(try ServerFixtures.configuration()).test(.router) { client in
            let planned = try await client.checked("/v1/plans", .post, headers: Self.json, body: plan)
            #expect(planned.text == (try ServerFixtures.golden("plan-utrecht-timeline-json-nl")))
            let advised = try await client.checked("/v1/recommendations", .post, headers: Self.json, body: advice)
            #expect(advised.text == (try ServerFixtures.golden("recommend-utrecht-json-nl")))
            let english = try await client.checked(
                "/v1/recommendations", .post, headers: Self.json,
                body: try Self.body(["zones": try Self.utrechtZones()]))
            #expect(english.text != advised.text)
        }
    }

    @Test(
        "bad plan requests are 400 problems naming the field, unusable ones 422",
        arguments: [
            (#"{"postcodes":["1011"]}"#, 400, "'start'"),
            (#"{"postcodes":["1011"],"start":"2026-02-30"}"#, 400, "'start'"),
            (#"{"postcodes":["1011"],"start":"2026-03-02","departments":-1}"#, 400, "'departments'"),
            (#"{"postcodes":["1011"],"start":"2026-03-02","departments":1.5}"#, 400, "'departments'"),
            (#"{"postcodes":["1011"],"start":"2026-03-02","lang":"fr"}"#, 400, "'lang'"),
            (#"{"postcodes":["1011"],"start":"2026-03-02","staff":4}"#, 400, "'staff'"),
            (#"{"postcodes":["1000"],"start":"2026-03-02"}"#, 422, "1000"),
            (#"{"postcodes":["1011"],"phases":"nonexistent","start":"2026-03-02"}"#, 422, "'phases'"),
            (#"{"postcodes":["1011"],"start":"2026-03-02","reach_target":1.5}"#, 422, "reach"),
        ])
    func badPlans(body: String, status: Int, fragment: String) async throws {
        try await ServerFixtures.app(try ServerFixtures.configuration()).test(.router) { client in
            let response = try await client.checked(
                "/v1/plans", .post, headers: Self.json, body: ByteBuffer(string: body))
            #expect(Int(response.status.code) == status, "\(response.text)")
            let detail = response.object["detail"] as? String ?? ""
            #expect(detail.contains(fragment), "\(detail)")
            #expect(!detail.contains("--"), "the detail names no command-line flag: \(detail)")
        }
    }

    // MARK: Monitor

    /// The plan of the Utrecht zone with its timeline, as the command line writes it.
    static func utrechtPlan() throws -> Data { Data(try ServerFixtures.golden("plan-utrecht-timeline-json").utf8) }

    static let participants = "postcode,age_band,count\n3511,age_25_44,40\n3512,age_65_74,12\n3581,,7\n1011,,3\n"

    @Test("the participation check equals the command line's, from a multipart form and from JSON")
    func monitor() async throws {
        let folder = try ServerFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let planFile = folder.appendingPathComponent("plan.json")
        let csvFile = folder.appendingPathComponent("participants.csv")
        try Self.utrechtPlan().write(to: planFile)
        try Data(Self.participants.utf8).write(to: csvFile)
        let expected = try ServerFixtures.cli([
            "monitor", "--plan", planFile.path, "--participants", csvFile.path, "--format", "json",
        ])
        let expectedMarkdown = try ServerFixtures.cli([
            "monitor", "--plan", planFile.path, "--participants", csvFile.path, "--format", "markdown",
        ])
        let (form, formHeaders) = ServerFixtures.multipart([
            ("plan", "plan.json", try Self.utrechtPlan()),
            ("participants", "participants.csv", Data(Self.participants.utf8)),
        ])
        let plan = try JSONSerialization.jsonObject(with: try Self.utrechtPlan())
        let json = try Self.body(["plan": plan, "participants": Self.participants])
        try await ServerFixtures.app(try ServerFixtures.configuration()).test(.router) { client in
            let fromForm = try await client.checked("/v1/monitor", .post, headers: formHeaders, body: form)
            #expect(fromForm.status == .ok, "\(fromForm.text)")
            #expect(fromForm.text == expected)
            #expect(fromForm.object["outside"] as? Int == 3, "1011 lies outside the Utrecht zone")
            let fromJSON = try await client.checked("/v1/monitor", .post, headers: Self.json, body: json)
            #expect(fromJSON.text == expected)
            var markdown = formHeaders
            markdown[.accept] = "text/markdown"
            let text = try await client.checked("/v1/monitor", .post, headers: markdown, body: form)
            #expect(text.text == expectedMarkdown)
        }
    }

    @Test(
        "bad participants are 422 problems naming the line or the postcode",
        arguments: [
            ("postcode,count\n3511,-4\n", "line 2: count '-4'"),
            ("postcode,count\n3511,2.5\n", "line 2: count '2.5'"),
            ("postcode,count\n1000,2\n1001,1\n", "1000, 1001"),
            ("postcode,count\n3511,0\n", "holds no participants"),
            ("name,count\nA,1\n", "no column 'postcode'"),
        ])
    func badParticipants(csv: String, fragment: String) async throws {
        let (form, headers) = ServerFixtures.multipart([
            ("plan", "plan.json", try Self.utrechtPlan()), ("participants", "survey.csv", Data(csv.utf8)),
        ])
        try await ServerFixtures.app(try ServerFixtures.configuration()).test(.router) { client in
            let response = try await client.checked("/v1/monitor", .post, headers: headers, body: form)
            #expect(response.status == .unprocessableContent, "\(response.text)")
            let detail = response.object["detail"] as? String ?? ""
            #expect(detail.contains(fragment), "\(detail)")
            #expect(detail.hasPrefix("survey.csv"), "the detail names the uploaded file: \(detail)")
        }
    }

    @Test("a plan from another dataset version is 422; a plan that is no plan 422, not JSON 400; parts and types")
    func badPlansForMonitor() async throws {
        var other = try #require(try JSONSerialization.jsonObject(with: try Self.utrechtPlan()) as? [String: Any])
        var stamp = try #require(other["dataset"] as? [String: Any])
        stamp["cbs_vintage"] = "1999"
        other["dataset"] = stamp
        let csv = Data("postcode\n3511\n".utf8)
        let cases: [(Data, Int, String)] = [
            (try JSONSerialization.data(withJSONObject: other), 422, "another dataset version than the service's"),
            (Data(#"{"kind":"geoprofile-process-plan"}"#.utf8), 422, "is not a process plan"),
            (Data("not json".utf8), 400, "not a JSON object"),
        ]
        try await ServerFixtures.app(try ServerFixtures.configuration()).test(.router) { client in
            for (plan, status, fragment) in cases {
                let (form, headers) = ServerFixtures.multipart([
                    ("plan", nil, plan), ("participants", "participants.csv", csv),
                ])
                let response = try await client.checked("/v1/monitor", .post, headers: headers, body: form)
                #expect(Int(response.status.code) == status, "\(response.text)")
                let detail = response.object["detail"] as? String ?? ""
                #expect(detail.contains(fragment), "\(detail)")
                #expect(!detail.contains("--"), "the detail names no command-line flag: \(detail)")
            }
            let (noCSV, headers) = ServerFixtures.multipart([("plan", "plan.json", try Self.utrechtPlan())])
            let missing = try await client.checked("/v1/monitor", .post, headers: headers, body: noCSV)
            #expect(missing.status == .badRequest)
            #expect((missing.object["detail"] as? String)?.contains("'participants'") == true)
            let text = try await client.checked(
                "/v1/monitor", .post, headers: [.contentType: "text/csv"], body: ByteBuffer(bytes: csv))
            #expect(text.status == .unsupportedMediaType)
            let field = try await client.checked(
                "/v1/monitor", .post, headers: Self.json,
                body: try Self.body(["plan": [String: Any](), "participants": 3]))
            #expect(field.status == .badRequest)
        }
    }

    // MARK: Reports

    @Test("the HTML report equals the command line's, names the zone and references no external URL")
    func report() async throws {
        let expected = try ServerFixtures.cli(["report", ServerFixtures.utrecht.path, "--date", Self.date])
        let english = try ServerFixtures.cli([
            "report", "--postcode", "3511", "3512", "--date", Self.date, "--lang", "en", "--phases", "iap2",
        ])
        try await ServerFixtures.app(try Self.configuration()).test(.router) { client in
            let html = try await client.checked(
                "/v1/reports?date=\(Self.date)", .post, headers: [.contentType: "application/geo+json"],
                body: try ServerFixtures.utrechtBody())
            #expect(html.status == .ok)
            #expect(html.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(html.text.contains("Utrecht binnenstad"))
            #expect(!html.text.contains("http://") && !html.text.contains("https://"))
            #expect(html.text == expected)
            let (form, headers) = ServerFixtures.multipart(
                filename: "utrecht-binnenstad.geojson", data: try Data(contentsOf: ServerFixtures.utrecht))
            let uploaded = try await client.checked(
                "/v1/reports?date=\(Self.date)", .post, headers: headers, body: form)
            #expect(uploaded.text == expected)
            let postcodes = try await client.checked(
                "/v1/reports?pc=3511,3512&lang=en&phases=iap2&date=\(Self.date)", .post)
            #expect(postcodes.status == .ok)
            #expect(postcodes.text.contains("<html lang=\"en\""))
            #expect(postcodes.text == english)
        }
        #expect(try ServerFixtures.leftUploads().isEmpty)
    }

    @Test("a report with plan=true equals the command line's --plan; start without plan is 400")
    func reportWithPlan() async throws {
        let expected = try ServerFixtures.cli([
            "report", "--postcode", "3511", "--date", Self.date, "--plan", "--start", "2027-01-11", "--departments",
            "2",
        ])
        #expect(expected.contains("2027"))
        try await ServerFixtures.app(try Self.configuration()).test(.router) { client in
            let html = try await client.checked(
                "/v1/reports?pc=3511&date=\(Self.date)&plan=true&start=2027-01-11&departments=2", .post)
            #expect(html.status == .ok)
            #expect(html.text == expected)
            let plain = try await client.checked("/v1/reports?pc=3511&date=\(Self.date)", .post)
            #expect(plain.text != expected)
            let stray = try await client.checked("/v1/reports?pc=3511&start=2027-01-11", .post)
            #expect(stray.status == .badRequest)
            #expect((stray.object["detail"] as? String)?.contains("plan=true") == true)
        }
    }

    @Test("a PDF with Chromium; without it 503 pdf-unavailable naming what to install")
    func pdf() async throws {
        var missing = try Self.configuration()
        missing.chromium = URL(fileURLWithPath: "/nonexistent/chromium")
        try await ServerFixtures.app(missing).test(.router) { client in
            let response = try await client.checked(
                "/v1/reports?pc=3511", .post, headers: [.accept: "application/pdf"])
            #expect(response.status == .serviceUnavailable)
            #expect(response.object["type"] as? String == "/problems/pdf-unavailable")
            #expect((response.object["detail"] as? String)?.contains("apt-get install chromium") == true)
        }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium") || Repository.isCI else { return }
        try await ServerFixtures.app(try Self.configuration()).test(.router) { client in
            let response = try await client.checked(
                "/v1/reports?pc=3511&date=\(Self.date)", .post, headers: [.accept: "application/pdf"])
            #expect(response.status == .ok, "\(response.text.prefix(300))")
            #expect(response.headers[.contentType] == "application/pdf")
            #expect(response.body.getString(at: response.body.readerIndex, length: 5) == "%PDF-")
        }
    }

    @Test("bad report requests: 400 for a parameter, 406 for Accept, 422 for an unknown postcode, 503 when busy")
    func badReports() async throws {
        var configuration = try Self.configuration()
        try await ServerFixtures.app(configuration).test(.router) { client in
            for (query, fragment) in [
                ("pc=3511&lang=fr", "'lang'"), ("pc=3511&date=1-2-3", "'date'"),
                ("pc=3511&reach_target=0", "'reach_target'"), ("pc=,", "'pc'"),
            ] {
                let response = try await client.checked(
                    "/v1/reports?\(query)", .post, route: "/v1/reports")
                #expect(response.status == .badRequest, "\(query): \(response.text)")
                #expect((response.object["detail"] as? String)?.contains(fragment) == true, "\(response.text)")
            }
            let phases = try await client.checked("/v1/reports?pc=3511&phases=nonexistent", .post, route: "/v1/reports")
            #expect(phases.status == .unprocessableContent)
            #expect((phases.object["detail"] as? String)?.contains("'phases'") == true)
            let image = try await client.checked(
                "/v1/reports?pc=3511", .post, route: "/v1/reports", headers: [.accept: "image/png"])
            #expect(image.status == .notAcceptable)
            let unknown = try await client.checked("/v1/reports?pc=1000", .post, route: "/v1/reports")
            #expect(unknown.status == .unprocessableContent, "\(unknown.text)")
            #expect((unknown.object["detail"] as? String)?.contains("1000") == true)
            let outside = try await client.checked(
                "/v1/reports", .post, headers: [.contentType: "application/geo+json"],
                body: ByteBuffer(
                    string: #"{"type":"Polygon","coordinates":[[[13.3,52.5],[13.4,52.5],[13.4,52.55],[13.3,52.5]]]}"#))
            #expect(outside.status == .unprocessableContent)
            let type = try await client.checked(
                "/v1/reports", .post, headers: [.contentType: "text/plain"], body: ByteBuffer(string: "x"))
            #expect(type.status == .unsupportedMediaType)
        }
        configuration.maxLargeInFlight = 0
        try await ServerFixtures.app(configuration).test(.router) { client in
            let busy = try await client.checked("/v1/reports?pc=3511", .post, route: "/v1/reports")
            #expect(busy.status == .serviceUnavailable)
            #expect(busy.headers[.retryAfter] == "1")
            #expect(busy.object["type"] as? String == "/problems/service-busy")
        }
    }

    // MARK: Limits and uploads

    @Test("plans and monitor: 406 for an Accept they cannot answer, 503 with Retry-After when every slot is taken")
    func acceptAndBusy() async throws {
        let plan = ByteBuffer(string: #"{"postcodes":["1011"],"start":"2026-03-02"}"#)
        var configuration = try ServerFixtures.configuration()
        try await ServerFixtures.app(configuration).test(.router) { client in
            for route in ["/v1/plans", "/v1/monitor"] {
                var headers = Self.json
                headers[.accept] = "text/csv"
                let response = try await client.checked(route, .post, headers: headers, body: plan)
                #expect(response.status == .notAcceptable, "\(route): \(response.text)")
            }
        }
        configuration.maxAnalysesInFlight = 0
        try await ServerFixtures.app(configuration).test(.router) { client in
            for route in ["/v1/plans", "/v1/monitor"] {
                let response = try await client.checked(route, .post, headers: Self.json, body: plan)
                #expect(response.status == .serviceUnavailable, "\(route): \(response.text)")
                #expect(response.headers[.retryAfter] == "1")
                #expect(response.object["type"] as? String == "/problems/service-busy")
            }
        }
    }

    @Test(
        "a body one byte over the limit is 413 on every new route",
        arguments: ["/v1/reports", "/v1/plans", "/v1/monitor"])
    func bodyLimit(route: String) async throws {
        var configuration = try ServerFixtures.configuration()
        configuration.maxBodyBytes = 1024
        try await ServerFixtures.app(configuration).test(.router) { client in
            let over = try await client.checked(
                route, .post, headers: Self.json, body: ByteBuffer(bytes: [UInt8](repeating: 0x20, count: 1025)))
            #expect(over.status == .contentTooLarge)
            #expect(over.object["type"] as? String == "/problems/body-too-large")
        }
    }

    @Test("a damaged GeoPackage upload is 422 and leaves no file behind")
    func damagedGeoPackage() async throws {
        let (form, headers) = ServerFixtures.multipart(
            filename: "wijken.gpkg", data: Data("SQLite format 3\u{0}".utf8) + Data(count: 2000))
        try await ServerFixtures.app(try ServerFixtures.configuration()).test(.router) { client in
            for route in ["/v1/compositions", "/v1/reports"] {
                let response = try await client.checked(route, .post, headers: headers, body: form)
                #expect(response.status == .unprocessableContent, "\(route): \(response.text)")
                #expect((response.object["detail"] as? String)?.contains("wijken.gpkg") == true, "\(response.text)")
            }
        }
        #expect(try ServerFixtures.leftUploads().isEmpty)
    }
}

/// The key check on the new routes (it comes before the dataset is needed).
@Suite("Service keys on reports, plans and monitor")
struct ProcessRouteKeyTests {
    @Test(
        "without a key 401, a wrong key 403, a listed key passes the check",
        arguments: ["/v1/reports", "/v1/plans", "/v1/monitor"])
    func keys(route: String) async throws {
        let folder = try ServerFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("keys.txt")
        let key = "s3cret-report-key"
        let digest = SHA256.hash(data: Data(key.utf8)).map { String(format: "%02x", $0) }.joined()
        try "\(digest) report-team\n".write(to: file, atomically: true, encoding: .utf8)
        var configuration = ServerConfiguration(dataset: ServerFixtures.missingDataset)
        configuration.apiKeys = file
        try await ServerFixtures.app(configuration).test(.router) { client in
            let none = try await client.checked(route, .post)
            #expect(none.status == .unauthorized)
            let wrong = try await client.checked(route, .post, headers: [.authorization: "Bearer wrong"])
            #expect(wrong.status == .forbidden)
            // Past the key check: the dataset of this configuration is missing.
            let right = try await client.checked(route, .post, headers: [.authorization: "Bearer \(key)"])
            #expect(right.status == .serviceUnavailable)
            #expect(right.object["type"] as? String == "/problems/not-ready")
        }
    }
}
