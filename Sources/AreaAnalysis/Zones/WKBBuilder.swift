internal import Foundation
internal import ProfileModel

/// Builds ISO well-known binary for polygons and points from coordinate arrays, checking
/// what GEOS would otherwise reject with a less helpful message.
enum WKBBuilder {
    /// A multi-polygon (or a polygon when there is one) from polygons of flat (x, y) rings.
    static func polygons(_ polygons: [[ContiguousArray<Double>]], context: String) throws(AreaAnalysisError) -> Data {
        var out = Data()
        func uint32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) } }
        func double(_ value: Double) {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { out.append(contentsOf: $0) }
        }
        func polygon(_ rings: [ContiguousArray<Double>]) throws(AreaAnalysisError) {
            out.append(1)
            uint32(3)
            uint32(UInt32(rings.count))
            for ring in rings {
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
                uint32(UInt32(count))
                for value in ring { double(value) }
            }
        }
        guard !polygons.isEmpty, polygons.allSatisfy({ !$0.isEmpty }) else {
            throw AreaAnalysisError(.invalidData, "\(context) is empty: it has no polygon")
        }
        if polygons.count == 1 {
            try polygon(polygons[0])
        } else {
            out.append(1)
            uint32(6)
            uint32(UInt32(polygons.count))
            for rings in polygons { try polygon(rings) }
        }
        return out
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
