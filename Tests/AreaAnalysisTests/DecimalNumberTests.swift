import Foundation
import Testing

@testable import AreaAnalysis

/// The GeoJSON reader's number parser gives exactly `strtod`'s double for every number
/// JSON allows, and the scanner refuses the forms JSON does not allow with the messages it
/// always gave.
@Suite("Decimal numbers read as strtod reads them")
struct DecimalNumberTests {
    /// The parser's value and strtod's, as bit patterns (so -0 and 0 differ).
    static func both(_ text: String) -> (parsed: UInt64, strtod: UInt64) {
        let bytes = Array(text.utf8)
        let parsed = bytes.withUnsafeBytes { DecimalNumber.value(of: $0) }
        return (parsed.bitPattern, strtod(text, nil).bitPattern)
    }

    static let edgeCases = [
        "0", "-0", "-0.0", "0.0", "0e5", "-0e-5", "0.000", "0e999", "-0E+999", "1", "-1", "9", "10", "1.0",
        "0.1", "0.2", "0.3", "0.30000000000000004", "1e22", "1e23", "-1e22", "1e-22", "1e-23", "8.5e-22",
        "123456789012345", "1234567890123456", "12345678901234567890", "9007199254740992", "9007199254740993",
        "999999999999999", "999999999999999.9", "0.000000000000001", "0.0000000000000000000001",
        "4.9e-324", "5e-324", "2e-324", "2.4703282292062327e-324", "2.4703282292062328e-324",
        "2.2250738585072011e-308", "2.2250738585072014e-308", "1.7976931348623157e308",
        "1.7976931348623158e308", "1.7976931348623159e308", "1e308", "1e309", "1e400", "-1e400", "1e-400",
        "52.1234567", "-4.8912345", "4.891234500000000000000", "5.10", "52.08", "155000.123", "463000.5",
        "1E2", "1e+2", "1e-2", "123.456e-5", "123.456E+5", "0.5e1", "100e-2", "1e0", "1e-0", "1e00022",
        "3.141592653589793", "2.718281828459045", "0.1e-21", "1.5e-7", "12345.6789e-3",
    ]

    @Test("edge cases: signs, zeros, exponents, many digits, subnormals, overflow", arguments: edgeCases)
    func edgeCase(_ text: String) {
        let (parsed, expected) = Self.both(text)
        #expect(parsed == expected, "\(text)")
    }

    @Test("a hundred thousand random decimal texts give strtod's double, bit for bit")
    func randomTexts() {
        var generator = SplitMix(seed: 20_261_201)
        var mismatches: [String] = []
        for _ in 0..<100_000 {
            var text = generator.next() % 2 == 0 ? "-" : ""
            let integerDigits = Int(generator.next() % 12)
            if integerDigits == 0 {
                text += "0"
            } else {
                text += String(1 + generator.next() % 9)
                for _ in 1..<integerDigits { text += String(generator.next() % 10) }
            }
            let fractionDigits = Int(generator.next() % 20)
            if fractionDigits > 0 {
                text += "."
                for _ in 0..<fractionDigits { text += String(generator.next() % 10) }
            }
            switch generator.next() % 4 {
            case 0: text += "e\(Int(generator.next() % 60) - 30)"
            case 1: text += "E+\(generator.next() % 340)"
            case 2: text += "e-\(generator.next() % 340)"
            default: break
            }
            let (parsed, expected) = Self.both(text)
            if parsed != expected { mismatches.append(text) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
    }

    @Test("random doubles written as GIS tools write them (%.7f, %.15g, %.17g) read back as strtod reads them")
    func randomDoubles() {
        var generator = SplitMix(seed: 7)
        var mismatches: [String] = []
        for _ in 0..<50_000 {
            let magnitude = Double(generator.next() % 1_000_000_007) / 1_000_000_007
            let sign: Double = generator.next() % 2 == 0 ? -1 : 1
            let value = sign * magnitude * pow(10, Double(Int(generator.next() % 12) - 3))
            for format in ["%.7f", "%.15g", "%.17g", "%.3f"] {
                let text = String(format: format, value)
                let (parsed, expected) = Self.both(text)
                if parsed != expected { mismatches.append(text) }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
    }

    @Test(
        "forms JSON does not allow are refused with the scanner's messages",
        arguments: [
            ("-", "expected a value"), ("+1", "expected a value"), (".5", "expected a value"),
            ("-a", "expected a value"), ("01", "a number has a leading zero"),
            ("-00.5", "a number has a leading zero"), ("1.", "expected a digit after the decimal point"),
            ("1.e5", "expected a digit after the decimal point"), ("1e", "expected a digit in a number's exponent"),
            ("1e+", "expected a digit in a number's exponent"), ("2E-x", "expected a digit in a number's exponent"),
        ])
    func refused(_ text: String, _ message: String) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { buffer in
            var scanner = JSONScanner(buffer)
            do {
                let value = try scanner.number()
                Issue.record("\(text) read as \(value)")
            } catch let error as JSONSyntaxError {
                #expect(error.message == message, "\(text)")
            } catch {
                Issue.record("\(text): \(error)")
            }
        }
    }

    @Test("the scanner reads a number up to its end and gives the parser's value")
    func throughScanner() throws {
        let text = "[52.1234567, -4.8912345e-3, -0, 1e400]"
        var values: [Double] = []
        try Array(text.utf8).withUnsafeBytes { buffer in
            var scanner = JSONScanner(buffer)
            try scanner.array { scanner, _ in values.append(try scanner.number()) }
        }
        #expect(values.map(\.bitPattern) == [52.1234567, -4.8912345e-3, -0.0, .infinity].map(\.bitPattern))
    }
}

/// A small seeded generator (SplitMix64), so every run tests the same texts.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
