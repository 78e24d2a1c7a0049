/// What a schedule does about ticks that passed while no scheduler could fire them (every Kickoff
/// process was down, or Redis was): ticks older than the grace period when the scheduler sees them.
public enum MisfirePolicy: String, Sendable, Hashable, CaseIterable, Codable {
    /// Fire nothing for them; the next tick in the future fires as usual.
    case skip
    /// Fire one run now for all of them (the default, as Celery beat and Kubernetes CronJobs do).
    case runOnce = "run_once"
}
