import Foundation
import ProfileModel
import Reports
import Testing

/// The report printed by headless Chromium: the PDF's text holds the figures of `analyze
/// --format json` as the reader sees them, and a screenshot shows the map's colours.
@Suite(
    "Report printed with Chromium", .enabled(if: Fixtures.hasSources, Fixtures.skipReason),
    .enabled(if: PrintTools.present, PrintTools.reason), .serialized)
struct ReportPrintTests {
    static func tool(_ name: String) -> String? { PrintTools.tool(name) }
}

/// Chromium and pdftotext, which must be there under CI (`make deps` installs them).
enum PrintTools {
    static let present = Fixtures.isCI || ((try? HeadlessChromium.locate()) != nil && tool("pdftotext") != nil)
    static let reason: Comment =
        "Chromium or pdftotext is not installed (apt-get install chromium poppler-utils, or make deps)"

    static func tool(_ name: String) -> String? {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let path = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }
}

extension ReportPrintTests {
    /// Runs a program and returns its standard output.
    static func output(_ program: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(tool(program)))
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// The distinct colours of a PNG, decoded by python3's zlib (8-bit RGB or RGBA).
    static func colours(_ png: URL) throws -> Set<String> {
        let script = """
            import sys, zlib, struct
            data = open(sys.argv[1], 'rb').read()
            pos, idat, w, h, ct = 8, b'', 0, 0, 0
            while pos < len(data):
                n, kind = struct.unpack('>I4s', data[pos:pos+8]); body = data[pos+8:pos+8+n]; pos += 12 + n
                if kind == b'IHDR': w, h, depth, ct = struct.unpack('>IIBB', body[:10])
                if kind == b'IDAT': idat += body
            bpp = 4 if ct == 6 else 3
            raw = zlib.decompress(idat); stride = w * bpp; prev = bytearray(stride); out = set(); i = 0
            for y in range(h):
                f = raw[i]; line = bytearray(raw[i+1:i+1+stride]); i += 1 + stride
                for x in range(stride):
                    a = line[x-bpp] if x >= bpp else 0; b = prev[x]; c = prev[x-bpp] if x >= bpp else 0
                    if f == 1: line[x] = (line[x] + a) & 255
                    elif f == 2: line[x] = (line[x] + b) & 255
                    elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
                    elif f == 4:
                        p = a + b - c; pa, pb, pc = abs(p-a), abs(p-b), abs(p-c)
                        line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
                for x in range(0, stride, bpp): out.add('#%02X%02X%02X' % tuple(line[x:x+3]))
                prev = line
            print('\\n'.join(sorted(out)))
            """
        return Set(try output("python3", ["-c", script, png.path]).split(separator: "\n").map(String.init))
    }

    static func printed(_ zoneArguments: [String], language: String) throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let zones = try ReportCommandTests.analysis(zoneArguments)
        let pdf = folder.appendingPathComponent("report.pdf")
        let html = folder.appendingPathComponent("report.html")
        for output in [pdf, html] {
            let run = try Fixtures.runOnDataset(
                ["report"] + zoneArguments + ["--lang", language, "--date", "2026-01-15", "--output", output.path])
            #expect(run.status == 0, "\(run.stderr)")
        }
        let pdfText = try output("pdftotext", ["-layout", pdf.path, "-"])
        let lang: ReportLanguage = language == "nl" ? .nl : .en
        for zone in zones {
            for text in try ReportCommandTests.expectedTexts(zone, language: lang, escape: false) {
                #expect(pdfText.contains(text), "the PDF lacks \(text)")
            }
        }
        let page = try String(contentsOf: html, encoding: .utf8)
        let png = folder.appendingPathComponent("report.png")
        try HeadlessChromium.locate().png(html: page).write(to: png)
        let colours = try colours(png)
        #expect(colours.count > 8, "the screenshot is nearly blank")
        let palette = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999"]
        #expect(palette.filter(colours.contains).count >= 2, "the screenshot shows too few of the palette's colours")
    }

    @Test("Utrecht binnenstad to PDF and PNG, in Dutch")
    func utrecht() throws { try Self.printed([ReportCommandTests.utrecht], language: "nl") }

    @Test("Equal input gives the same PDF up to its creation and modification dates")
    func samePDF() throws {
        var texts: [String] = []
        for _ in 0..<2 {
            let (data, _) = try ReportCommandTests.report([ReportCommandTests.utrecht], to: "report.pdf")
            let text = String(decoding: data.map { UInt16($0) }, as: UTF16.self)
            texts.append(text.replacing(/\/(CreationDate|ModDate) \(D:[^)]*\)/, with: ""))
        }
        #expect(texts[0] == texts[1])
        #expect(texts[0].hasPrefix("%PDF-"))
    }

    @Test("A multi-zone file to PDF and PNG, in English")
    func multiZone() throws { try Self.printed(ReportCommandTests.fixtureZones, language: "en") }
}
