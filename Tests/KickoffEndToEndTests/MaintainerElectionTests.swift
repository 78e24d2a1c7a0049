import Foundation
import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// One worker of a fleet runs queue maintenance, the holder of the maintainer lease; the others
/// only make presence calls. When it stops (SIGTERM: it gives the lease up) or dies (SIGKILL: the
/// lease runs out), another takes over. Proven with each worker's own count of maintenance rounds
/// (`kickoff_maintenance_rounds_total`), polled with deadlines.
@Suite struct MaintainerElectionTests {
    static let pipelines = """
    pipelines:
      idle:
        steps:
          a: {run: ["true"]}
    """

    struct Member {
        let process: KickoffProcess
        let metricsPort: Int
    }

    static func rounds(_ member: Member) async -> Double? {
        guard let answer = try? await FrontProcess.request("http://127.0.0.1:\(member.metricsPort)/metrics", method: "GET", key: nil, body: nil),
              answer.status == 200 else { return nil }
        return (try? PrometheusExposition(answer.text))?.value("kickoff_maintenance_rounds_total")
    }

    /// The worker name in the maintainer lease's token (`<name>#<unique>`), nil when nobody holds it.
    static func holder(_ fixture: WorkerFixture) async throws -> String? {
        let token = try await fixture.queue.send(RedisCommand("GET", fixture.queue.keys.maintainer)).string
        return token.flatMap { $0.split(separator: "#").first.map(String.init) }
    }

    /// Each worker's presence deadline in the queue's worker list (it grows with each presence call).
    static func presences(_ fixture: WorkerFixture) async throws -> [String: Double] {
        let reply = try await fixture.queue.send(RedisCommand("ZRANGE", fixture.queue.keys.workers(queue: Pipeline.defaultQueue), 0, -1, "WITHSCORES"))
        return Dictionary(reply.pairs.compactMap { name, score in Double(score).map { (name, $0) } }, uniquingKeysWith: max)
    }

    @Test func oneWorkerMaintainsAndAnotherTakesOverWhenItStops() async throws {
        let fixture = try await WorkerFixture(pipelines: Self.pipelines)
        var started: [String: Member] = [:]
        for name in ["m1", "m2", "m3"] {
            let port = try FreePort.find()
            started[name] = Member(process: try fixture.startWorker(name, environment: ["KICKOFF_METRICS_PORT": String(port)]), metricsPort: port)
        }
        let members = started
        try await Eventually.poll("all three workers made a presence call", deadline: .seconds(60)) {
            try await Self.presences(fixture).count == 3
        }
        let first = try #require(try await Self.holder(fixture))
        let firstMember = try #require(members[first])
        let seen = try await Self.presences(fixture)
        // The holder maintains round after round, while each other worker makes another presence
        // call (which would take a free lease) and maintains never.
        try await Eventually.poll("the maintainer ran several rounds and the others called again", deadline: .seconds(60)) {
            let now = try await Self.presences(fixture)
            let rounds = await Self.rounds(firstMember) ?? 0
            return rounds >= 3 && seen.allSatisfy { name, score in (now[name] ?? 0) > score }
        }
        #expect(try await Self.holder(fixture) == first)
        for (name, member) in members where name != first {
            #expect(await Self.rounds(member) == 0, "\(name) maintained: \(fixture.workerLogs())")
        }

        // SIGTERM: it gives the lease up; one of the others takes over.
        firstMember.process.signal(SIGTERM)
        #expect(try await firstMember.process.waitForExit() == 0)
        try await Eventually.poll("another worker maintains after the first stopped", deadline: .seconds(60)) {
            guard let now = try await Self.holder(fixture), now != first, let member = members[now] else { return false }
            let rounds = await Self.rounds(member) ?? 0
            return rounds >= 1
        }
        let second = try #require(try await Self.holder(fixture))
        let secondMember = try #require(members[second])

        // SIGKILL: it cannot give the lease up; the last one takes over when it runs out.
        secondMember.process.signal(SIGKILL)
        _ = try await secondMember.process.waitForExit()
        let last = try #require(["m1", "m2", "m3"].first { $0 != first && $0 != second })
        let lastMember = try #require(members[last])
        try await Eventually.poll("the last worker maintains after the second died", deadline: .seconds(60)) {
            let holder = try await Self.holder(fixture)
            let rounds = await Self.rounds(lastMember) ?? 0
            return holder == last && rounds >= 1
        }
        lastMember.process.signal(SIGTERM)
        #expect(try await lastMember.process.waitForExit() == 0)
        // The lease is given up on the way out.
        #expect(try await Self.holder(fixture) == nil)
    }
}
