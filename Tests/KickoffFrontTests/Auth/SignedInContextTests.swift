import Hummingbird
import HummingbirdTesting
@testable import KickoffFront
import KickoffModel
import KickoffStore
import KickoffTestSupport
import Testing

/// Routes behind the key middleware get an `AuthenticatedContext` whose key is there; without a key
/// the answer is the same 401 as before, and it comes before anything the handler would say.
@Suite struct SignedInContextTests {
    /// The front's router with one more route behind a `read` key, answering the key's name.
    private static func routerWithWhoAmI(_ fixture: FrontFixture) -> Router<FrontRequestContext> {
        let router = fixture.front.makeRouter()
        router.authenticated(by: APIKeyMiddleware(scope: .read, keys: fixture.keys, rateLimiter: nil))
            .get("/test/whoami") { _, context in context.key.name }
        // A child group without the middleware: the context's own check answers as a missing key does.
        router.group(context: AuthenticatedContext.self).get("/test/unguarded") { _, context in context.key.name }
        return router
    }

    @Test func aHandlerBehindTheMiddlewareSeesTheCallersKey() async throws {
        let fixture = try await FrontFixture()
        let (read, trigger) = try await Application(router: Self.routerWithWhoAmI(fixture)).test(.router) { client in
            (try await client.execute(uri: "/test/whoami", method: .get, headers: fixture.read),
             try await client.execute(uri: "/test/whoami", method: .get, headers: fixture.trigger))
        }
        #expect(read.status == .ok)
        #expect(read.text == "dashboard")
        #expect(trigger.text == "ci")
    }

    @Test func withoutAKeyTheAnswerIs401WithOrWithoutTheMiddleware() async throws {
        let fixture = try await FrontFixture()
        let responses = try await Application(router: Self.routerWithWhoAmI(fixture)).test(.router) { client in
            [try await client.execute(uri: "/test/whoami", method: .get),
             try await client.execute(uri: "/test/whoami", method: .get, headers: fixture.bearer("kk_unknown")),
             try await client.execute(uri: "/test/unguarded", method: .get, headers: fixture.read)]
        }
        for response in responses {
            #expect(response.status == .unauthorized)
            #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            #expect(response.headers[.contentType] == "application/problem+json")
        }
    }

    @Test func aBadKeyIsAnsweredBeforeABadBody() async throws {
        let fixture = try await FrontFixture()
        let (missing, unknown, readOnly, valid) = try await fixture.test { client in
            (try await client.execute(uri: "/v1/pipelines/etl/runs", method: .post, headers: [.contentType: "application/json"],
                                      body: "{not json".buffer),
             try await client.execute(uri: "/v1/pipelines/etl/runs", method: .post, headers: .json("kk_unknown"), body: "{not json".buffer),
             try await client.execute(uri: "/v1/pipelines/etl/runs", method: .post, headers: .json(fixture.readKey), body: "{not json".buffer),
             try await client.execute(uri: "/v1/pipelines/etl/runs", method: .post, headers: .json(fixture.triggerKey), body: "{not json".buffer))
        }
        #expect(missing.status == .unauthorized)
        #expect(unknown.status == .unauthorized)
        #expect(readOnly.status == .forbidden)
        #expect(valid.status == .badRequest)  // the body is looked at only once the key passed
    }
}
