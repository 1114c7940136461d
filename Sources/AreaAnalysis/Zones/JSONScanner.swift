/// A JSON syntax error at a byte offset of the document.
struct JSONSyntaxError: Error {
    /// What was wrong, e.g. "expected ',' or ']'".
    var message: String
    /// Byte offset where it was found.
    var offset: Int
}

/// A JSON value read in full (used for the small parts of a GeoJSON document: properties,
/// ids and the legacy `crs` member; coordinates are read without building values).
enum JSONValue {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    /// The member of an object with this key, if any.
    subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// The text of a string value.
    var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }
}

/// A pull reader over the bytes of an RFC 8259 JSON document: the caller walks objects and
/// arrays member by member, so a large document is never held as a tree. The bytes must
/// stay valid while the scanner is used.
struct JSONScanner {
    private let bytes: UnsafeRawBufferPointer
    /// Byte offset of the next unread byte.
    private(set) var offset: Int

    /// Starts at the beginning of `bytes`, after a UTF-8 byte-order mark if there is one.
    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        offset = bytes.count >= 3 && bytes.prefix(3).elementsEqual(bom) ? 3 : 0
    }

    /// Starts at byte `offset` of `bytes` (where another scanner found a value).
    init(_ bytes: UnsafeRawBufferPointer, offset: Int) {
        self.bytes = bytes
        self.offset = offset
    }

    /// The byte at the next non-blank position, without consuming it; `nil` at the end.
    mutating func peek() -> UInt8? {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0A, 0x0D: offset += 1
            default: return bytes[offset]
            }
        }
        return nil
    }

    /// Fails unless only blanks remain.
    mutating func expectEnd() throws(JSONSyntaxError) {
        if peek() != nil { throw error("unexpected text after the end of the document") }
    }

    func error(_ message: String) -> JSONSyntaxError { JSONSyntaxError(message: message, offset: offset) }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(JSONSyntaxError) {
        guard peek() == byte else { throw error("expected \(what)") }
        offset += 1
    }

    /// Walks the members of an object; `member` reads (or skips) each value and leaves the
    /// scanner after it.
    mutating func object(_ member: (inout JSONScanner, String) throws -> Void) throws {
        try expect(UInt8(ascii: "{"), "'{'")
        if peek() == UInt8(ascii: "}") {
            offset += 1
            return
        }
        while true {
            guard peek() == UInt8(ascii: "\"") else { throw error("expected a member name in quotes") }
            let key = try string()
            try expect(UInt8(ascii: ":"), "':' after a member name")
            try member(&self, key)
            switch peek() {
            case UInt8(ascii: ","): offset += 1
            case UInt8(ascii: "}"):
                offset += 1
                return
            default: throw error("expected ',' or '}' in an object")
            }
        }
    }

    /// Walks the elements of an array; `element` reads each one.
    mutating func array(_ element: (inout JSONScanner, Int) throws -> Void) throws {
        try expect(UInt8(ascii: "["), "'['")
        if peek() == UInt8(ascii: "]") {
            offset += 1
            return
        }
        var index = 0
        while true {
            try element(&self, index)
            index += 1
            switch peek() {
            case UInt8(ascii: ","): offset += 1
            case UInt8(ascii: "]"):
                offset += 1
                return
            default: throw error("expected ',' or ']' in an array")
            }
        }
    }

    /// Reads a number.
    mutating func number() throws(JSONSyntaxError) -> Double {
        _ = peek()
        let start = offset
        func digits(_ scanner: inout JSONScanner) -> Int {
            let begin = scanner.offset
            while scanner.offset < scanner.bytes.count, (0x30...0x39).contains(scanner.bytes[scanner.offset]) {
                scanner.offset += 1
            }
            return scanner.offset - begin
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "-") { offset += 1 }
        let integer = digits(&self)
        guard integer > 0 else { throw error("expected a value") }
        if integer > 1, bytes[offset - integer] == UInt8(ascii: "0") {
            throw JSONSyntaxError(message: "a number has a leading zero", offset: start)
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
            offset += 1
            guard digits(&self) > 0 else { throw error("expected a digit after the decimal point") }
        }
        if offset < bytes.count, bytes[offset] | 0x20 == UInt8(ascii: "e") {
            offset += 1
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") {
                offset += 1
            }
            guard digits(&self) > 0 else { throw error("expected a digit in a number's exponent") }
        }
        // JSON's number grammar is a subset of strtod's.
        return DecimalNumber.value(of: UnsafeRawBufferPointer(rebasing: bytes[start..<offset]))
    }

    /// Reads a string, resolving escapes.
    mutating func string() throws(JSONSyntaxError) -> String {
        try expect(UInt8(ascii: "\""), "'\"'")
        let start = offset
        // Fast path: no escapes.
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                let slice = UnsafeRawBufferPointer(rebasing: bytes[start..<offset])
                offset += 1
                guard let text = String(validating: slice, as: UTF8.self) else {
                    throw JSONSyntaxError(message: "a string is not valid UTF-8", offset: start)
                }
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            guard byte >= 0x20 else { throw error("a string holds an unescaped control character") }
            offset += 1
        }
        var utf8 = Array(bytes[start..<offset])
        while offset < bytes.count {
            let byte = bytes[offset]
            offset += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = String(validating: utf8, as: UTF8.self) else {
                    throw JSONSyntaxError(message: "a string is not valid UTF-8", offset: start)
                }
                return text
            case UInt8(ascii: "\\"):
                guard offset < bytes.count else { break }
                let escape = bytes[offset]
                offset += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar), bytes.count - offset >= 6,
                        bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u")
                    {
                        offset += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw error("an unpaired surrogate escape") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { throw error("an unpaired surrogate escape") }
                    utf8.append(contentsOf: Array(String(Character(unicode)).utf8))
                default: throw error("an unknown escape in a string")
                }
            default:
                guard byte >= 0x20 else { throw error("a string holds an unescaped control character") }
                utf8.append(byte)
            }
        }
        throw error("a string is not closed")
    }

    private mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        guard bytes.count - offset >= 4 else { throw error("a \\u escape needs four hex digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[offset]
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: throw error("a \\u escape needs four hex digits")
            }
            value = value << 4 | UInt32(digit)
            offset += 1
        }
        return value
    }

    private mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        let count = word.utf8CodeUnitCount
        guard bytes.count - offset >= count,
            (0..<count).allSatisfy({ bytes[offset + $0] == word.utf8Start[$0] })
        else { throw error("expected a value") }
        offset += count
    }

    /// Reads any value in full.
    mutating func value(depth: Int = 0) throws -> JSONValue {
        guard depth < 512 else { throw error("the document nests more than 512 levels deep") }
        switch peek() {
        case UInt8(ascii: "{"):
            var members: [(key: String, value: JSONValue)] = []
            try object { scanner, key in members.append((key, try scanner.value(depth: depth + 1))) }
            return .object(members)
        case UInt8(ascii: "["):
            var elements: [JSONValue] = []
            try array { scanner, _ in elements.append(try scanner.value(depth: depth + 1)) }
            return .array(elements)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case nil: throw error("the document ends where a value was expected")
        default: return .number(try number())
        }
    }

    /// Skips any value without building it.
    mutating func skip(depth: Int = 0) throws {
        guard depth < 512 else { throw error("the document nests more than 512 levels deep") }
        switch peek() {
        case UInt8(ascii: "{"): try object { scanner, _ in try scanner.skip(depth: depth + 1) }
        case UInt8(ascii: "["): try array { scanner, _ in try scanner.skip(depth: depth + 1) }
        case UInt8(ascii: "\""): _ = try string()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case nil: throw error("the document ends where a value was expected")
        default: _ = try number()
        }
    }

    /// Moves past the value that starts here by its brackets and strings alone, without
    /// checking or reading what is inside: the way to find where a value ends before it is
    /// read, elsewhere, by the checking functions. Stops at the end of the bytes when
    /// brackets are not closed. For a well-formed value, it ends where ``skip(depth:)``
    /// would; for anything else it ends somewhere, and reading from the same start will
    /// show the error.
    mutating func passOver() {
        guard let first = peek() else { return }
        guard first == UInt8(ascii: "{") || first == UInt8(ascii: "[") else {
            // A scalar: up to the next delimiter (a string only to its closing quote).
            if first == UInt8(ascii: "\"") {
                offset += 1
                passOverString()
                return
            }
            while offset < bytes.count {
                switch bytes[offset] {
                case UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"), 0x20, 0x09, 0x0A, 0x0D: return
                default: offset += 1
                }
            }
            return
        }
        var depth = 0
        while offset < bytes.count {
            let byte = bytes[offset]
            offset += 1
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 { return }
            case UInt8(ascii: "\""): passOverString()
            default: break
            }
        }
    }

    /// Moves past the rest of a string whose opening quote has been passed.
    private mutating func passOverString() {
        while offset < bytes.count {
            let byte = bytes[offset]
            offset += 1
            if byte == UInt8(ascii: "\"") { return }
            if byte == UInt8(ascii: "\\") { offset += 1 }
        }
        offset = min(offset, bytes.count)
    }

    /// Line and column (1-based) of a byte offset, for messages.
    func position(of offset: Int) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        for index in 0..<min(offset, bytes.count) where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        return (line, offset - lineStart + 1)
    }
}
