// swift-tools-version: 6.2
//
// Kickoff: trigger data and ML pipelines over HTTP, run them in isolated worker processes, on Redis.
// Linux only: the worker spawns steps with glibc's posix_spawn extensions and prctl.
//
//   CHiredis          the C library hiredis (Debian libhiredis-dev), seen from Swift
//   CZlib             zlib (Debian zlib1g-dev): a finished run's packed record is stored deflated
//   RedisClient       a Redis client on hiredis: a blocking connection for worker threads and a
//                     non-blocking, pipelining client on SwiftNIO for async code
//   KickoffModel      what Kickoff's things are, without Redis: the pipeline file and its parsing, JSON,
//                     runs and the API's types, configuration, cron rules, webhook signing
//   KickoffTelemetry  logs and the metrics registry every process reports through
//   KickoffStore      the one owner of Redis: every key (Keys/KEYS.md lists them), every Lua
//                     script, every command; the front and the CLI reach Redis only through it
//   KickoffWorker     runs steps as child processes; the worker loop and the pool supervisor
//   KickoffFront      the HTTP trigger front (kickoff serve)
//   kickoff           the one executable: serve, worker, pool, dev and the client commands
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    // Every file imports what it uses, and a module's imports stay internal unless its API shows them.
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "kickoff",
    products: [
        .executable(name: "kickoff", targets: ["kickoff"]),
        .library(name: "RedisClient", targets: ["RedisClient"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // Already in the graph through async-http-client; named for HTTPS in the CLI and the tests.
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        // Already in the graph through Hummingbird; named so that long streams end on graceful shutdown.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // Already in the graph through Hummingbird; named because the front uses its HTTP field types.
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CHiredis",
            providers: [.apt(["libhiredis-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // glibc/Linux calls Swift cannot make itself (declared only under _GNU_SOURCE, or variadic).
        .target(
            name: "CSystemShims",
            cSettings: [.define("_GNU_SOURCE")]
        ),
        .target(
            name: "RedisClient",
            dependencies: [
                "CHiredis",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // What Kickoff's things are, without Redis: the pipeline file and its parsing, JSON, runs and the
        // API's types, configuration, schedules' cron rules, webhook signing and the callback URL policy.
        .target(
            name: "KickoffModel",
            dependencies: [
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // Logs (JSON or text lines) and the Prometheus registry every process kind reports through.
        .target(
            name: "KickoffTelemetry",
            dependencies: [
                "KickoffModel",
                .product(name: "Logging", package: "swift-log"),
                // OTLP/HTTP span export (`SpanExporter`); already in the graph for the webhooks.
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // The one owner of Redis: every key, every Lua script, every command Kickoff sends.
        .target(
            name: "KickoffStore",
            dependencies: [
                "KickoffModel",
                "KickoffTelemetry",
                "RedisClient",
                "CZlib",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            // The key list: documentation, not a resource.
            exclude: ["Keys/KEYS.md"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "KickoffWorker",
            dependencies: [
                "CSystemShims",
                "KickoffModel",
                "KickoffTelemetry",
                "KickoffStore",
                "RedisClient",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                // Only to tell a TLS failure from others (`TransportFailure`); already linked through async-http-client.
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "KickoffFront",
            dependencies: [
                "KickoffModel",
                "KickoffTelemetry",
                "KickoffStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationEssentialsCompat", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            // Files that editors and linters read, compiled into the binary as byte arrays
            // (`PackageResources.openapi_yaml`, …): no resource bundle to install next to `kickoff`.
            resources: [
                .embedInCode("Resources/openapi.yaml"),
                .embedInCode("Resources/dashboard.js"),
                .embedInCode("Resources/dashboard.css"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "kickoff",
            dependencies: [
                "KickoffModel",
                "KickoffTelemetry",
                "KickoffStore",
                "KickoffWorker",
                "KickoffFront",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Shared by the test targets: private redis-server processes, polling with a deadline, a webhook
        // receiver and its signature check.
        .target(
            name: "KickoffTestSupport",
            dependencies: [
                "RedisClient", "KickoffModel", "KickoffStore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            path: "Tests/Support",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RedisClientTests",
            dependencies: ["RedisClient", "KickoffTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KickoffModelTests",
            dependencies: ["KickoffModel", "KickoffTelemetry", "KickoffTestSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KickoffStoreTests",
            dependencies: ["KickoffStore", "KickoffModel", "KickoffTelemetry", "RedisClient", "KickoffTestSupport",
                           .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KickoffWorkerTests",
            dependencies: [
                "KickoffWorker",
                "KickoffModel",
                "KickoffStore",
                "RedisClient",
                "KickoffTestSupport",
            ],
            swiftSettings: swiftSettings
        ),
        // Real processes end to end: `kickoff serve`, `worker`, `pool`, `dev` and the client commands
        // against a private redis-server.
        .testTarget(
            name: "KickoffEndToEndTests",
            dependencies: [
                "KickoffModel",
                "KickoffStore",
                "KickoffWorker",
                "RedisClient",
                "KickoffTestSupport",
                .product(name: "Yams", package: "Yams"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        // The command line's own formatting, tested in process.
        .testTarget(
            name: "KickoffCLITests",
            dependencies: ["kickoff", "KickoffModel", "KickoffWorker", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KickoffFrontTests",
            dependencies: [
                "KickoffFront",
                "KickoffModel",
                "KickoffStore",
                "RedisClient",
                "KickoffTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
