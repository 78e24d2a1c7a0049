import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// A queued run's record stays in Redis's compact hash encoding (listpack), about half the memory of
/// a hash table: every value Kickoff itself writes fits `hash-max-listpack-value` (64 bytes) — the
/// trigger of a key with a 40-character name included (its JSON keeps no null members).
@Suite struct QueuedRunEncodingTests {
    @Test func aRunTriggeredByAKeyWithALongNameKeepsTheCompactEncoding() async throws {
        let fixture = try await QueueFixture()
        var made = fixture.newRun(steps: ["train_model"])
        made.trigger = RunTrigger(kind: .api, name: String(repeating: "k", count: 40))
        let run = made
        try await fixture.blocking { try $0.enqueue(run) }
        let encoding = try await fixture.send(RedisCommand("OBJECT", "ENCODING", fixture.keys.run(run.id))).string
        #expect(encoding == "listpack")
        let record = try #require(try await fixture.blocking { try $0.run(id: run.id) })
        #expect(record.trigger == RunTrigger(kind: .api, name: String(repeating: "k", count: 40)))
    }

    /// The stored form reads back the same as the API's form (nulls kept), both ways.
    @Test func theStoredTriggerTextReadsAsTheTrigger() throws {
        for trigger in [RunTrigger(kind: .api, name: "ci"), RunTrigger(kind: .source, name: "github", delivery: "d-1", event: "push"),
                        RunTrigger(kind: .schedule)] {
            let stored = try JSONTextReader.parse(trigger.storedText.utf8)
            #expect(RunTrigger(json: stored) == trigger)
            #expect(!trigger.storedText.contains("null"))
        }
    }
}
