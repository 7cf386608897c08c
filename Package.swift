// swift-tools-version:6.1
import PackageDescription

/// Every folder under Sources/ but ForktaleResources. That target's path is the package root
/// (so the top-level Assets/ and data/ can be its resources); the other targets' code is
/// excluded from it here.
let codeFolders = ["StoryCore", "StoryStore", "StoryFormats", "StoryEngine", "CCurlHTTP", "TerminalUI", "CNCursesW", "TerminalCurses", "ForktaleApp", "forktale", "forktale-bench", "forktale-fuzz", "forktale-hello"]

let package = Package(
    name: "Forktale",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "forktale", targets: ["forktale"]),
        .executable(name: "forktale-bench", targets: ["forktale-bench"]),
        .executable(name: "forktale-hello", targets: ["forktale-hello"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", exact: "2.0.1"),
        .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
    ],
    targets: [
        // Value types, validation rules and text rules. No I/O.
        .target(name: "StoryCore"),

        // The SQLite store: AppDatabase, migrations, named writes and reads.
        .target(
            name: "StoryStore",
            dependencies: ["StoryCore", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Logging", package: "swift-log")]),

        // Story file formats (the project's own JSON for now).
        .target(name: "StoryFormats", dependencies: ["StoryCore"]),

        // Story generation: the writers, the safety filter and the job runner.
        .target(
            name: "StoryEngine",
            dependencies: [
                "StoryCore", "StoryStore", "ForktaleResources", "CCurlHTTP", .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Logging", package: "swift-log"),
            ]),

        // HTTP through libcurl, loaded with dlopen at the first request (see ft_http.h).
        .target(name: "CCurlHTTP"),

        // The cell screen, the Terminal protocol, keys, layout and widgets. No ncurses.
        .target(name: "TerminalUI", dependencies: ["StoryCore"]),

        // ncursesw 6 for Swift: a module map and a small C shim.
        .systemLibrary(name: "CNCursesW", path: "Sources/CNCursesW"),
        // The ncurses `Terminal`: the only module that imports CNCursesW.
        .target(name: "TerminalCurses", dependencies: ["TerminalUI", "CNCursesW"]),

        // The interface: state, messages, the pure update, screens, the effect runner.
        .target(name: "ForktaleApp", dependencies: ["StoryCore", "StoryStore", "StoryFormats", "StoryEngine", "TerminalUI"]),

        // The top-level Assets/ and data/ folders, shipped as resources (Bundle.module).
        .target(
            name: "ForktaleResources",
            path: ".",
            exclude: ["Tests", "scripts", "Docs", "README.md"] + codeFolders.map { "Sources/\($0)" },
            sources: ["Sources/ForktaleResources"],
            resources: [.copy("Assets"), .copy("data")]),

        .executableTarget(
            name: "forktale",
            dependencies: [
                "StoryCore", "StoryStore", "StoryFormats", "StoryEngine", "ForktaleResources", "ForktaleApp",
                "TerminalUI", "TerminalCurses",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),

        .executableTarget(
            name: "forktale-bench",
            dependencies: [
                "StoryCore", "StoryStore", "StoryFormats", "StoryEngine", "ForktaleApp", "TerminalUI", "TestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // The baseline program of `forktale-bench ui.startup`.
        .executableTarget(name: "forktale-hello"),

        // Finds the shared corpus of real stories for the importer tests, and starts the
        // model servers of the tests and benchmarks (`Tests/Support`).
        .target(name: "TestSupport", dependencies: ["StoryEngine"], path: "Tests/TestSupport"),
        // The importers' fuzz target (scripts/fuzz builds it with libFuzzer).
        .executableTarget(name: "forktale-fuzz", dependencies: ["StoryCore", "StoryFormats"]),

        .testTarget(name: "StoryCoreTests", dependencies: ["StoryCore"]),
        .testTarget(
            name: "StoryFormatsTests",
            dependencies: [
                "StoryCore", "StoryFormats", "ForktaleResources", "TestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI", "StoryCore"]),
        .testTarget(
            name: "ForktaleAppTests",
            dependencies: ["ForktaleApp", "StoryCore", "StoryStore", "TerminalUI"],
            exclude: ["Golden"]),
        .testTarget(
            name: "StoryEngineTests",
            dependencies: ["StoryCore", "StoryStore", "StoryEngine", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(
            name: "StoryStoreTests",
            dependencies: [
                "StoryCore", "StoryStore", "TestSupport", .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        // Drives the built executables; depending on them makes `swift test` build them.
        .testTarget(
            name: "ForktaleCLITests",
            dependencies: [
                "forktale", "forktale-bench", "forktale-hello", "TestSupport", .product(name: "GRDB", package: "GRDB.swift"),
            ]),
    ],
    swiftLanguageModes: [.v6]
)
