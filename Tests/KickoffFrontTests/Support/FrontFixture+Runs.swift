import Foundation
import Hummingbird
import HummingbirdTesting
@testable import KickoffFront
import KickoffModel
import KickoffStore
import KickoffTestSupport
import Testing

/// Runs the front tests start from: triggered over the API, or finished with a dead-lettered webhook.
extension FrontFixture {
    /// A finished `etl` run whose callback delivery failed for good: one dead letter in the outbox.
    func finishedRunWithDeadLetter() async throws -> (run: NewRun, delivery: WebhookDelivery) {
        let run = NewRun(pipeline: "etl", parameters: ["extract": ["source": .string("s")]], stepNames: ["extract"],
                         callbackURL: "https://example.com/hook")
        try await queue.blocking { queue in
            try queue.enqueue(run)
            let claimed = try #require(try queue.claim(worker: "host/1", lease: .seconds(30)))
            _ = try queue.finish(claimed, status: .succeeded, outputs: .object([:]), error: nil)
        }
        let outbox = WebhookStore(client: client, operations: queue.operations)
        let delivery = try #require(try await outbox.claim(token: "t", lease: .seconds(30), limit: 1).deliveries.first)
        #expect(try await outbox.record(delivery, token: "t", outcome: .dead(statusCode: 410, error: "HTTP 410")))
        return (run, delivery)
    }
}

/// Triggers a run of `pipeline` over the API with the fixture's trigger key and returns the run object
/// of the 202 (the test fails otherwise). Without a body, `etl` gets its required `source`.
func trigger(_ client: any TestClientProtocol, _ fixture: FrontFixture, _ pipeline: String = "etl", _ body: String? = nil) async throws -> RunObject {
    let body = body ?? (pipeline == "etl" ? #"{"parameters":{"source":"s"}}"# : "{}")
    let response = try await client.execute(uri: "/v1/pipelines/\(pipeline)/runs", method: .post, headers: .json(fixture.triggerKey),
                                            body: ByteBuffer(string: body))
    return try #require(response.runObject, "\(response.status) \(response.text)")
}
