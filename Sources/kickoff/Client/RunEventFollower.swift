import KickoffModel
/// Follows `GET /v1/runs/{id}/events` to the run's final event. When the stream drops (the front
/// restarted, a proxy cut it) it reconnects with `Last-Event-ID`, so no event is seen twice or missed.
struct RunEventFollower: Sendable {
    let client: KickoffAPIClient
    let runID: String
    /// Connections in a row that bring no event before giving up.
    var maximumFailures = 8

    /// Calls `onEvent` for each event in order. Returns after the final event, or when a dropped
    /// stream's run turns out to be final already (its final event trimmed from the stream).
    func follow(_ onEvent: (ServerSentEvent) async throws(ClientError) -> Void) async throws(ClientError) {
        var parser = ServerSentEventParser()
        var failures = 0
        while true {
            var sawFinal = false, sawEvent = false
            var lastError: ClientError?
            let headers = parser.lastEventID.map { [("Last-Event-ID", $0)] } ?? []
            do {
                try await client.stream(client.runPath(runID) + "/events", headers: headers) { chunk throws(ClientError) in
                    for event in parser.feed(chunk) {
                        sawEvent = true
                        try await onEvent(event)
                        if event.isFinal {
                            sawFinal = true
                            return false
                        }
                    }
                    return true
                }
            } catch {
                guard error.isWorthRetrying else { throw error }
                lastError = error
            }
            if sawFinal { return }
            // A half-read event is dropped; the resumed stream sends it again after the last whole one.
            parser = ServerSentEventParser(lastEventID: parser.lastEventID)
            failures = sawEvent ? 0 : failures + 1
            guard failures < maximumFailures else {
                throw ClientError.eventStreamFailed(runID: runID, reason: lastError?.lines.joined(separator: " ") ?? "it kept ending without the run's final event")
            }
            if let run = try? await client.run(id: runID), run.status.isFinal { return }
            // 0.25 s, 0.5 s, 1 s … at most 5 s between attempts.
            let backoff = min(Duration.milliseconds(250) * (1 << min(failures, 5)), .seconds(5))
            try? await Task.sleep(for: backoff)
        }
    }
}

extension ClientError {
    /// A dropped connection or an overloaded front may pass; a 401, a 404 or an untrusted certificate will not.
    var isWorthRetrying: Bool {
        switch self {
        case .unreachable: true
        case .problem(let status, _): status >= 500 || status == 429
        case .tls, .unexpectedAnswer, .invalidURL, .eventStreamFailed: false
        }
    }
}
