import Foundation
import FoundationNetworking
import KickoffTestSupport
import RedisClient
import Testing
#if canImport(FoundationNetworking)
#endif

/// The dashboard of a real `kickoff serve`, with a real worker, over HTTP as a browser without
/// JavaScript uses it: the login form, the session cookie, the trigger form, the run page.
/// (`scripts/ui-check` does the same in headless Chromium, with the pages' script.)
@Suite struct DashboardLiveTests {
    static let pipelines = """
    pipelines:
      quick:
        outputs: only
        steps:
          only: {run: [python3, step.py, emit], parameters: {n: {type: integer, default: 1}}}
    """

    @Test func aRunTriggeredFromTheFormIsFollowedToTheEndOnItsPage() async throws {
        let fixture = try await WorkerFixture(pipelines: Self.pipelines)
        let front = try await fixture.startFront()
        try fixture.startWorker("w1")
        let browser = FormBrowser(baseURL: front.baseURL)

        let anonymous = try await browser.send("GET", "/ui/runs")
        #expect(anonymous.status == 303)
        #expect(anonymous.headers["location"] == "/ui/login")
        let login = try await browser.send("POST", "/ui/login", form: [("key", front.key)])
        #expect(login.status == 303, "\(login.text)")
        let cookie = try #require(login.headers["set-cookie"])
        #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/ui"))
        browser.cookie = String(cookie.prefix { $0 != ";" })

        let pipelines = try await browser.send("GET", "/ui/pipelines")
        #expect(pipelines.status == 200)
        #expect(pipelines.text.contains(#"<input name="steps.only.parameters.n" value="" placeholder="default: 1">"#))
        let csrf = try #require(FormBrowser.csrfToken(in: pipelines.text))
        let trigger = try await browser.send("POST", "/ui/pipelines/quick/runs",
                                             form: [("csrf_token", csrf), ("steps.only.parameters.n", "41"), ("tags", "live-ui")])
        #expect(trigger.status == 303, "\(trigger.text)")
        let location = try #require(trigger.headers["location"])
        #expect(location.hasPrefix("/ui/runs/"))
        let id = String(location.dropFirst("/ui/runs/".count))

        try await Eventually.poll("the run page shows the run succeeded") {
            try await browser.send("GET", location).text.contains(#"<dd><span class="badge succeeded" data-status>succeeded</span>"#)
        }
        let page = try await browser.send("GET", location).text
        #expect(page.contains("<td>only</td><td>n</td><td><code>41</code></td>"))
        #expect(page.contains("stdout of only"))
        #expect(page.contains(#"<td class="exit">0</td>"#))
        #expect(page.contains("&quot;value&quot;:41"))
        let api = try await front.send("GET", "/v1/runs/\(id)")
        #expect(api.json?["status"] as? String == "succeeded")
        #expect(api.json?["tags"] as? [String] == ["live-ui"])

        let list = try await browser.send("GET", "/ui/runs?tag=live-ui")
        #expect(list.text.contains(#"<tr data-run-id="\#(id)">"#))
    }
}

/// HTTP as a form-posting browser: no redirects followed (the test looks at them), the session
/// cookie sent back by hand.
final class FormBrowser: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    // @unchecked: `cookie` is set by the one test that owns the browser, between requests.
    let baseURL: String
    var cookie: String?
    private lazy var session = URLSession(configuration: {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        return configuration
    }(), delegate: self, delegateQueue: nil)

    init(baseURL: String) {
        self.baseURL = baseURL
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
        completionHandler(nil)
    }

    func send(_ method: String, _ path: String, form: [(String, String)]? = nil) async throws -> FrontProcess.Answer {
        guard let url = URL(string: baseURL + path) else { throw TestSupportError("bad path \(path)") }
        var request = URLRequest(url: url, timeoutInterval: 60)
        request.httpMethod = method
        if let form {
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-._~")
            let body = form.map { ($0.0.addingPercentEncoding(withAllowedCharacters: allowed) ?? "") + "="
                + ($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "") }.joined(separator: "&")
            request.httpBody = Data(body.utf8)
            request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        }
        if let cookie { request.setValue(cookie, forHTTPHeaderField: "Cookie") }
        let (data, response) = try await session.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw TestSupportError("not an HTTP answer") }
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { fields[name.lowercased()] = value }
        }
        return FrontProcess.Answer(status: http.statusCode, headers: fields, body: data)
    }

    static func csrfToken(in html: String) -> String? {
        guard let range = html.range(of: #"name="csrf_token" value=""#) else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }
}
