import Foundation
import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// Redis Cluster end to end: `kickoff keys create`, `kickoff serve` and `kickoff worker` are given
/// one node of the test cluster that does not serve the namespace's slot (what a user pointing them
/// "at the cluster" gets), and a triggered run goes through.
@Suite(.serialized) struct RedisClusterEndToEndTests {
    static let pipelines = """
    pipelines:
      quick:
        steps:
          only: {run: [python3, step.py, emit], parameters: {n: {type: integer, default: 1}}}
    """

    @Test func aFrontAndAWorkerPointedAtANodeWithoutTheSlotRunAPipeline() async throws {
        let cluster = try await TestRedisCluster.shared()
        let fixture = try await WorkerFixture(pipelines: Self.pipelines, redis: cluster.configuration())
        let namespace = fixture.queue.namespace
        let elsewhere = try await cluster.primaryNotServing(fixture.queue.keys.prefix)
        let seed = ClusterFixture.list([elsewhere])

        // The variable for `keys create` and `serve`, the flag for the worker.
        let created = try await KickoffProcess.run(["keys", "create", "cluster-e2e", "--scopes", "trigger,read", "--namespace", namespace],
                                                   environment: [EnvironmentVariable.redisCluster: seed])
        let key = try #require(created.output.split(separator: "\n").first { $0.hasPrefix(APIKeyMaterial.prefix) },
                               "kickoff keys create (\(created.status)):\n\(created.output)")
        let port = try FreePort.find()
        let base = "http://127.0.0.1:\(port)"
        let front = try KickoffProcess(["serve", "--namespace", namespace, "--pipelines", fixture.pipelinesFile.path, "--port", "\(port)",
                                        "--rate-limit", "0"],
                                       environment: [EnvironmentVariable.redisCluster: seed], logDirectory: fixture.directory)
        defer { if front.isRunning { front.signal(SIGKILL) } }
        try await Eventually.poll("kickoff serve is ready (INFO and the permission check reach the cluster)", deadline: .seconds(30)) {
            guard front.isRunning else { throw TestSupportError("kickoff serve exited:\n\(front.output)") }
            return (try? await FrontProcess.request(base + "/readyz", method: "GET", key: nil, body: nil).status) == 200
        }
        try fixture.startWorker("cluster-w1", extra: ["--redis-cluster", seed])

        let answer = try await FrontProcess.request(base + "/v1/pipelines/quick/runs", method: "POST", key: String(key), body: Data("{}".utf8))
        #expect(answer.status == 202, "\(answer.text)\n\(front.output)")
        let id = try #require(answer.json?["id"] as? String)
        let record = try await fixture.waitUntilFinished(id)
        #expect(record.status == .succeeded, "\(fixture.workerLogs())")
        let read = try await FrontProcess.request(base + "/v1/runs/\(id)", method: "GET", key: String(key), body: nil)
        #expect(read.json?["status"] as? String == "succeeded")
        #expect(!front.output.contains("MOVED") && !fixture.workerLogs().contains("MOVED"), "\(front.output)\n\(fixture.workerLogs())")
    }
}
