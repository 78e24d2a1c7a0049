import Foundation
import Synchronization

/// A few counters for `GET /metrics`, kept in this process and written in the Prometheus text
/// format. Labels come from a closed set (known pipeline names, fixed outcomes, status codes), so
/// the number of series stays bounded whatever clients send.
final class FrontMetrics: Sendable {
    private struct Counters {
        /// (pipeline, outcome) → count
        var triggers: [Pair: Int] = [:]
        /// status code → count of problem answers
        var problems: [Int: Int] = [:]
        var eventStreams = 0
    }

    private struct Pair: Hashable {
        var first: String
        var second: String
    }

    private let counters = Mutex(Counters())

    /// One trigger attempt: `outcome` is `accepted`, `replayed`, `invalid`, `conflict`, `unavailable`, ….
    func countTrigger(pipeline: String, outcome: String) {
        counters.withLock { $0.triggers[Pair(first: pipeline, second: outcome), default: 0] += 1 }
    }

    func countProblem(status: Int) {
        counters.withLock { $0.problems[status, default: 0] += 1 }
    }

    func countEventStream() {
        counters.withLock { $0.eventStreams += 1 }
    }

    /// The Prometheus text exposition (version 0.0.4).
    func render() -> String {
        let counters = self.counters.withLock { $0 }
        var lines = [
            "# HELP kickoff_triggers_total Trigger attempts by pipeline and outcome.",
            "# TYPE kickoff_triggers_total counter",
        ]
        for (pair, count) in counters.triggers.sorted(by: { ($0.key.first, $0.key.second) < ($1.key.first, $1.key.second) }) {
            lines.append("kickoff_triggers_total{pipeline=\"\(Self.escape(pair.first))\",outcome=\"\(Self.escape(pair.second))\"} \(count)")
        }
        lines += [
            "# HELP kickoff_http_problems_total Error answers (problem documents) by status code.",
            "# TYPE kickoff_http_problems_total counter",
        ]
        for (status, count) in counters.problems.sorted(by: { $0.key < $1.key }) {
            lines.append("kickoff_http_problems_total{status=\"\(status)\"} \(count)")
        }
        lines += [
            "# HELP kickoff_event_streams_total Server-Sent Event streams opened.",
            "# TYPE kickoff_event_streams_total counter",
            "kickoff_event_streams_total \(counters.eventStreams)",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    private static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
