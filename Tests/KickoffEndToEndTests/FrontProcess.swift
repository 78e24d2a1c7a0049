import Foundation
import FoundationNetworking
import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
#if canImport(FoundationNetworking)
#endif

/// A real `kickoff serve` process on a free port, with an API key of its own, and a small HTTP client.
final class FrontProcess: @unchecked Sendable {
    // @unchecked: all properties are set once in init.
    let process: KickoffProcess
    let baseURL: String
    let key: String

    let port: Int

    /// `keyName`: several fronts on one namespace each create their own key.
    init(redisURL: String, namespace: String, pipelines: String, logDirectory: URL, extraArguments: [String] = [],
         environment: [String: String] = [:], keyName: String = "live-test") async throws {
        port = try FreePort.find()
        baseURL = "http://127.0.0.1:\(port)"
        process = try KickoffProcess(["serve", "--redis-url", redisURL, "--namespace", namespace, "--pipelines", pipelines,
                                      "--port", String(port), "--rate-limit", "0"] + extraArguments,
                                     environment: environment, logDirectory: logDirectory)
        let client = RedisClient(configuration: try await TestRedis.configuration(url: redisURL), connectionCount: 1)
        key = try await APIKeyStore(client: client, keys: StoreKeys(namespace: namespace)).create(name: keyName, scopes: Set(APIKeyScope.allCases)).key
        await client.shutdown()
        let base = baseURL
        // A debug front starting beside the whole suite can take more than 20 s.
        try await Eventually.poll("kickoff serve answers /healthz", deadline: .seconds(60)) {
            (try? await FrontProcess.request(base + "/healthz", method: "GET", key: nil, body: nil).status) == 200
        }
    }

    deinit {
        if process.isRunning { process.signal(SIGKILL) }
    }

    struct Answer: Sendable {
        var status: Int
        var headers: [String: String]
        var body: Data
        var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    func send(_ method: String, _ path: String, json: String? = nil, headers: [String: String] = [:]) async throws -> Answer {
        try await Self.request(baseURL + path, method: method, key: key, body: json.map { Data($0.utf8) }, headers: headers)
    }

    static func request(_ url: String, method: String, key: String?, body: Data?, headers: [String: String] = [:]) async throws -> Answer {
        guard let url = URL(string: url) else { throw TestSupportError("bad URL \(url)") }
        var request = URLRequest(url: url, timeoutInterval: 60)
        request.httpMethod = method
        request.httpBody = body
        if body != nil { request.setValue("application/json", forHTTPHeaderField: "Content-Type") }
        if let key { request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw TestSupportError("not an HTTP answer") }
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { fields[name.lowercased()] = value }
        }
        return Answer(status: http.statusCode, headers: fields, body: data)
    }
}

extension WorkerFixture {
    /// A `kickoff serve` on this fixture's Redis namespace and pipeline file, logging into its directory.
    func startFront(_ extraArguments: [String] = [], environment: [String: String] = [:], keyName: String = "live-test") async throws -> FrontProcess {
        try await FrontProcess(redisURL: redisURL, namespace: queue.namespace, pipelines: pipelinesFile.path, logDirectory: directory,
                               extraArguments: extraArguments, environment: environment, keyName: keyName)
    }
}
