import Crypto
import Foundation
public import KickoffModel

/// Checks a received webhook as a receiver would (and as the README shows): the signature of one of
/// the secrets must be among the `v1,` signatures of the header, and the timestamp must be recent.
/// Kickoff itself only signs; the tests check with this what it sent.
public struct WebhookVerifier: Sendable {
    public let secrets: [WebhookSecret]
    /// How far the timestamp may be from now, either way (replay protection); 5 minutes in the spec.
    public let tolerance: Duration

    public init(secrets: [WebhookSecret], tolerance: Duration = .seconds(300)) {
        self.secrets = secrets
        self.tolerance = tolerance
    }

    /// Throws unless the message is authentic. `now` is Unix seconds.
    public func verify(id: String?, timestamp: String?, signatures: String?, body: [UInt8], now: Int64) throws(WebhookVerificationError) {
        guard let id, !id.isEmpty else { throw .missingHeader(WebhookSigner.idHeader) }
        guard let timestamp else { throw .missingHeader(WebhookSigner.timestampHeader) }
        guard let signatures, !signatures.isEmpty else { throw .missingHeader(WebhookSigner.signatureHeader) }
        guard let seconds = Int64(timestamp) else { throw .badTimestamp(timestamp) }
        guard abs(now - seconds) <= tolerance.components.seconds else { throw .timestampOutOfTolerance(seconds, now: now) }
        let received = signatures.split(separator: " ").compactMap { entry -> Data? in
            let parts = entry.split(separator: ",", maxSplits: 1)
            guard parts.count == 2, parts[0] == "v1" else { return nil }
            return Data(base64Encoded: String(parts[1]))
        }
        let content = Array("\(id).\(seconds).".utf8) + body
        for secret in secrets {
            let key = SymmetricKey(data: secret.key)
            // isValidAuthenticationCode compares in constant time.
            if received.contains(where: { HMAC<SHA256>.isValidAuthenticationCode($0, authenticating: content, using: key) }) {
                return
            }
        }
        throw .noMatchingSignature
    }
}

public enum WebhookVerificationError: Error, Sendable, Hashable, CustomStringConvertible {
    case missingHeader(String)
    case badTimestamp(String)
    case timestampOutOfTolerance(Int64, now: Int64)
    case noMatchingSignature

    public var description: String {
        switch self {
        case .missingHeader(let name): "the \(name) header is missing"
        case .badTimestamp(let text): "webhook-timestamp \(text) is not Unix seconds"
        case .timestampOutOfTolerance(let seconds, let now): "webhook-timestamp \(seconds) is too far from now (\(now))"
        case .noMatchingSignature: "no signature matches any of the secrets"
        }
    }
}
