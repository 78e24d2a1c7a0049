import Foundation
import KickoffStore
import KickoffTestSupport
import Testing

/// Redis restarted without persistence comes back empty: the front and the worker each say so in an
/// error log and count it in `kickoff_redis_data_lost_total`, instead of leaving 401s and 404s to tell.
@Suite struct RedisDataLossTests {
    static let pipelines = """
    pipelines:
      quick:
        steps:
          only: {run: [python3, step.py, emit]}
    """

    @Test func aWipedRedisIsLoggedAndCountedByTheFrontAndTheWorker() async throws {
        let server = try RedisServerProcess()
        try await server.start()
        defer { server.kill() }
        let fixture = try await WorkerFixture(pipelines: Self.pipelines, redis: server.configuration)
        let front = try await fixture.startFront(["--log-level", "debug"])
        let worker = try fixture.startWorker("loss", extra: ["--log-level", "debug"])
        try await Eventually.poll("both processes have seen the marker") {
            worker.output.contains("instance marker seen") && front.process.output.contains("instance marker seen")
        }
        let metricsBefore = try await FrontProcess.request(front.baseURL + "/metrics", method: "GET", key: nil, body: nil).text
        #expect(metricsBefore.contains("\n\(RedisDataLoss.metricName) 0"), "\(metricsBefore)")

        // Restarted without persistence: empty.
        server.kill()
        try await server.start()
        try await Eventually.poll("the front and the worker tell the loss", deadline: .seconds(60)) {
            let metrics = (try? await FrontProcess.request(front.baseURL + "/metrics", method: "GET", key: nil, body: nil).text) ?? ""
            return metrics.contains("\n\(RedisDataLoss.metricName) 1") && worker.output.contains("Redis lost its data")
                && front.process.output.contains("Redis lost its data")
        }
    }
}
