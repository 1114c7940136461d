public import Foundation
public import ProfileModel

/// The GeoPackage geometry encoding (GeoPackage 1.3, §2.1.3): a header with magic `GP`,
/// version, flags, SRS id and optional envelope, followed by ISO well-known binary.
public enum GeoPackageBinary {
    /// A decoded header: where the WKB starts and what the header says.
    public struct Header: Sendable, Hashable {
        /// The spatial reference system id.
        public var srsID: Int32
        /// The envelope stored in the header, if any.
        public var envelope: Envelope?
        /// Whether the header flags the geometry as empty.
        public var isEmpty: Bool
        /// Byte offset of the WKB within the blob.
        public var wkbOffset: Int
    }

    /// Reads the header of a geometry blob; throws for anything that is not a GeoPackage
    /// geometry (wrong magic, unknown envelope code, too short).
    public static func header(of blob: Data) throws(AreaAnalysisError) -> Header {
        let result = blob.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> Result<Header, AreaAnalysisError> in
            Result { () throws(AreaAnalysisError) -> Header in
                guard bytes.count >= 8, bytes[0] == 0x47, bytes[1] == 0x50 else {
                    throw AreaAnalysisError(
                        .invalidData, "a geometry is not in GeoPackage binary format (no 'GP' header)")
                }
                let flags = bytes[3]
                let littleEndian = flags & 1 == 1
                func int32(at offset: Int) -> Int32 {
                    let raw = bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
                    return Int32(bitPattern: littleEndian ? UInt32(littleEndian: raw) : UInt32(bigEndian: raw))
                }
                func double(at offset: Int) -> Double {
                    let raw = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                    return Double(bitPattern: littleEndian ? UInt64(littleEndian: raw) : UInt64(bigEndian: raw))
                }
                let envelopeCode = (flags >> 1) & 0b111
                let envelopeDoubles: Int
                switch envelopeCode {
                case 0: envelopeDoubles = 0
                case 1: envelopeDoubles = 4
                case 2, 3: envelopeDoubles = 6
                case 4: envelopeDoubles = 8
                default:
                    throw AreaAnalysisError(
                        .invalidData, "a GeoPackage geometry has an unknown envelope code \(envelopeCode)")
                }
                let offset = 8 + 8 * envelopeDoubles
                guard bytes.count >= offset else {
                    throw AreaAnalysisError(.invalidData, "a GeoPackage geometry is cut short")
                }
                var envelope: Envelope?
                if envelopeDoubles > 0 {
                    envelope = Envelope(
                        minX: double(at: 8), minY: double(at: 24), maxX: double(at: 16), maxY: double(at: 32))
                }
                return Header(
                    srsID: int32(at: 4), envelope: envelope, isEmpty: flags & 0b1_0000 != 0, wkbOffset: offset)
            }
        }
        return try result.get()
    }

    /// Encodes WKB with a little-endian header carrying the xy envelope.
    public static func encode(wkb: Data, srsID: Int32, envelope: Envelope?) -> Data {
        var out = Data(capacity: wkb.count + 40)
        out.append(contentsOf: [0x47, 0x50, 0])
        let envelopeFlag: UInt8 = envelope == nil ? 0 : 0b10
        let emptyFlag: UInt8 = envelope == nil ? 0b1_0000 : 0
        out.append(1 | envelopeFlag | emptyFlag)
        withUnsafeBytes(of: srsID.littleEndian) { out.append(contentsOf: $0) }
        if let e = envelope {
            for value in [e.minX, e.maxX, e.minY, e.maxY] {
                withUnsafeBytes(of: value.bitPattern.littleEndian) { out.append(contentsOf: $0) }
            }
        }
        out.append(wkb)
        return out
    }
}
