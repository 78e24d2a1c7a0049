import Hummingbird
import KickoffTelemetry
public import Logging

/// A small HTTP server with only `GET /metrics` (and `GET /healthz`), for the processes that
/// have no API of their own: `kickoff pool --metrics-port` and `kickoff worker --metrics-port`.
public enum MetricsEndpoint {
    /// Serves until the task running it is cancelled. It installs no signal handlers: the pool and
    /// the worker handle SIGTERM themselves.
    public static func serve(host: String, port: Int, logger: Logger, render: @escaping @Sendable () async -> String) async throws {
        let router = Router()
        router.get("/metrics") { _, _ in
            JSONResponse.text(await render(), contentType: PrometheusText.contentType)
        }
        router.get("/healthz") { _, _ in
            try JSONResponse.make(["status": "ok"])
        }
        let application = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "kickoff"),
            logger: logger
        )
        try await application.run()
    }
}
