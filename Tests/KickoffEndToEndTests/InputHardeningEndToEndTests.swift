import Foundation
import KickoffTestSupport
import Testing

/// A real `kickoff serve` against inputs a careful client never sends: a NUL bound for a step's argv,
/// a JSON object with a key twice, a dashboard sign-in posted from another site.
@Suite struct InputHardeningEndToEndTests {
    static let pipelines = """
    pipelines:
      echo:
        steps:
          say:
            run: [python3, step.py, echo, "{{value}}"]
            parameters: {value: {type: string}, note: {type: string, default: ""}}
    """

    @Test func aNULInAValueBoundForArgvIs422AtTriggerTime() async throws {
        let fixture = try await WorkerFixture(pipelines: Self.pipelines)
        let front = try await fixture.startFront()
        let refused = try await front.send("POST", "/v1/pipelines/echo/runs", json: #"{"parameters":{"value":"a\u0000b"}}"#)
        #expect(refused.status == 422, "\(refused.text)")
        let fields = (refused.json?["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String }
        #expect(fields == ["steps.say.parameters.value"], "\(refused.text)")
        // `note` reaches the step only in KICKOFF_PARAMETERS (JSON, where a NUL is escaped): accepted.
        let accepted = try await front.send("POST", "/v1/pipelines/echo/runs", json: #"{"parameters":{"value":"ab","note":"a\u0000b"}}"#)
        #expect(accepted.status == 202, "\(accepted.text)")
    }

    @Test func aJSONObjectWithAKeyTwiceIs400() async throws {
        let fixture = try await WorkerFixture(pipelines: Self.pipelines)
        let front = try await fixture.startFront()
        for body in [#"{"parameters":{"value":"a","value":"b"}}"#, #"{"priority":"high","priority":"low","parameters":{"value":"a"}}"#,
                     #"{"parameters":{"value":"a","\u0076alue":"b"}}"#] {
            let answer = try await front.send("POST", "/v1/pipelines/echo/runs", json: body)
            #expect(answer.status == 400, "\(body): \(answer.text)")
            #expect(answer.json?["type"] as? String == "urn:kickoff:problem:malformed-json", "\(answer.text)")
            #expect((answer.json?["detail"] as? String)?.contains("duplicate key") == true, "\(answer.text)")
        }
        let purge = try await front.send("POST", "/v1/runs/purge", json: #"{"older_than":"1d","older_than":"1s"}"#)
        #expect(purge.status == 400, "\(purge.text)")
    }

    /// `POST /ui/login` with these extra header lines; returns the status code and the answer.
    static func login(port: Int, key: String, contentType: String = "application/x-www-form-urlencoded",
                      headers: [String]) async throws -> (status: Int, text: String) {
        let body = "key=" + key
        let answer = try await onDedicatedThread {
            let connection = try RawConnection(port: port)
            connection.send("POST /ui/login HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Type: \(contentType)\r\n"
                            + headers.map { $0 + "\r\n" }.joined()
                            + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n" + body)
            return connection.readUntilClosed().text
        }
        return (answer.split(separator: " ", maxSplits: 2).dropFirst().first.flatMap { Int($0) } ?? 0, answer)
    }

    @Test func aSignInPostedFromAnotherSiteIsRefused() async throws {
        let fixture = try await WorkerFixture(pipelines: Self.pipelines)
        let front = try await fixture.startFront()
        let port = front.port
        for headers in [["Origin: https://attacker.example"], ["Origin: null"], ["Sec-Fetch-Site: cross-site"],
                        ["Sec-Fetch-Site: same-site", "Origin: http://127.0.0.1:\(port)"]] {
            for contentType in ["application/x-www-form-urlencoded", "text/plain"] {
                let answer = try await Self.login(port: port, key: front.key, contentType: contentType, headers: headers)
                #expect(answer.status == 403 && !answer.text.contains("kickoff_session="), "\(headers) \(contentType): \(answer.text)")
            }
        }
        // The login page's own post, a typed one, and one from a client that is not a browser.
        for headers in [["Origin: http://127.0.0.1:\(port)", "Sec-Fetch-Site: same-origin"], ["Sec-Fetch-Site: none"],
                        ["Origin: http://127.0.0.1:\(port)"], []] {
            let answer = try await Self.login(port: port, key: front.key, headers: headers)
            #expect(answer.status == 303 && answer.text.contains("kickoff_session="), "\(headers): \(answer.text)")
        }
    }
}
