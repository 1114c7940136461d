import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Where output goes: standard output, devices and pipes in place, regular files atomically,
/// and nothing half-written left behind by an interrupted build.
@Suite("Output destinations", .enabled(if: Fixtures.hasSources, Fixtures.skipReason))
struct OutputTests {
    static let zone = "Data/zones/utrecht-binnenstad.geojson"

    @Test("-o /dev/stdout and -o - print what standard output would get")
    func standardOutput() throws {
        let plain = try Fixtures.runOnDataset(["analyze", Self.zone, "--format", "csv"])
        #expect(plain.status == 0)
        #expect(plain.stdout.hasPrefix("id,name,area_m2"))
        for target in ["/dev/stdout", "-"] {
            let run = try Fixtures.runOnDataset(["analyze", Self.zone, "--format", "csv", "-o", target])
            #expect(run.status == 0)
            #expect(run.stdout == plain.stdout)
        }
    }

    @Test("-o /dev/null discards the output and leaves the device a device")
    func devNull() throws {
        let run = try Fixtures.runOnDataset(["analyze", Self.zone, "-o", "/dev/null"])
        #expect(run.status == 0)
        #expect(run.stdout.isEmpty && run.stderr.isEmpty)
        var info = stat()
        #expect(stat("/dev/null", &info) == 0)
        #expect(info.st_mode & S_IFMT == S_IFCHR)
    }

    @Test("a FIFO is written in place, not replaced by a file")
    func fifo() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("pipe")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        nonisolated(unsafe) var received = Data()
        let done = DispatchSemaphore(value: 0)
        Thread {
            received = (try? FileHandle(forReadingFrom: fifo).readDataToEndOfFile()) ?? Data()
            done.signal()
        }.start()
        let run = try Fixtures.runOnDataset(["analyze", Self.zone, "--format", "csv", "-o", fifo.path])
        done.wait()
        #expect(run.status == 0)
        #expect(String(decoding: received, as: UTF8.self).hasPrefix("id,name,area_m2"))
        var info = stat()
        #expect(stat(fifo.path, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["pipe"])
    }

    @Test("a regular file is replaced atomically, with no temporary file left")
    func regularFile() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("r.csv")
        try Data("old".utf8).write(to: target)
        let run = try Fixtures.runOnDataset(["analyze", Self.zone, "--format", "csv", "-o", target.path])
        #expect(run.status == 0)
        #expect(try String(contentsOf: target, encoding: .utf8).hasPrefix("id,name,area_m2"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["r.csv"])
    }

    @Test("SIGTERM or SIGINT during data build leaves no temporary file", arguments: [SIGTERM, SIGINT])
    func interruptedBuild(signalNumber: Int32) throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let process = Process()
        process.executableURL = Fixtures.binary
        process.arguments = [
            "data", "build", "--sources", Fixtures.sources.path, "--output",
            folder.appendingPathComponent("o.gpkg").path,
        ]
        process.currentDirectoryURL = Fixtures.repository
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait until the build has its temporary file open, then interrupt it.
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, process.isRunning,
            (try FileManager.default.contentsOfDirectory(atPath: folder.path)).isEmpty
        {
            usleep(2_000)
        }
        let sawTemporary = !(try FileManager.default.contentsOfDirectory(atPath: folder.path)).isEmpty
        kill(process.processIdentifier, signalNumber)
        process.waitUntilExit()
        #expect(sawTemporary, "the build finished before it could be interrupted")
        #expect(process.terminationStatus == 128 + signalNumber)
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(left.isEmpty, "left behind: \(left)")
    }
}
