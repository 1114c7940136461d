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
    /// The canonical CBS variables.
    public var demographics: Demographics
    /// Estimated residents per profile, in the set's order.
    public var profileResidents: [Double]
    /// Profile shares, in the set's order (defined even where no one lives).
    public var shares: [Double]
    /// `model` or `file`.
    public var profileSource: String
    /// Build flags: imputations, empty geometry, features at the national average.
    public var flags: [String]
    /// The bounding box from the R-tree index (single precision, rounded outwards, so it
    /// may be a little larger than the exact one); `nil` for an empty geometry.
    public var envelope: Envelope?
}

/// The postcode dataset built by `geoprofile data build`: records, metadata and, on
/// request, geometries.
public final class PostcodeDataset: Sendable {
    /// The file.
    public let url: URL
    /// How the dataset was built.
    public let metadata: DatasetMetadata
    /// Every postcode, in file order.
    public let records: [PostcodeRecord]
    /// Position of each postcode in `records`.
    public let index: [String: Int]
    private let package: GeoPackage
    private let layer: GeoPackageLayer

    /// The profile set the dataset was built with.
    public var profileSet: ProfileSet { metadata.profileSet }

    /// Opens a dataset; throws with a hint to build it when the file is missing.
    public init(url: URL) throws(AreaAnalysisError) {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw AreaAnalysisError(
                .missingInput, "the postcode dataset \(url.path) does not exist; build it with 'geoprofile data build' (or point --dataset at it)")
        }
        self.url = url
        package = try GeoPackage(url: url)
        let file = url.lastPathComponent
        guard let layer = try package.layers().first(where: { $0.name == DatasetSchema.layer }) else {
            throw AreaAnalysisError(.invalidData, "\(file) is a GeoPackage but not a geoprofile dataset: it has no layer '\(DatasetSchema.layer)'")
        }
        self.layer = layer
        metadata = try DatasetMetadata.decode(rows: package.rows(of: DatasetSchema.metadataTable), file: file)
        let set = metadata.profileSet
        let variables = Variable.allCases.filter { $0 != .residents && $0 != .households }
        let profileColumns = set.profiles.map { DatasetSchema.residentsColumn($0.id) }
        let shareColumns = set.profiles.map { DatasetSchema.shareColumn($0.id) }
        let columns = DatasetSchema.identityColumns + ["residents", "households"] + variables.map(\.rawValue)
            + profileColumns + shareColumns + ["profile_source", "flags"]
        // Positions in `columns`, computed once.
        let firstVariable = 6
        let firstProfile = firstVariable + variables.count
        let firstShare = firstProfile + set.profiles.count
        let sourceColumn = firstShare + set.profiles.count
        let rows = try package.attributeRows(of: layer, columns: columns)
        let envelopes = try package.envelopes(of: layer)
        var records: [PostcodeRecord] = []
        records.reserveCapacity(rows.count)
        for (fid, v) in rows {
            var demographics = Demographics()
            demographics[.residents] = v[4].double
            demographics[.households] = v[5].double
            for (offset, variable) in variables.enumerated() { demographics[variable] = v[firstVariable + offset].double }
            records.append(
                PostcodeRecord(
                    fid: fid, postcode: v[0].text ?? "", place: v[1].text ?? "", municipality: v[2].text ?? "",
                    province: v[3].text ?? "", residents: v[4].double ?? 0, households: v[5].double ?? 0,
                    demographics: demographics,
                    profileResidents: (0..<set.profiles.count).map { v[firstProfile + $0].double ?? 0 },
                    shares: (0..<set.profiles.count).map { v[firstShare + $0].double ?? 0 },
                    profileSource: v[sourceColumn].text ?? "model",
                    flags: (v[sourceColumn + 1].text ?? "").split(separator: ";").map(String.init),
                    envelope: envelopes[fid]))
        }
        self.records = records
        index = Dictionary(records.enumerated().map { ($1.postcode, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Positions of the records whose bounding box intersects `envelope`, from the
    /// dataset's R-tree index.
    public func candidates(intersecting envelope: Envelope) throws(AreaAnalysisError) -> [Int] {
        let positions = Dictionary(records.enumerated().map { ($1.fid, $0) }, uniquingKeysWith: { a, _ in a })
        if let ids = try package.featureIDs(of: layer, intersecting: envelope) {
            return ids.compactMap { positions[$0] }.sorted()
        }
        return records.indices.filter { records[$0].envelope.map { $0.intersects(envelope) } ?? false }
    }

    /// WKB of the given records' geometries (`nil` for an empty one), in the same order.
    public func geometryWKB(of positions: [Int]) throws(AreaAnalysisError) -> [Data?] {
        let ids = positions.map { records[$0].fid }
        let features = try package.features(of: layer, ids: ids)
        let byID = Dictionary(features.map { ($0.fid, $0.wkb) }, uniquingKeysWith: { a, _ in a })
        return ids.map { byID[$0] ?? nil }
    }

    /// The profile mix of one record.
    public func mix(of record: PostcodeRecord) throws(ProfileModelError) -> ProfileMix {
        try ProfileMix(set: profileSet, residents: record.profileResidents)
    }

    /// The estimator the dataset was built with, for explanations.
    public func estimator() throws(ProfileModelError) -> ProfileEstimator {
        try ProfileEstimator(set: profileSet, fitted: metadata.model)
    }
}
