import KickoffTelemetry

/// `kickoff_hook_deliveries_total{source, outcome}`: sources come from the pipeline file and outcomes
/// from a closed set, so the series stay bounded whatever is posted to the hook routes.
final class HookMetrics: Sendable {
    private let deliveries: CounterMetric

    init(registry: MetricsRegistry) {
        deliveries = registry.counter("kickoff_hook_deliveries_total", "Inbound hook deliveries by source and outcome.",
                                      labels: ["source", "outcome"])
    }

    enum Outcome: String {
        case created, filtered, duplicate
        case invalidParameters = "invalid_parameters"
        case unauthorized
        /// Not JSON, too large, Redis unreachable, no secret configured.
        case rejected
    }

    func count(source: String, _ outcome: Outcome) {
        deliveries.increment([source, outcome.rawValue])
    }
}
