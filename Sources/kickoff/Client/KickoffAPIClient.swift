import AsyncHTTPClient
import Foundation
import KickoffModel
import NIOCore
import NIOHTTP1
import NIOSSL

/// The front's HTTP API as the client commands use it. One `HTTPClient` per command; every answer
/// that is not 2xx becomes `ClientError.problem` with the server's problem document.
struct KickoffAPIClient: Sendable {
    /// Without a trailing slash (`Settings` keeps it so).
    let baseURL: String
    let apiKey: String?
    private let http: HTTPClient

    /// Answers are read whole up to this size (logs are the largest).
    static let maximumBodyBytes = 64 * 1024 * 1024
    /// Seconds until an answer's head must have come; an event stream's body is bounded by the
    /// read timeout instead.
    static let requestTimeoutSeconds: Int64 = 60

    /// - Parameter trusting: certificates trusted for an https:// front besides the system's (`--ca-cert`).
    init(baseURL: String, apiKey: String?, trusting extraRoots: [NIOSSLCertificate] = []) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        var configuration = HTTPClient.Configuration()
        if !extraRoots.isEmpty {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.additionalTrustRoots = [.certificates(extraRoots)]
            configuration.tlsConfiguration = tls
        }
        // The event stream sends a keep-alive comment at least every 15 s; a minute of silence means
        // the connection is dead, and the follower reconnects.
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(60))
        // One front, one person waiting: a refused connection is reported at once rather than
        // retried with backoff until the connect timeout.
        configuration.connectionPool.retryConnectionEstablishment = false
        http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    func shutdown() async {
        try? await http.shutdown()
    }

    /// An answer read whole.
    struct Answer: Sendable {
        var status: Int
        var contentType: String?
        var body: [UInt8]
    }

    // MARK: Requests

    /// Sends one request and reads the whole answer; a non-2xx answer throws its problem.
    func send(_ method: Method, _ path: String, query: [(String, String)] = [], json body: JSONValue? = nil) async throws(ClientError) -> Answer {
        let request = try makeRequest(method, path, query: query, json: body)
        do {
            let response = try await http.execute(request, timeout: .seconds(Self.requestTimeoutSeconds))
            let buffer = try await response.body.collect(upTo: Self.maximumBodyBytes)
            let answer = Answer(status: Int(response.status.code), contentType: response.headers.first(name: "content-type"),
                                body: Array(buffer.readableBytesView))
            guard (200..<300).contains(answer.status) else { throw Self.problem(answer) }
            return answer
        } catch let error as ClientError {
            throw error
        } catch {
            throw ClientError.transport(error, url: baseURL)
        }
    }

    /// Sends a request and decodes the 2xx answer's JSON body as `T`.
    func decode<T: Decodable>(_ type: T.Type, _ method: Method, _ path: String, query: [(String, String)] = [],
                              json body: JSONValue? = nil) async throws(ClientError) -> T {
        let answer = try await send(method, path, query: query, json: body)
        do {
            return try JSONDecoder().decode(T.self, from: Data(answer.body))
        } catch {
            throw ClientError.unexpectedAnswer("\(method.rawValue) \(path) answered \(answer.status) with a body that is not \(T.self): \(error)")
        }
    }

    /// Opens a streaming GET (the event stream) and hands its body chunks to `body` as they come.
    /// Returns when the server ends the stream; throws on a non-2xx answer or a broken connection.
    func stream(_ path: String, headers: [(String, String)], _ body: ([UInt8]) async throws(ClientError) -> Bool) async throws(ClientError) {
        var request = try makeRequest(.get, path)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        do {
            // The deadline covers only the answer's head; the body may flow for as long as the run takes.
            let response = try await http.execute(request, timeout: .seconds(Self.requestTimeoutSeconds))
            guard (200..<300).contains(Int(response.status.code)) else {
                let buffer = try await response.body.collect(upTo: Self.maximumBodyBytes)
                throw Self.problem(Answer(status: Int(response.status.code), contentType: response.headers.first(name: "content-type"),
                                          body: Array(buffer.readableBytesView)))
            }
            for try await chunk in response.body {
                guard try await body(Array(chunk.readableBytesView)) else { return }
            }
        } catch let error as ClientError {
            throw error
        } catch {
            throw ClientError.transport(error, url: baseURL)
        }
    }

    enum Method: String, Sendable {
        case get = "GET", post = "POST"
    }

    private func makeRequest(_ method: Method, _ path: String, query: [(String, String)] = [], json body: JSONValue? = nil) throws(ClientError) -> HTTPClientRequest {
        var url = baseURL + path
        if !query.isEmpty {
            url += "?" + query.map { "\(Self.percentEncoded($0.0))=\(Self.percentEncoded($0.1))" }.joined(separator: "&")
        }
        guard URL(string: url) != nil else { throw ClientError.invalidURL(url) }
        var request = HTTPClientRequest(url: url)
        request.method = method == .get ? .GET : .POST
        request.headers.add(name: "Accept", value: "application/json, application/problem+json, text/plain, text/event-stream")
        request.headers.add(name: "User-Agent", value: "kickoff-cli/\(KickoffVersion.current)")
        if let apiKey { request.headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
        if let body {
            let bytes = Array(body.jsonString().utf8)
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(bytes)
        }
        return request
    }

    /// A path segment or query value, with everything but unreserved characters percent-encoded,
    /// so a run id or pipeline name can never change the path (`../`, `?`, `#`).
    static func percentEncoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(127)))
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// The problem document of a non-2xx answer, or one made from its status and text.
    static func problem(_ answer: Answer) -> ClientError {
        if let document = try? JSONDecoder().decode(ProblemDocument.self, from: Data(answer.body)), document.title != nil || document.detail != nil {
            return .problem(status: document.status ?? answer.status, document)
        }
        let text = String(decoding: answer.body.prefix(500), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return .problem(status: answer.status, ProblemDocument(title: HTTPStatusTitle.title(answer.status), detail: text.isEmpty ? nil : text))
    }
}
