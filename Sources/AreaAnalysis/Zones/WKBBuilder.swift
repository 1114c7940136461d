internal import Foundation
internal import ProfileModel

/// Builds ISO well-known binary for polygons and points from coordinate arrays, checking
/// what GEOS would otherwise reject with a less helpful message.
enum WKBBuilder {
    /// A multi-polygon (or a polygon when there is one) from polygons of flat (x, y) rings.
    static func polygons(_ polygons: [[ContiguousArray<Double>]], context: String) throws(AreaAnalysisError) -> Data {
        guard !polygons.isEmpty, polygons.allSatisfy({ !$0.isEmpty }) else {
            throw AreaAnalysisError(.invalidData, "\(context) is empty: it has no polygon")
        }
        // Every ring checked first, in order, then the bytes written into a buffer of the
        // size they take.
        var size = polygons.count == 1 ? 0 : 9
        for rings in polygons {
            size += 9
            for ring in rings {
                try check(ring, context: context)
                size += 4 + 8 * ring.count
            }
        }
        var out = Data(count: size)
        out.withUnsafeMutableBytes { buffer in
            var at = 0
            func byte(_ value: UInt8) {
                buffer[at] = value
                at += 1
            }
            func uint32(_ value: UInt32) {
                buffer.storeBytes(of: value.littleEndian, toByteOffset: at, as: UInt32.self)
                at += 4
            }
            func polygon(_ rings: [ContiguousArray<Double>]) {
                byte(1)
                uint32(3)
                uint32(UInt32(rings.count))
                for ring in rings {
                    uint32(UInt32(ring.count / 2))
                    for value in ring {
                        buffer.storeBytes(of: value.bitPattern.littleEndian, toByteOffset: at, as: UInt64.self)
                        at += 8
                    }
                }
            }
            if polygons.count == 1 {
                polygon(polygons[0])
            } else {
                byte(1)
                uint32(6)
                uint32(UInt32(polygons.count))
                for rings in polygons { polygon(rings) }
            }
        }
        return out
    }

    /// Fails for a ring with a coordinate that is not finite, fewer than 4 points, or
    /// a last point unlike the first.
    private static func check(_ ring: ContiguousArray<Double>, context: String) throws(AreaAnalysisError) {
        let count = ring.count / 2
        guard ring.allSatisfy(\.isFinite) else {
            throw AreaAnalysisError(
                .invalidData, "\(context) has a coordinate that is not a finite number (NaN or infinite)")
        }
        guard count >= 4 else {
            throw AreaAnalysisError(
                .invalidData,
                "\(context) has a ring of \(count) points; a polygon ring needs at least 4, the last equal to the first"
            )
        }
        guard ring[0] == ring[ring.count - 2], ring[1] == ring[ring.count - 1] else {
            throw AreaAnalysisError(
                .invalidData,
                "\(context) has an unclosed ring: its last point (\(ring[ring.count - 2]), \(ring[ring.count - 1])) differs from its first (\(ring[0]), \(ring[1]))"
            )
        }
    }

    /// A point.
    static func point(x: Double, y: Double, context: String) throws(AreaAnalysisError) -> Data {
        guard x.isFinite, y.isFinite else {
            throw AreaAnalysisError(
                .invalidData, "\(context) has a coordinate that is not a finite number (NaN or infinite)")
        }
        var out = Data([1])
        withUnsafeBytes(of: UInt32(1).littleEndian) { out.append(contentsOf: $0) }
        withUnsafeBytes(of: x.bitPattern.littleEndian) { out.append(contentsOf: $0) }
        withUnsafeBytes(of: y.bitPattern.littleEndian) { out.append(contentsOf: $0) }
        return out
    }
}
