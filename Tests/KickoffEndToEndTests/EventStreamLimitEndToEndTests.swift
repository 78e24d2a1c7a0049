import Foundation
import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// A real `kickoff serve` with small stream caps: a stream beyond a cap (the front's, or one key's)
/// gets the documented 503 problem, not a 200 with an empty body, and a revoked key's open stream ends.
@Suite struct EventStreamLimitEndToEndTests {
    static let pipelines = """
    pipelines:
      quick:
        steps:
          only: {run: [python3, step.py, emit]}
    """

    /// An open connection, handed between the test and the threads that block on it.
    final class Stream: @unchecked Sendable {
        // @unchecked: used by one thread at a time (each onDedicatedThread call is awaited).
        let connection: RawConnection
        let head: String

        init(connection: RawConnection, head: String) {
            self.connection = connection
            self.head = head
        }

        var status: Int { head.split(separator: " ", maxSplits: 2).dropFirst().first.flatMap { Int($0) } ?? 0 }
    }

    /// `GET /v1/runs/{run}/events` with `key`: returns once the first event (or a whole problem answer) is in.
    static func open(port: Int, key: String, run: String) async throws -> Stream {
        try await onDedicatedThread {
            let connection = try RawConnection(port: port)
            connection.send("GET /v1/runs/\(run)/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(key)\r\nConnection: close\r\n\r\n")
            // A stream's first event is run.queued; a problem document ends with its closing brace.
            let head = connection.read(until: "event: run.queued")
            if head.contains("event: run.queued") { return Stream(connection: connection, head: head) }
            return Stream(connection: connection, head: head + connection.read(until: "}", deadline: .seconds(5)))
        }
    }

    static func createKey(_ fixture: WorkerFixture, _ name: String) async throws -> String {
        let client = RedisClient(configuration: fixture.queue.configuration, connectionCount: 1)
        defer { Task { await client.shutdown() } }
        return try await APIKeyStore(client: client, keys: fixture.queue.keys).create(name: name, scopes: [.read, .trigger]).key
    }

    @Test func streamsBeyondACapGet503AndARevokedKeysStreamEnds() async throws {
        let fixture = try await WorkerFixture(pipelines: Self.pipelines)
        let front = try await fixture.startFront(["--max-streams", "4", "--max-streams-per-key", "2"])
        let accepted = try await front.send("POST", "/v1/pipelines/quick/runs", json: "{}")
        let run = try #require(accepted.json?["id"] as? String, "\(accepted.text)")  // stays queued: no worker
        let one = try await Self.createKey(fixture, "one")
        let two = try await Self.createKey(fixture, "two")
        let port = front.port

        let first = try await Self.open(port: port, key: one, run: run)
        let second = try await Self.open(port: port, key: one, run: run)
        #expect(first.status == 200 && second.status == 200, "\(first.head)\n\(second.head)")
        // One key's third stream: refused before any header went out.
        let third = try await Self.open(port: port, key: one, run: run)
        #expect(third.status == 503 && third.head.contains("urn:kickoff:problem:unavailable"), "\(third.head)")
        #expect(third.head.contains("the key 'one' has 2 event streams open already"), "\(third.head)")

        // Another key has places of its own, up to the front's cap of 4.
        let others = [try await Self.open(port: port, key: two, run: run), try await Self.open(port: port, key: front.key, run: run)]
        #expect(others.allSatisfy { $0.status == 200 }, "\(others.map(\.head))")
        let beyond = try await Self.open(port: port, key: front.key, run: run)
        #expect(beyond.status == 503 && beyond.head.contains("4 requests are following runs already"), "\(beyond.head)")

        // Revoking key one ends its open streams (at their next look, within one 10 s read slice).
        let revoked = try await KickoffProcess.run(["keys", "revoke", "one", "--redis-url", fixture.redisURL,
                                                    "--namespace", fixture.queue.namespace])
        #expect(revoked.status == 0, "\(revoked.output)")
        let ends = try await onDedicatedThread { [first, second] in
            [first.connection.readUntilClosed(deadline: .seconds(60)), second.connection.readUntilClosed(deadline: .seconds(60))]
        }
        #expect(ends.allSatisfy { $0.closed }, "\(ends)")
        // Their places are free again: a stream of another key gets one.
        try await Eventually.poll("a place is free after the revoked key's streams ended") {
            let again = try await Self.open(port: port, key: two, run: run)
            return again.status == 200
        }
    }
}
