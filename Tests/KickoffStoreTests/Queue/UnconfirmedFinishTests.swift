import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// A run's end that no replica confirmed, against a real primary and replica: the repeats a worker
/// sends are told apart from a run that is no longer its own, and each one can be confirmed by `WAIT`.
@Suite struct UnconfirmedFinishTests {
    @Test func aRepeatedEndAnswersDoneAndIsConfirmedOnceTheReplicaHasIt() async throws {
        let primary = try RedisServerProcess()
        try await primary.start()
        defer { primary.kill() }
        let replica = try RedisServerProcess.replica(of: primary)
        try await replica.start()
        defer { replica.kill() }
        var configuration = primary.configuration
        configuration.replicaAcknowledgement = ReplicaAcknowledgement(replicas: 1, timeout: .milliseconds(300))
        let fixture = try await QueueFixture(configuration: configuration)
        let run = fixture.newRun(steps: ["only"])
        try await fixture.blocking { try $0.enqueue(run) }
        let claimed = try #require(try await fixture.blocking { try $0.claim(worker: "w", lease: .seconds(30)) })
        try await Eventually.poll("the replica confirms the claim") {
            try await fixture.blocking { queue in
                _ = try queue.heartbeat(claimed, lease: .seconds(30))
                do {
                    try queue.connection.awaitReplicas()
                    return true
                } catch {
                    return false
                }
            }
        }

        replica.pause()
        let first = try await fixture.blocking { try $0.finishAwaitingReplicas(claimed, status: .succeeded, outputs: .integer(1), error: nil) }
        #expect(first.result == .ok)
        #expect(first.notReplicated == .notReplicated(endpoint: configuration.endpoint, acknowledged: 0, required: 1))
        // Each `blocking` call has a fresh connection, and WAIT counts from the connection's own writes:
        // the repeat's WAIT must not be confirmed by a replica that lacks the end.
        let repeated = try await fixture.blocking { try $0.finishAwaitingReplicas(claimed, status: .succeeded, outputs: .integer(1), error: nil) }
        #expect(repeated.result == .done)
        #expect(repeated.notReplicated != nil)
        // The lease keeper's heartbeat: not lost, nothing to extend.
        #expect(try await fixture.blocking { try $0.heartbeat(claimed, lease: .seconds(30)) } == .done)
        // Another attempt's token is refused as before.
        let other = ClaimedRun(record: claimed.record, token: "another-attempt")
        #expect(try await fixture.blocking { try $0.heartbeat(other, lease: .seconds(30)) } == .stale)
        #expect(try await fixture.blocking { try $0.finish(other, status: .failed, outputs: nil, error: nil) } == .stale)

        replica.resume()
        try await Eventually.poll("a repeat is confirmed once the replica has caught up") {
            let answer = try await fixture.blocking { try $0.finishAwaitingReplicas(claimed, status: .succeeded, outputs: .integer(1), error: nil) }
            return answer.result == .done && answer.notReplicated == nil
        }
        let onReplica = try await fixture.on(replica.configuration).blocking { try $0.run(id: run.id) }
        #expect(onReplica?.status == .succeeded)
        #expect(onReplica?.outputs == .integer(1))
        // One end, however often it was sent.
        #expect(try await fixture.eventTypes(run.id) == ["run.queued", "run.running", "run.succeeded"])
    }
}
