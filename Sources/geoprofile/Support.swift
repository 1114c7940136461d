import AreaAnalysis
import ArgumentParser
import Foundation
import ProfileModel

#if os(Linux)
    import CMalloc
#endif

/// Where the project's data files live: `GEOPROFILE_HOME`, or the first folder above the
/// executable or the working directory that holds `Data/profiles`.
enum Paths {
    static let root: URL = {
        let environment = ProcessInfo.processInfo.environment
        if let home = environment["GEOPROFILE_HOME"], !home.isEmpty { return URL(fileURLWithPath: home) }
        let executable = URL(
            fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
                ?? CommandLine.arguments[0])
        let starts = [
            executable.deletingLastPathComponent(), URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
        ]
        for start in starts {
            var folder = start.standardizedFileURL
            while folder.path != "/" {
                if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Data/profiles").path) {
                    return folder
                }
                folder.deleteLastPathComponent()
            }
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }()

    static var data: URL { root.appendingPathComponent("Data") }
    static var defaultDataset: URL { data.appendingPathComponent("postcodes/nl-pc4.gpkg") }
    static var defaultSources: URL { root.appendingPathComponent("../shared/data/nl").standardizedFileURL }
    static var variableMapping: URL { data.appendingPathComponent("postcodes/cbs-variables.json") }
    static var profiles: URL { data.appendingPathComponent("profiles") }
    static var recommender: URL { data.appendingPathComponent("recommender") }

    /// A path from an option, an environment variable, or the default.
    static func resolve(_ option: String?, environment key: String, default fallback: URL) -> URL {
        if let option, !option.isEmpty { return URL(fileURLWithPath: option) }
        if let value = ProcessInfo.processInfo.environment[key], !value.isEmpty { return URL(fileURLWithPath: value) }
        return fallback
    }

    /// A profile set by id (a file `Data/profiles/ID.json`) or by path.
    static func profileSet(_ reference: String?) throws -> (ProfileSet, URL) {
        let name = reference ?? "citisens-2017"
        let asFile = URL(fileURLWithPath: name)
        let url =
            name.hasSuffix(".json") || name.contains("/") ? asFile : profiles.appendingPathComponent("\(name).json")
        guard FileManager.default.fileExists(atPath: url.path) else {
            let known = ((try? FileManager.default.contentsOfDirectory(atPath: profiles.path)) ?? [])
                .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
            throw ProfileModelError(
                .missingInput,
                "there is no profile set '\(name)'; known sets: \(known.joined(separator: ", ")), or give a file path")
        }
        return (try ProfileSet.load(from: url), url)
    }
}

/// The dataset option shared by every command that reads the postcode dataset.
struct DatasetOptions: ParsableArguments {
    @Option(name: .long, help: "The postcode dataset (default: $GEOPROFILE_DATASET or Data/postcodes/nl-pc4.gpkg).")
    var dataset: String?

    var url: URL { Paths.resolve(dataset, environment: "GEOPROFILE_DATASET", default: Paths.defaultDataset) }

    func open() throws -> PostcodeDataset { try PostcodeDataset(url: url) }
}

/// How to read a zone file: shared by `analyze` and `recommend`.
struct ZoneOptions: ParsableArguments {
    @Option(help: "GeoPackage layer to read.")
    var layer: String?

    @Option(help: "CRS of the zones when the file does not say (EPSG:28992, EPSG:4326, WKT, PROJ string).")
    var crs: String?

    @Option(help: "Attribute holding each zone's id.")
    var idField: String?

    @Option(help: "Attribute holding each zone's name.")
    var nameField: String?

    @Option(help: "Radius in metres around a point zone.")
    var radius: Double?

    func validate() throws {
        if let radius, !(radius > 0 && radius.isFinite) {
            throw ValidationError("--radius must be a positive number of metres")
        }
    }

    var readOptions: ZoneReadOptions { ZoneReadOptions(layer: layer, crs: crs, idField: idField, nameField: nameField) }
}

/// Output destination shared by the reporting commands.
struct OutputOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Write to this file instead of standard output (written atomically).")
    var output: String?

    /// Where the output goes: standard output without `--output`.
    func destination() throws(AreaAnalysisError) -> OutputDestination {
        guard let output else { return .standardOutput }
        return try OutputDestination(path: output)
    }

    /// Prints `text` or writes it to the output (a regular file atomically, a device in place).
    func emit(_ text: String) throws {
        let body = text.hasSuffix("\n") ? text : text + "\n"
        try destination().write(Data(body.utf8))
    }
}

/// Runs a command body and turns the project's errors into one sentence on standard
/// error and a sysexits exit code.
func reportingErrors<T>(_ body: () async throws -> T) async throws -> T {
    // Ctrl-C or SIGTERM must not leave a half-written temporary file behind.
    TemporaryFiles.shared.removeOnTermination()
    do {
        return try await body()
    } catch let error as AreaAnalysisError {
        throw fail(error.description, code: exitCode(error.code))
    } catch let error as ProfileModelError {
        throw fail(error.message, code: exitCode(error.code))
    }
}

func exitCode(_ code: AreaAnalysisError.Code) -> Int32 {
    switch code {
    case .usage: return 64
    case .invalidData: return 65
    case .missingInput: return 66
    case .library: return 70
    case .cannotCreateOutput: return 73
    }
}

func exitCode(_ code: ProfileModelError.Code) -> Int32 {
    switch code {
    case .usage: return 64
    case .invalidData: return 65
    case .missingInput: return 66
    case .cannotCreateOutput: return 73
    }
}

func fail(_ message: String, code: Int32) -> ExitCode {
    warn("error: \(message)")
    return ExitCode(code)
}

/// A line on standard error.
func warn(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// JSON with sorted keys and pretty printing, for every `--format json`.
func json(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}

/// Formats a number with grouping: 17,404,635.
func grouped(_ value: Double, decimals: Int = 0) -> String {
    guard value.isFinite else { return String(value) }
    let rounded = decimals == 0 ? String(format: "%.0f", value) : String(format: "%.\(decimals)f", value)
    let negative = rounded.hasPrefix("-")
    let digits = negative ? rounded.dropFirst() : Substring(rounded)
    let whole = digits.prefix { $0 != "." }
    let fraction = digits.dropFirst(whole.count)
    var out = ""
    for (offset, digit) in whole.enumerated() {
        if offset > 0 && (whole.count - offset) % 3 == 0 { out.append(",") }
        out.append(digit)
    }
    return (negative ? "-" : "") + out + fraction
}

func percent(_ share: Double, decimals: Int = 1) -> String { String(format: "%.\(decimals)f%%", 100 * share) }

/// A plain-text table with aligned columns; numeric columns are right-aligned.
func textTable(_ header: [String], _ rows: [[String]], rightAligned: Set<Int> = []) -> String {
    var widths = header.map(\.count)
    for row in rows {
        for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
    }
    func line(_ cells: [String]) -> String {
        cells.enumerated().map { i, cell in
            let pad = String(repeating: " ", count: max(widths[i] - cell.count, 0))
            return rightAligned.contains(i) ? pad + cell : cell + pad
        }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
    }
    return ([line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")] + rows.map(line))
        .joined(separator: "\n")
}

/// RFC 4180 CSV text: fields holding the delimiter, a quote or a line break are quoted,
/// with quotes doubled; lines end in LF.
///
/// Written here rather than through the CSV package's writer, which handles one character
/// at a time through a stream and took most of the run time of a 10,000-zone analysis.
struct CSVText {
    let delimiter: Character
    private let delimiterByte: UInt8
    private let decimalComma: Bool
    private var rowStarted = false
    private(set) var text = ""

    /// `delimiter` must be an ASCII character (the CSV writer offers comma and semicolon);
    /// with `decimalComma`, numbers are written with a decimal comma.
    init(delimiter: Character = ",", decimalComma: Bool = false) {
        precondition(delimiter.isASCII, "a CSV delimiter is one ASCII character")
        self.delimiter = delimiter
        delimiterByte = delimiter.asciiValue ?? 0x2C
        self.decimalComma = decimalComma
    }

    /// Appends a text field to the current row, quoted where it needs to be.
    mutating func append(field: String) {
        separate()
        let delimiter = delimiterByte
        // Scanning the UTF-8 bytes: the characters that need quoting are all ASCII.
        if field.utf8.contains(where: { $0 == delimiter || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
            text.append("\"")
            text.append(field.replacingOccurrences(of: "\"", with: "\"\""))
            text.append("\"")
        } else {
            text.append(field)
        }
    }

    /// Appends a number to the current row at full precision: the shortest text that reads
    /// back as the same number.
    mutating func append(number: Double) {
        separate()
        if decimalComma {
            text.append(String(number).replacingOccurrences(of: ".", with: ","))
        } else {
            number.write(to: &text)
        }
    }

    /// Ends the current row.
    mutating func endRow() {
        text.append("\n")
        rowStarted = false
    }

    /// Appends a whole row of text fields.
    mutating func append(row fields: [String]) {
        for field in fields { append(field: field) }
        endRow()
    }

    /// Reserves room for `count` more bytes of text.
    mutating func reserve(_ count: Int) { text.reserveCapacity(text.utf8.count + count) }

    private mutating func separate() {
        if rowStarted { text.append(delimiter) }
        rowStarted = true
    }
}

/// Lets the C allocator grow and keep its heaps in large steps.
///
/// Worker threads allocate from their own heaps, which glibc grows 128 KiB at a time with a
/// system call each and trims as soon as memory is freed; a 10,000-zone analysis spent a
/// tenth of its time in those calls. Untouched reserve does not count towards resident
/// memory, so the peak RSS stays as it was.
func reserveAllocatorHeadroom() {
    #if os(Linux)
        // mallopt returns 1 on success, 0 on an invalid setting: nothing to do then but go
        // on with the defaults.
        _ = mallopt(M_TOP_PAD, 64 << 20)
        _ = mallopt(M_TRIM_THRESHOLD, 256 << 20)
    #endif
}
