import Foundation
import Hummingbird
import HummingbirdTesting
@testable import KickoffFront
import KickoffModel
import KickoffStore
import KickoffTestSupport
import NIOCore
import RedisClient
import Testing

/// Failed dashboard logins are limited per client address (a token bucket in Redis, as the API's
/// per-key limit): 10 a minute by default, then 429 with `Retry-After` and the form again.
@Suite struct DashboardLoginLimitTests {
    /// The default's 10 at once, refilled so slowly (10 an hour) that no attempt comes back while a
    /// test runs, however slow the machine: what the tests see does not depend on time.
    static let tenAnHour = RateLimit(requestsPerSecond: 10.0 / 3600, burst: 10)

    static func login(_ client: any TestClientProtocol, key: String) async throws -> TestResponse {
        try await client.execute(uri: "/ui/login", method: .post, headers: DashboardBrowser.form,
                                 body: ByteBuffer(string: "key=" + DashboardBrowser.encode(key)))
    }

    @Test func theDefaultIsTenFailedLoginsAMinute() throws {
        let configuration = FrontConfiguration(store: StoreConfiguration(redis: try RedisConfiguration(url: "redis://127.0.0.1:6379/0")), pipelines: try FrontFixture.pipelines())
        #expect(configuration.loginRateLimit == .perMinute(10))
        #expect(RateLimit.perMinute(10) == RateLimit(requestsPerSecond: 10.0 / 60, burst: 10))
    }

    @Test func theEleventhFailedLoginIsTooManyWithRetryAfter() async throws {
        let fixture = try await FrontFixture(loginRateLimit: Self.tenAnHour)
        try await fixture.test { client in
            for attempt in 1...10 {
                #expect(try await Self.login(client, key: "kk_guess-\(attempt)").status == .unauthorized, "attempt \(attempt)")
            }
            let throttled = try await Self.login(client, key: "kk_guess-11")
            #expect(throttled.status == .tooManyRequests)
            // One attempt comes back every 360 s (10 an hour): the wait for it is what the header says.
            let retryAfter = try #require(throttled.header("Retry-After").flatMap(Int.init))
            #expect((1...360).contains(retryAfter), "Retry-After \(retryAfter)")
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
        let fixture = try await FrontFixture(loginRateLimit: Self.tenAnHour)
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
        let fixture = try await FrontFixture(loginRateLimit: RateLimit(requestsPerSecond: 2.0 / 3600, burst: 2))
        // The router test client has no peer address: its bucket is "-".
        let bucket = "{\(fixture.queue.namespace)}:loginlimit:-"
        try await fixture.test { client in
            #expect(try await Self.login(client, key: "kk_a").status == .unauthorized)
            #expect(try await Self.login(client, key: "kk_b").status == .unauthorized)
            #expect(try await Self.login(client, key: fixture.readKey).status == .tooManyRequests)
            // As if the hour had passed: the bucket's last update an hour earlier. A refused attempt
            // took nothing, so both attempts are back.
            let at = try #require(try await fixture.client.send(RedisCommand("HGET", bucket, "at")).string.flatMap { Int64($0) })
            _ = try await fixture.client.send(RedisCommand("HSET", bucket, "at", at - 3_600_000))
            #expect(try await Self.login(client, key: fixture.readKey).status == .seeOther)
            #expect(try await Self.login(client, key: "kk_c").status == .unauthorized)
            #expect(try await Self.login(client, key: "kk_d").status == .unauthorized)
            #expect(try await Self.login(client, key: "kk_e").status == .tooManyRequests)
        }
        // The bucket expires once it would be full again (burst / rate, plus a second), so the
        // buckets of many addresses do not pile up in Redis.
        let ttl = try #require(try await fixture.client.send(RedisCommand("PTTL", bucket)).int)
        #expect((1...3_601_000).contains(ttl), "PTTL \(ttl)")
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
        let fixture = try await FrontFixture(loginRateLimit: Self.tenAnHour)
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
