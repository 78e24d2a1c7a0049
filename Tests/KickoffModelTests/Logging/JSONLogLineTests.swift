import Foundation
import KickoffTelemetry
import Logging
import Testing

@Suite struct JSONLogLineTests {
    let timestamp = LogTimestamp(secondsSinceEpoch: 1_700_000_000, milliseconds: 7)

    @Test func fixedKeysFirstThenMetadataSorted() {
        let line = JSONLogLine.encode(
            timestamp: timestamp, level: .info, label: "kickoff.pool", message: "worker started",
            metadata: ["slot": "0", "pid": "4242"]
        )
        #expect(line == #"{"ts":"2023-11-14T22:13:20.007Z","level":"info","label":"kickoff.pool","msg":"worker started","pid":"4242","slot":"0"}"# + "\n")
    }

    @Test func escapesStringsAndNestsStructuredMetadata() throws {
        let line = JSONLogLine.encode(
            timestamp: timestamp, level: .error, label: "a\"b", message: "line 1\nline 2\t\\ \u{01} é",
            metadata: [
                "argv": .array(["python3", "steps.py"]),
                "run": .dictionary(["id": "r1", "attempt": .stringConvertible(2)]),
                "msg": "clashes with a fixed key",
            ]
        )
        #expect(line.hasSuffix("}\n"))
        #expect(line.filter { $0 == "\n" }.count == 1)  // one line, whatever the message holds
        #expect(line.contains(#""msg":"line 1\nline 2\t\\ \u0001 é""#))

        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["label"] as? String == "a\"b")
        #expect(object["level"] as? String == "error")
        #expect(object["msg"] as? String == "line 1\nline 2\t\\ \u{01} é")
        #expect(object["meta.msg"] as? String == "clashes with a fixed key")
        #expect(object["argv"] as? [String] == ["python3", "steps.py"])
        #expect((object["run"] as? [String: String]) == ["id": "r1", "attempt": "2"])
    }

    /// The log lines escape strings as the API's JSON does: DEL (0x7F) as it is, the controls below 0x20 escaped.
    @Test func stringsAreEscapedAsInTheAPIsJSON() throws {
        let line = JSONLogLine.encode(timestamp: timestamp, level: .info, label: "l", message: "del \u{7f} us \u{1f}", metadata: ["k": "\u{7f}"])
        #expect(line.contains(#""msg":"del \#u{7f} us \u001f""#))
        #expect(line.contains(#""k":"\#u{7f}""#))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["msg"] as? String == "del \u{7f} us \u{1f}")
    }

    @Test func timestampIsRFC3339InUTCWithMilliseconds() {
        #expect(LogTimestamp(secondsSinceEpoch: 0, milliseconds: 0).rfc3339 == "1970-01-01T00:00:00.000Z")
        #expect(LogTimestamp(secondsSinceEpoch: 951_825_599, milliseconds: 999).rfc3339 == "2000-02-29T11:59:59.999Z")
    }
}
