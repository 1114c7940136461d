import AreaAnalysis
import Foundation

/// One input: read it as a GeoJSON zone file, then read each zone's WKB back as the
/// apportionment does (ring reader, GEOS). Preparation (PROJ) is left to the tests: its
/// set-up would make each run a thousand times slower. Any outcome but a crash, a hang or a
/// sanitizer report is fine: errors are expected.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    guard let zones = try? ZoneReader.read(data, format: .geojson, name: "fuzz.geojson") else { return 0 }
    let context = GEOSContext()
    for zone in zones {
        _ = WKBRings.polygons(zone.wkb)
        _ = try? Geometry(wkb: zone.wkb, context: context).area
    }
    return 0
}
