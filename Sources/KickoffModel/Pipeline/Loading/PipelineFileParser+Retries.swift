import Yams

extension PipelineFileParser {
    static let retriesKeys = ["max_attempts", "backoff"]

    mutating func parseRetries(_ node: Node, _ pipeline: String) -> RetryPolicy {
        let what = "\(pipeline): retries"
        var policy = RetryPolicy()
        guard let entries = entries(of: node, what, allowedKeys: Self.retriesKeys) else { return policy }
        if let attempts = entries["max_attempts"].flatMap({ integer($0, "\(what): max_attempts", in: 1...100) }) {
            policy.maxAttempts = attempts
        }
        if let backoff = entries["backoff"].flatMap({ duration($0, "\(what): backoff", allowZero: true) }) {
            policy.backoff = backoff
        }
        return policy
    }
}
