import Foundation
import Hummingbird
import HummingbirdTesting
@testable import KickoffFront
import KickoffModel
import KickoffTestSupport
import RedisClient
import Testing
import Yams

@Suite struct OpenAPIAgreementTests {
    static func document() throws -> [String: Any] {
        try #require(try Yams.load(yaml: OpenAPIDocument.yaml) as? [String: Any])
    }

    static let methods: Set<String> = ["get", "post", "put", "patch", "delete", "head", "options"]

    @Test func everyRouteIsDocumentedAndEveryDocumentedRouteIsServed() async throws {
        let document = try Self.document()
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: Any])
        var documented: Set<String> = []
        for (path, item) in paths {
            for method in ((item as? [String: Any]) ?? [:]).keys where Self.methods.contains(method) {
                documented.insert("\(method.uppercased()) \(path)")
            }
        }
        let fixture = try await FrontFixture()
        // The dashboard's /ui routes are HTML pages for people, not API: they are not documented.
        let served = Set(fixture.front.makeRouter().routes.filter { !$0.path.description.hasPrefix("/ui") }
            .map { "\($0.method.rawValue) \($0.path.description)" })
        #expect(!served.isEmpty)
        #expect(served.subtracting(documented).isEmpty, "served but not documented: \(served.subtracting(documented).sorted())")
        #expect(documented.subtracting(served).isEmpty, "documented but not served: \(documented.subtracting(served).sorted())")
    }

    @Test func theDocumentIsServed() async throws {
        let fixture = try await FrontFixture()
        let response = try await fixture.test { client in try await client.execute(uri: "/openapi.yaml", method: .get) }
        #expect(response.status == .ok)
        #expect(response.headers[.contentType]?.hasPrefix("application/yaml") == true)
        #expect(response.text == OpenAPIDocument.yaml)
    }

    /// The schema the document declares for this answer.
    static func responseSchema(_ document: [String: Any], path: String, method: String, status: Int) throws -> Any {
        let paths = try #require(document["paths"] as? [String: Any])
        let item = try #require(paths[path] as? [String: Any], "no path \(path)")
        let operation = try #require(item[method] as? [String: Any], "no \(method) \(path)")
        let responses = try #require(operation["responses"] as? [String: Any])
        var response = try #require(responses[String(status)] as? [String: Any], "\(method) \(path) documents no \(status)")
        if let reference = response["$ref"] as? String {
            let name = try #require(reference.split(separator: "/").last.map(String.init))
            let shared = try #require((document["components"] as? [String: Any])?["responses"] as? [String: Any])
            response = try #require(shared[name] as? [String: Any])
        }
        let content = try #require(response["content"] as? [String: Any])
        let media = try #require((content["application/json"] ?? content["application/problem+json"]) as? [String: Any])
        return try #require(media["schema"])
    }

    @Test func realAnswersValidateAgainstTheDocumentsSchemas() async throws {
        let document = try Self.document()
        let checker = SchemaChecker(document: document)
        let fixture = try await FrontFixture()
        // Answers are collected in the test client's closure and checked after it.
        let answers: [(TestResponse, String, String)] = try await fixture.test { client in
            var answers: [(TestResponse, String, String)] = []
            func check(_ response: TestResponse, _ path: String, _ method: String) {
                answers.append((response, path, method))
            }
            check(try await client.execute(uri: "/healthz", method: .get), "/healthz", "get")
            check(try await client.execute(uri: "/readyz", method: .get), "/readyz", "get")
            check(try await client.execute(uri: "/v1/pipelines", method: .get, headers: fixture.read), "/v1/pipelines", "get")
            check(try await client.execute(uri: "/v1/pipelines", method: .get), "/v1/pipelines", "get")
            check(try await client.execute(uri: "/v1/pipelines/training_pipeline", method: .get, headers: fixture.read), "/v1/pipelines/{name}", "get")
            check(try await client.execute(uri: "/v1/pipelines/nope", method: .get, headers: fixture.read), "/v1/pipelines/{name}", "get")

            let triggered = try await client.execute(uri: "/v1/pipelines/training_pipeline/runs", method: .post, headers: .json(fixture.triggerKey),
                                                     body: #"{"tags":["a"]}"#.buffer)
            check(triggered, "/v1/pipelines/{name}/runs", "post")
            check(try await client.execute(uri: "/v1/pipelines/etl/runs", method: .post, headers: .json(fixture.triggerKey), body: "{}".buffer),
                      "/v1/pipelines/{name}/runs", "post")
            check(try await client.execute(uri: "/trigger", method: .post, headers: .json(fixture.triggerKey), body: #"{"pipeline_name":"training_pipeline"}"#.buffer),
                      "/trigger", "post")
            check(try await client.execute(uri: "/v1/pipelines/etl/invoke?timeout=0", method: .post, headers: .json(fixture.triggerKey),
                                               body: #"{"parameters":{"source":"s"}}"#.buffer), "/v1/pipelines/{name}/invoke", "post")

            let id = try #require(triggered.runObject?.id)
            try await SimulatedWorker.runToSuccess(fixture.queue)
            check(try await client.execute(uri: "/v1/runs/\(id)", method: .get, headers: fixture.read), "/v1/runs/{id}", "get")
            check(try await client.execute(uri: "/v1/runs?limit=2", method: .get, headers: fixture.read), "/v1/runs", "get")
            check(try await client.execute(uri: "/v1/runs/\(id)/cancel", method: .post, headers: fixture.trigger), "/v1/runs/{id}/cancel", "post")
            let second = try await client.execute(uri: "/v1/pipelines/etl/runs", method: .post, headers: .json(fixture.triggerKey),
                                                  body: #"{"parameters":{"source":"s"}}"#.buffer)
            let secondID = try #require(second.runObject?.id)
            check(try await client.execute(uri: "/v1/runs/\(secondID)/cancel", method: .post, headers: fixture.trigger), "/v1/runs/{id}/cancel", "post")
            return answers
        }
        #expect(answers.count == 14)
        for (response, path, method) in answers {
            let schema = try Self.responseSchema(document, path: path, method: method, status: Int(response.status.code))
            let value = try #require(response.json, "\(method) \(path): not JSON: \(response.text)")
            let problems = checker.violations(of: value, against: schema)
            #expect(problems.isEmpty, "\(method) \(path) \(response.status.code): \(problems)")
        }
    }

    @Test func theCheckerCatchesViolations() throws {
        let checker = SchemaChecker(document: try Self.document())
        let run: [String: Any] = ["$ref": "#/components/schemas/Run"]
        #expect(checker.violations(of: .object([:]), against: run).contains("$: missing required 'id'"))
        #expect(!checker.violations(of: .object(["status": .string("done")]), against: run).filter { $0.contains("enum") }.isEmpty)
        #expect(checker.violations(of: .string("x"), against: run) == ["$: expected object, got string"])
        let body: [String: Any] = ["$ref": "#/components/schemas/TriggerBody"]
        #expect(checker.violations(of: .object(["colour": .string("blue")]), against: body) == ["$: unexpected property 'colour'"])
    }

    /// Every route behind a key takes a token of the key's rate limit, so each documents the 429
    /// (schemathesis with the default rate limit checks the answers against the document).
    @Test func everyRouteBehindAKeyDocumentsTheRateLimits429() throws {
        let document = try Self.document()
        let paths = try #require(document["paths"] as? [String: Any])
        var missing: [String] = []
        for (path, item) in paths {
            for (method, value) in (item as? [String: Any]) ?? [:] where Self.methods.contains(method) {
                let operation = (value as? [String: Any]) ?? [:]
                if let security = operation["security"] as? [Any], security.isEmpty { continue }  // open route
                let responses = (operation["responses"] as? [String: Any]) ?? [:]
                if responses["429"] == nil { missing.append("\(method.uppercased()) \(path)") }
            }
        }
        #expect(missing.isEmpty, "no 429 documented: \(missing.sorted())")
    }
}
