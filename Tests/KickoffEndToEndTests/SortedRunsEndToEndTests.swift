import Foundation
import KickoffModel
import KickoffTestSupport
import Testing

/// Runs that really ran (a real `kickoff serve` and `kickoff worker`, each step a process writing
/// its outputs) come back sorted by an output, from the API and from `kickoff runs list --sort`.
@Suite struct SortedRunsEndToEndTests {
    static let pipelines = """
    pipelines:
      scored:
        display: {outputs: [accuracy]}
        steps:
          score:
            run: [sh, -c, 'if [ "$1" = none ]; then echo "{}"; else echo "{\\"accuracy\\": $1}"; fi > "$KICKOFF_OUTPUT"', score, "{{accuracy}}"]
            parameters: {accuracy: {type: string}}
    """

    @Test func runsWithOutputsComeBackSortedByAccuracy() async throws {
        let fixture = try await ClientFixture(pipelines: Self.pipelines)
        var ids: [String: String] = [:]
        for accuracy in ["0.71", "0.93", "none", "0.5"] {
            let answer = try await FrontProcess.request(fixture.url + "/v1/pipelines/scored/runs", method: "POST", key: fixture.key,
                                                        body: Data(#"{"parameters":{"accuracy":"\#(accuracy)"}}"#.utf8))
            #expect(answer.status == 202, "\(answer.text)")
            ids[accuracy] = try nonNil(answer.json?["id"] as? String, "the run id")
        }
        for id in ids.values {
            let record = try await fixture.workers.waitUntilFinished(id)
            #expect(record.status == .succeeded, "\(fixture.logs())")
        }

        let sorted = try await FrontProcess.request(fixture.url + "/v1/runs?pipeline=scored&sort=-outputs.accuracy", method: "GET",
                                                    key: fixture.key, body: nil)
        #expect(sorted.status == 200, "\(sorted.text)")
        let runs = sorted.json?["runs"] as? [[String: Any]] ?? []
        #expect(runs.compactMap { $0["id"] as? String } == ["0.93", "0.71", "0.5", "none"].compactMap { ids[$0] })
        #expect(runs.compactMap { ($0["outputs"] as? [String: Any])?["accuracy"] as? Double } == [0.93, 0.71, 0.5])

        let bad = try await FrontProcess.request(fixture.url + "/v1/runs?sort=-accuracy", method: "GET", key: fixture.key, body: nil)
        #expect(bad.status == 422)
        #expect(bad.headers["content-type"] == "application/problem+json")
        #expect(bad.text.contains(#""field":"sort""#))

        let listed = try await fixture.kickoff(["runs", "list", "--pipeline", "scored", "--sort", "outputs.accuracy"])
        #expect(listed.status == 0, "\(listed.output)")
        let lines = listed.output.split(separator: "\n")
        #expect(lines.first?.contains("ACCURACY") == true, "\(listed.output)")
        let order = ["0.5", "0.71", "0.93", "none"].compactMap { ids[$0] }.compactMap { id in lines.firstIndex { $0.hasPrefix(id) } }
        #expect(order.count == 4 && order == order.sorted(), "\(listed.output)")
    }
}
