public import Foundation
public import ProfileModel

/// Prints a report's HTML to PDF, or takes a PNG screenshot of it, with Debian's headless
/// Chromium (`chromium` or `chromium-headless-shell`).
public struct HeadlessChromium: Sendable {
    /// The Chromium executable.
    public let executable: URL

    /// The program names looked for on `PATH`, in order.
    public static let names = ["chromium", "chromium-headless-shell", "chromium-browser"]

    /// The sentence said when Chromium is missing; each front end adds how to ask for HTML,
    /// which needs no Chromium.
    public static let installHint =
        "a PDF is printed with Chromium, which is not installed here (Debian: apt-get install chromium)"

    /// Finds Chromium on `PATH` (or `$GEOPROFILE_CHROMIUM`); fails with ``GeoprofileError/Code/unavailable``.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(GeoprofileError) -> HeadlessChromium
    {
        if let given = environment["GEOPROFILE_CHROMIUM"], !given.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: given) else {
                throw GeoprofileError(.unavailable, installHint)
            }
            return HeadlessChromium(executable: URL(fileURLWithPath: given))
        }
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for name in names {
            for folder in path.split(separator: ":") {
                let candidate = "\(folder)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) {
                    return HeadlessChromium(executable: URL(fileURLWithPath: candidate))
                }
            }
        }
        throw GeoprofileError(.unavailable, installHint)
    }

    /// The HTML printed to PDF (A4, the page size the report's print styles set).
    public func pdf(html: String) throws(GeoprofileError) -> Data {
        try run(html: html, output: "report.pdf") { ["--no-pdf-header-footer", "--print-to-pdf=\($0)"] }
    }

    /// A PNG of the HTML's first `height` pixels at `width` pixels wide.
    public func png(html: String, width: Int = 1000, height: Int = 1400) throws(GeoprofileError) -> Data {
        try run(html: html, output: "report.png") { ["--window-size=\(width),\(height)", "--screenshot=\($0)"] }
    }

    /// Writes the HTML to a private folder, runs Chromium on it and reads what it wrote.
    private func run(html: String, output: String, arguments: (String) -> [String]) throws(GeoprofileError) -> Data {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "geoprofile-report-\(UUID().uuidString)", isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw GeoprofileError(.cannotCreateOutput, "cannot create a temporary folder for Chromium: \(error)")
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("report.html")
        let target = folder.appendingPathComponent(output)
        do { try Data(html.utf8).write(to: page) } catch {
            throw GeoprofileError(.cannotCreateOutput, "cannot write the report for Chromium: \(error)")
        }
        let process = Process()
        process.executableURL = executable
        process.arguments =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                "--disable-extensions", "--user-data-dir=\(folder.appendingPathComponent("profile").path)",
            ] + arguments(target.path) + [page.absoluteString]
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = folder.path
        process.environment = environment
        let log = folder.appendingPathComponent("chromium.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try? FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        do {
            try process.run()
            process.waitUntilExit()
        } catch {
            throw GeoprofileError(.unavailable, "cannot start \(executable.path): \(error.localizedDescription)")
        }
        try? handle?.close()
        guard process.terminationStatus == 0, let data = try? Data(contentsOf: target), !data.isEmpty else {
            let tail = (try? String(contentsOf: log, encoding: .utf8))?.split(separator: "\n").suffix(2)
                .joined(separator: " ")
            throw GeoprofileError(
                .library, "Chromium did not print the report (exit status \(process.terminationStatus))",
                libraryMessage: tail)
        }
        return data
    }
}
