import KickoffModel
import KickoffWorker

/// What can go wrong talking to the front, each shown to a person as a few lines (`lines`).
enum ClientError: Error, Sendable {
    /// A non-2xx answer: the server's problem document (or one made from its status and body).
    case problem(status: Int, ProblemDocument)
    /// No HTTP answer at all: refused, unresolvable, timed out.
    case unreachable(url: String, reason: String)
    /// The front answered, but TLS failed: most often its certificate is not trusted here (`--ca-cert`).
    case tls(url: String, TransportFailure)
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
        case .tls(let url, .untrustedCertificate(let reason)):
            return ["kickoff: the front at \(url) has a certificate this client does not trust (\(reason)).",
                    "  Trust it (or the CA that signed it) with --ca-cert FILE or \(EnvironmentVariable.caCertificate)=FILE (a PEM file)."]
        case .tls(let url, let failure):
            return ["kickoff: \(failure) with the front at \(url). Is it https:// with a certificate this client trusts?",
                    "  A certificate not signed by a system CA needs --ca-cert FILE or \(EnvironmentVariable.caCertificate)=FILE (a PEM file)."]
        case .unexpectedAnswer(let what):
            return ["kickoff: unexpected answer from the front: \(what)"]
        case .invalidURL(let url):
            return ["kickoff: not a usable URL: \(url)"]
        case .eventStreamFailed(let runID, let reason):
            return ["kickoff: lost the event stream of run \(runID): \(reason)"]
        }
    }

    /// No answer from the front at `url`: a short reason, and a TLS failure told apart (it is a
    /// certificate problem, not a front that is not running). See `TransportFailure`.
    static func transport(_ error: any Error, url: String) -> ClientError {
        let failure = TransportFailure(error)
        return failure.isTLS ? .tls(url: url, failure) : .unreachable(url: url, reason: failure.description)
    }
}
