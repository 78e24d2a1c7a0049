import Foundation
import KickoffModel
import Testing

/// Only canonical ids become parts of Redis keys and file names.
@Suite struct IdentifierTests {
    @Test func runIDsAreLowercaseCanonicalUUIDsOnly() {
        #expect(RunID.isValid(RunID.make()))
        #expect(RunID.isValid("0194abcd-0000-7000-8000-000000000000"))
        for bad in ["", "..", "../../etc/passwd", "0194ABCD-0000-7000-8000-000000000000", "0194abcd-0000-7000-8000-00000000000/",
                    "0194abcd-0000-7000-8000-000000000000\0", "0194abcd-0000-7000-8000-0000000000000", "0194abcd00000-7000-8000-000000000000",
                    "{kickoff}:run:0194abcd-0000-7000-8000", String(repeating: "a", count: 10_000), "0194abcd-0000-7000-8000-00000000000é"] {
            #expect(!RunID.isValid(bad), "\(bad.prefix(60))")
        }
    }

    /// UUIDv7: the creation time in the first 48 bits, version 7, variant 10, ids differ and sort by time.
    @Test func runIDsAreVersion7WithTheirTimeFirst() {
        let time = Date(timeIntervalSince1970: 1_700_000_000.123)
        let ids = (0..<50).map { _ in RunID.make(now: time) }
        #expect(Set(ids).count == ids.count)
        for id in ids {
            let hex = Array(id.replacingOccurrences(of: "-", with: ""))
            #expect(UInt64(String(hex[0..<12]), radix: 16) == 1_700_000_000_123)
            #expect(hex[12] == "7")
            #expect(["8", "9", "a", "b"].contains(hex[16]))
        }
        #expect(RunID.make(now: time) < RunID.make(now: time.addingTimeInterval(0.002)))
    }

    @Test func deliveryIDsAreARunIDAndATarget() {
        let run = RunID.make()
        #expect(WebhookDeliveryID.isValid("\(run)_callback"))
        #expect(WebhookDeliveryID.isValid("\(run)_ep_0123456789abcdef"))
        for bad in ["\(run)", "\(run)_", "\(run)_../x", "\(run)_Callback", "\(run)_ep:x", "x_callback", "\(run)_" + String(repeating: "a", count: 65),
                    "\(run)_call\0back"] {
            #expect(!WebhookDeliveryID.isValid(bad), "\(bad.prefix(80))")
        }
    }
}
