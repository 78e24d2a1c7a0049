import Foundation
import KickoffModel
@testable import kickoff
import Testing

/// `kickoff runs cancel` says what the cancel did, from the answer's `cancel` field.
@Suite struct CancelMessageTests {
    static func answer(status: String, cancel: String?) throws -> CancelAnswer {
        let field = cancel.map { #","cancel":"\#($0)""# } ?? ""
        let json = #"{"id":"r1","pipeline":"p","status":"\#(status)","priority":"normal","parameters":{},"steps":[],"#
            + #""created_at":"2026-12-07T12:00:00.000Z","cancel_requested":\#(status == "running")\#(field)}"#
        return try JSONDecoder().decode(CancelAnswer.self, from: Data(json.utf8))
    }

    @Test func aQueuedRunIsCanceledAtOnce() throws {
        let answer = try Self.answer(status: "canceled", cancel: "immediate")
        #expect(answer.cancel == .immediate)
        #expect(RunsCancelCommand.message(answer).hasPrefix("canceled r1 at once"))
    }

    @Test func aRunningRunIsStoppedByItsWorkerWithNoFurtherStep() throws {
        let message = RunsCancelCommand.message(try Self.answer(status: "running", cancel: "requested"))
        #expect(message.hasPrefix("cancel requested for r1 (running)"))
        #expect(message.contains("starts no further step"))
    }

    /// A front older than the field: the run's status tells.
    @Test func withoutTheFieldTheStatusDecides() throws {
        let answer = try Self.answer(status: "running", cancel: nil)
        #expect(answer.cancel == nil)
        #expect(RunsCancelCommand.message(answer).hasPrefix("cancel requested"))
        #expect(RunsCancelCommand.message(try Self.answer(status: "canceled", cancel: nil)).hasPrefix("canceled r1 at once"))
    }
}
