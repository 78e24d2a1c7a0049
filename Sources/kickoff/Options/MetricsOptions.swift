import ArgumentParser
import Foundation
import KickoffFront
import KickoffModel
import Logging

/// `--metrics-port` / `--metrics-host` of `kickoff pool` and `kickoff worker`: where to serve
/// `GET /metrics`. Flags win over KICKOFF_METRICS_PORT / KICKOFF_METRICS_HOST; no port: no endpoint.
struct MetricsOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Serve Prometheus metrics on this port (default: $KICKOFF_METRICS_PORT, else none).", valueName: "port"))
    var metricsPort: Int?

    @Option(help: ArgumentHelp("Address of the metrics endpoint (default: $KICKOFF_METRICS_HOST, else 127.0.0.1).", valueName: "host"))
    var metricsHost: String?

    func validate() throws {
        _ = try endpoint(environment: ProcessInfo.processInfo.environment)
    }

    /// Host and port to serve on, or nil when none is asked for.
    func endpoint(environment: [String: String]) throws -> (host: String, port: Int)? {
        let port: Int
        if let metricsPort {
            port = metricsPort
            guard (1...65535).contains(port) else { throw ValidationError("--metrics-port: \(port) is not a port (1-65535)") }
        } else if let text = environment[EnvironmentVariable.metricsPort], !text.isEmpty {
            guard let value = Int(text), (1...65535).contains(value) else {
                throw ValidationError("\(EnvironmentVariable.metricsPort): '\(text)' is not a port (1-65535)")
            }
            port = value
        } else {
            return nil
        }
        let host = metricsHost ?? environment[EnvironmentVariable.metricsHost].flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1"
        return (host, port)
    }

    /// Starts the endpoint in the background (the caller goes on blocking its own thread). A port
    /// that cannot be bound is logged as an error; the process goes on without metrics.
    static func serve(_ endpoint: (host: String, port: Int), logger: Logger, render: @escaping @Sendable () async -> String) {
        Task.detached {
            logger.info("metrics endpoint listening", metadata: ["address": "\(endpoint.host):\(endpoint.port)"])
            do {
                try await MetricsEndpoint.serve(host: endpoint.host, port: endpoint.port, logger: logger, render: render)
            } catch {
                logger.error("metrics endpoint failed", metadata: ["address": "\(endpoint.host):\(endpoint.port)", "error": "\(error)"])
            }
        }
    }
}
