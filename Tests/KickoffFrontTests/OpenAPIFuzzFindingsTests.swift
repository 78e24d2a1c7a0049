import Foundation
import Hummingbird
import HummingbirdTesting
@testable import KickoffFront
import KickoffModel
import KickoffTestSupport
import Testing

/// Regressions for what scripts/fuzz (schemathesis, every check) found where the OpenAPI document and
/// the front disagreed; the front was right each time (the contract), so the document was fixed.
@Suite struct OpenAPIFuzzFindingsTests {
    static func operation(_ path: String, _ method: String) throws -> [String: Any] {
        let paths = try #require(try OpenAPIAgreementTests.document()["paths"] as? [String: Any])
        return try #require((paths[path] as? [String: Any])?[method] as? [String: Any])
    }

    static func parameterSchema(_ operation: [String: Any], _ name: String) throws -> [String: Any] {
        let parameters = try #require(operation["parameters"] as? [[String: Any]])
        let parameter = try #require(parameters.first { $0["name"] as? String == name })
        return try #require(parameter["schema"] as? [String: Any])
    }

    static func matches(_ pattern: String, _ text: String) throws -> Bool {
        let regex = try NSRegularExpression(pattern: pattern)
        return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// The stream's events (id, event, data) fit the documented event schema; a bad Last-Event-ID is a
    /// documented 400, and the header's pattern accepts the ids the stream sends (and empty).
    @Test func theEventStreamIsDocumentedAsItIsServed() async throws {
        let operation = try Self.operation("/v1/runs/{id}/events", "get")
        let responses = try #require(operation["responses"] as? [String: Any])
        #expect(responses["400"] != nil)
        let content = try #require((responses["200"] as? [String: Any])?["content"] as? [String: Any])
        let schema = try #require((content["text/event-stream"] as? [String: Any])?["schema"])
        let lastEventID = try #require(try Self.parameterSchema(operation, "Last-Event-ID")["pattern"] as? String)

        let fixture = try await FrontFixture()
        // Collected in the test client's closure, checked after it.
        let events = try await fixture.test { client in
            let triggered = try await client.execute(uri: "/v1/pipelines/etl/runs", method: .post, headers: .json(fixture.triggerKey),
                                                     body: #"{"parameters":{"source":"s"}}"#.buffer)
            let run = try #require(triggered.runObject)
            try await SimulatedWorker.runToSuccess(fixture.queue)
            let stream = try await client.execute(uri: "/v1/runs/\(run.id)/events", method: .get, headers: fixture.read)
            return EventAndInvokeTests.events(stream.text)
        }
        #expect(events.count == 5)
        let checker = SchemaChecker(document: try OpenAPIAgreementTests.document())
        for event in events {
            let value = JSONValue.object(["id": .string(event.id), "event": .string(event.type), "data": .string(event.data)])
            let problems = checker.violations(of: value, against: schema)
            #expect(problems.isEmpty)
            let idMatches = try Self.matches(lastEventID, event.id)
            #expect(idMatches)
        }
        let garbageMatches = try Self.matches(lastEventID, "garbage")
        #expect(!garbageMatches)
        let emptyMatches = try Self.matches(lastEventID, "")  // an empty Last-Event-ID replays from the start
        #expect(emptyMatches)
        // Parts too long for Redis's 64-bit numbers are outside the document and refused (fuzz, ST202).
        let long = String(repeating: "9", count: 29) + "-" + String(repeating: "9", count: 29)
        let longMatches = try Self.matches(lastEventID, long)
        #expect(!longMatches)
        #expect(!RunEvent.isValidID(long))
        #expect(RunEvent.isValidID(String(repeating: "9", count: 19) + "-0"))
    }

    /// Found under load: Redis answered nothing within the command timeout and the logs route said
    /// 503, as every route that reads Redis does; the document listed no 503 for logs and events.
    @Test func everyRouteThatReadsRedisDocuments503() throws {
        let paths = try #require(try OpenAPIAgreementTests.document()["paths"] as? [String: Any])
        for (path, item) in paths where path.hasPrefix("/v1/") {
            for (method, operation) in (item as? [String: Any]) ?? [:] where OpenAPIAgreementTests.methods.contains(method) {
                let responses = (operation as? [String: Any])?["responses"] as? [String: Any]
                #expect(responses?["503"] != nil, "\(method) \(path) documents no 503")
            }
        }
    }

    /// `status=ok` is refused (422), `status=` means no filter: the pattern says both.
    @Test func theRunListStatusPatternMatchesWhatIsAccepted() async throws {
        let pattern = try #require(try Self.parameterSchema(try Self.operation("/v1/runs", "get"), "status")["pattern"] as? String)
        let verdicts = try ["", "queued,running", "ok", "queued,"].map { try Self.matches(pattern, $0) }
        #expect(verdicts == [true, true, false, false])
        let fixture = try await FrontFixture()
        try await fixture.test { client in
            let refused = try await client.execute(uri: "/v1/runs?status=ok", method: .get, headers: fixture.read)
            #expect(refused.status == .unprocessableContent)
            let unfiltered = try await client.execute(uri: "/v1/runs?status=", method: .get, headers: fixture.read)
            #expect(unfiltered.status == .ok)
            let filtered = try await client.execute(uri: "/v1/runs?status=queued,running", method: .get, headers: fixture.read)
            #expect(filtered.status == .ok)
        }
    }

    /// An empty Idempotency-Key is refused (422): the document says at least one character.
    @Test func anEmptyIdempotencyKeyIsOutsideTheDocument() async throws {
        let paths = try #require(try OpenAPIAgreementTests.document()["components"] as? [String: Any])
        let parameter = try #require((paths["parameters"] as? [String: Any])?["IdempotencyKey"] as? [String: Any])
        #expect((parameter["schema"] as? [String: Any])?["minLength"] as? Int == 1)
        let fixture = try await FrontFixture()
        try await fixture.test { client in
            var headers = HTTPFields.json(fixture.triggerKey)
            headers[HeaderNames.idempotencyKey] = ""
            let answer = try await client.execute(uri: "/trigger", method: .post, headers: headers, body: #"{"pipeline_name":"training_pipeline"}"#.buffer)
            #expect(answer.status == .unprocessableContent)
            #expect(answer.text.contains("Idempotency-Key"))
        }
    }

    /// A purge body with an empty `older_than` or an empty `status` list is refused (422), and the
    /// document says so: neither fits `PurgeBody` (found by scripts/fuzz in CI's first run with purge).
    @Test func anEmptyPurgeDurationOrStatusListIsOutsideTheDocument() async throws {
        let document = try OpenAPIAgreementTests.document()
        let components = try #require(document["components"] as? [String: Any])
        let body = try #require((components["schemas"] as? [String: Any])?["PurgeBody"])
        let checker = SchemaChecker(document: document)
        #expect(!checker.violations(of: .object(["older_than": .string("")]), against: body).isEmpty)
        #expect(!checker.violations(of: .object(["older_than": .string("30d"), "status": .array([])]), against: body).isEmpty)
        #expect(checker.violations(of: .object(["older_than": .string("30d"), "status": .array([.string("failed")])]), against: body).isEmpty)
    }

    /// `Allow` on the purge path lists POST only: `/v1/runs/purge` is not also a run id for
    /// `GET /v1/runs/{id}` (found by scripts/fuzz, ST205).
    @Test func theAllowHeaderOfALiteralPathIgnoresTheParameterRouteBesideIt() async throws {
        let fixture = try await FrontFixture()
        try await fixture.test { client in
            let answer = try await client.execute(uri: "/v1/runs/purge", method: .options, headers: fixture.read)
            #expect(answer.status == .methodNotAllowed)
            #expect(answer.headers[.allow] == "POST")
            let run = try await client.execute(uri: "/v1/runs/\(UUID().uuidString.lowercased())", method: .delete, headers: fixture.read)
            #expect(run.headers[.allow] == "GET")
        }
    }

    /// Every trigger route documents what the shared trigger path can answer: 403 (scope), 409
    /// (Idempotency-Key whose run is gone or still being stored), 413, 429 (found by scripts/fuzz, ST103 on /trigger).
    @Test func everyTriggerRouteDocumentsTheSharedTriggerAnswers() throws {
        for path in ["/trigger", "/v1/pipelines/{name}/runs", "/v1/pipelines/{name}/invoke"] {
            let responses = try #require(try Self.operation(path, "post")["responses"] as? [String: Any])
            for status in ["403", "409", "413", "422", "429", "503"] {
                #expect(responses[status] != nil, "\(path) documents \(status)")
            }
        }
    }
}
