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
                    let count = Int(points) * 2
                    let source = UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + 8 * count)])
                    let ring = ContiguousArray<Double>(unsafeUninitializedCapacity: count) { buffer, initialized in
                        if littleEndian == (1.littleEndian == 1) {
                            // Same byte order as this machine: the coordinates are copied as they are.
                            UnsafeMutableRawBufferPointer(buffer).copyMemory(from: source)
                        } else {
                            for i in 0..<count {
                                let raw = source.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self)
                                buffer[i] = Double(bitPattern: raw.byteSwapped)
                            }
                        }
                        initialized = count
                    }
                    offset += 8 * count
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

    /// The bounding box of a Polygon or MultiPolygon's coordinates; `nil` where
    /// ``polygons(_:)`` returns `nil`, for no coordinates, or for non-finite ones.
    public static func envelope(_ wkb: Data) -> Envelope? {
        guard let polygons = polygons(wkb) else { return nil }
        var box = Envelope(minX: .infinity, minY: .infinity, maxX: -.infinity, maxY: -.infinity)
        for polygon in polygons {
            for ring in polygon {
                for i in stride(from: 0, to: ring.count - 1, by: 2) {
                    box.minX = Swift.min(box.minX, ring[i])
                    box.maxX = Swift.max(box.maxX, ring[i])
                    box.minY = Swift.min(box.minY, ring[i + 1])
                    box.maxY = Swift.max(box.maxY, ring[i + 1])
                }
            }
        }
        return box.isFinite && box.minX <= box.maxX ? box : nil
    }
}
