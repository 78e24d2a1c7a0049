import Foundation
@testable import KickoffModel
import Testing


/// The hand-written JSON reader and writer (hot paths of the front and the workers) give exactly what
/// JSONDecoder and JSONEncoder gave before them.
@Suite struct JSONTextTests {
    static let values: [JSONValue] = [
        .null, .bool(true), .bool(false), .integer(0), .integer(-42), .integer(Int64.max), .integer(Int64.min),
        .number(0.1), .number(-2.5), .number(1e20), .number(1.5e-7),
        .string(""), .string("plain"), .string("quote \" backslash \\ slash / tab \t newline \n cr \r bs \u{8} ff \u{c}"),
        .string("controls \u{1}\u{1f} del \u{7f} é 𝄞 \u{2028}"),
        .array([]), .array([.integer(1), .string("two"), .null, .array([.bool(false)])]),
        .object([:]), .object(["b": .integer(1), "a": .object(["z": .null, "A": .string("x"), "_": .array([])]), "a1": .integer(2), "a10": .integer(3)]),
    ]

    private static func encoded(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test(arguments: values)
    func writerMatchesJSONEncoder(value: JSONValue) throws {
        #expect(value.jsonString() == (try Self.encoded(value)))
    }

    /// One escaper for all of Kickoff's JSON (API bodies, stored state, log lines): the C0 controls are
    /// escaped, DEL (0x7F) is not, as JSONEncoder does and RFC 8259 allows.
    @Test func stringsEscapeTheControlsBelow0x20AndLeaveDELAsItIs() throws {
        #expect(JSONTextWriter.quoted("a\u{7f}b") == "\"a\u{7f}b\"")
        #expect(JSONTextWriter.quoted("\u{0}\u{1f}\u{8}\u{c}\n\r\t\"\\/ é 𝄞") == #""\u0000\u001f\b\f\n\r\t\"\\/ é 𝄞""#)
        #expect(JSONValue.string("\u{7f}").jsonString() == (try Self.encoded("\u{7f}")))
        #expect(try JSONTextReader.parse(JSONTextWriter.quoted("del \u{7f} nul \u{0}").utf8) == .string("del \u{7f} nul \u{0}"))
    }

    @Test func aNonFiniteNumberWritesNullAsTheEncoderFailureDid() {
        #expect(JSONValue.array([.integer(1), .number(.infinity)]).jsonString() == "null")
    }

    @Test(arguments: values)
    func readerReadsWhatTheWriterWrote(value: JSONValue) throws {
        #expect(try JSONTextReader.parse(value.jsonString().utf8) == value)
    }

    @Test(arguments: [
        #"{"steps":{"train_model":{"parameters":{"model_type":"gradient_boosting"}}}}"#,
        #" [1, 2.5, -0, 3.0, 1e2, 1E-2, 12345678901234567890, true, false, null] "#,
        #"{"a":"\u00e9\ud834\udd1e\/\b\f\n\r\t\"\\","b":2}"#,
        #""just a string""#, "42", "[[[[]]]]", #"{"empty":{},"list":[]}"#,
    ])
    func readerMatchesJSONDecoder(text: String) throws {
        let expected = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(try JSONTextReader.parse(text.utf8) == expected)
    }

    @Test(arguments: [
        "", "{", "[1,]", "{\"a\":}", "{\"a\" 1}", "01", "1.", "1e", "-", "+1", "tru", "nul", "\"unterminated",
        "\"bad \\x escape\"", "\"\\u12\"", "\"\\ud834\"", "\"\\udd1e\"", "\"tab\tinside\"", "[1] 2", "{'a':1}", "NaN",
        String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
    ])
    func readerRefusesWhatIsNotJSON(text: String) {
        #expect(throws: JSONTextReader.Failure.self) { try JSONTextReader.parse(text.utf8) }
    }

    @Test func stepStatesWriteAndReadAsWithCodable() throws {
        let states = [
            StepState(name: "train", status: .pending),
            StepState(name: "train", status: .succeeded, startedAt: 1_700_000_000_000, finishedAt: 1_700_000_000_123,
                      exitCode: 0, output: .object(["accuracy": .number(0.87), "n": .integer(3)])),
            StepState(name: "evaluate", status: .failed, startedAt: 1, finishedAt: 2, exitCode: -1, output: .null, error: "exit code 1\n\"quoted\""),
        ]
        for state in states {
            let text = state.jsonString()
            #expect(text == (try Self.encoded(state)))
            let decoded = try JSONDecoder().decode(StepState.self, from: Data(text.utf8))
            #expect(StepState(json: try JSONTextReader.parse(text.utf8)) == decoded)
        }
        #expect(StepState(json: .object(["name": .string("x")])) == nil)
        #expect(StepState(json: .object(["name": .string("x"), "status": .string("running"), "exit_code": .string("0")])) == nil)
    }

    @Test func aNewRunsRecordIsTheOneItsStoredFieldsDecodeTo() throws {
        let run = NewRun(pipeline: "demo", parameters: ["a": ["x": .integer(1), "y": .string("z")], "b": [:]], stepNames: ["a", "b"],
                         priority: .high, delay: .seconds(5), maxAttempts: 3, tags: ["t1", "t2"], callbackURL: "https://example.com/hook")
        var fields = ["id": run.id, "status": "scheduled", "created_at": "1700000000000", "attempt": "1",
                      "not_before": "1700000005000"]
        var index = 0
        while index + 1 < run.recordFields.count {
            fields[run.recordFields[index]] = run.recordFields[index + 1]
            index += 2
        }
        #expect(run.record(status: .scheduled, createdAt: 1_700_000_000_000) == (try RunRecord(fields: fields)))
    }
}

@Suite struct RunObjectJSONTests {
    @Test func theJSONValueHoldsWhatTheEncoderWrites() throws {
        var record = NewRun(pipeline: "demo", parameters: ["a": ["x": .integer(1)]], stepNames: ["a", "b"], tags: ["t"],
                            callbackURL: "https://example.com/h").record(status: .queued, createdAt: 1_700_000_000_000)
        record.steps[0] = StepState(name: "a", status: .failed, startedAt: 1_700_000_000_001, finishedAt: 1_700_000_000_002,
                                    exitCode: 3, output: .object(["n": .number(0.5)]), error: "exit code 3")
        record.error = RunError(step: "a", message: "exit code 3")
        record.worker = "host/1"
        let deliveries = [RunObject.WebhookDelivery(attempt: 1, statusCode: 500, at: "2024-01-01T00:00:00.000Z", error: nil, url: "https://x/"),
                          RunObject.WebhookDelivery(attempt: 2, statusCode: nil, at: "2024-01-01T00:00:01.000Z", error: "timeout")]
        var scheduled = record
        scheduled.origin = ScheduleOrigin(schedule: "nightly", tick: 1_700_000_000_000, misfire: true)
        for object in [RunObject(record: record), RunObject(record: record, webhookDeliveries: deliveries), RunObject(record: scheduled)] {
            let encoded = try JSONEncoder().encode(object)
            #expect(try JSONTextReader.parse(object.jsonValue.jsonString().utf8) == (try JSONTextReader.parse(encoded)))
            #expect(try JSONDecoder().decode(RunObject.self, from: encoded) == object)
        }
    }

    /// A scheduled run says which schedule and tick made it (the fields the scheduler stores), and
    /// any other run says null.
    @Test func aScheduledRunCarriesItsScheduleFields() throws {
        let fields = ["id": "r1", "pipeline": "p", "status": "queued", "created_at": "1",
                      "schedule": "nightly", "schedule_tick": "1700000000000", "schedule_misfire": "1"]
        guard case .object(let object) = RunObject(record: try RunRecord(fields: fields)).jsonValue,
              case .object(let plain) = RunObject(record: try RunRecord(fields: ["id": "r2", "pipeline": "p", "status": "queued"])).jsonValue else {
            Issue.record("a run object is a JSON object")
            return
        }
        #expect(object["schedule"] == .string("nightly"))
        #expect(object["schedule_tick"] == .integer(1_700_000_000_000))
        #expect(object["schedule_misfire"] == .bool(true))
        guard case .object(let trigger)? = object["trigger"] else { Issue.record("trigger is an object"); return }
        #expect(trigger["kind"] == .string("schedule") && trigger["name"] == .string("nightly"))
        #expect(plain["schedule"] == .null && plain["schedule_tick"] == .null && plain["schedule_misfire"] == .null)
    }
}
