import Hummingbird
import KickoffTelemetry
import KickoffStore
import Logging

/// The open routes: liveness, readiness, metrics and the API's own description.
struct HealthRoutes {
    let state: FrontState

    func register(on router: Router<FrontRequestContext>) {
        router.get("/healthz") { _, _ in
            try JSONResponse.make(["status": "ok"])
        }
        router.get("/readyz") { _, context in
            do {
                try await state.store.ping()
                return try JSONResponse.make(["status": "ready"])
            } catch {
                context.logger.info("not ready: Redis does not answer", metadata: ["error": "\(error)"])
                throw Problem.unavailable("Redis does not answer: \(error)")
            }
        }
        router.get("/metrics") { _, _ in
            JSONResponse.text(await state.metrics.render(store: state.runs), contentType: PrometheusText.contentType)
        }
        router.get("/openapi.yaml") { _, _ in
            JSONResponse.text(OpenAPIDocument.yaml, contentType: "application/yaml; charset=utf-8")
        }
    }
}
