// swift-tools-version:6.1
// libFuzzer targets for geoprofile's readers of untrusted input. Built and run by
// Fuzz/run.sh (see Docs/reliability.md); not part of the main build.
import PackageDescription

let package = Package(
    name: "geoprofile-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "geoprofile", path: "..")],
    targets: ["FuzzGeoJSON", "FuzzWKT", "FuzzGeoPackageBlob"].map { name in
        .executableTarget(
            name: name,
            dependencies: [.product(name: "AreaAnalysis", package: "geoprofile")]
        )
    }
)
