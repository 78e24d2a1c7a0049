import KickoffWorker
import Logging

/// For the long-running commands (serve, pool, dev; the worker does it itself): their environment holds
/// the Redis password and the webhook secret, and steps run as the same user. See
/// `ProcessControl.hideFromSameUserProcesses`.
func hideFromSameUserProcesses(_ logger: Logger) {
    do {
        try ProcessControl.hideFromSameUserProcesses()
    } catch {
        logger.warning("other processes of this user may be able to read this one's environment", metadata: ["error": "\(error)"])
    }
}
