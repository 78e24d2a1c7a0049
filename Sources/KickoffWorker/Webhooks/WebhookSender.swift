import AsyncHTTPClient
import Foundation
import KickoffModel
import NIOCore
import NIOHTTP1
import RedisClient

/// Sends one webhook attempt: checks the URL with the SSRF guard after resolving its host, then
/// POSTs to exactly the address it checked (redirects not followed, one timeout for the whole attempt).
struct WebhookSender: Sendable {
    let policy: CallbackURLPolicy
    let timeout: Duration
    let resolver: HostResolver

    func send(_ message: WebhookMessage, to url: String) async -> WebhookSendResult {
        let address: IPAddress?
        do {
            address = try await policy.resolve(url, resolver: resolver, timeout: timeout)
        } catch {
            // A lookup that fails (timeout, SERVFAIL) may work later: retried on the schedule.
            // A forbidden address or scheme will not: a dead letter at once.
            if case .unresolvable = error { return .unreachable(error.description) }
            return .refused(error.description)
        }
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: HTTPClient.Configuration.Timeout(connect: .nanoseconds(timeout.nanoseconds), read: .nanoseconds(timeout.nanoseconds))
        )
        // A refused connection is one failed attempt, not a reason to keep retrying until the
        // timeout: the retry schedule spaces attempts.
        configuration.connectionPool.retryConnectionEstablishment = false
        // Connect to the address that passed the check, not to whatever a second lookup returns
        // (DNS rebinding); TLS still verifies the certificate for the host name. The client finds the
        // pin by the URL's host exactly as it reads it (case as written; the guard's name is
        // lower-cased) and resolves any name it finds no pin for: so the pin goes under the client's
        // own reading of the URL, and a URL it cannot read is not sent.
        if let address {
            guard let host = Self.clientHost(of: url) else { return .refused("\(URLRedaction.redacted(url)): the HTTP client cannot read its host") }
            configuration.dnsOverride = [host: address.description]
        }
        // A client per attempt because the pinned address is per client; webhooks are few enough.
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let result = await post(message, to: url, with: client)
        try? await client.shutdown()
        return result
    }

    /// The host AsyncHTTPClient connects to for `url`, read as it reads it (`URL.host`, IPv6
    /// brackets trimmed, letters as written): the one name under which it finds a pinned address.
    static func clientHost(of url: String) -> String? {
        guard let host = URL(string: url)?.host, !host.isEmpty else { return nil }
        if host.hasPrefix("["), host.hasSuffix("]") { return String(host.dropFirst().dropLast()) }
        return host
    }

    private func post(_ message: WebhookMessage, to url: String, with client: HTTPClient) async -> WebhookSendResult {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for header in message.headers { request.headers.add(name: header.name, value: header.value) }
        request.body = .bytes(ByteBuffer(bytes: message.body))
        do {
            let response = try await client.execute(request, timeout: .nanoseconds(timeout.nanoseconds))
            // Read (a little of) the answer so the connection ends cleanly; its content does not matter.
            _ = try? await response.body.collect(upTo: 64 * 1024)
            let retryAfter = response.headers.first(name: "retry-after").flatMap { Int64($0.trimmingSpaces) }.map { Duration.seconds(max(0, $0)) }
            return .answered(statusCode: Int(response.status.code), retryAfter: retryAfter)
        } catch {
            if Task.isCancelled { return .interrupted }
            return .unreachable(TransportFailure(error).description)
        }
    }
}

extension String {
    fileprivate var trimmingSpaces: Substring {
        let trimmed = drop { $0 == " " }
        return trimmed.prefix { $0 != " " }
    }
}
