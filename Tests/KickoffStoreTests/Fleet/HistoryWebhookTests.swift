import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// Webhook delivery attempts are counted in the history by outcome, in the `webhook_result` script.
@Suite struct HistoryWebhookTests {
    @Test func eachAttemptIsCountedByItsOutcomeAndAReleaseIsNot() async throws {
        let harness = try await WebhookOutboxTests.Harness()
        let store = Store(configuration: StoreConfiguration(redis: harness.fixture.configuration), operations: harness.fixture.operations,
                          connections: 1)
        defer { Task { await store.shutdown() } }
        let before = try await store.time()
        _ = try await harness.finishedRun(.succeeded)
        let first = try #require(try await harness.store.claim(token: "t", lease: .seconds(30), limit: 10).deliveries.first)
        #expect(try await harness.store.record(first, token: "t", outcome: .retry(statusCode: 503, error: "HTTP 503", after: .zero)))
        let second = try #require(try await harness.store.claim(token: "t", lease: .seconds(30), limit: 10).deliveries.first)
        #expect(try await harness.store.record(second, token: "t", outcome: .delivered(statusCode: 200)))
        let report = StatsReport(minutes: try await store.fleet.history(since: before, until: try await store.time()), since: before, until: 0)
        #expect(report.totals.webhooks == ["retry": 1, "delivered": 1])
        #expect(report.totals.runs == ["demo": ["succeeded": 1]])
    }
}
