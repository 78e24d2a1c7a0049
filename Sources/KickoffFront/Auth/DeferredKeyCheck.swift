import Hummingbird
import KickoffModel
import KickoffStore

/// The key check `APIKeyMiddleware` left to the enqueue script on a trigger route (`defersCheck`):
/// the record the key had when this process last read it, to be confirmed by the script (`store`),
/// or by `confirm()` before any answer that does not come from the script.
struct DeferredKeyCheck: Sendable {
    let middleware: APIKeyMiddleware
    let presented: String
    /// What the enqueue script compares and takes (its token bucket).
    let store: TriggerKeyCheck

    /// The check the middleware skipped, done now: throws its 401, 403 or 429; else the key as stored.
    @discardableResult
    func confirm() async throws -> APIKeyRecord {
        try await middleware.authorize(presented)
    }

    /// Runs `body`; when it throws anything but the key check's own answers, the key is checked first,
    /// so that a caller without a valid key learns nothing else (401 before 404 or 422).
    static func confirmingOnError<T>(_ check: DeferredKeyCheck?, _ body: () async throws -> T) async throws -> T {
        guard let check else { return try await body() }
        do {
            return try await body()
        } catch let problem as Problem where [.unauthorized, .forbidden, .tooManyRequests].contains(problem.status) {
            throw problem
        } catch {
            try await check.confirm()
            throw error
        }
    }
}
