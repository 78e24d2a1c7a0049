/// One `sources:` entry of the pipeline file: an outside system that starts runs by sending its own
/// payloads to `POST /v1/hooks/{name}`, signed its own way (no API key).
public struct HookSource: Sendable, Hashable {
    public var name: String
    public var provider: HookProvider
    /// The front's environment variable holding the secret (never the secret itself: the file is shared).
    public var secretEnv: String
    /// `hmac` and `token`: the header carrying the signature or the token.
    public var header: String?
    /// `hmac`: how the signature is written.
    public var encoding: HookSignatureEncoding
    /// `hmac`: text before the signature in the header (`sha256=`).
    public var prefix: String
    /// Where the event name is: a header name, or a JSON pointer (`/EventName`); nil: the provider's own.
    public var event: String?
    /// Where the delivery id is: a header name, or a JSON pointer; nil: the provider's own, else a
    /// digest of the body (the same bytes sent again are the same delivery).
    public var delivery: String?
    /// `standard_webhooks`: how far `webhook-timestamp` may be from now (replays of old messages fail).
    public var tolerance: Duration
    public var routes: [HookRoute]

    public init(name: String, provider: HookProvider, secretEnv: String, header: String? = nil,
                encoding: HookSignatureEncoding = .hex, prefix: String = "", event: String? = nil, delivery: String? = nil,
                tolerance: Duration = .seconds(300), routes: [HookRoute] = []) {
        self.name = name
        self.provider = provider
        self.secretEnv = secretEnv
        self.header = header
        self.encoding = encoding
        self.prefix = prefix
        self.event = event
        self.delivery = delivery
        self.tolerance = tolerance
        self.routes = routes
    }

    /// Where the event name is read, this source's setting or its provider's.
    public var eventLocation: String? { event ?? provider.eventLocation }

    /// Where the delivery id is read, this source's setting or its provider's.
    public var deliveryLocation: String? { delivery ?? provider.deliveryLocation }

    /// The signature or token header, this source's setting or its provider's.
    public var signatureHeader: String { header ?? provider.signatureHeader }
}

/// How a source proves that a delivery is its own.
public enum HookProvider: String, Sendable, Hashable, CaseIterable {
    /// `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>`.
    case github
    /// `X-Gitlab-Token: <the secret>`.
    case gitlab
    /// `webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64>` (secret `whsec_…`).
    case standardWebhooks = "standard_webhooks"
    /// HMAC-SHA256 of the body in a header of the source's choice (`header`, `encoding`, `prefix`).
    case hmac
    /// A static token in a header (`Authorization` by default, `Bearer ` optional): what MinIO sends.
    case token

    var signatureHeader: String {
        switch self {
        case .github: "X-Hub-Signature-256"
        case .gitlab: "X-Gitlab-Token"
        case .standardWebhooks: "webhook-signature"
        case .hmac: "X-Signature"
        case .token: "Authorization"
        }
    }

    var eventLocation: String? {
        switch self {
        case .github: "X-GitHub-Event"
        case .gitlab: "X-Gitlab-Event"
        case .standardWebhooks: "/type"
        case .hmac, .token: nil
        }
    }

    var deliveryLocation: String? {
        switch self {
        case .github: "X-GitHub-Delivery"
        case .gitlab: "X-Gitlab-Event-UUID"
        case .standardWebhooks: "webhook-id"
        case .hmac, .token: nil
        }
    }
}

public enum HookSignatureEncoding: String, Sendable, Hashable, CaseIterable {
    case hex, base64
}
