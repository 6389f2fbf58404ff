// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "mdmconsole",
    platforms: [.macOS(.v15)],  // Atomic and Mutex (Synchronization) need macOS 15
    products: [
        .executable(name: "mdmconsole", targets: ["mdmconsole"]),
        .library(name: "MDMCore", targets: ["MDMCore"]),
        .library(name: "MDMDemo", targets: ["MDMDemo"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // The domain: model, rules, actions and lifecycle, audit, store, clock, Graph wire names.
        .target(
            name: "MDMCore",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's own API for what GRDB does not wrap (the upgrade's progress handler).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The generated demo tenant (`demo`, `--sandbox`, the bench and the tests): fixtures kept
        // out of the domain library; it reaches the store's fast paths through `package` access.
        .target(name: "MDMDemo", dependencies: ["MDMCore", .product(name: "GRDB", package: "GRDB.swift")]),
        // The console as data: state, pure update, views into a cell grid, themes. No ncurses.
        .target(
            name: "ConsoleUI",
            dependencies: ["MDMCore", .product(name: "Yams", package: "Yams")]
        ),
        // The tenant behind a Microsoft Graph–compatible HTTP endpoint: routes translate HTTP
        // to MDMCore (rules, actions, windows) and back; no rule of their own.
        .target(
            name: "GraphServer",
            dependencies: [
                "MDMCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // A tenant mirrored from Microsoft Graph: sign-in, paging, retries that never resend a
        // destructive request, and actions sent to the service. Rules stay in MDMCore.
        .target(
            name: "GraphClient",
            dependencies: [
                "MDMCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // ncursesw, through a shim header for what Swift cannot import directly.
        .systemLibrary(
            name: "CNCurses",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncurses-dev"])]
        ),
        // The only code that calls ncurses: paint a cell grid, read keys, restore the terminal.
        .target(name: "CursesTerminal", dependencies: ["CNCurses", "ConsoleUI"]),
        // The executable: command-line wiring over MDMCore, no rule of its own.
        .executableTarget(
            name: "mdmconsole",
            dependencies: [
                "MDMCore", "MDMDemo", "ConsoleUI", "CursesTerminal", "GraphServer", "GraphClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Measures the console on a generated big tenant: `swift run -c release mdmconsole-bench`.
        .executableTarget(
            name: "mdmconsole-bench",
            dependencies: [
                "MDMCore", "MDMDemo", "ConsoleUI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "GraphClientTests",
            dependencies: ["GraphClient", "GraphServer", "MDMCore", "MDMDemo", .product(name: "Logging", package: "swift-log"),
                           .product(name: "Hummingbird", package: "hummingbird"), .product(name: "HTTPTypes", package: "swift-http-types"),
                           .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
                           .product(name: "Crypto", package: "swift-crypto"), .product(name: "_CryptoExtras", package: "swift-crypto")]
        ),
        .testTarget(
            name: "GraphServerTests",
            dependencies: ["GraphServer", "MDMCore", "MDMDemo", .product(name: "HTTPTypes", package: "swift-http-types"), .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "ConsoleUITests",
            dependencies: ["ConsoleUI", "MDMCore", "MDMDemo"]
        ),
        .testTarget(
            name: "MDMCoreTests",
            dependencies: ["MDMCore", "MDMDemo", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto")]
        ),
    ]
)
