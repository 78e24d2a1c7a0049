import Foundation
import KickoffModel
import KickoffTestSupport
import Testing

/// `kickoff sources list` and `kickoff sources deliveries` against a real front, after a MinIO-shaped
/// delivery (static token, no delivery id of its own) made a run and its copy was a duplicate.
@Suite struct SourcesCommandTests {
    static let pipelines = """
    pipelines:
      ingest:
        steps:
          load: {run: [python3, step.py, echo], parameters: {key: {type: string}}}
    sources:
      minio:
        provider: token
        secret_env: HOOK_MINIO_TOKEN
        event: /EventName
        routes:
          - pipeline: ingest
            when: {event: "s3:ObjectCreated:*"}
            parameters: {load.key: /Key}
      unset:
        provider: gitlab
        secret_env: HOOK_NOT_SET
        routes: [{pipeline: ingest}]
    """

    @Test func listAndDeliveries() async throws {
        let fixture = try await WorkerFixture(pipelines: Self.pipelines)
        let front = try await fixture.startFront(environment: ["HOOK_MINIO_TOKEN": "minio-token"])
        let body = Data(#"{"EventName":"s3:ObjectCreated:Put","Key":"datasets/new.csv","Records":[]}"#.utf8)
        var answers: [Int] = []
        for _ in 0..<2 {
            answers.append(try await FrontProcess.request(front.baseURL + "/v1/hooks/minio", method: "POST", key: nil, body: body,
                                                          headers: ["Authorization": "Bearer minio-token"]).status)
        }
        let unset = try await FrontProcess.request(front.baseURL + "/v1/hooks/unset", method: "POST", key: nil, body: body,
                                                   headers: ["X-Gitlab-Token": "x"])
        #expect(answers == [202, 200] && unset.status == 503, "\(answers) \(unset.text)")
        // The front said so when it started, naming the variable.
        #expect(front.process.output.contains("hook source without its secret") && front.process.output.contains("HOOK_NOT_SET"),
                "\(front.process.output)")

        let environment = ["KICKOFF_URL": front.baseURL, "KICKOFF_API_KEY": front.key]
        let list = try await KickoffProcess.run(["sources", "list"], environment: environment)
        #expect(list.status == 0, "\(list.output)")
        let rows = list.output.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        #expect(rows.first?.first == "SOURCE")
        #expect(rows.contains { $0.first == "minio" && $0.contains("token") && $0.contains("/v1/hooks/minio") && $0.last == "1/0/1/0/0" },
                "\(list.output)")
        #expect(rows.contains { $0.first == "unset" && $0.contains("(not") }, "\(list.output)")

        let deliveries = try await KickoffProcess.run(["sources", "deliveries", "minio"], environment: environment)
        #expect(deliveries.status == 0, "\(deliveries.output)")
        let lines = deliveries.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(deliveries.output)")
        #expect(lines.dropFirst().first?.contains("duplicate") == true && lines.last?.contains("created") == true, "\(deliveries.output)")
        #expect(lines.last?.contains("sha256:") == true && lines.last?.contains("s3:ObjectCreated:Put") == true, "\(deliveries.output)")

        let unknown = try await KickoffProcess.run(["sources", "deliveries", "nope"], environment: environment)
        #expect(unknown.status != 0 && unknown.output.contains("no source 'nope'"), "\(unknown.output)")
    }
}
