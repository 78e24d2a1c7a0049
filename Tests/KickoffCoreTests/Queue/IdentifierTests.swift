import KickoffCore
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
