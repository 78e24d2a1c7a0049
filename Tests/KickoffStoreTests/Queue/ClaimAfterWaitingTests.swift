import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// An idle worker sends its wait and its claim together (`claimAfterWaiting`): Redis runs the claim
/// the moment the wait is woken, with no round trip back to the worker in between.
@Suite(.serialized) struct ClaimAfterWaitingTests {
    /// On a private server: the one blocked client there is the worker's. While it waits, its claim is
    /// already in Redis's query buffer for that connection (`qbuf` > 0 in `CLIENT LIST`).
    @Test func theClaimIsSentWithTheWaitAndTakesTheRunThatWokeIt() async throws {
        let server = try RedisServerProcess()
        try await server.start()
        let fixture = try await QueueFixture(configuration: server.configuration)
        async let claimed = fixture.blocking { queue in
            try queue.claimAfterWaiting(worker: "host/1", timeout: .seconds(60), waitQueues: [Pipeline.defaultQueue],
                                        lease: .seconds(30), startFirstStep: true)
        }
        try await Eventually.poll("the worker blocked with its claim queued behind the wait") {
            let clients = try await fixture.send(RedisCommand("CLIENT", "LIST")).string ?? ""
            return clients.split(whereSeparator: \.isNewline).contains { line in
                line.contains("cmd=blpop") && line.contains("flags=b") && !line.contains(" qbuf=0 ")
            }
        }
        let run = fixture.newRun(steps: ["first"])
        try await fixture.blocking { try $0.enqueue(run) }
        let taken = try #require(try await claimed)
        #expect(taken.record.id == run.id)
        #expect(taken.record.steps.first?.status == .running)
        #expect(try await fixture.send(RedisCommand("HGET", fixture.keys.run(run.id), "worker")).string == "host/1")
    }

    @Test func nothingQueuedGivesNilAfterTheTimeout() async throws {
        let fixture = try await QueueFixture()
        let claimed = try await fixture.blocking { queue in
            try queue.claimAfterWaiting(worker: "host/1", timeout: .milliseconds(50), waitQueues: [Pipeline.defaultQueue], lease: .seconds(30))
        }
        #expect(claimed == nil)
    }

    /// After `SCRIPT FLUSH` (a restarted Redis) the claim is sent again as EVAL.
    @Test func anUnknownScriptIsSentAgainInFull() async throws {
        let server = try RedisServerProcess()
        try await server.start()
        let fixture = try await QueueFixture(configuration: server.configuration)
        let run = fixture.newRun()
        try await fixture.blocking { try $0.enqueue(run) }
        _ = try await fixture.send(RedisCommand("SCRIPT", "FLUSH"))
        let claimed = try await fixture.blocking { queue in
            try queue.claimAfterWaiting(worker: "host/1", timeout: .seconds(5), waitQueues: [Pipeline.defaultQueue], lease: .seconds(30))
        }
        #expect(claimed?.record.id == run.id)
    }
}
