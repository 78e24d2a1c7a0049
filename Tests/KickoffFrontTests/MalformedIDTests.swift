import Foundation
import Hummingbird
import HummingbirdTesting
@testable import KickoffFront
import KickoffModel
import KickoffStore
import KickoffTestSupport
import Testing

/// Ids from the path are checked before they reach a Redis key: traversal attempts, huge ids and
/// control bytes get a 404 problem document from that check, on every route that takes an id.
@Suite struct MalformedIDTests {
    static let attempts = [
        "..%2F..%2Fetc%2Fpasswd", "..", "%2e%2e", "0194abcd-0000-7000-8000-000000000000%00",
        "0194abcd-0000-7000-8000-00000000000%2F", "0194ABCD-0000-7000-8000-000000000000", "*", "%7Bkickoff%7D:run:x",
        String(repeating: "a", count: 8192),
    ]

    @Test func everyRouteWithARunIDAnswers404BeforeRedis() async throws {
        let fixture = try await FrontFixture()
        try await fixture.test { client in
            for id in Self.attempts {
                var answers = [try await client.execute(uri: "/v1/runs/\(id)/cancel", method: .post, headers: fixture.trigger)]
                for path in ["/v1/runs/\(id)", "/v1/runs/\(id)/logs", "/v1/runs/\(id)/events"] {
                    answers.append(try await client.execute(uri: path, method: .get, headers: fixture.trigger))
                }
                for answer in answers {
                    #expect(answer.status == .notFound, "\(id.prefix(80)): \(answer.status)")
                    #expect(answer.headers[.contentType] == "application/problem+json")
                    let detail = Self.detail(answer)
                    #expect(detail.hasSuffix("run ids are UUIDs"), "\(id.prefix(80)): \(detail)")
                    #expect(detail.count < 120)
                }
            }
            // A well-formed id that names no run passes the check and is looked up.
            let unknown = try await client.execute(uri: "/v1/runs/\(RunID.make())", method: .get, headers: fixture.read)
            #expect(unknown.status == .notFound)
            #expect(!unknown.text.contains("run ids are UUIDs"))
        }
    }

    static func detail(_ answer: TestResponse) -> String {
        if case .string(let text)? = answer.object["detail"] { return text }
        return ""
    }

    @Test func redeliverOfAMalformedDeliveryIDIs404() async throws {
        let fixture = try await FrontFixture()
        let admin = try await fixture.keys.create(name: "ops", scopes: [.admin]).key
        try await fixture.test { client in
            for id in Self.attempts + ["\(RunID.make())_../x", "\(RunID.make())_"] {
                let answer = try await client.execute(uri: "/v1/webhooks/dead-letters/\(id)/redeliver", method: .post, headers: fixture.bearer(admin))
                #expect(answer.status == .notFound, "\(id.prefix(80)): \(answer.status)")
            }
        }
    }
}
