import AreaAnalysis
import Foundation

/// Shared by the runs of one process: PROJ's set-up is costly.
nonisolated(unsafe) let preparer = ZonePreparer(
    extent: Envelope(minX: 13565.39, minY: 306846.19, maxX: 278026.1, maxY: 615045.35), radius: 500)

/// One input: read it as a WKT or EWKT zone and prepare its zones as `analyze` would.
/// Any outcome but a crash, a hang or a sanitizer report is fine: errors are expected.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    guard let zones = try? ZoneReader.read(data, format: .wkt, name: "fuzz.wkt") else { return 0 }
    _ = try? preparer.prepare(zones, file: "fuzz.wkt")
    return 0
}
