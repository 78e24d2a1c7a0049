import KickoffModel
/// What can go wrong talking to the front, each shown to a person as a few lines (`lines`).
enum ClientError: Error, Sendable {
    /// A non-2xx answer: the server's problem document (or one made from its status and body).
    case problem(status: Int, ProblemDocument)
    /// No HTTP answer at all: refused, unresolvable, timed out.
    case unreachable(url: String, reason: String)
    /// A 2xx answer that does not read as what the API promises.
    case unexpectedAnswer(String)
    /// The base URL and a path do not make a URL.
    case invalidURL(String)
    /// The run's event stream kept failing.
    case eventStreamFailed(runID: String, reason: String)

    /// `kickoff: 422 Unprocessable Content: <detail>`, then one `  field: message` line per field error.
    var lines: [String] {
        switch self {
        case .problem(let status, let document):
            let title = document.title ?? "HTTP error"
            let detail = document.detail.map { ": " + $0 } ?? ""
            return ["kickoff: \(status) \(title)\(detail)"] + (document.errors ?? []).map { "  \($0.field): \($0.message)" }
        case .unreachable(let url, let reason):
            return ["kickoff: cannot reach the front at \(url) (\(reason)); is `kickoff serve` running there? (--url or KICKOFF_URL)"]
        case .unexpectedAnswer(let what):
            return ["kickoff: unexpected answer from the front: \(what)"]
        case .invalidURL(let url):
            return ["kickoff: not a usable URL: \(url)"]
        case .eventStreamFailed(let runID, let reason):
            return ["kickoff: lost the event stream of run \(runID): \(reason)"]
        }
    }

    /// A short reason for a transport error. Read from the error's text, which names the errno
    /// (`connect(...): Connection refused (errno: 111)`), so that this target needs no SwiftNIO import.
    static func reason(_ error: any Error) -> String {
        let text = String(describing: error)
        let known = [("Connection refused", "connection refused"), ("connectTimeout", "connection timed out"),
                     ("UnknownHost", "unknown host"), ("Network is unreachable", "network unreachable"), ("No route to host", "host unreachable"),
                     ("readTimeout", "no answer in time"), ("remoteConnectionClosed", "the connection was closed")]
        return known.first { text.contains($0.0) }?.1 ?? text
    }
}
