import Foundation
import Hummingbird
import KickoffModel
import KickoffStore
import Logging

/// `GET|POST /ui/login`, `POST /ui/logout`, and `/ui` itself (to the overview).
struct DashboardLoginRoutes {
    let state: FrontState
    let sessions: DashboardSessions
    let gate: DashboardGate

    func register(on group: RouterGroup<FrontRequestContext>) {
        group.get("") { _, _ in
            HTMLResponse.redirect("/ui/overview")
        }
        group.get("/login") { _, _ in
            HTMLResponse.make(LoginPage().render())
        }
        group.post("/login") { request, context in
            try LoginOrigin.check(request)
            let form = try await FormFields(request: request, context: context)
            let presented = (form.value("key") ?? "").trimmingCharacters(in: .whitespaces)
            let address = ClientNetwork.subject(of: context.remoteAddress)
            // Every attempt takes a token first, so parallel guesses cannot slip past the limit; a
            // successful login gives it back. While the bucket is empty even a right key waits: an
            // answer that told right from wrong would let the guessing go on.
            if let limiter = state.loginLimiter, let seconds = try await limiter.take(address) {
                state.metrics.countLogin(.throttled)
                context.logger.notice("dashboard login throttled", metadata: ["client": .string(address)])
                let page = LoginPage(error: "Too many failed logins from your address. Try again in \(seconds) s.")
                return HTMLResponse.make(page.render(), status: .tooManyRequests, headers: [.retryAfter: String(seconds)])
            }
            // Unknown and malformed keys get the same answer. The key itself is never logged.
            guard let record = try await state.keys.authenticate(presented) else {
                state.metrics.countLogin(.refused)
                context.logger.info("dashboard login refused", metadata: ["client": .string(context.clientAddress)])
                return HTMLResponse.make(LoginPage(error: "That API key is not valid.").render(), status: .unauthorized)
            }
            try await state.loginLimiter?.giveBack(address)
            let (id, _) = try await sessions.create(key: record, digest: APIKeyMaterial.digest(presented))
            state.metrics.countLogin(.succeeded)
            context.logger.info("dashboard login", metadata: ["key": .string(record.name), "client": .string(context.clientAddress)])
            var response = HTMLResponse.redirect("/ui/overview")
            response.setCookie(SessionCookie.make(id: id, lifetime: sessions.lifetime, request: request, servesTLS: state.servesTLS))
            return response
        }
        gate.signedIn(group, needing: .read).post("/logout") { request, context in
            let (_, _) = try await gate.post(request, context: context)
            if let id = SessionCookie.value(in: request) { try await sessions.delete(id: id) }
            var response = HTMLResponse.redirect("/ui/login")
            response.setCookie(SessionCookie.cleared(request: request, servesTLS: state.servesTLS))
            return response
        }
    }
}
