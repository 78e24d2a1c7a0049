import Foundation
import Hummingbird
import HummingbirdTesting
import KickoffCore
@testable import KickoffFront
import KickoffTestSupport
import NIOCore
import RedisClient
import Testing

/// Failed dashboard logins are limited per client address (a token bucket in Redis, as the API's
/// per-key limit): 10 a minute by default, then 429 with `Retry-After` and the form again.
@Suite struct DashboardLoginLimitTests {
    static func login(_ client: any TestClientProtocol, key: String) async throws -> TestResponse {
        try await client.execute(uri: "/ui/login", method: .post, headers: DashboardBrowser.form,
                                 body: ByteBuffer(string: "key=" + DashboardBrowser.encode(key)))
    }

    @Test func theEleventhFailedLoginInAMinuteIsTooManyWithRetryAfter() async throws {
        let fixture = try await FrontFixture()
        try await fixture.test { client in
            for attempt in 1...10 {
                #expect(try await Self.login(client, key: "kk_guess-\(attempt)").status == .unauthorized, "attempt \(attempt)")
            }
            let throttled = try await Self.login(client, key: "kk_guess-11")
            #expect(throttled.status == .tooManyRequests)
            // One attempt comes back every 6 s (10 a minute): the wait for it is what the header says.
            let retryAfter = try #require(throttled.header("Retry-After").flatMap(Int.init))
            #expect((1...6).contains(retryAfter), "Retry-After \(retryAfter)")
            #expect(throttled.headers[.contentType] == "text/html; charset=utf-8")
            #expect(throttled.text.contains("Too many failed logins from your address. Try again in \(retryAfter) s."))
            #expect(throttled.text.contains(#"<form method="post" action="/ui/login">"#))
            // While it lasts a right key waits too: a different answer would tell a guess was right.
            let right = try await Self.login(client, key: fixture.readKey)
            #expect(right.status == .tooManyRequests && right.headers[.setCookie] == nil)

            let metrics = try await client.execute(uri: "/metrics", method: .get).text
            #expect(metrics.contains(#"kickoff_dashboard_logins_total{outcome="refused"} 10"#), "\(metrics)")
            #expect(metrics.contains(#"kickoff_dashboard_logins_total{outcome="throttled"} 2"#), "\(metrics)")
        }
    }

    @Test func successfulLoginsDoNotCount() async throws {
        let fixture = try await FrontFixture()
        try await fixture.test { client in
            for attempt in 1...9 {
                #expect(try await Self.login(client, key: "kk_guess-\(attempt)").status == .unauthorized)
            }
            for _ in 1...5 {
                #expect(try await Self.login(client, key: fixture.readKey).status == .seeOther)
            }
            // The tenth failure is still allowed, the eleventh is not.
            #expect(try await Self.login(client, key: "kk_guess-10").status == .unauthorized)
            #expect(try await Self.login(client, key: "kk_guess-11").status == .tooManyRequests)
            let metrics = try await client.execute(uri: "/metrics", method: .get).text
            #expect(metrics.contains(#"kickoff_dashboard_logins_total{outcome="succeeded"} 5"#), "\(metrics)")
        }
    }

    @Test func theLimitLapsesAndRedisForgetsAnIdleAddress() async throws {
        // Two at once, refilled at 5 a second: the test sees the limit lift without waiting long.
        let fixture = try await FrontFixture(loginRateLimit: RateLimit(requestsPerSecond: 5, burst: 2))
        try await fixture.test { client in
            #expect(try await Self.login(client, key: "kk_a").status == .unauthorized)
            #expect(try await Self.login(client, key: "kk_b").status == .unauthorized)
            #expect(try await Self.login(client, key: "kk_c").status == .tooManyRequests)
            // A refused attempt takes nothing: once a token is back, a login goes through.
            try await Eventually.poll("a login is allowed again") {
                try await Self.login(client, key: fixture.readKey).status == .seeOther
            }
        }
        // The router test client has no peer address: its bucket is "-". It expires once full again
        // (burst / rate, plus a second), so the buckets of many addresses do not pile up in Redis.
        let bucket = "{\(fixture.queue.namespace)}:loginlimit:-"
        let ttl = try #require(try await fixture.client.send(RedisCommand("PTTL", bucket)).int)
        #expect((1...1400).contains(ttl), "PTTL \(ttl)")
    }

    @Test func turnedOffThereIsNoLimit() async throws {
        let fixture = try await FrontFixture(loginRateLimit: nil)
        let statuses = try await fixture.test { client in
            var statuses: [HTTPResponse.Status] = []
            for attempt in 1...12 { statuses.append(try await Self.login(client, key: "kk_guess-\(attempt)").status) }
            return statuses
        }
        #expect(statuses == Array(repeating: .unauthorized, count: 12))
    }

    @Test func eachAddressHasItsOwnBucket() async throws {
        let fixture = try await FrontFixture()
        let limiter = try #require(fixture.front.state.loginLimiter)
        for _ in 1...10 { #expect(try await limiter.take("192.0.2.1") == nil) }
        #expect(try await limiter.take("192.0.2.1") != nil)
        #expect(try await limiter.take("192.0.2.2") == nil)
        #expect(try await limiter.take("2001:db8::/64") == nil)
    }

    @Test func theSubjectIsTheAddressWithoutPortAndIPv6ByItsNetwork() throws {
        #expect(ClientNetwork.subject(of: try SocketAddress(ipAddress: "192.0.2.7", port: 51_000)) == "192.0.2.7")
        #expect(ClientNetwork.subject(of: try SocketAddress(ipAddress: "::ffff:192.0.2.7", port: 1)) == "192.0.2.7")
        let v6 = ClientNetwork.subject(of: try SocketAddress(ipAddress: "2001:db8:1:2:aaaa:bbbb:cccc:dddd", port: 443))
        #expect(v6 == "2001:db8:1:2::/64")
        #expect(ClientNetwork.subject(of: try SocketAddress(ipAddress: "2001:db8:1:2::9", port: 443)) == v6)
        #expect(ClientNetwork.subject(of: nil) == "-")
    }
}
