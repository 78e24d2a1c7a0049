import Foundation
import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// A claim does the same work whatever waits for a busy concurrency key: blocked runs wait in the
/// key's own list, never in the line a claim walks.
@Suite(.serialized) struct ClaimCostTests {
    /// Round trips from the worker (always one script call) and the commands Redis runs for it
    /// (`INFO commandstats`, on a private server so no other test's commands count).
    @Test func aClaimCostsTheSameWith50000RunsBlockedOnOneKey() async throws {
        let server = try RedisServerProcess()
        try await server.start()
        let empty = try await Self.claimCost(server: server, blocked: 0)
        let busy = try await Self.claimCost(server: server, blocked: 50_000)
        #expect(empty.roundTrips == 1 && busy.roundTrips == 1)
        #expect(busy.commands == empty.commands, "commands Redis ran for the claim: \(busy.commands) with 50,000 blocked, \(empty.commands) without")
        #expect(busy.waiting == 50_000)
    }

    struct Cost {
        var roundTrips: Int
        var commands: Int
        var waiting: Int
    }

    /// One run holds key `busy` (running); `blocked` more wait for it; one run of another key is free.
    static func claimCost(server: RedisServerProcess, blocked: Int) async throws -> Cost {
        let fixture = try await QueueFixture(configuration: server.configuration)
        try await fixture.blocking { queue in
            try queue.enqueue(fixture.flowRun(model: "busy"))
            _ = try queue.claim(worker: "holder", lease: .seconds(600))
            for _ in 0..<blocked { try queue.enqueue(fixture.flowRun(model: "busy")) }
            try queue.enqueue(fixture.flowRun(model: "free"))
        }
        return try await fixture.blocking { queue in
            _ = try queue.connection.send(RedisCommand("CONFIG", "RESETSTAT"))
            let claimed = try queue.claim(worker: "w", lease: .seconds(30))
            let stats = try queue.connection.send(RedisCommand("INFO", "commandstats")).string ?? ""
            guard claimed?.record.parameters["a"]?["model"] == .string("free") else { throw TestSupportError("the free run was not claimed") }
            let waiting = try queue.connection.send(RedisCommand("LLEN", queue.operations.keys.slotWaiting("demo:0:busy"))).int ?? -1
            return Cost(roundTrips: Self.calls(stats, "evalsha") + Self.calls(stats, "eval"),
                        commands: Self.totalCalls(stats) - Self.calls(stats, "config"), waiting: Int(waiting))
        }
    }

    /// `cmdstat_<name>:calls=N,…` lines of INFO commandstats.
    static func calls(_ info: String, _ name: String) -> Int {
        for line in info.split(whereSeparator: \.isNewline) where line.hasPrefix("cmdstat_\(name):") {
            if let range = line.range(of: "calls="), let end = line[range.upperBound...].firstIndex(of: ",") {
                return Int(line[range.upperBound..<end]) ?? 0
            }
        }
        return 0
    }

    static func totalCalls(_ info: String) -> Int {
        info.split(whereSeparator: \.isNewline).filter { $0.hasPrefix("cmdstat_") }.reduce(0) { total, line in
            let name = line.dropFirst("cmdstat_".count).prefix { $0 != ":" }
            return total + calls(info, String(name))
        }
    }
}
