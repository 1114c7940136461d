public import Foundation

/// Reads the rings of a Polygon or MultiPolygon straight from well-known binary, without
/// GEOS: the exact overlap kernel needs only coordinates, and postcode geometries are read
/// many times.
public enum WKBRings {
    /// Per polygon its rings as flat (x, y) arrays, shell first; `nil` for any other
    /// geometry type, Z/M coordinates, or bytes that are not valid WKB.
    public static func polygons(_ wkb: Data) -> [[ContiguousArray<Double>]]? {
        wkb.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> [[ContiguousArray<Double>]]? in
            var offset = 0
            var littleEndian = true
            func uint32() -> UInt32? {
                guard offset + 4 <= bytes.count else { return nil }
                let raw = bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
                offset += 4
                return littleEndian ? UInt32(littleEndian: raw) : UInt32(bigEndian: raw)
            }
            func header(expecting type: UInt32) -> Bool {
                guard offset < bytes.count else { return false }
                littleEndian = bytes[offset] == 1
                offset += 1
                return uint32() == type
            }
            func polygon() -> [ContiguousArray<Double>]? {
                guard header(expecting: 3), let ringCount = uint32() else { return nil }
                var rings: [ContiguousArray<Double>] = []
                for _ in 0..<ringCount {
                    guard let points = uint32(), offset + Int(points) * 16 <= bytes.count else { return nil }
                    var ring = ContiguousArray<Double>(repeating: 0, count: Int(points) * 2)
                    for i in 0..<(Int(points) * 2) {
                        let raw = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                        ring[i] = Double(bitPattern: littleEndian ? UInt64(littleEndian: raw) : UInt64(bigEndian: raw))
                        offset += 8
                    }
                    rings.append(ring)
                }
                return rings
            }
            guard !bytes.isEmpty else { return nil }
            littleEndian = bytes[0] == 1
            let start = offset
            offset = 1
            guard let type = uint32() else { return nil }
            switch type {
            case 3:
                offset = start
                return polygon().map { [$0] }
            case 6:
                guard let count = uint32() else { return nil }
                var polygons: [[ContiguousArray<Double>]] = []
                for _ in 0..<count {
                    guard let rings = polygon() else { return nil }
                    polygons.append(rings)
                }
                return polygons
            default:
                return nil
            }
        }
    }
}
