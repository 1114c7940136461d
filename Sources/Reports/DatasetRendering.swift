public import AreaAnalysis
internal import Foundation
public import ProfileModel

/// The renderings of the postcode dataset's description and of a build's summary.
public enum DatasetRendering {
    /// What `data info --format json` holds.
    struct Summary: Encodable {
        var dataset: String
        var postcodes: Int
        var residents: Double
        var households: Double
        var crs: String
        var cbsVintage: String
        var licence: String
        var attribution: String
        var profileSet: [String: String]
        var profileSource: String
        var sources: [SourceFile]
        var builtWith: [String: String]
        var imputation: [String: [String]]
        var emptyGeometries: [String]
        var suppressedCells: [String: Int]

        enum CodingKeys: String, CodingKey {
            case dataset, postcodes, residents, households, crs
            case cbsVintage = "cbs_vintage"
            case licence, attribution
            case profileSet = "profile_set"
            case profileSource = "profile_source"
            case sources
            case builtWith = "built_with"
            case imputation
            case emptyGeometries = "empty_geometries"
            case suppressedCells = "suppressed_cells"
        }
    }

    /// What the dataset holds and how it was built, as JSON.
    public static func infoJSON(_ data: PostcodeDataset) throws -> String {
        let m = data.metadata
        let summary = Summary(
            dataset: data.url.path, postcodes: data.count, residents: m.build.residents,
            households: m.build.households, crs: m.crs, cbsVintage: m.cbsVintage,
            licence: m.licence, attribution: m.attribution,
            profileSet: ["id": m.profileSet.id, "name": m.profileSet.name, "version": m.profileSet.version],
            profileSource: m.profileSource, sources: m.build.sources,
            builtWith: [
                "tool": "geoprofile", "version": m.toolVersion, "geos": m.geosVersion, "proj": m.projVersion,
                "format": m.formatVersion,
            ],
            imputation: ["residents": m.build.residentsImputed, "households": m.build.householdsImputed],
            emptyGeometries: m.build.emptyGeometries, suppressedCells: m.build.suppressedCells)
        return try JSONText.encode(summary)
    }

    /// What the dataset holds and how it was built, for a terminal.
    public static func info(_ data: PostcodeDataset) -> String {
        let m = data.metadata
        var out: [String] = []
        out.append("geoprofile dataset \(data.url.path)")
        out.append("  postcodes:   \(NumberText.grouped(Double(data.count))) (PC4, \(m.crs))")
        out.append(
            "  residents:   \(NumberText.grouped(m.build.residents)), households: \(NumberText.grouped(m.build.households))"
        )
        out.append("  figures:     CBS \(m.cbsTitle) — \(m.attribution), \(m.licence)")
        out.append(
            "  profile set: \(m.profileSet.name) (\(m.profileSet.id) \(m.profileSet.version)), profiles from \(m.profileSource)"
        )
        out.append(
            "  imputed:     residents of \(m.build.residentsImputed.count) postcodes, households of \(m.build.householdsImputed.count) (CBS 'secret or 0-4' → 2)"
        )
        if !m.build.emptyGeometries.isEmpty {
            out.append("  empty geometry: \(m.build.emptyGeometries.joined(separator: ", "))")
        }
        out.append("  built with:  geoprofile \(m.toolVersion), GEOS \(m.geosVersion), PROJ \(m.projVersion)")
        out.append("  sources:")
        for source in m.build.sources {
            out.append("    \(source.name)  sha256 \(source.sha256.prefix(16))…  (\(source.role))")
        }
        return out.joined(separator: "\n")
    }

    /// What a build wrote, for a terminal.
    ///
    /// - Parameters:
    ///   - output: the path of the written dataset.
    ///   - set: the profile set the dataset was built with.
    public static func buildSummary(_ report: DatasetBuildReport, output: String, set: ProfileSet) -> String {
        var out: [String] = []
        out.append("Wrote \(output)")
        out.append("  postcodes:  \(NumberText.grouped(Double(report.postcodes)))")
        out.append(
            "  residents:  \(NumberText.grouped(report.residents)) (\(report.residentsImputed.count) suppressed counts imputed as \(Int(DatasetBuilder.suppressedCountImputation)))"
        )
        out.append("  households: \(NumberText.grouped(report.households))")
        if !report.emptyGeometries.isEmpty {
            out.append("  empty geometry (kept with its figures): \(report.emptyGeometries.joined(separator: ", "))")
        }
        out.append("  profiles:   set \(set.id) \(set.version), from \(report.profileSource)")
        if !report.profilesFromModel.isEmpty {
            out.append(
                "  \(report.profilesFromModel.count) postcodes not in \(report.profileSource) were estimated by the model"
            )
        }
        return out.joined(separator: "\n")
    }
}
