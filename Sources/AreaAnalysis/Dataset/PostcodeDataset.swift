public import Foundation
public import ProfileModel

/// One postcode of the dataset, without its geometry.
public struct PostcodeRecord: Sendable, Hashable {
    /// Feature id in the dataset.
    public var fid: Int64
    /// The 4-digit postcode.
    public var postcode: String
    /// Place name.
    public var place: String
    /// Municipality.
    public var municipality: String
    /// Province.
    public var province: String
    /// Residents (CBS, with imputation where suppressed).
    public var residents: Double
    /// Households.
    public var households: Double
    /// Adults (15+, the profiled population) and children (0-14) by person cell.
    public var people: PersonCounts
    /// The canonical CBS variables.
    public var demographics: Demographics
    /// Estimated adults per profile, in the set's order.
    public var profileAdults: [Double]
    /// Profile shares of adults, in the set's order (defined even where no one lives).
    public var shares: [Double]
    /// `model` or `file`.
    public var profileSource: String
    /// Build flags: imputations, empty geometry, features at the national average.
    public var flags: [String]
    /// The bounding box from the R-tree index (single precision, rounded outwards, so it
    /// may be a little larger than the exact one); `nil` for an empty geometry.
    public var envelope: Envelope?
}

/// The postcode dataset built by `geoprofile data build`: metadata, the box of every
/// postcode, and — read on demand — records and geometries.
///
/// Opening reads only the metadata and the bounding boxes, so a one-zone analysis touches
/// just the postcodes it needs. A record's *position* is its place in file (fid) order.
public final class PostcodeDataset: @unchecked Sendable {
    // @unchecked Sendable: the record cache is only touched under `lock`; every other
    // stored property is immutable, and GeoPackage serialises its own database access.
    /// The file.
    public let url: URL
    /// How the dataset was built.
    public let metadata: DatasetMetadata
    /// Feature id of every position.
    public let fids: [Int64]
    /// Bounding box of every position, from the R-tree index (single precision, rounded
    /// outwards); `nil` for an empty geometry.
    public let envelopes: [Envelope?]
    private let package: GeoPackage
    private let layer: GeoPackageLayer
    private let columns: RecordColumns
    private let lock = NSLock()
    private var cache: [Int: PostcodeRecord] = [:]
    private var complete = false

    /// The profile set the dataset was built with.
    public var profileSet: ProfileSet { metadata.profileSet }

    /// Number of postcodes.
    public var count: Int { fids.count }

    /// Opens a dataset; throws with a hint to build it when the file is missing.
    public init(url: URL) throws(AreaAnalysisError) {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw AreaAnalysisError(
                .missingInput,
                "the postcode dataset \(url.path) does not exist; build it with 'geoprofile data build' (or point \(input: .dataset) at it)"
            )
        }
        self.url = url
        package = try GeoPackage(url: url)
        let file = url.lastPathComponent
        guard let layer = try package.layers().first(where: { $0.name == DatasetSchema.layer }) else {
            throw AreaAnalysisError(
                .invalidData,
                "\(file) is a GeoPackage but not a geoprofile dataset: it has no layer '\(DatasetSchema.layer)'")
        }
        self.layer = layer
        metadata = try DatasetMetadata.decode(rows: package.rows(of: DatasetSchema.metadataTable), file: file)
        guard metadata.model.method == FittedModel.currentMethod else {
            throw AreaAnalysisError(
                .invalidData,
                "\(file) was built with the profile model '\(metadata.model.method)', not '\(FittedModel.currentMethod)'; rebuild it with 'geoprofile data build'"
            )
        }
        columns = RecordColumns(set: metadata.profileSet)
        fids = try package.featureIDs(of: layer)
        let boxes = try package.envelopes(of: layer)
        envelopes = fids.map { boxes[$0] }
    }

    /// Every record, in position order (read once, then kept).
    public func records() throws(AreaAnalysisError) -> [PostcodeRecord] {
        if lock.withLock({ complete }) { return lock.withLock { fids.indices.map { cache[$0]! } } }
        let rows = try package.attributeRows(of: layer, columns: columns.names)
        var loaded: [Int: PostcodeRecord] = [:]
        let positions = Dictionary(uniqueKeysWithValues: fids.enumerated().map { ($1, $0) })
        for (fid, values) in rows {
            guard let position = positions[fid] else { continue }
            loaded[position] = columns.record(fid: fid, values: values, envelope: envelopes[position])
        }
        lock.withLock {
            cache = loaded
            complete = true
        }
        return fids.indices.compactMap { loaded[$0] }
    }

    /// The records at the given positions, in the same order (read from the file the
    /// first time each is asked for).
    public func records(at positions: [Int]) throws(AreaAnalysisError) -> [PostcodeRecord] {
        let missing = lock.withLock { positions.filter { cache[$0] == nil } }
        if !missing.isEmpty {
            let rows = try package.attributeRows(of: layer, columns: columns.names, ids: missing.map { fids[$0] })
            let byFID = Dictionary(uniqueKeysWithValues: missing.map { (fids[$0], $0) })
            lock.withLock {
                for (fid, values) in rows {
                    guard let position = byFID[fid] else { continue }
                    cache[position] = columns.record(fid: fid, values: values, envelope: envelopes[position])
                }
            }
        }
        return lock.withLock { positions.compactMap { cache[$0] } }
    }

    /// Some columns of the records at `positions`, by position, read straight from the file
    /// (for a few figures of many postcodes, without building whole records).
    ///
    /// Reads through a connection of its own, so it can run while geometries are read.
    func columns(_ names: [String], at positions: [Int]) throws(AreaAnalysisError) -> [Int: [FieldValue]] {
        let wanted = Set(positions)
        // Most of the dataset: one pass over the table beats a long list of ids.
        let ids = wanted.count * 2 >= fids.count ? nil : wanted.sorted().map { fids[$0] }
        let rows = try GeoPackage(url: url).attributeRows(of: layer, columns: names, ids: ids)
        let byFID = Dictionary(uniqueKeysWithValues: fids.enumerated().map { ($1, $0) })
        var result: [Int: [FieldValue]] = [:]
        result.reserveCapacity(wanted.count)
        for (fid, values) in rows {
            guard let position = byFID[fid], wanted.contains(position) else { continue }
            result[position] = values
        }
        return result
    }

    /// The positions of the given postcodes; unknown postcodes are absent from the result.
    public func positions(ofPostcodes postcodes: [String]) throws(AreaAnalysisError) -> [String: Int] {
        let found = try package.featureIDs(of: layer, where: "postcode", in: postcodes)
        let positions = Dictionary(uniqueKeysWithValues: fids.enumerated().map { ($1, $0) })
        return found.compactMapValues { positions[$0] }
    }

    /// The extent of all postcode boxes.
    public var extent: Envelope? {
        let boxes = envelopes.compactMap { $0 }
        guard let first = boxes.first else { return nil }
        return boxes.dropFirst().reduce(first) { $0.union($1) }
    }

    /// WKB of the given records' geometries (`nil` for an empty one), in the same order.
    public func geometryWKB(of positions: [Int]) throws(AreaAnalysisError) -> [Data?] {
        let ids = positions.map { fids[$0] }
        // Every postcode: one pass over the table rather than a list of every id.
        let features = try package.features(of: layer, ids: Set(positions).count == fids.count ? nil : ids)
        let byID = Dictionary(features.map { ($0.fid, $0.wkb) }, uniquingKeysWith: { a, _ in a })
        return ids.map { byID[$0] ?? nil }
    }

    /// The country's outline as the build stored it for this grid and tolerance (see
    /// ``ReportGeometry/countryOutline(_:grid:tolerance:)``); `nil` for a dataset built
    /// without it (by an earlier version) or for other settings.
    public func storedCountryOutline(grid: Double, tolerance: Double) throws(AreaAnalysisError) -> MapShape? {
        guard try package.hasTable(DatasetSchema.outlineTable) else { return nil }
        return try StoredOutline.shape(
            from: package.rows(of: DatasetSchema.outlineTable), grid: grid, tolerance: tolerance,
            minimumArea: ReportGeometry.outlineMinimumArea, file: url.lastPathComponent)
    }

    /// The estimator the dataset was built with, for explanations.
    public func estimator() throws(ProfileModelError) -> ProfileEstimator {
        try ProfileEstimator(set: profileSet, fitted: metadata.model)
    }
}

/// The attribute columns of a record and how to turn a row of them into a record.
struct RecordColumns: Sendable {
    let set: ProfileSet
    let variables = Variable.allCases.filter { $0 != .residents && $0 != .households }
    let names: [String]
    let firstVariable = 8
    let firstCell: Int
    let firstProfile: Int
    let firstShare: Int
    let sourceColumn: Int

    init(set: ProfileSet) {
        self.set = set
        names =
            DatasetSchema.identityColumns + DatasetSchema.populationColumns + variables.map(\.rawValue)
            + PersonCell.allCases.map(DatasetSchema.cellColumn)
            + set.profiles.map { DatasetSchema.residentsColumn($0.id) }
            + set.profiles.map { DatasetSchema.shareColumn($0.id) }
            + ["profile_source", "flags"]
        firstCell = firstVariable + variables.count
        firstProfile = firstCell + PersonCell.allCases.count
        firstShare = firstProfile + set.profiles.count
        sourceColumn = firstShare + set.profiles.count
    }

    func record(fid: Int64, values v: [FieldValue], envelope: Envelope?) -> PostcodeRecord {
        var demographics = Demographics()
        demographics[.residents] = v[4].double
        demographics[.households] = v[5].double
        for (offset, variable) in variables.enumerated() { demographics[variable] = v[firstVariable + offset].double }
        let profiles = set.profiles.indices
        return PostcodeRecord(
            fid: fid, postcode: v[0].text ?? "", place: v[1].text ?? "", municipality: v[2].text ?? "",
            province: v[3].text ?? "", residents: v[4].double ?? 0, households: v[5].double ?? 0,
            people: PersonCounts(
                children: v[7].double ?? 0, cells: PersonCell.allCases.indices.map { v[firstCell + $0].double ?? 0 }),
            demographics: demographics, profileAdults: profiles.map { v[firstProfile + $0].double ?? 0 },
            shares: profiles.map { v[firstShare + $0].double ?? 0 }, profileSource: v[sourceColumn].text ?? "model",
            flags: (v[sourceColumn + 1].text ?? "").split(separator: ";").map(String.init), envelope: envelope)
    }
}
