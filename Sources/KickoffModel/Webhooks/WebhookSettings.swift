/// The webhook settings, read from the environment: secrets, where webhooks may go, how they retry.
public struct WebhookSettings: Sendable, Hashable {
    /// Comma-separated CIDRs or host names webhooks may reach in spite of the SSRF guard.
    public static let allowVariable = "KICKOFF_WEBHOOK_ALLOW"
    /// The waits between attempts (`5s,30s,2m,…`); `none` for a single attempt.
    public static let retryScheduleVariable = "KICKOFF_WEBHOOK_RETRY_SCHEDULE"
    /// How long one attempt may take (`15s`).
    public static let timeoutVariable = "KICKOFF_WEBHOOK_TIMEOUT"

    public static let defaultTimeout: Duration = .seconds(15)

    /// Empty when `KICKOFF_WEBHOOK_SECRET` is unset: webhooks then go out unsigned.
    public var secrets: [WebhookSecret]
    public var policy: CallbackURLPolicy
    public var retrySchedule: WebhookRetrySchedule
    public var timeout: Duration

    public init(secrets: [WebhookSecret] = [], policy: CallbackURLPolicy = CallbackURLPolicy(),
                retrySchedule: WebhookRetrySchedule = .standard, timeout: Duration = defaultTimeout) {
        self.secrets = secrets
        self.policy = policy
        self.retrySchedule = retrySchedule
        self.timeout = timeout
    }

    /// `secret` is `Settings.webhookSecret` (flag or `KICKOFF_WEBHOOK_SECRET`); the rest comes from
    /// the environment. Errors name the variable.
    public init(secret: String?, environment: [String: String]) throws(WebhookSettingsError) {
        self.init()
        if let secret, !secret.isEmpty {
            do { secrets = try WebhookSecret.list(secret) } catch { throw WebhookSettingsError(variable: EnvironmentVariable.webhookSecret, reason: error.description) }
        }
        if let allow = environment[Self.allowVariable], !allow.isEmpty {
            do { policy = try CallbackURLPolicy(allowList: allow) } catch { throw WebhookSettingsError(variable: Self.allowVariable, reason: error.description) }
        }
        if let schedule = environment[Self.retryScheduleVariable], !schedule.isEmpty {
            do { retrySchedule = try WebhookRetrySchedule.parse(schedule) } catch { throw WebhookSettingsError(variable: Self.retryScheduleVariable, reason: error.description) }
        }
        if let timeout = environment[Self.timeoutVariable], !timeout.isEmpty {
            do { self.timeout = try DurationParser.parse(timeout) } catch { throw WebhookSettingsError(variable: Self.timeoutVariable, reason: error.description) }
            guard self.timeout > .zero else { throw WebhookSettingsError(variable: Self.timeoutVariable, reason: "must be longer than 0") }
        }
    }
}

public struct WebhookSettingsError: Error, Sendable, Hashable, CustomStringConvertible {
    public var variable: String
    public var reason: String

    public var description: String { "\(variable): \(reason)" }
}
