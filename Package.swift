// swift-tools-version:6.1
import PackageDescription

import class Foundation.ProcessInfo

/// `make test` sets GEOPROFILE_STRICT so the project's own targets build with warnings as errors.
let strict = ProcessInfo.processInfo.environment["GEOPROFILE_STRICT"] != nil

let package = Package(
    name: "geoprofile",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "geoprofile", targets: ["geoprofile"]),
        .library(name: "ProfileModel", targets: ["ProfileModel"]),
        .library(name: "AreaAnalysis", targets: ["AreaAnalysis"]),
        .library(name: "Recommendations", targets: ["Recommendations"]),
        .library(name: "Reports", targets: ["Reports"]),
        .library(name: "Server", targets: ["Server"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // SQLite through GRDB rather than the raw C API: GRDB gives typed statements,
        // transactions and error messages with the failing SQL, which the GeoPackage
        // reader and writer would otherwise re-implement by hand. It links the system
        // libsqlite3 (Debian's build has the R*Tree module the GeoPackage index needs).
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // SHA-256 of the source files recorded in the dataset's metadata.
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // RFC 4180 CSV reading and writing (quoted fields, BOM, delimiters).
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        // HTML reports through templates that escape every value by default.
        .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
        // The HTTP service (`geoprofile serve`) and its request logging.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // The thread pool that runs GEOS, PROJ and SQLite work off the cooperative pool.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        // Zipped Shapefile uploads, read with limits on entry count and uncompressed size.
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        .systemLibrary(
            name: "CGEOS",
            pkgConfig: "geos",
            providers: [.apt(["libgeos-dev"])]
        ),
        .systemLibrary(
            name: "CPROJ",
            pkgConfig: "proj",
            providers: [.apt(["libproj-dev"])]
        ),
        // glibc's <malloc.h> (part of libc6-dev): the tool tunes the allocator's heap growth.
        .systemLibrary(name: "CMalloc"),
        .systemLibrary(
            name: "CShapelib",
            pkgConfig: "shapelib",
            providers: [.apt(["libshp-dev"])]
        ),
        // SQLite's variadic configuration calls, wrapped for Swift (defensive mode for uploads).
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .target(
            name: "ProfileModel",
            dependencies: [.product(name: "CSV", package: "CSV.swift")]
        ),
        .target(
            name: "AreaAnalysis",
            dependencies: [
                "CGEOS", "CPROJ", "CShapelib", "CSQLite", "ProfileModel",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Consultation methods and channel mixes per phase, from a zone's profile mix.
        .target(name: "Recommendations", dependencies: ["ProfileModel"]),
        // Every rendering of the results: terminal tables, CSV, JSON, GeoJSON, Markdown, HTML, SVG.
        .target(
            name: "Reports",
            dependencies: [
                "ProfileModel", "AreaAnalysis", "Recommendations",
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        // The HTTP service: API v1, the OpenAPI document and the web page over the same use cases.
        .target(
            name: "Server",
            dependencies: [
                "ProfileModel", "AreaAnalysis", "Recommendations", "Reports",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Resources/openapi.json"), .copy("Resources/index.html")]
        ),
        .executableTarget(
            name: "geoprofile",
            dependencies: [
                "ProfileModel", "AreaAnalysis", "Recommendations", "Reports", "CMalloc", "Server",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // What the test targets share: the repository's folders, seeded random numbers.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "ProfileModelTests", dependencies: ["ProfileModel", "TestSupport"]),
        .testTarget(name: "AreaAnalysisTests", dependencies: ["AreaAnalysis", "ProfileModel", "TestSupport"]),
        .testTarget(
            name: "RecommendationsTests", dependencies: ["Recommendations", "Reports", "ProfileModel", "TestSupport"]),
        .testTarget(
            name: "ReportsTests",
            dependencies: ["Reports", "Recommendations", "AreaAnalysis", "ProfileModel", "TestSupport"]
        ),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "Reports", "Recommendations", "AreaAnalysis", "ProfileModel", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .testTarget(
            name: "GeoprofileTests",
            dependencies: [
                "geoprofile", "AreaAnalysis", "ProfileModel", "Recommendations", "TestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
    ]
)

for target in package.targets where [.executable, .test, .regular].contains(target.type) {
    var settings = target.swiftSettings ?? []
    // Require `any` for existential types.
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    // A file sees only the modules it imports itself.
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    // Imports are internal unless marked public: C modules never leak into the API.
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    if strict { settings.append(.unsafeFlags(["-warnings-as-errors"])) }
    target.swiftSettings = settings
}
