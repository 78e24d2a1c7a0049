import Foundation
import Glibc
import KickoffTestSupport
@testable import KickoffWorker
import Testing


/// `kickoff pool` as a real process, with python stand-ins for the workers. Every wait polls with a
/// deadline; nothing sleeps to synchronise.
@Suite struct PoolProcessTests {
    @Test func startsOneWorkerPerSlotAndRestartsAKilledOne() async throws {
        try await PoolHarness.run(workers: 2, behaviour: .exitOnTerm) { harness in
            let first = try await harness.workerPID(slot: 0)
            let second = try await harness.workerPID(slot: 1)
            #expect(first != second)
            #expect(PoolHarness.parent(of: first) == harness.pool.pid)
            #expect(ProcessInfo.processInfo.environment["KICKOFF_POOL_SLOT"] == nil)

            kill(first, SIGKILL)
            let replacement = try await harness.workerPID(slot: 0, other: first)
            #expect(PoolHarness.parent(of: replacement) == harness.pool.pid)
            try await Eventually.poll("the killed worker reaped") { PoolHarness.isGone(first) }
            #expect(try await harness.workerPID(slot: 1) == second)  // the other slot is left alone

            harness.pool.signal(SIGTERM)
            #expect(try await harness.pool.waitForExit() == .exited(0))
            let log = harness.pool.output
            #expect(log.contains("worker exited") && log.contains("signal SIGKILL"))
            #expect(log.contains("restarting worker"))
        }
    }

    @Test func drainSendsSIGTERMToEveryWorkerAndExitsOnceTheyHaveExited() async throws {
        try await PoolHarness.run(workers: 2, behaviour: .exitOnTerm) { harness in
            let workers = [try await harness.workerPID(slot: 0), try await harness.workerPID(slot: 1)]
            harness.pool.signal(SIGTERM)
            #expect(try await harness.pool.waitForExit() == .exited(0))
            #expect(harness.termFile(slot: 0) == workers[0])
            #expect(harness.termFile(slot: 1) == workers[1])
            #expect(workers.allSatisfy(PoolHarness.isGone))  // reaped by the pool before it exited
            #expect(!harness.pool.output.contains("SIGKILL sent"))
        }
    }

    @Test func aWorkerIgnoringSIGTERMIsKilledAfterTheDrainTimeout() async throws {
        try await PoolHarness.run(workers: 1, behaviour: .ignoreTerm, arguments: ["--drain-timeout", "3s"]) { harness in
            let worker = try await harness.workerPID(slot: 0)
            let signalled = ContinuousClock.now
            harness.pool.signal(SIGTERM)
            #expect(try await harness.pool.waitForExit() == .exited(0))
            #expect(ContinuousClock.now - signalled >= .milliseconds(2_900))
            #expect(harness.termFile(slot: 0) == worker, "it got SIGTERM first; pool log:\n\(harness.pool.output)")
            #expect(PoolHarness.isGone(worker))
            #expect(harness.pool.output.contains("SIGKILL sent to workers still alive"))
        }
    }

    @Test func aSecondSignalKillsTheWorkersAtOnce() async throws {
        try await PoolHarness.run(workers: 1, behaviour: .ignoreTerm, arguments: ["--drain-timeout", "5m"]) { harness in
            let worker = try await harness.workerPID(slot: 0)
            harness.pool.signal(SIGINT)
            try await Eventually.poll("the worker got SIGTERM") { harness.termFile(slot: 0) == worker }
            harness.pool.signal(SIGINT)
            #expect(try await harness.pool.waitForExit(within: .seconds(20)) == .exited(0))
            #expect(PoolHarness.isGone(worker))
        }
    }

    /// The pool is the subreaper of its workers' children: a killed worker's orphan (its step) is
    /// reparented to the pool, which kills it (it would run on beside the run's next attempt) and
    /// reaps it, instead of leaving it running or a zombie.
    @Test func orphanedGrandchildrenAreKilledAndReapedByThePool() async throws {
        try await PoolHarness.run(workers: 1, behaviour: .withGrandchild) { harness in
            let worker = try await harness.workerPID(slot: 0)
            let grandchild = try #require(harness.readPID("\(harness.directory)/slot-0.grandchild"))
            #expect(PoolHarness.parent(of: grandchild) == worker)

            kill(worker, SIGKILL)
            // Not even a zombie: no /proc entry left.
            try await Eventually.poll("the orphan killed and reaped by the pool") { kill(grandchild, 0) == -1 && errno == ESRCH }

            _ = try await harness.workerPID(slot: 0, other: worker)  // restarted meanwhile
            harness.pool.signal(SIGTERM)
            #expect(try await harness.pool.waitForExit() == .exited(0))
        }
    }

    @Test func aWorkerThatCannotStartIsRetriedAndTheDrainStillEnds() async throws {
        try await withTemporaryDirectory { directory in
            let argv = [try KickoffBinary.path(), "pool", "--workers", "1", "--worker-command", directory + "/missing"]
            let pool = try SpawnedProcess(argv, outputPath: directory + "/pool.log")
            defer { pool.signal(SIGKILL) }
            try await Eventually.poll("two failed starts logged") {
                pool.output.components(separatedBy: "cannot start worker").count > 2
            }
            pool.signal(SIGTERM)
            #expect(try await pool.waitForExit() == .exited(0))
        }
    }

    /// Without --worker-command, the pool runs `kickoff worker` with the options it was given.
    @Test func runsItselfAsWorkerWithTheWorkerOptions() async throws {
        try await withTemporaryDirectory { directory in
            let kickoff = try KickoffBinary.path()
            let argv = [kickoff, "pool", "--workers", "1", "--log-format", "json", "--lease", "40s", "--name", "tester", "--data-dir", directory]
            let pool = try SpawnedProcess(argv, outputPath: directory + "/pool.log")
            defer { pool.signal(SIGKILL) }
            try await Eventually.poll("a worker started") { pool.output.contains("\"msg\":\"worker started\"") }
            pool.signal(SIGTERM)
            #expect(try await pool.waitForExit() == .exited(0))

            let line = try #require(pool.output.split(separator: "\n").first { $0.contains("\"msg\":\"pool starting\"") })
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let expected = [URL(fileURLWithPath: kickoff).resolvingSymlinksInPath().path, "worker", "--log-format", "json",
                            "--lease", "40s", "--data-dir", directory, "--name", "tester"]
            #expect(object["command"] as? [String] == expected)
        }
    }
}
