import Foundation
import Glibc
import KickoffTestSupport
import Testing

@testable import KickoffWorker

/// `ReusedThreads`: a step's threads come back for the next step; jobs that wait for each other
/// still each get a thread of their own.
@Suite struct ReusedThreadsTests {
    /// A mark the thread keeps for its life (thread ids and addresses may be reused by a new thread).
    static func threadMark() -> String {
        let dictionary = Thread.current.threadDictionary
        if let mark = dictionary["test-mark"] as? String { return mark }
        let mark = UUID().uuidString
        dictionary["test-mark"] = mark
        return mark
    }

    @Test func jobsOneAfterAnotherShareOneThread() async throws {
        let threads = ReusedThreads(name: "test-reused", maxIdle: 2)
        let seen = PoolMonitor<Set<String>>([])
        try await onDedicatedThread {
            for _ in 0..<50 {
                threads.start { seen.update { _ = $0.insert(Self.threadMark()) } }.join()
            }
        }
        // Each job ran and was joined before the next began: the thread of the first was idle for every later one.
        #expect(seen.update { $0.count } == 1)
    }

    @Test func jobsThatWaitForEachOtherEachGetAThread() async throws {
        let threads = ReusedThreads(name: "test-reused", maxIdle: 1)
        let first = StopSignal(), second = StopSignal()
        let ids = PoolMonitor<[String]>([])
        try await onDedicatedThread {
            // Neither can end before the other has started: they run at the same time or never end.
            let a = threads.start { first.stop(); second.wait(); ids.update { $0.append(Self.threadMark()) } }
            let b = threads.start { second.stop(); first.wait(); ids.update { $0.append(Self.threadMark()) } }
            a.join()
            b.join()
            // Afterwards one thread stays (maxIdle 1) and takes a third job.
            threads.start { ids.update { $0.append(Self.threadMark()) } }.join()
        }
        let all = ids.update { $0 }
        #expect(all.count == 3 && Set(all.prefix(2)).count == 2)
        #expect(all.prefix(2).contains(all[2]))
    }
}
