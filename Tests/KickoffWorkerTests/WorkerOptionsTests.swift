@testable import KickoffWorker
import Testing


@Suite struct WorkerOptionsTests {
    @Test func defaultDataDirectoryIsUnderTMPDIR() {
        #expect(WorkerOptions.defaultDataDirectory(environment: ["TMPDIR": "/var/tmp/"]) == "/var/tmp/kickoff")
        #expect(WorkerOptions.defaultDataDirectory(environment: ["TMPDIR": ""]) == "/tmp/kickoff")
        #expect(WorkerOptions.defaultDataDirectory(environment: [:]) == "/tmp/kickoff")
    }

    @Test func defaultsAreValid() throws {
        try WorkerOptions(dataDirectory: "/tmp/kickoff").validate()
    }

    @Test func aHeartbeatMustFitTwiceInTheLease() throws {
        try WorkerOptions(lease: .seconds(10), heartbeat: .seconds(5), dataDirectory: "/d").validate()
        #expect(throws: WorkerOptionsError.self) {
            try WorkerOptions(lease: .seconds(10), heartbeat: .seconds(6), dataDirectory: "/d").validate()
        }
    }

    @Test func rejectsUnusableValues() {
        let bad = [
            WorkerOptions(lease: .zero, dataDirectory: "/d"),
            WorkerOptions(killGrace: .seconds(-1), dataDirectory: "/d"),
            WorkerOptions(dataDirectory: "/d", logCap: 0),
            WorkerOptions(dataDirectory: ""),
            WorkerOptions(dataDirectory: "/d", name: "two\nlines"),
        ]
        for options in bad {
            #expect(throws: WorkerOptionsError.self) { try options.validate() }
        }
    }

    @Test func aPoolWorkersNameGetsItsSlot() {
        let slot = WorkerOptions.poolSlot(environment: ["KICKOFF_POOL_SLOT": "3"])
        #expect(slot == 3)
        #expect(WorkerOptions.poolSlot(environment: ["KICKOFF_POOL_SLOT": "x"]) == nil)
        #expect(WorkerOptions.poolSlot(environment: [:]) == nil)
        #expect(WorkerOptions.name("tester", poolSlot: slot) == "tester-3")
        #expect(WorkerOptions.name("tester", poolSlot: nil) == "tester")
        #expect(WorkerOptions.name(nil, poolSlot: slot) == nil)
    }
}
