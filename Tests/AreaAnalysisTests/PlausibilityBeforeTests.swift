import AreaAnalysis
import Foundation
import ProfileModel
import Testing

/// The dataset of the earlier model, from `GEOPROFILE_BEFORE_DATASET`.
enum BeforeDataset {
    static let url = ProcessInfo.processInfo.environment["GEOPROFILE_BEFORE_DATASET"].map {
        URL(fileURLWithPath: $0)
    }
}

/// The plausibility figures of a dataset built by the model before person cells (layout 2:
/// one softmax over postcode averages, profiles counted among all residents), measured with
/// the same ``Plausibility/measure(set:postcodes:population:)`` as a current build. Runs only
/// when `GEOPROFILE_BEFORE_DATASET` names such a dataset; `Scripts/plausibility-before.sh`
/// builds one from the last commit before the change and runs this.
@Suite(
    "Plausibility of the model before person cells",
    .enabled(if: BeforeDataset.url != nil, "set GEOPROFILE_BEFORE_DATASET to a layout-2 dataset"))
struct PlausibilityBeforeTests {
    @Test("the figures of the earlier model, printed as JSON")
    func before() throws {
        let url = try #require(BeforeDataset.url)
        let package = try GeoPackage(url: url)
        let layer = try package.layer(named: DatasetSchema.layer)
        let metadata = try package.rows(of: DatasetSchema.metadataTable)
        let setJSON = try #require(metadata.first { $0["key"]?.text == "profile_set" }?["value"]?.text)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(setJSON.utf8)) as? [String: Any])
        let entries = try #require(root["profiles"] as? [[String: Any]])
        // Ids and national shares only: the earlier signatures weigh ages, which the current
        // set format keeps apart as person effects.
        let profiles = try entries.map { entry in
            let id = try #require(entry["id"] as? String)
            let share = try #require((entry["share"] as? [String: Any])?["value"] as? Double)
            return Profile(
                id: id, name: id, label: id, description: "", share: share, shareBasis: .source("earlier set"),
                signature: [])
        }
        let set = try ProfileSet(id: "before", name: "before", version: "before", description: "", profiles: profiles)
        let variables: [Variable] = [.age0to14, .age25to44, .age65plus]
        let columns =
            ["postcode", "municipality", "residents"] + variables.map(\.rawValue)
            + profiles.map { DatasetSchema.residentsColumn($0.id) }
        let inputs = try package.attributeRows(of: layer, columns: columns).map { row in
            let v = row.values
            var demographics = Demographics()
            for (offset, variable) in variables.enumerated() { demographics[variable] = v[3 + offset].double }
            return PlausibilityInput(
                postcode: v[0].text ?? "", municipality: v[1].text ?? "", residents: v[2].double ?? 0,
                demographics: demographics, counted: profiles.indices.map { v[6 + $0].double ?? 0 },
                countedSeniors: nil)
        }
        let figures = Plausibility.measure(set: set, postcodes: inputs, population: "residents")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        print(String(decoding: try encoder.encode(figures), as: UTF8.self))
        #expect(figures.population == "residents")
        #expect(figures.postcodes > 2_700)
    }
}
