import Foundation
import KickoffModel
import KickoffStore
public import Logging
import RedisClient
import Synchronization

/// Delivers the webhook outbox from a worker process. Every worker runs one; they share the work
/// through Redis: a delivery is claimed under a lease, so one killed mid-delivery loses nothing (the
/// lease runs out and the delivery is due again, for anyone: at-least-once).
///
/// Async code only: the non-blocking `RedisClient` and AsyncHTTPClient, on a task of its own.
public final class WebhookDeliverer: Sendable {
    private let configuration: WebhookDelivererConfiguration
    private let outbox: WebhookStore
    private let client: RedisClient
    private let sender: WebhookSender
    private let signer: WebhookSigner
    private let logger: Logger
    /// Identifies this deliverer's claims; an outcome recorded with another token is refused.
    private let token = UUID().uuidString
    private let stopping = Mutex(false)

    public init(configuration: WebhookDelivererConfiguration, logger: Logger = Logger(label: "kickoff.webhooks")) {
        self.configuration = configuration
        client = RedisClient(configuration: configuration.redis, connectionCount: 1)
        outbox = WebhookStore(client: client, operations: configuration.operations)
        sender = WebhookSender(policy: configuration.settings.policy, timeout: configuration.settings.timeout, resolver: configuration.resolver)
        signer = WebhookSigner(secrets: configuration.settings.secrets)
        self.logger = logger
    }

    /// Stop claiming; deliveries under way go on. `run()` returns once they are done. Cancelling
    /// `run()`'s task as well cuts them short: they go back in line for another deliverer.
    public func stop() {
        stopping.withLock { $0 = true }
    }

    private var isStopping: Bool { stopping.withLock { $0 } || Task.isCancelled }

    private enum Finished: Sendable {
        case delivery, tick
    }

    /// Claims and sends deliveries until `stop()` (or cancellation); a sliding window of at most
    /// `concurrency` at a time, so one slow receiver does not hold up the others.
    public func run() async {
        if configuration.settings.secrets.isEmpty {
            logger.warning("KICKOFF_WEBHOOK_SECRET is not set: webhooks go out unsigned")
        }
        let backoff = Backoff(initial: .milliseconds(200), maximum: .seconds(5))
        await withTaskGroup(of: Finished.self) { group in
            var active = 0, ticking = false, failures = 0
            // With partitions: which partition's share comes first this look (one further each look).
            var turn = 0
            var endpointsSynced: ContinuousClock.Instant?
            while true {
                let stopping = isStopping
                if stopping, active == 0 { break }
                var wait = configuration.idlePause()
                if !stopping, endpointsSynced.map({ ContinuousClock.now - $0 >= Self.endpointSyncInterval }) ?? true {
                    endpointsSynced = ContinuousClock.now
                    await syncEndpoints()
                }
                if !stopping, active < configuration.concurrency {
                    do {
                        let claim = try await outbox.claim(token: token, lease: configuration.lease, limit: configuration.concurrency - active,
                                                           turn: turn)
                        turn = (turn + 1) % configuration.operations.keys.partitions.count
                        if let problem = claim.unavailable.first {
                            // Some partitions answered: theirs go out; the others are looked at again after a backoff.
                            failures += 1
                            wait = backoff.delay(afterFailures: failures)
                            logger.warning("webhook outbox unavailable in some partitions",
                                           metadata: ["error": "\(problem)", "partitions": "\(claim.unavailable.count)"])
                        } else {
                            failures = 0
                        }
                        if claim.requeued > 0 {
                            logger.warning("webhook deliveries whose deliverer was lost are due again", metadata: ["count": "\(claim.requeued)"])
                        }
                        for delivery in claim.deliveries {
                            group.addTask { await self.deliver(delivery); return .delivery }
                            active += 1
                        }
                        // A full batch: there may be more due at once.
                        if !claim.deliveries.isEmpty, active < configuration.concurrency { continue }
                        if let next = claim.nextDueIn { wait = max(.milliseconds(5), min(wait, next)) }
                    } catch {
                        failures += 1
                        wait = backoff.delay(afterFailures: failures)
                        logger.warning("webhook outbox unavailable", metadata: ["error": "\(error)"])
                    }
                }
                // While stopping only deliveries are awaited: a cancelled sleep would return at once.
                if !ticking, !stopping {
                    group.addTask { try? await Task.sleep(for: wait); return .tick }
                    ticking = true
                }
                guard let finished = await group.next() else { continue }
                switch finished {
                case .delivery: active -= 1
                case .tick: ticking = false
                }
            }
            group.cancelAll()
        }
        await client.shutdown()
        logger.info("webhook deliverer stopped")
    }

    /// How often a deliverer brings the partitions' copies of the endpoints up to date (with N > 1):
    /// a copy missed by `kickoff webhooks add` (a primary down) or a partition new since a change of
    /// N gets the endpoints within this (`WebhookStore+Endpoints`).
    static let endpointSyncInterval: Duration = .seconds(60)

    /// With partitions, the endpoints' copies brought up to date; a failure is only logged (the next
    /// interval tries again).
    private func syncEndpoints() async {
        do {
            let replaced = try await outbox.syncEndpoints()
            if replaced > 0 { logger.info("webhook endpoints copied to partitions", metadata: ["partitions": "\(replaced)"]) }
        } catch {
            logger.warning("cannot copy the webhook endpoints to every partition", metadata: ["error": "\(error)"])
        }
    }

    /// One attempt of one delivery, its outcome recorded (and counted once recorded). Errors reaching Redis are only logged:
    /// the delivery's lease runs out and it is tried again (at-least-once).
    private func deliver(_ delivery: WebhookDelivery) async {
        var logger = self.logger
        logger[metadataKey: "delivery"] = "\(delivery.id)"
        logger[metadataKey: "attempt"] = "\(delivery.attempts + 1)"
        let outcome: WebhookOutcome
        var sendDuration: Duration?
        do {
            let content = try await outbox.content(of: delivery)
            if let run = content.run {
                let message = WebhookMessage(delivery: delivery, run: run, attempts: content.attempts, signer: signer,
                                             sentAt: Int64(Date().timeIntervalSince1970))
                let sendStart = ContinuousClock.now, startedAt = WallClock.milliseconds()
                let result = await sender.send(message, to: delivery.url)
                sendDuration = .now - sendStart
                WorkerSpans.webhook(message, delivery: delivery, url: delivery.url, start: startedAt, result: result)
                outcome = WebhookAttemptPolicy.outcome(of: result, attempt: delivery.attempts + 1, schedule: configuration.settings.retrySchedule)
            } else {
                outcome = .dead(statusCode: nil, error: "run \(delivery.runID) expired before its webhook was delivered")
            }
        } catch {
            logger.warning("cannot read the webhook's run", metadata: ["error": "\(error)"])
            return
        }
        do {
            guard try await outbox.record(delivery, token: token, outcome: outcome) else {
                logger.warning("webhook lease ran out before the outcome was recorded; it will be sent again")
                return
            }
        } catch {
            logger.warning("cannot record the webhook outcome; it will be sent again", metadata: ["error": "\(error)"])
            return
        }
        configuration.metrics.webhook(outcome: outcome.metricLabel, duration: sendDuration)
        switch outcome {
        // Never the full URL: its query or user info may hold a token.
        case .delivered(let status): logger.info("webhook delivered", metadata: ["url": "\(URLRedaction.redacted(delivery.url))", "status": "\(status)"])
        case .retry(_, let error, let after): logger.info("webhook will be retried", metadata: ["error": "\(error)", "in": "\(after)"])
        case .dead(_, let error): logger.warning("webhook is a dead letter", metadata: ["url": "\(URLRedaction.redacted(delivery.url))", "error": "\(error)"])
        case .release: logger.info("webhook handed back: deliverer stopping")
        }
    }
}

extension WebhookOutcome {
    /// The `outcome` label of `kickoff_webhook_deliveries_total`.
    var metricLabel: String {
        switch self {
        case .delivered: "delivered"
        case .retry: "retry"
        case .dead: "dead"
        case .release: "released"
        }
    }
}
