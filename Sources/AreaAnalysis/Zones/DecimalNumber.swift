#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The value of a decimal number's text, correctly rounded to the nearest double, as
/// `strtod` gives it but without its cost in the common case.
///
/// A number with at most 15 significant digits and a decimal exponent of at most 22 in
/// size (what GIS tools write for coordinates) is one exact integer below 2^53 times or
/// divided by one exact power of ten, so one IEEE multiplication or division rounds it
/// correctly (Clinger's fast path, W. D. Clinger, "How to read floating point numbers
/// accurately", PLDI 1990). Every other number goes to `strtod`.
enum DecimalNumber {
    /// The powers of ten a double holds exactly.
    private static let powers: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
        1e19, 1e20, 1e21, 1e22,
    ]

    /// The value of `text`, which must follow JSON's number grammar (`-`, digits, an
    /// optional fraction and an optional exponent); the caller checks that.
    static func value(of text: UnsafeRawBufferPointer) -> Double {
        let count = text.count
        var index = 0
        let negative = count > 0 && text[0] == UInt8(ascii: "-")
        if negative { index = 1 }
        var mantissa: UInt64 = 0
        var significant = 0
        var exponent = 0
        while index < count {
            let digit = text[index] &- 0x30
            guard digit < 10 else { break }
            index += 1
            if mantissa == 0 && digit == 0 { continue }
            significant += 1
            guard significant <= 15 else { return slow(text) }
            mantissa = mantissa &* 10 &+ UInt64(digit)
        }
        if index < count, text[index] == UInt8(ascii: ".") {
            index += 1
            while index < count {
                let digit = text[index] &- 0x30
                guard digit < 10 else { break }
                index += 1
                exponent -= 1
                if mantissa == 0 && digit == 0 { continue }
                significant += 1
                guard significant <= 15 else { return slow(text) }
                mantissa = mantissa &* 10 &+ UInt64(digit)
            }
        }
        if index < count {
            // An exponent: 'e' or 'E', an optional sign, digits.
            index += 1
            var exponentNegative = false
            if index < count, text[index] == UInt8(ascii: "-") || text[index] == UInt8(ascii: "+") {
                exponentNegative = text[index] == UInt8(ascii: "-")
                index += 1
            }
            var written = 0
            while index < count {
                let digit = text[index] &- 0x30
                guard digit < 10 else { break }
                index += 1
                written = written * 10 + Int(digit)
                guard written < 1000 else { return slow(text) }
            }
            exponent += exponentNegative ? -written : written
        }
        guard index == count else { return slow(text) }
        if mantissa == 0 { return negative ? -0.0 : 0.0 }
        guard exponent >= -22, exponent <= 22 else { return slow(text) }
        // Both operands are exact, so the one rounding is the correct one.
        let magnitude = exponent >= 0 ? Double(mantissa) * powers[exponent] : Double(mantissa) / powers[-exponent]
        return negative ? -magnitude : magnitude
    }

    /// `strtod` on a terminated copy of `text`.
    static func slow(_ text: UnsafeRawBufferPointer) -> Double {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: text.count + 1) { buffer in
            for index in 0..<text.count { buffer[index] = CChar(bitPattern: text[index]) }
            buffer[text.count] = 0
            return strtod(buffer.baseAddress!, nil)
        }
    }
}
