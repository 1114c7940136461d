public import Foundation
public import ProfileModel

/// A participation process as a timeline of phases, each with one goal.
///
/// Phases follow CitizenLab's timeline rules: they must not overlap, and only the last
/// phase may be open-ended (a start date without an end date). Dates are optional, but a
/// plan either dates every phase's start or none. Load a shipped template with
/// ``template(named:in:)`` or a user's file with ``load(from:)``.
public struct PhasePlan: Decodable, Sendable, Hashable, Identifiable {
    /// A calendar day, written `yyyy-MM-dd` in files; no time of day and no time zone.
    public struct Day: Codable, Sendable, Hashable, Comparable, CustomStringConvertible {
        /// The year, e.g. 2026.
        public let year: Int
        /// The month, 1-12.
        public let month: Int
        /// The day of the month, 1-31.
        public let day: Int

        /// Creates a day; throws when it does not exist (e.g. 2026-02-30).
        public init(year: Int, month: Int, day: Int) throws(ProfileModelError) {
            guard (1...9999).contains(year), (1...12).contains(month),
                (1...Self.daysIn(month: month, year: year)).contains(day)
            else {
                throw ProfileModelError(.invalidData, "\(year)-\(month)-\(day) is not a calendar day")
            }
            self.year = year
            self.month = month
            self.day = day
        }

        /// Parses `yyyy-MM-dd`; throws when the text is not such a day.
        public init(parsing text: String) throws(ProfileModelError) {
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
                let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
            else {
                throw ProfileModelError(.invalidData, "'\(text)' is not a date of the form yyyy-MM-dd")
            }
            guard (try? Day(year: year, month: month, day: day)) != nil else {
                throw ProfileModelError(.invalidData, "'\(text)' is not a calendar day")
            }
            self.init(unchecked: year, month, day)
        }

        /// Decodes a `yyyy-MM-dd` string.
        public init(from decoder: any Decoder) throws {
            try self.init(parsing: try decoder.singleValueContainer().decode(String.self))
        }

        /// Encodes as a `yyyy-MM-dd` string.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            try c.encode(description)
        }

        /// `yyyy-MM-dd`.
        public var description: String {
            func pad(_ value: Int, _ width: Int) -> String {
                let digits = String(value)
                return String(repeating: "0", count: max(0, width - digits.count)) + digits
            }
            return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
        }

        /// Days since 1970-01-01 (proleptic Gregorian calendar).
        public var ordinal: Int {
            // Howard Hinnant's days_from_civil.
            let y = month <= 2 ? year - 1 : year
            let era = (y >= 0 ? y : y - 399) / 400
            let yoe = y - era * 400
            let mp = (month + 9) % 12
            let doy = (153 * mp + 2) / 5 + day - 1
            let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
            return era * 146_097 + doe - 719_468
        }

        /// The day a number of days later (earlier when negative).
        public func adding(days: Int) -> Day {
            // Howard Hinnant's civil_from_days.
            let z = ordinal + days + 719_468
            let era = (z >= 0 ? z : z - 146_096) / 146_097
            let doe = z - era * 146_097
            let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
            let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
            let mp = (5 * doy + 2) / 153
            let d = doy - (153 * mp + 2) / 5 + 1
            let m = mp < 10 ? mp + 3 : mp - 9
            return Day(unchecked: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
        }

        /// Orders days in time.
        public static func < (lhs: Day, rhs: Day) -> Bool { lhs.ordinal < rhs.ordinal }

        private init(unchecked year: Int, _ month: Int, _ day: Int) {
            self.year = year
            self.month = month
            self.day = day
        }

        private static func daysIn(month: Int, year: Int) -> Int {
            switch month {
            case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
            case 4, 6, 9, 11: 30
            default: 31
            }
        }
    }

    /// One phase of a plan.
    public struct Phase: Decodable, Sendable, Hashable, Identifiable {
        /// Stable identifier, unique within the plan.
        public var id: String
        /// A readable name, in English and Dutch (`name` and `name_nl`).
        public var name: LocalizedText
        /// What the phase asks of residents.
        public var goal: PhaseGoal
        /// The first day, if the plan is dated.
        public var start: Day?
        /// The last day (inclusive); `nil` for an undated or an open-ended phase.
        public var end: Day?
        /// Why the phase has its goal, for the shipped templates.
        public var basis: Basis?

        /// Creates a phase; ``PhasePlan/init(id:name:phases:)`` validates it.
        public init(
            id: String, name: LocalizedText, goal: PhaseGoal, start: Day? = nil, end: Day? = nil, basis: Basis? = nil
        ) {
            self.id = id
            self.name = name
            self.goal = goal
            self.start = start
            self.end = end
            self.basis = basis
        }

        enum CodingKeys: String, CodingKey {
            case id, name, goal, start, end, basis
            case nameNL = "name_nl"
        }

        /// Decodes a phase, naming the phase when its goal or a date is wrong. A phase
        /// without a name is called by its id; one without a Dutch name by its English name,
        /// except in a shipped template, which must give both.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decode(String.self, forKey: .id)
            let context = "phase '\(id)'"
            name =
                c.contains(.name)
                ? try c.decodeText(.name, dutch: .nameNL, required: decoder.requiresDutch, context: context)
                : LocalizedText(id)
            goal = try c.decodeChoice(PhaseGoal.self, forKey: .goal, what: "goal", context: context)
            func day(_ key: CodingKeys) throws -> Day? {
                guard let text = try c.decodeIfPresent(String.self, forKey: key) else { return nil }
                guard let day = try? Day(parsing: text) else {
                    throw ProfileModelError(
                        .invalidData,
                        "\(context) has the \(key.rawValue) date '\(text)', which is not a calendar day written yyyy-MM-dd"
                    )
                }
                return day
            }
            start = try day(.start)
            end = try day(.end)
            basis = try c.decodeIfPresent(Basis.self, forKey: .basis)
        }
    }

    /// Stable identifier, e.g. `citisens`.
    public var id: String
    /// A readable name, in English and Dutch.
    public var name: LocalizedText
    /// The phases, in time order.
    public var phases: [Phase]

    enum CodingKeys: String, CodingKey {
        case id, name, phases
        case nameNL = "name_nl"
    }

    /// Creates a plan and validates it.
    public init(id: String, name: LocalizedText, phases: [Phase]) throws(ProfileModelError) {
        self.id = id
        self.name = name
        self.phases = phases
        try validate()
    }

    /// Decodes and validates a plan; `id` and `name` are optional in a user's file.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decodeIfPresent(String.self, forKey: .id) ?? "plan"
        name =
            c.contains(.name)
            ? try c.decodeText(.name, dutch: .nameNL, required: decoder.requiresDutch, context: "phase plan '\(id)'")
            : LocalizedText(id)
        phases = try c.decode([Phase].self, forKey: .phases)
        try validate()
    }

    /// `true` when the phases carry dates.
    public var isDated: Bool { phases.first?.start != nil }

    /// Checks ids, dates and overlaps; throws the first problem found.
    public func validate() throws(ProfileModelError) {
        guard !phases.isEmpty else { throw ProfileModelError(.invalidData, "phase plan '\(id)' has no phases") }
        var seen = Set<String>()
        for phase in phases {
            guard RecommenderTables.isValidIdentifier(phase.id) else {
                throw ProfileModelError(
                    .invalidData, "phase id '\(phase.id)' may only contain letters, digits, '-' and '_'")
            }
            guard seen.insert(phase.id).inserted else {
                throw ProfileModelError(.invalidData, "phase plan '\(id)' lists the phase '\(phase.id)' twice")
            }
            if let basis = phase.basis { try basis.validate("the goal of phase '\(phase.id)'") }
        }
        let dated = phases.filter { $0.start != nil }
        if let undated = phases.first(where: { $0.start == nil && $0.end != nil }) {
            throw ProfileModelError(.invalidData, "phase '\(undated.id)' has an end date but no start date")
        }
        guard dated.isEmpty || dated.count == phases.count else {
            let undated = phases.first { $0.start == nil }!
            throw ProfileModelError(
                .invalidData, "phase '\(undated.id)' has no start date; date every phase's start or none")
        }
        for (index, phase) in phases.enumerated() {
            guard let start = phase.start else { continue }
            if let end = phase.end, end < start {
                throw ProfileModelError(
                    .invalidData, "phase '\(phase.id)' ends on \(end), before it starts on \(start)")
            }
            let isLast = index == phases.count - 1
            guard phase.end != nil || isLast else {
                throw ProfileModelError(
                    .invalidData, "phase '\(phase.id)' has no end date; only the last phase may be open-ended")
            }
            guard index > 0, let previousStart = phases[index - 1].start else { continue }
            let previous = phases[index - 1]
            guard previousStart <= start else {
                throw ProfileModelError(
                    .invalidData,
                    "phase '\(phase.id)' starts on \(start), before phase '\(previous.id)' that is listed before it; list phases in time order"
                )
            }
            // End dates are inclusive, so the next phase may start the day after.
            if let previousEnd = previous.end, start <= previousEnd {
                throw ProfileModelError(
                    .invalidData,
                    "phase '\(phase.id)' starts on \(start), before phase '\(previous.id)' ends on \(previousEnd); phases must not overlap"
                )
            }
        }
    }

    /// Loads and validates a user's phase file; `requiresDutch` (for the shipped templates)
    /// makes a missing Dutch name an error.
    public static func load(from url: URL, requiresDutch: Bool = false) throws(ProfileModelError) -> PhasePlan {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ProfileModelError(.missingInput, "cannot read the phase file \(url.path)", input: .phases)
        }
        do throws(ProfileModelError) {
            return try RecommenderTables.decodeJSON(
                PhasePlan.self, from: data, file: url.lastPathComponent, what: "phase file",
                userInfo: [.requiresDutch: requiresDutch])
        } catch  where error.message.hasPrefix(url.lastPathComponent) {
            throw error
        } catch {
            throw ProfileModelError(error.code, "\(url.lastPathComponent): \(error.message)")
        }
    }

    /// Decodes and validates a phase plan held in memory (an inline timeline of a request);
    /// `name` stands for the file in messages.
    public static func decode(_ data: Data, name: String) throws(ProfileModelError) -> PhasePlan {
        try RecommenderTables.decodeJSON(PhasePlan.self, from: data, file: name, what: "phase plan")
    }

    /// The folder of phase templates inside the recommender tables' directory.
    public static let templatesFolder = "phases"

    /// Loads a shipped template, e.g. `citisens` or `iap2`, from the `phases` folder of the
    /// recommender tables' directory.
    public static func template(named name: String, in directory: URL) throws(ProfileModelError) -> PhasePlan {
        let folder = directory.appendingPathComponent(templatesFolder)
        let url = folder.appendingPathComponent("\(name).json")
        guard RecommenderTables.isValidIdentifier(name), FileManager.default.fileExists(atPath: url.path) else {
            let available = templateNames(in: directory)
            throw ProfileModelError(
                .missingInput,
                "there is no phase template '\(name)' in \(folder.path); available: \(available.isEmpty ? "none" : available.joined(separator: ", "))",
                input: .phases)
        }
        return try load(from: url, requiresDutch: true)
    }

    /// A phase file (a reference ending in `.json` or holding a `/`) or else a shipped
    /// template of that name.
    public static func resolve(_ reference: String, in directory: URL) throws(ProfileModelError) -> PhasePlan {
        if reference.hasSuffix(".json") || reference.contains("/") {
            return try load(from: URL(fileURLWithPath: reference))
        }
        return try template(named: reference, in: directory)
    }

    /// The names of the templates in the `phases` folder, sorted.
    public static func templateNames(in directory: URL) -> [String] {
        let folder = directory.appendingPathComponent(templatesFolder)
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }
}

extension CodingUserInfoKey {
    /// `true` while decoding a shipped template, whose names must be given in Dutch too.
    static let requiresDutch = CodingUserInfoKey(rawValue: "geoprofile.requiresDutch")!
}

extension Decoder {
    var requiresDutch: Bool { userInfo[.requiresDutch] as? Bool ?? false }
}
