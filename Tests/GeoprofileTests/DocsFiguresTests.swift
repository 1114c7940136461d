import Foundation
import Testing

/// Every figure in Docs/ that a command can produce is produced by `Scripts/docs_figures.py`;
/// this test runs it in check mode against the binary and the dataset built from the CBS
/// files, so a figure in the text that no longer matches the tool fails the suite.
@Suite("Figures in Docs", .enabled(if: Fixtures.hasSources, Fixtures.skipReason))
struct DocsFiguresTests {
    @Test("the generated figure blocks in Docs/ equal what the commands give")
    func figuresMatch() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "Scripts/docs_figures.py", "--check"]
        process.currentDirectoryURL = Fixtures.repository
        var environment = ProcessInfo.processInfo.environment
        environment["GEOPROFILE"] = Fixtures.binary.path
        environment["GEOPROFILE_DATASET"] = try Fixtures.datasetURL().path
        environment["GEOPROFILE_SOURCES"] = Fixtures.sources.path
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("3 figures checked"), "\(text)")
    }
}
