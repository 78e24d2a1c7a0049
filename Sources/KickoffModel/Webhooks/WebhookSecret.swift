import Foundation

/// A signing secret in the Standard Webhooks format, `whsec_<base64 of the key bytes>`.
public struct WebhookSecret: Sendable, Hashable {
    public static let prefix = "whsec_"

    /// The HMAC key: the decoded bytes after the prefix.
    public let key: [UInt8]

    public init(key: [UInt8]) {
        self.key = key
    }

    /// Reads `whsec_<base64>`. The prefix is optional, as in the reference libraries, so a key taken
    /// from another provider need not be rewritten; the rest must be base64 of at least 16 bytes.
    public init(_ text: String) throws(WebhookSecretError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let encoded = trimmed.hasPrefix(Self.prefix) ? String(trimmed.dropFirst(Self.prefix.count)) : trimmed
        guard !encoded.isEmpty else { throw .empty }
        guard let data = Data(base64Encoded: encoded) else { throw .notBase64(Self.shown(trimmed)) }
        guard data.count >= 16 else { throw .tooShort(Self.shown(trimmed), bytes: data.count) }
        key = Array(data)
    }

    /// Several secrets at once, for rotation: separated by spaces or commas (`KICKOFF_WEBHOOK_SECRET`).
    /// The first one is the current secret; every one signs, so receivers can move over at their pace.
    public static func list(_ text: String) throws(WebhookSecretError) -> [WebhookSecret] {
        var secrets: [WebhookSecret] = []
        for part in text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" || $0 == "\n" }) {
            secrets.append(try WebhookSecret(String(part)))
        }
        guard !secrets.isEmpty else { throw .empty }
        return secrets
    }

    /// A new random secret (32 bytes), for `kickoff webhooks` and tests.
    public static func generate() -> WebhookSecret {
        var generator = SystemRandomNumberGenerator()
        return WebhookSecret(key: (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// `whsec_<base64>`.
    public var text: String { Self.prefix + Data(key).base64EncodedString() }

    /// Enough of a secret to recognise it in an error message, never the whole of it.
    private static func shown(_ text: String) -> String {
        text.count <= 10 ? "…" : String(text.prefix(10)) + "…"
    }
}

public enum WebhookSecretError: Error, Sendable, Hashable, CustomStringConvertible {
    case empty
    case notBase64(String)
    case tooShort(String, bytes: Int)

    public var description: String {
        switch self {
        case .empty: "the webhook secret is empty"
        case .notBase64(let shown): "webhook secret \(shown) is not whsec_ followed by base64"
        case .tooShort(let shown, let bytes): "webhook secret \(shown) has \(bytes) bytes of key; at least 16 are needed"
        }
    }
}
