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
        var adults: Double
        var children: Double
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
        var plausibility: PlausibilityFigures?

        enum CodingKeys: String, CodingKey {
            case dataset, postcodes, residents, adults, children, households, crs, plausibility
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
            dataset: data.url.path, postcodes: data.count, residents: m.build.residents, adults: m.build.adults,
            children: m.build.children, households: m.build.households, crs: m.crs, cbsVintage: m.cbsVintage,
            licence: m.licence, attribution: m.attribution,
            profileSet: ["id": m.profileSet.id, "name": m.profileSet.name, "version": m.profileSet.version],
            profileSource: m.profileSource, sources: m.build.sources,
            builtWith: [
                "tool": "geoprofile", "version": m.toolVersion, "geos": m.geosVersion, "proj": m.projVersion,
                "format": m.formatVersion,
            ],
            imputation: ["residents": m.build.residentsImputed, "households": m.build.householdsImputed],
            emptyGeometries: m.build.emptyGeometries, suppressedCells: m.build.suppressedCells,
            plausibility: m.build.plausibility)
        return try JSONText.encode(summary)
    }

    /// What the dataset holds and how it was built, for a terminal.
    public static func info(_ data: PostcodeDataset) -> String {
        let m = data.metadata
        var out: [String] = []
        out.append("geoprofile dataset \(data.url.path)")
        out.append("  postcodes:   \(NumberText.grouped(Double(data.count))) (PC4, \(m.crs))")
        out.append(
            "  residents:   \(NumberText.grouped(m.build.residents)) (adults \(NumberText.grouped(m.build.adults)), children \(NumberText.grouped(m.build.children))), households: \(NumberText.grouped(m.build.households))"
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
        if let figures = m.build.plausibility { out.append(plausibility(figures)) }
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
        out.append(
            "  adults:     \(NumberText.grouped(report.adults)) (15+, profiled), children: \(NumberText.grouped(report.children)) (0-14)"
        )
        out.append("  households: \(NumberText.grouped(report.households))")
        if !report.emptyGeometries.isEmpty {
            out.append("  empty geometry (kept with its figures): \(report.emptyGeometries.joined(separator: ", "))")
        }
        if report.postcodes > 0, report.missingAgeBands.count == report.postcodes {
            out.append(
                "  age bands:  \(DatasetBuilder.SourceName.ageBands) not found: 65-74 and 75+ follow national figures (Docs/data.md says where to get the file)"
            )
        }
        if report.postcodes > 0, report.missingPlaces.count == report.postcodes {
            out.append(
                "  places:     \(DatasetBuilder.SourceName.places) not found: no place names and no comparison with the municipality (Docs/data.md says where to get the file)"
            )
        }
        out.append("  profiles:   set \(set.id) \(set.version), from \(report.profileSource)")
        if !report.profilesFromModel.isEmpty {
            out.append(
                "  \(report.profilesFromModel.count) postcodes not in \(report.profileSource) were estimated by the model"
            )
        }
        if let figures = report.plausibility { out.append(plausibility(figures)) }
        return out.joined(separator: "\n")
    }

    /// The short plausibility block of `data build` and `data info` (see `Docs/profile-model.md`).
    public static func plausibility(_ f: PlausibilityFigures) -> String {
        func fixed(_ value: Double?, _ decimals: Int = 2) -> String {
            value.map { NumberText.fixed($0, decimals: decimals) } ?? "-"
        }
        var lines = [
            "  plausibility (\(f.postcodes) postcodes with ≥ 1,000 residents, counting \(f.population)):",
            "    one profile above 80%: \(f.dominance.above80) postcodes (\(NumberText.percent(f.dominance.above80Share))); 99th percentile of the largest share \(NumberText.percent(f.dominance.largestShareP99))",
        ]
        if let a = f.ageCoherence {
            lines.append(
                "    Zorgzame Senioren per resident 65+ (national = 1): 5th pct \(fixed(a.seniorsPer65Plus.p5)), 95th/5th \(fixed(a.seniorsPer65Plus.ratio, 1)); aged 65+: \(NumberText.percent(a.seniorsAged65Plus))"
            )
            lines.append(
                "    Geïnformeerde Gezinsdrukte per resident 0-14 or 25-44: 95th/5th \(fixed(a.familiesPerParentAge.ratio, 1))"
            )
        }
        if let c = f.contrast {
            lines.append(
                "    inner Amsterdam \(c.innerAmsterdam.joined(separator: ", ")) | Westerveld \(c.westerveld.joined(separator: ", ")); Zelfbewuste Aanpakkers ×\(fixed(c.doersRatio, 0)) in Westerveld"
            )
        }
        return lines.joined(separator: "\n")
    }
}
