import KickoffCore
import Logging

/// `kickoff worker`: claims runs from Redis one at a time and runs their steps until SIGTERM, then
/// returns the process's exit status.
///
/// A stub for now: it only logs its configuration. The worker loop (claim, heartbeat, steps, drain)
/// replaces it.
public func runWorker(options: WorkerOptions, settings: Settings) throws -> Int32 {
    let logger = Logger(label: "kickoff.worker")
    logger.info("worker starting", metadata: [
        "name": "\(options.name ?? "default")",
        "slot": "\(options.poolSlot.map(String.init) ?? "none")",
        "lease": "\(options.lease)",
        "heartbeat": "\(options.heartbeat)",
        "data_dir": "\(options.dataDirectory)",
        "namespace": "\(settings.namespace)",
    ])
    return 0
}
