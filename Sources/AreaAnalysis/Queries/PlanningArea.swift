public import Foundation
public import ProfileModel

/// The area a participation process is planned for: the zones of a zone file taken
/// together, or a list of postcodes.
public enum PlanningArea: Sendable {
    /// Every zone of a zone file, read with the given options.
    case zones(URL, options: ZoneReadOptions, radius: Double?)
    /// Every zone of a zone source (a file or an upload held in memory), read with the
    /// given options.
    case source(ZoneSource, options: ZoneReadOptions, radius: Double?)
    /// Whole postcodes.
    case postcodes([String])

    /// A warning about one zone of the area.
    public struct Warning: Sendable, Hashable {
        /// The zone's id.
        public var zone: String
        /// The warning.
        public var message: String
    }

    /// The area's profile mix, its id (the one zone's id, the file's name, or the postcodes
    /// joined with `+`) and the warnings about its zones.
    public func mix(in data: PostcodeDataset) throws -> (mix: ProfileMix, id: String, warnings: [Warning]) {
        let resolved = try resolve(in: data)
        return (resolved.mix, resolved.id, resolved.warnings)
    }

    /// The area's profile mix, id and warnings, and the postcodes that make it up: the given
    /// postcodes, or those that overlap a zone of the file (wholly or in part), sorted.
    public func resolve(in data: PostcodeDataset) throws -> (
        mix: ProfileMix, id: String, warnings: [Warning], postcodes: [String]
    ) {
        let set = data.profileSet
        var adults = [Double](repeating: 0, count: set.profiles.count)
        switch self {
        case .zones(let url, let options, let radius):
            return try PlanningArea.source(.file(url), options: options, radius: radius).resolve(in: data)
        case .source(let source, let options, let radius):
            let result = try AreaAnalyzer(dataset: data).run(
                AnalysisRequest(source: source, readOptions: options, radius: radius))
            var warnings: [Warning] = []
            for zone in result.report.zones {
                adults = zip(adults, zone.profiles.map(\.adults)).map(+)
                warnings += zone.warnings.map { Warning(zone: zone.id, message: $0) }
            }
            let zones = result.report.zones
            let file: String
            switch source {
            case .file(let url): file = url.deletingPathExtension().lastPathComponent
            case .wkt: file = "wkt"
            case .data(_, _, let name): file = URL(fileURLWithPath: name).deletingPathExtension().lastPathComponent
            }
            let id = zones.count == 1 ? zones[0].id : file
            let positions = Set(result.apportionments.flatMap { $0.weights.filter { $0.weight > 0 }.map(\.position) })
            let postcodes = try data.records(at: positions.sorted()).map(\.postcode).sorted()
            return (try ProfileMix(set: set, residents: adults), id, warnings, postcodes)
        case .postcodes(let given):
            let codes = try given.map(Postcode.validated)
            let positions = try data.positions(ofPostcodes: codes)
            let unknown = codes.filter { positions[$0] == nil }
            guard unknown.isEmpty else {
                throw AreaAnalysisError(
                    .invalidData,
                    "postcode\(unknown.count > 1 ? "s" : "") \(unknown.joined(separator: ", ")) \(unknown.count > 1 ? "are" : "is") not in the dataset",
                    input: .postcodes)
            }
            for record in try data.records(at: codes.compactMap { positions[$0] }) {
                adults = zip(adults, record.profileAdults).map(+)
            }
            return (
                try ProfileMix(set: set, residents: adults), codes.joined(separator: "+"), [],
                Array(Set(codes)).sorted()
            )
        }
    }
}
