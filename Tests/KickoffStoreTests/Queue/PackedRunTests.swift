import KickoffModel
import KickoffStore
import Testing

/// The packed form of a finished run (`PackedRun`), as pure encoding: what the finish script writes
/// decodes to the record's fields (with the id the key gives), the folded events and the logs.
@Suite struct PackedRunTests {
    static let id = "0194abcd-0000-7000-8000-000000000001"

    @Test func aValueAsTheScriptWritesItDecodes() throws {
        // 'p', fields (no id), 0x1D, folded events, 0x1D, logs: the finish script's layout.
        let value = "pstatus\u{1F}succeeded\u{1E}outputs\u{1F}{\"a\":1}\u{1E}error\u{1F}null\u{1E}empty\u{1F}"
            + "\u{1D}1700000000000 a {\"status\":\"queued\",\u{1},\u{2}}\n5 c {\"status\":\"succeeded\",\u{1},\u{2}}"
            + "\u{1D}first\u{1F}line one\nline two\n\u{1E}second\u{1F}"
        let packed = try #require(PackedRun(value, runID: Self.id))
        #expect(packed.fields == ["id": Self.id, "status": "succeeded", "outputs": #"{"a":1}"#, "error": "null", "empty": ""])
        #expect(packed.logs == ["first": "line one\nline two\n", "second": ""])
        let events = try #require(packed.events(runID: Self.id))
        #expect(events.map(\.id) == ["1700000000000-0", "1700000000005-0"])
        #expect(events[1].data == #"{"status":"succeeded","run_id":"\#(Self.id)","type":"run.succeeded"}"#)
        #expect(packed.events(runID: Self.id, after: "1700000000000-0")?.map(\.type) == ["run.succeeded"])
    }

    @Test func logsKeptApartAreNotInTheValue() throws {
        let packed = try #require(PackedRun("pstatus\u{1F}failed\u{1D}1 d {}", runID: Self.id))
        #expect(packed.logs == nil)
        #expect(packed.fields["status"] == "failed")
        #expect(packed.history == "1 d {}")
    }

    @Test func encodingRoundTrips() throws {
        let run = PackedRun(fields: ["id": Self.id, "status": "canceled", "parameters": #"{"a":{"x":"ünï"}}"#, "step:a": #"{"status":"skipped"}"#],
                            history: "1 e {}\n2-1 run.custom {\"n\":1}", logs: ["a": "out\r\nmore ✓\n"])
        #expect(PackedRun(bytes: run.encoded, runID: Self.id) == run)
        var withoutLogs = run
        withoutLogs.logs = nil
        #expect(PackedRun(bytes: withoutLogs.encoded, runID: Self.id) == withoutLogs)
        // The id is the key's, never stored.
        #expect(!String(decoding: run.encoded, as: UTF8.self).contains(Self.id))
    }

    /// The worker's deflated form decodes to the same run, and keeps the fields the scripts read
    /// in the clear before the first 0x1D.
    @Test func theDeflatedFormDecodesToTheSameRun() throws {
        let history = (0..<12).map { "\($0) g {\"step\":\"step\($0)\",\"status\":\"succeeded\",\"exit_code\":0,\u{1},\u{2}}" }.joined(separator: "\n")
        let run = PackedRun(fields: ["id": Self.id, "status": "succeeded", "finished_at": "1700000000123", "pipeline": "train",
                                     "finished_token": "tok", "parameters": #"{"a":{"x":"ünï"}}"#, "outputs": #"{"accuracy":0.87}"#],
                            history: history, logs: ["a": "out\n"])
        let deflated = try #require(PackedRun.compressed(run.encoded))
        #expect(deflated.first == UInt8(ascii: "z"))
        #expect(deflated.count < run.encoded.count)
        #expect(PackedRun(bytes: deflated, runID: Self.id) == run)
        let end = try #require(deflated.firstIndex(of: 0x1D))
        let header = String(decoding: deflated[1..<end], as: UTF8.self)
        #expect(header == "status\u{1F}succeeded\u{1E}finished_at\u{1F}1700000000123\u{1E}pipeline\u{1F}train\u{1E}finished_token\u{1F}tok")
        // Not twice, and not what is no packed run.
        #expect(PackedRun.compressed(deflated) == nil)
        #expect(PackedRun.compressed(Array("1 a {}".utf8)) == nil)
        // A cut value is no run.
        #expect(PackedRun(bytes: Array(deflated.dropLast(4)), runID: Self.id) == nil)
    }

    @Test func otherValuesAreNotPackedRuns() {
        #expect(PackedRun("", runID: Self.id) == nil)
        #expect(PackedRun("1 a {}", runID: Self.id) == nil)  // a folded history alone
        #expect(PackedRun("pstatus\u{1F}succeeded", runID: Self.id) == nil)  // no events part
        #expect(PackedRun("pstatus-without-separator\u{1D}", runID: Self.id) == nil)
    }
}
