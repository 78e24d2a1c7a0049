import Foundation
@testable import KickoffModel
import Testing

/// JSON pointers, globs, route matching and the signature checks, without a front.
@Suite("Hook matching and signatures")
struct HookMatchingTests {
    @Test func jsonPointers() throws {
        let document = try JSONTextReader.parse(Array(#"{"a":{"b/c":[10,{"~d":true}]},"":1}"#.utf8))
        #expect(JSONPointer("/a/b~1c/0")?.value(in: document) == .integer(10))
        #expect(JSONPointer("/a/b~1c/1/~0d")?.value(in: document) == .bool(true))
        #expect(JSONPointer("/")?.value(in: document) == .integer(1))
        #expect(JSONPointer("")?.value(in: document) == document)
        #expect(JSONPointer("/a/b~1c/01")?.value(in: document) == nil)
        #expect(JSONPointer("/a/missing")?.value(in: document) == nil)
        #expect(JSONPointer("a") == nil)
        #expect(JSONPointer("/bad~2") == nil)
    }

    @Test func globs() {
        #expect(GlobPattern("refs/tags/v*").matches("refs/tags/v1.2.3"))
        #expect(!GlobPattern("refs/tags/v*").matches("refs/heads/main"))
        #expect(GlobPattern("s3:ObjectCreated:*").matches("s3:ObjectCreated:Put"))
        #expect(GlobPattern("data/*.csv").matches("data/a/b.csv"))
        #expect(GlobPattern("v?.[0-9]").matches("v1.5"))
        #expect(!GlobPattern("v?.[!0-9]").matches("v1.5"))
        #expect(GlobPattern("*a*a*a*a*a*b").matches(String(repeating: "a", count: 40)) == false)
    }

    static let source = HookSource(
        name: "github", provider: .github, secretEnv: "S",
        routes: [
            HookRoute(pipeline: "p", when: [HookCondition(subject: .event, patterns: [HookPattern(.string("push"))]),
                                            HookCondition(subject: .pointer(JSONPointer("/ref")!), patterns: [HookPattern(.string("refs/heads/*"))])],
                      parameters: [HookParameterMapping(step: "train", parameter: "commit", pointer: JSONPointer("/after")!),
                                   HookParameterMapping(step: nil, parameter: "url", pointer: JSONPointer("/repository/clone_url")!)]),
            HookRoute(pipeline: "q", when: [HookCondition(subject: .header("X-Extra"), patterns: [HookPattern(.string("1"))])]),
        ])

    @Test func routesMatchAndMap() throws {
        let body = Array(#"{"ref":"refs/heads/main","after":"abc","repository":{"clone_url":"https://x/y.git"}}"#.utf8)
        let payload = try JSONTextReader.parse(body)
        let headers = ["x-github-event": "push", "x-github-delivery": "d-1"]
        let delivery = HookDelivery(source: Self.source, payload: payload, body: body) { headers[$0.lowercased()] }
        #expect(delivery.id == "d-1" && delivery.event == "push")
        let matched = delivery.matchingRoutes()
        #expect(matched.map(\.index) == [0])
        let values = delivery.values(for: matched[0].route)
        #expect(values.steps["train"]?["commit"] == .string("abc"))
        #expect(values.parameters["url"] == .string("https://x/y.git"))

        let tag = HookDelivery(source: Self.source, payload: .object(["ref": .string("refs/tags/v1")]), body: []) { headers[$0.lowercased()] }
        #expect(tag.matchingRoutes().isEmpty)
        let unnamed = HookDelivery(source: HookSource(name: "t", provider: .token, secretEnv: "T"), payload: .object([:]), body: Array("x".utf8)) { _ in nil }
        #expect(unnamed.id.hasPrefix("sha256:2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"))
    }

    @Test func githubSignature() {
        let body = Array(#"{"a":1}"#.utf8)
        // HMAC-SHA256 of the body with "s3cret", as Python's hmac module computes it.
        let hex = "5910e62016ef5034272c926c27071992a465c2335cecf41851bda071577f4f6d"
        func check(_ header: String?, secret: String = "s3cret", body: [UInt8] = body) -> Bool {
            (try? HookSignatureCheck.verify(Self.source, secret: secret, body: body, now: 0) { name in
                name == "X-Hub-Signature-256" ? header : nil
            }.get()) != nil
        }
        #expect(check("sha256=" + hex))
        #expect(!check("sha256=" + hex, secret: "other"))
        #expect(!check("sha256=" + hex, body: Array(#"{"a":2}"#.utf8)))
        #expect(!check(hex))
        #expect(!check(nil))
        #expect(!check("sha256=zz"))
    }

    @Test func standardWebhooksTolerance() throws {
        let secret = WebhookSecret.generate()
        let source = HookSource(name: "sw", provider: .standardWebhooks, secretEnv: "S", tolerance: .seconds(300))
        let body = Array(#"{"type":"x"}"#.utf8)
        let signature = WebhookSigner.signature(secret: secret, id: "msg_1", timestamp: 1000, body: body)
        func check(now: Int64, signatures: String = signature) -> Bool {
            let headers = ["webhook-id": "msg_1", "webhook-timestamp": "1000", "webhook-signature": "v1,bogus " + signatures]
            return (try? HookSignatureCheck.verify(source, secret: secret.text, body: body, now: now) { headers[$0] }.get()) != nil
        }
        #expect(check(now: 1000))
        #expect(check(now: 1300))
        #expect(!check(now: 1301))
        #expect(!check(now: 1000, signatures: WebhookSigner.signature(secret: .generate(), id: "msg_1", timestamp: 1000, body: body)))
    }

    @Test func hmacInAHeaderOfTheSourcesChoice() {
        // HMAC-SHA256 of the body with "s3cret", base64, as Python's hmac and base64 modules compute it.
        let signature = "WRDmIBbvUDQnLJJsJwcZkqRlwjNc7PQYUb2gcVd/T20="
        let source = HookSource(name: "saas", provider: .hmac, secretEnv: "S", header: "X-Saas-Signature", encoding: .base64, prefix: "v1=")
        func check(_ value: String?, header: String = "X-Saas-Signature") -> Bool {
            (try? HookSignatureCheck.verify(source, secret: "s3cret", body: Array(#"{"a":1}"#.utf8), now: 0) { $0 == header ? value : nil }.get()) != nil
        }
        #expect(check("v1=" + signature))
        #expect(!check(signature), "the prefix is required")
        #expect(!check("v1=" + signature, header: "X-Other"))
        #expect(!check("v1=" + String(signature.dropLast(2)) + "AA"))
    }

    @Test func gitlabToken() {
        let source = HookSource(name: "gitlab", provider: .gitlab, secretEnv: "S")
        func check(_ value: String) -> Bool {
            (try? HookSignatureCheck.verify(source, secret: "glt", body: [], now: 0) { $0 == "X-Gitlab-Token" ? value : nil }.get()) != nil
        }
        #expect(check("glt") && !check("glt ") && !check("Bearer glt") && !check(""))
        #expect(source.eventLocation == "X-Gitlab-Event" && source.deliveryLocation == "X-Gitlab-Event-UUID")
    }

    @Test func tokens() {
        let source = HookSource(name: "minio", provider: .token, secretEnv: "T")
        func check(_ value: String) -> Bool {
            (try? HookSignatureCheck.verify(source, secret: "tok", body: [], now: 0) { $0 == "Authorization" ? value : nil }.get()) != nil
        }
        #expect(check("tok") && check("Bearer tok"))
        #expect(!check("tok2") && !check("Bearer to"))
    }

    @Test func traceparent() throws {
        let trace = try #require(TraceContext(traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", tracestate: "a=b"))
        #expect(trace.traceID == "4bf92f3577b34da6a3ce929d0e0e4736")
        let child = trace.child()
        #expect(child.traceID == trace.traceID && child.parentID != trace.parentID)
        #expect(child.environment["TRACEPARENT"]?.hasPrefix("00-4bf92f3577b34da6a3ce929d0e0e4736-") == true)
        #expect(child.environment["TRACESTATE"] == "a=b")
        #expect(TraceContext(traceparent: "00-00000000000000000000000000000000-00f067aa0ba902b7-01") == nil)
        #expect(TraceContext(traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra") == nil)
        #expect(TraceContext(traceparent: "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra") != nil)
        #expect(TraceContext(traceparent: "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01") == nil)
        #expect(TraceContext.fresh().traceparent.count == 55)
    }
}
