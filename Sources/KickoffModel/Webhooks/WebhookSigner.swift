import Crypto
import Foundation

/// Signs webhook messages as Standard Webhooks 1.0 has it: HMAC-SHA256 over `id.timestamp.body`,
/// base64, prefixed `v1,`; one signature per active secret, separated by spaces.
public struct WebhookSigner: Sendable {
    public static let idHeader = "webhook-id"
    public static let timestampHeader = "webhook-timestamp"
    public static let signatureHeader = "webhook-signature"

    public let secrets: [WebhookSecret]

    public init(secrets: [WebhookSecret]) {
        self.secrets = secrets
    }

    /// `v1,<base64>` for one secret.
    public static func signature(secret: WebhookSecret, id: String, timestamp: Int64, body: [UInt8]) -> String {
        let key = SymmetricKey(data: secret.key)
        var authenticator = HMAC<SHA256>(key: key)
        authenticator.update(data: Array("\(id).\(timestamp).".utf8))
        authenticator.update(data: body)
        return "v1," + Data(authenticator.finalize()).base64EncodedString()
    }

    /// The `webhook-signature` value: every secret's signature, space separated; nil without secrets.
    public func signatureHeader(id: String, timestamp: Int64, body: [UInt8]) -> String? {
        guard !secrets.isEmpty else { return nil }
        return secrets.map { Self.signature(secret: $0, id: id, timestamp: timestamp, body: body) }.joined(separator: " ")
    }

    /// The three headers of one attempt (the signature only when there are secrets).
    public func headers(id: String, timestamp: Int64, body: [UInt8]) -> [(name: String, value: String)] {
        var headers = [(Self.idHeader, id), (Self.timestampHeader, String(timestamp))]
        if let signature = signatureHeader(id: id, timestamp: timestamp, body: body) {
            headers.append((Self.signatureHeader, signature))
        }
        return headers.map { (name: $0.0, value: $0.1) }
    }
}
