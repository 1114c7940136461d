public import Foundation

/// Reads the rings of a Polygon or MultiPolygon straight from well-known binary, without
/// GEOS: the exact overlap kernel needs only coordinates, and postcode geometries are read
/// many times.
public enum WKBRings {
    /// Per polygon its rings as flat (x, y) arrays, shell first; `nil` for any other
    /// geometry type, Z/M coordinates, or bytes that are not valid WKB.
    public static func polygons(_ wkb: Data) -> [[ContiguousArray<Double>]]? {
        var polygons: [[ContiguousArray<Double>]] = []
        let valid = walk(wkb) { event in
            switch event {
            case .polygon: polygons.append([])
            case .ring(let points, let swapped):
                let count = points.count / 8
                let ring = ContiguousArray<Double>(unsafeUninitializedCapacity: count) { buffer, initialized in
                    if swapped {
                        for i in 0..<count {
                            let raw = points.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self)
                            buffer[i] = Double(bitPattern: raw.byteSwapped)
                        }
                    } else {
                        // Same byte order as this machine: the coordinates are copied as they are.
                        UnsafeMutableRawBufferPointer(buffer).copyMemory(from: points)
                    }
                    initialized = count
                }
                polygons[polygons.count - 1].append(ring)
            }
        }
        return valid ? polygons : nil
    }

    /// The bounding box of a Polygon or MultiPolygon's coordinates, read without copying
    /// them; `nil` where ``polygons(_:)`` returns `nil`, for no coordinates, or for
    /// non-finite ones.
    public static func envelope(_ wkb: Data) -> Envelope? {
        var box = Envelope(minX: .infinity, minY: .infinity, maxX: -.infinity, maxY: -.infinity)
        var finite = true
        let valid = walk(wkb) { event in
            guard case .ring(let points, let swapped) = event else { return }
            for i in stride(from: 0, to: points.count / 8 - 1, by: 2) {
                var x = points.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self)
                var y = points.loadUnaligned(fromByteOffset: 8 * i + 8, as: UInt64.self)
                if swapped {
                    x = x.byteSwapped
                    y = y.byteSwapped
                }
                let px = Double(bitPattern: x)
                let py = Double(bitPattern: y)
                finite = finite && px.isFinite && py.isFinite
                box.minX = Swift.min(box.minX, px)
                box.maxX = Swift.max(box.maxX, px)
                box.minY = Swift.min(box.minY, py)
                box.maxY = Swift.max(box.maxY, py)
            }
        }
        return valid && finite && box.minX <= box.maxX ? box : nil
    }

    /// What ``walk(_:_:)`` meets, in order.
    private enum Event {
        /// A polygon starts.
        case polygon
        /// A ring of the current polygon: its (x, y) pairs as raw 8-byte numbers, byte
        /// swapped if `swapped`.
        case ring(UnsafeRawBufferPointer, swapped: Bool)
    }

    /// Walks a Polygon or MultiPolygon; `false` for any other geometry type or bytes that
    /// are not valid WKB.
    private static func walk(_ wkb: Data, _ visit: (Event) -> Void) -> Bool {
        wkb.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> Bool in
            let machineIsLittleEndian = 1.littleEndian == 1
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
            func polygon() -> Bool {
                guard header(expecting: 3), let ringCount = uint32() else { return false }
                visit(.polygon)
                for _ in 0..<ringCount {
                    guard let points = uint32(), offset + Int(points) * 16 <= bytes.count else { return false }
                    let end = offset + Int(points) * 16
                    visit(
                        .ring(
                            UnsafeRawBufferPointer(rebasing: bytes[offset..<end]),
                            swapped: littleEndian != machineIsLittleEndian))
                    offset = end
                }
                return true
            }
            guard !bytes.isEmpty else { return false }
            littleEndian = bytes[0] == 1
            offset = 1
            guard let type = uint32() else { return false }
            switch type {
            case 3:
                offset = 0
                return polygon()
            case 6:
                guard let count = uint32() else { return false }
                for _ in 0..<count where !polygon() { return false }
                return true
            default:
                return false
            }
        }
    }
}
