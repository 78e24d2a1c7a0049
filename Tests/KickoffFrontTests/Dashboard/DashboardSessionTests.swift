import Foundation
import Hummingbird
import HummingbirdTesting
@testable import KickoffFront
import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// Signing in to the dashboard: the cookie, scopes, CSRF, logout, revoked keys.
@Suite struct DashboardSessionTests {
    @Test func loginSetsAnHttpOnlyStrictCookieScopedToTheDashboard() async throws {
        let fixture = try await FrontFixture()
        try await fixture.test { client in
            let response = try await client.execute(uri: "/ui/login", method: .post, headers: DashboardBrowser.form,
                                                    body: ByteBuffer(string: "key=" + DashboardBrowser.encode(fixture.readKey)))
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/ui/overview")
            let cookie = try #require(response.headers[.setCookie])
            let attributes = Set(cookie.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
            #expect(cookie.hasPrefix("kickoff_session="))
            #expect(attributes.contains("httponly"))
            #expect(attributes.contains("samesite=strict"))
            #expect(attributes.contains("path=/ui"))
            #expect(!attributes.contains("secure"), "plain HTTP: a Secure cookie would never be sent back")
            #expect(response.header("Strict-Transport-Security") == nil, "plain HTTP: HSTS is the TLS front's (or its proxy's) to send")
            // The session id is not the key, and Redis holds only its digest.
            let id = String(cookie.dropFirst("kickoff_session=".count).prefix { $0 != ";" })
            #expect(!id.contains(fixture.readKey))
            let stored = try await fixture.client.send(RedisCommand("EXISTS", "{\(fixture.queue.namespace)}:ui:session:" + id))
            #expect(stored == .integer(0))
            let digest = "{\(fixture.queue.namespace)}:ui:session:" + Digests.sha256Hex(id.utf8)
            #expect(try await fixture.client.send(RedisCommand("EXISTS", digest)) == .integer(1))
        }
    }

    @Test func behindTLSTheCookieIsSecure() async throws {
        let fixture = try await FrontFixture()
        let response = try await fixture.test { client in
            var headers = DashboardBrowser.form
            headers[HTTPFields.Element.Name("X-Forwarded-Proto")!] = "https"
            return try await client.execute(uri: "/ui/login", method: .post, headers: headers,
                                            body: ByteBuffer(string: "key=" + DashboardBrowser.encode(fixture.readKey)))
        }
        let cookie = try #require(response.headers[.setCookie])
        #expect(cookie.lowercased().split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.contains("secure"))
    }

    @Test func aWrongKeyIsRefusedAndPagesNeedASession() async throws {
        let fixture = try await FrontFixture()
        try await fixture.test { client in
            let wrong = try await client.execute(uri: "/ui/login", method: .post, headers: DashboardBrowser.form,
                                                 body: ByteBuffer(string: "key=kk_not-a-key"))
            #expect(wrong.status == .unauthorized)
            #expect(wrong.headers[.setCookie] == nil)
            #expect(wrong.text.contains("not valid"))
            for page in ["/ui/runs", "/ui/pipelines", "/ui/queue", "/ui/runs/\(RunID.make())"] {
                let anonymous = try await client.execute(uri: page, method: .get)
                #expect(anonymous.status == .seeOther, "\(page)")
                #expect(anonymous.headers[.location] == "/ui/login", "\(page)")
                let forged = try await client.execute(uri: page, method: .get, headers: [.cookie: "kickoff_session=" + String(repeating: "a", count: 64)])
                #expect(forged.headers[.location] == "/ui/login", "\(page)")
            }
            let login = try await client.execute(uri: "/ui/login", method: .get)
            #expect(login.status == .ok)
            #expect(login.headers[.contentType] == "text/html; charset=utf-8")
            #expect(login.headers[HTTPFields.Element.Name("Content-Security-Policy")!]?.contains("script-src 'self'") == true)
        }
    }

    @Test func aReadOnlyKeyCanViewButNeitherTriggerNorCancel() async throws {
        let fixture = try await FrontFixture()
        try await fixture.test { client in
            let run = try await trigger(client, fixture)
            let browser = try await DashboardBrowser.login(client, key: fixture.readKey)
            for page in ["/ui/runs", "/ui/pipelines", "/ui/queue", "/ui/runs/\(run.id)"] {
                #expect(try await browser.get(page).status == .ok, "\(page)")
            }
            #expect(try await browser.get("/ui/pipelines").text.contains("Triggering needs a key with the <code>trigger</code> scope"))
            let trigger = try await browser.post("/ui/pipelines/etl/runs", [("steps.extract.parameters.source", "x")])
            #expect(trigger.status == .forbidden)
            let cancel = try await browser.post("/ui/runs/\(run.id)/cancel")
            #expect(cancel.status == .forbidden)
            let retry = try await browser.post("/ui/runs/\(run.id)/retry")
            #expect(retry.status == .forbidden)
            #expect(try await fixture.runs.run(id: run.id)?.status == .queued)
            let count = try await fixture.client.send(RedisCommand("ZCARD", StoreKeys(namespace: fixture.queue.namespace).runsIndex))
            #expect(count == .integer(1))
        }
    }

    @Test func aPostWithoutTheSessionsCSRFTokenIsForbidden() async throws {
        let fixture = try await FrontFixture()
        try await fixture.test { client in
            let browser = try await DashboardBrowser.login(client, key: fixture.triggerKey)
            let fields = [("steps.extract.parameters.source", "x")]
            let missing = try await browser.post("/ui/pipelines/etl/runs", fields, csrf: false)
            #expect(missing.status == .forbidden)
            #expect(missing.text.contains("CSRF"))
            let wrong = try await browser.post("/ui/pipelines/etl/runs", [("csrf_token", String(repeating: "0", count: 64))] + fields, csrf: false)
            #expect(wrong.status == .forbidden)
            // Another session's token does not fit this session.
            let other = try await DashboardBrowser.login(client, key: fixture.triggerKey)
            #expect(other.csrf != browser.csrf)
            let crossed = try await browser.post("/ui/pipelines/etl/runs", [("csrf_token", other.csrf)] + fields, csrf: false)
            #expect(crossed.status == .forbidden)
            let logout = try await browser.post("/ui/logout", csrf: false)
            #expect(logout.status == .forbidden)
            let count = try await fixture.client.send(RedisCommand("ZCARD", StoreKeys(namespace: fixture.queue.namespace).runsIndex))
            #expect(count == .integer(0))
            // With the token it goes through.
            #expect(try await browser.post("/ui/pipelines/etl/runs", fields).redirectedRunID != nil)
        }
    }

    @Test func logoutAndRevokingTheKeyEndTheSession() async throws {
        let fixture = try await FrontFixture()
        try await fixture.test { client in
            let browser = try await DashboardBrowser.login(client, key: fixture.readKey)
            let logout = try await browser.post("/ui/logout")
            #expect(logout.status == .seeOther)
            #expect(logout.headers[.setCookie]?.contains("Max-Age=0") == true)
            #expect(try await browser.get("/ui/runs").headers[.location] == "/ui/login")

            let second = try await DashboardBrowser.login(client, key: fixture.readKey)
            #expect(try await second.get("/ui/runs").status == .ok)
            #expect(try await fixture.keys.revoke(name: "dashboard"))
            #expect(try await second.get("/ui/runs").headers[.location] == "/ui/login")
        }
    }
}
