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
            let memory: RedisMemory?
            do {
                try await state.store.ping()
                memory = try await state.store.memory()
            } catch {
                context.logger.info("not ready: Redis does not answer", metadata: ["error": "\(error)"])
                throw Problem.unavailable("Redis does not answer: \(error)")
            }
            // A full Redis answers reads but refuses every trigger: not ready to take work.
            if let memory, memory.isFull {
                context.logger.warning("not ready: Redis is full", metadata: ["used_memory": "\(memory.used)", "maxmemory": "\(memory.maximum)"])
                throw Problem.storeFullNotReady(memory)
            }
            return try JSONResponse.make(["status": "ready"])
        }
        router.get("/metrics") { _, _ in
            JSONResponse.text(await state.metrics.render(store: state.store), contentType: PrometheusText.contentType)
        }
        router.get("/openapi.yaml") { _, _ in
            JSONResponse.text(OpenAPIDocument.yaml, contentType: "application/yaml; charset=utf-8")
        }
    }
}
