import Foundation

/// The catalogue's cases for the commands that advise and plan: recommend, model calibrate,
/// plan and monitor (the checks are in ``BadInputCatalogTests``).
extension BadInputCatalogTests {
    static let recommend: [Case] = [
        Case("recommend: neither zones nor postcodes", ["recommend"], status: 64, "--postcode", usageBlock: true),
        Case(
            "recommend: reach target zero", ["recommend", "--postcode", "1011", "--reach-target", "0"], status: 64,
            "reach", usageBlock: true),
        Case(
            "recommend: reach target above one", ["recommend", "--postcode", "1011", "--reach-target", "1.5"],
            status: 64, "reach", usageBlock: true),
        Case(
            "recommend: no channels allowed", ["recommend", "--postcode", "1011", "--max-channels", "0"], status: 64,
            "max-channels", usageBlock: true),
        Case(
            "recommend: unknown budget", ["recommend", "--postcode", "1011", "--budget", "huge"], status: 64, "huge",
            usageBlock: true),
        Case(
            "recommend: unknown phase template",
            [
                "recommend", "--postcode", "1011", "--phases", "scrum",
                "--dataset", "$DATASET",
            ], status: 66, "scrum"),
        Case(
            "recommend: phases file not JSON",
            [
                "recommend", "--postcode", "1011", "--phases", "$D/p.json",
                "--dataset", "$DATASET",
            ], files: ["p.json": "{"], status: 65, "p.json"),
        Case(
            "recommend: missing tables folder",
            [
                "recommend", "--postcode", "1011", "--tables", "$D/none",
                "--dataset", "$DATASET",
            ], status: 66, "none"),
        Case(
            "recommend: unknown postcode", ["recommend", "--postcode", "1000", "--dataset", "$DATASET"], status: 65,
            "1000"),
        Case(
            "recommend: PC6 postcode", ["recommend", "--postcode", "1011 AB", "--dataset", "$DATASET"], status: 64,
            "PC6"),
        Case(
            "recommend: bad zone file", ["recommend", "$D/z.geojson", "--dataset", "$DATASET"],
            files: ["z.geojson": "[1]"], status: 65, "not GeoJSON"),
        Case(
            "recommend: unknown format", ["recommend", "--postcode", "1011", "--format", "pdf"], status: 64, "pdf",
            usageBlock: true),
    ]

    static let calibrate: [Case] = [
        Case(
            "calibrate: missing survey",
            [
                "model", "calibrate", "--survey", "$D/s.csv", "-o", "$D/set.json",
                "--dataset", "$DATASET",
            ], status: 66, "s.csv"),
        Case(
            "calibrate: binary survey",
            [
                "model", "calibrate", "--survey", "$D/s.csv", "-o", "$D/set.json",
                "--dataset", "$DATASET",
            ], binary: ["s.csv": garbage], status: 65, "s.csv"),
        Case(
            "calibrate: survey without columns",
            [
                "model", "calibrate", "--survey", "$D/s.csv", "-o", "$D/set.json",
                "--dataset", "$DATASET",
            ], files: ["s.csv": "a,b\n1,2\n"], status: 65, "postcode"),
        Case(
            "calibrate: unknown profile",
            [
                "model", "calibrate", "--survey", "$D/s.csv", "-o", "$D/set.json",
                "--dataset", "$DATASET",
            ], files: ["s.csv": "postcode,profile\n1011,hipsters\n"], status: 65, "hipsters"),
        Case(
            "calibrate: all weights zero",
            [
                "model", "calibrate", "--survey", "$D/s.csv", "-o", "$D/set.json",
                "--dataset", "$DATASET",
            ],
            files: ["s.csv": "postcode,profile,weight\n1011,stadse-nomaden,0\n9444,zelfbewuste-aanpakkers,0\n"],
            status: 65, "weight"),
        Case(
            "calibrate: negative weight",
            [
                "model", "calibrate", "--survey", "$D/s.csv", "-o", "$D/set.json",
                "--dataset", "$DATASET",
            ], files: ["s.csv": "postcode,profile,weight\n1011,stadse-nomaden,-1\n"],
            status: 65, "-1"),
        Case(
            "calibrate: empty survey",
            [
                "model", "calibrate", "--survey", "$D/s.csv", "-o", "$D/set.json",
                "--dataset", "$DATASET",
            ], files: ["s.csv": ""], status: 65, "s.csv"),
        Case(
            "calibrate: empty output path",
            [
                "model", "calibrate", "--survey", "$D/s.csv", "-o", "",
                "--dataset", "$DATASET",
            ], files: ["s.csv": survey], status: 64, "output path is empty"),
        Case(
            "calibrate: no output", ["model", "calibrate", "--survey", "$D/s.csv"], files: ["s.csv": survey],
            status: 64, "--output", usageBlock: true),
        Case(
            "calibrate: unknown mode",
            [
                "model", "calibrate", "--survey", "$D/s.csv", "-o", "$D/set.json",
                "--mode", "magic",
            ], files: ["s.csv": survey], status: 64, "magic", usageBlock: true),
        Case(
            "calibrate: malformed postcode",
            [
                "model", "calibrate", "--survey", "$D/s.csv", "-o", "$D/set.json",
                "--dataset", "$DATASET",
            ], files: ["s.csv": "postcode,profile\n10110,stadse-nomaden\n"], status: 65,
            "10110"),
    ]

    static let recommenderTables: [String: String] = Dictionary(
        uniqueKeysWithValues: ["channels.json", "methods.json"].map { name in
            let url = Fixtures.repository.appendingPathComponent("Data/recommender/\(name)")
            return (name, (try? String(contentsOf: url, encoding: .utf8)) ?? "")
        })

    static let plan: [Case] = [
        Case(
            "plan: neither zones nor postcodes", ["plan", "--start", "2026-03-02"], status: 64, "--postcode",
            usageBlock: true),
        Case(
            "plan: start not a day", ["plan", "--postcode", "1011", "--start", "2026-02-30"], status: 64, "--start",
            usageBlock: true),
        Case(
            "plan: negative departments",
            ["plan", "--postcode", "1011", "--start", "2026-03-02", "--departments", "-1"],
            status: 64, "--departments", usageBlock: true),
        Case(
            "plan: undated phases without a start", ["plan", "--postcode", "1011", "--dataset", "$DATASET"], status: 64,
            "give the first day of the process with --start"),
        Case(
            "plan: a timeline and a start",
            [
                "plan", "--postcode", "1011", "--phases", "Data/recommender/phases/example-timeline.json", "--start",
                "2026-03-02", "--dataset", "$DATASET",
            ], status: 64, "leave out --start"),
        Case(
            "plan: unknown postcode", ["plan", "--postcode", "1000", "--start", "2026-03-02", "--dataset", "$DATASET"],
            status: 65, "postcode 1000 is not in the dataset"),
        Case(
            "plan: staffing table missing",
            [
                "plan", "--postcode", "1011", "--phases", "Data/recommender/phases/example-timeline.json", "--tables",
                "$D", "--dataset", "$DATASET",
            ],
            files: recommenderTables, status: 66, "cannot read the staffing table"),
        Case(
            "monitor: no plan given", ["monitor", "--participants", "$D/p.csv"], status: 64, "--plan", usageBlock: true),
        Case(
            "monitor: plan file is not a plan",
            ["monitor", "--plan", "$D/plan.json", "--participants", "$D/none.csv", "--dataset", "$DATASET"],
            files: ["plan.json": "{}"], status: 65, "is not a process plan in JSON"),
    ]
}
