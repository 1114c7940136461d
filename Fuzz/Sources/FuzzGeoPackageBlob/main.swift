import AreaAnalysis
import Foundation

/// One input: a GeoPackage geometry blob as the dataset and zone readers meet it — the
/// header, then the WKB read by the exact kernel's ring reader and by GEOS.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let blob = Data(bytes: start, count: count)
    guard let header = try? GeoPackageBinary.header(of: blob), header.wkbOffset <= blob.count else { return 0 }
    let wkb = blob.subdata(in: header.wkbOffset..<blob.count)
    _ = WKBRings.envelope(wkb)
    _ = WKBRings.polygons(wkb)
    if let geometry = try? Geometry(wkb: wkb, context: GEOSContext()) {
        _ = geometry.area
        _ = try? geometry.wkb()
    }
    return 0
}
