import Foundation
import Hummingbird
import HummingbirdTesting
@testable import KickoffFront
import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// `POST /v1/runs/purge` (scope admin) and `GET /v1/schedules` (scope read): their checks, and
/// answers that match the OpenAPI document.
@Suite struct PurgeAndScheduleRouteTests {
    func schemaProblems(_ response: TestResponse, _ path: String, _ method: String) throws -> [String] {
        let document = try OpenAPIAgreementTests.document()
        let schema = try OpenAPIAgreementTests.responseSchema(document, path: path, method: method, status: Int(response.status.code))
        let value = try #require(response.json, "not JSON: \(response.text)")
        return SchemaChecker(document: document).violations(of: value, against: schema)
    }

    @Test func purgeNeedsAnAdminKeyAndNamesEveryBadField() async throws {
        let fixture = try await FrontFixture()
        let admin = try await fixture.keys.create(name: "ops", scopes: [.admin]).key
        let (forbidden, invalid, missing) = try await fixture.test { client in
            (try await client.execute(uri: "/v1/runs/purge", method: .post, headers: .json(fixture.triggerKey), body: ByteBuffer(string: #"{"older_than":"1d"}"#)),
             try await client.execute(uri: "/v1/runs/purge", method: .post, headers: .json(admin),
                                      body: ByteBuffer(string: #"{"older_than":"soon","status":["running","failed"],"dry_run":1,"force":true}"#)),
             try await client.execute(uri: "/v1/runs/purge", method: .post, headers: .json(admin), body: ByteBuffer(string: "")))
        }
        #expect(forbidden.status == .forbidden)
        #expect(invalid.status == .unprocessableContent, "\(invalid.text)")
        #expect(invalid.problemFields == ["force", "older_than", "status[0]", "dry_run"], "\(invalid.text)")
        #expect(missing.status == .unprocessableContent && missing.problemFields == ["older_than"], "\(missing.text)")
        for response in [invalid, missing] { #expect(try schemaProblems(response, "/v1/runs/purge", "post").isEmpty) }
    }

    @Test func purgeAnswersWhatItDeleted() async throws {
        let fixture = try await FrontFixture()
        let admin = try await fixture.keys.create(name: "ops", scopes: [.admin]).key
        let run = NewRun(pipeline: "etl", parameters: ["extract": ["source": .string("s")]], stepNames: ["extract"])
        try await fixture.queue.blocking { queue in
            try queue.enqueue(run)
            let claimed = try #require(try queue.claim(worker: "host/1", lease: .seconds(30)))
            _ = try queue.finish(claimed, status: .failed, outputs: nil, error: nil)
        }
        // Created and finished long ago.
        try await fixture.queue.setRunFields(run.id, ["finished_at": "2000"])
        _ = try await fixture.client.send(RedisCommand("ZADD", fixture.queue.keys.runsIndex, 1_000, run.id))
        let (dry, real, gone) = try await fixture.test { client in
            (try await client.execute(uri: "/v1/runs/purge", method: .post, headers: .json(admin),
                                      body: ByteBuffer(string: #"{"older_than":"1h","status":["failed"],"dry_run":true}"#)),
             try await client.execute(uri: "/v1/runs/purge", method: .post, headers: .json(admin), body: ByteBuffer(string: #"{"older_than":"1h"}"#)),
             try await client.execute(uri: "/v1/runs/\(run.id)", method: .get, headers: fixture.read))
        }
        #expect(dry.status == .ok, "\(dry.text)")
        #expect(dry.object["matched"] == .integer(1) && dry.object["deleted"] == .integer(0) && dry.object["dry_run"] == .bool(true))
        #expect(real.object["matched"] == .integer(1) && real.object["deleted"] == .integer(1))
        #expect(real.object["statuses"] == .array([.string("succeeded"), .string("failed"), .string("canceled")]))
        #expect(gone.status == .notFound)
        for response in [dry, real] { #expect(try schemaProblems(response, "/v1/runs/purge", "post").isEmpty) }
    }

    @Test func schedulesAreListedForAReadKey() async throws {
        let fixture = try await FrontFixture()
        let (listed, anonymous) = try await fixture.test { client in
            (try await client.execute(uri: "/v1/schedules", method: .get, headers: fixture.read),
             try await client.execute(uri: "/v1/schedules", method: .get))
        }
        #expect(listed.status == .ok, "\(listed.text)")
        #expect(listed.object["schedules"] == .array([]))
        #expect(listed.object["leader"] == nil || listed.object["leader"] == .null)
        #expect(try schemaProblems(listed, "/v1/schedules", "get").isEmpty)
        #expect(anonymous.status == .unauthorized)
    }
}
