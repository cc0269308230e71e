// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "sluice",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "sluice-api", targets: ["SluiceAPI"]),
        .executable(name: "sluice-webhooks", targets: ["SluiceWebhooks"]),
        .executable(name: "sluice-worker", targets: ["SluiceWorker"]),
        .executable(name: "sluice-metrics", targets: ["SluiceMetrics"]),
        .executable(name: "sluice-bench", targets: ["SluiceBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
    ],
    targets: [
        .systemLibrary(name: "CMalloc", path: "Libraries/CMalloc"),
        .target(
            name: "Common",
            dependencies: [
                .target(name: "CMalloc", condition: .when(platforms: [.linux])),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Libraries/Common",
            resources: [.copy("Database/Migrations")]
        ),
        .target(
            name: "Queue",
            dependencies: [
                "Common",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Libraries/Queue"
        ),
        .target(
            name: "Egress",
            dependencies: [
                "Common",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Libraries/Egress"
        ),
        .target(
            name: "Worker",
            dependencies: [
                "Common",
                "Queue",
                "Egress",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            path: "Libraries/Worker"
        ),
        .target(
            name: "Outbound",
            dependencies: [
                "Common",
                "Queue",
                "Worker",
                "Webhooks",
                "Egress",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            path: "Libraries/Outbound"
        ),
        .target(
            name: "Webhooks",
            dependencies: [
                "Common",
                "Queue",
                "Worker",
                "Egress",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            path: "Libraries/Webhooks"
        ),
        .target(
            name: "MetricsExporter",
            dependencies: [
                "Common",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Libraries/Metrics"
        ),
        .target(
            name: "Admin",
            dependencies: [
                "Common",
                "Queue",
                "Webhooks",
                "Outbound",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            path: "Libraries/Admin",
            resources: [.copy("OpenAPI/openapi.yaml"), .copy("UI/Assets")]
        ),
        .executableTarget(
            name: "SluiceAPI",
            dependencies: [
                "Common", "Queue", "Webhooks", "Admin",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            path: "Services/api"
        ),
        .executableTarget(
            name: "SluiceWebhooks",
            dependencies: ["Common", "Webhooks", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Services/webhooks"
        ),
        .executableTarget(
            name: "SluiceWorker",
            dependencies: ["Common", "Queue", "Worker", "Webhooks", "Egress", "Outbound", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Services/worker"
        ),
        .executableTarget(
            name: "SluiceMetrics",
            dependencies: ["Common", "MetricsExporter", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Services/metrics"
        ),
        .executableTarget(
            name: "SluiceBench",
            dependencies: [
                "Common",
                "Queue",
                "Webhooks",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Benchmarks/Sources"
        ),
        .testTarget(
            name: "SluiceTests",
            dependencies: [
                "Common",
                "Queue",
                "Worker",
                "Webhooks",
                "Admin",
                "Egress",
                "Outbound",
                "MetricsExporter",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/SluiceTests"
        ),
    ]
)
