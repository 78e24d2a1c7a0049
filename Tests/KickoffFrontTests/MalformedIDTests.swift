import Foundation
import Hummingbird
import HummingbirdTesting
import KickoffCore
@testable import KickoffFront
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
                for (method, path) in [(HTTPRequest.Method.get, "/v1/runs/\(id)"), (.get, "/v1/runs/\(id)/logs"),
                                       (.get, "/v1/runs/\(id)/events"), (.post, "/v1/runs/\(id)/cancel")] {
                    let answer = try await client.execute(uri: path, method: method, headers: fixture.trigger)
                    #expect(answer.status == .notFound, "\(method) \(path.prefix(80)): \(answer.status)")
                    #expect(answer.headers[.contentType] == "application/problem+json")
                    let detail = answer.object["detail"].flatMap { if case .string(let text) = $0 { text } else { nil } } ?? ""
                    #expect(detail.hasSuffix("run ids are UUIDs"), "\(method) \(path.prefix(80)): \(detail)")
                    #expect(detail.count < 120)
                }
            }
            // A well-formed id that names no run passes the check and is looked up.
            let unknown = try await client.execute(uri: "/v1/runs/\(RunID.make())", method: .get, headers: fixture.read)
            #expect(unknown.status == .notFound)
            #expect(!unknown.text.contains("run ids are UUIDs"))
        }
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
