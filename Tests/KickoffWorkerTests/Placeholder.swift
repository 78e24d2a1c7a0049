import Testing
@testable import KickoffWorker
@Test func workerBuilds() { #expect(Bool(true)) }
