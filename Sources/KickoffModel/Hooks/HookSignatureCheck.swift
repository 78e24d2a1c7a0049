import Crypto
import Foundation

/// Whether a delivery comes from its source: the provider's signature or token, checked in constant
/// time (HMAC's own constant-time comparison, or equal-length digests compared without an early exit).
public enum HookSignatureCheck {
    /// Why a delivery is refused: the 401's detail. It never says more than which check failed.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }

    /// - Parameters:
    ///   - header: the request's header by name (case-insensitive).
    ///   - now: Unix seconds, for `standard_webhooks`' timestamp tolerance.
    public static func verify(_ source: HookSource, secret: String, body: [UInt8], now: Int64,
                              header: (String) -> String?) -> Result<Void, Failure> {
        let name = source.signatureHeader
        switch source.provider {
        case .github:
            guard let value = header(name) else { return .failure(Failure("the \(name) header is missing")) }
            return checkHMAC(value, prefix: "sha256=", encoding: .hex, secret: Array(secret.utf8), body: body, name: name)
        case .hmac:
            guard let value = header(name) else { return .failure(Failure("the \(name) header is missing")) }
            return checkHMAC(value, prefix: source.prefix, encoding: source.encoding, secret: Array(secret.utf8), body: body, name: name)
        case .gitlab:
            guard let value = header(name) else { return .failure(Failure("the \(name) header is missing")) }
            return equalTokens(value, secret) ? .success(()) : .failure(Failure("the \(name) header does not match"))
        case .token:
            guard var value = header(name) else { return .failure(Failure("the \(name) header is missing")) }
            if value.lowercased().hasPrefix("bearer ") { value = String(value.dropFirst(7)) }
            return equalTokens(value, secret) ? .success(()) : .failure(Failure("the \(name) header does not match"))
        case .standardWebhooks:
            return checkStandardWebhooks(source, secret: secret, body: body, now: now, header: header)
        }
    }

    private static func checkHMAC(_ value: String, prefix: String, encoding: HookSignatureEncoding, secret: [UInt8],
                                  body: [UInt8], name: String) -> Result<Void, Failure> {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix(prefix) else { return .failure(Failure("the \(name) header does not start with '\(prefix)'")) }
        let text = String(trimmed.dropFirst(prefix.count))
        guard let signature = encoding == .hex ? hexBytes(text) : Data(base64Encoded: text).map(Array.init) else {
            return .failure(Failure("the \(name) header is not \(encoding.rawValue)"))
        }
        let valid = HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: body, using: SymmetricKey(data: secret))
        return valid ? .success(()) : .failure(Failure("the signature does not match the body"))
    }

    private static func checkStandardWebhooks(_ source: HookSource, secret: String, body: [UInt8], now: Int64,
                                              header: (String) -> String?) -> Result<Void, Failure> {
        guard let id = header(WebhookSigner.idHeader), let timestampText = header(WebhookSigner.timestampHeader),
              let signatures = header(WebhookSigner.signatureHeader) else {
            return .failure(Failure("webhook-id, webhook-timestamp and webhook-signature are all needed"))
        }
        guard let timestamp = Int64(timestampText) else { return .failure(Failure("webhook-timestamp is not a whole number of seconds")) }
        let tolerance = source.tolerance.components.seconds
        guard abs(now - timestamp) <= tolerance else {
            return .failure(Failure("webhook-timestamp is more than \(tolerance) s away from now"))
        }
        guard let key = try? WebhookSecret(secret) else { return .failure(Failure("the source's secret is not whsec_<base64>")) }
        var signed = Array("\(id).\(timestamp).".utf8)
        signed += body
        for candidate in signatures.split(separator: " ") {
            guard candidate.hasPrefix("v1,"), let signature = Data(base64Encoded: String(candidate.dropFirst(3))) else { continue }
            if HMAC<SHA256>.isValidAuthenticationCode(Array(signature), authenticating: signed, using: SymmetricKey(data: key.key)) {
                return .success(())
            }
        }
        return .failure(Failure("no v1 signature matches the message"))
    }

    /// Compares the SHA-256 digests of both (equal length whatever the inputs) over every byte.
    static func equalTokens(_ given: String, _ expected: String) -> Bool {
        let a = Array(SHA256.hash(data: Array(given.utf8))), b = Array(SHA256.hash(data: Array(expected.utf8)))
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0 && !expected.isEmpty
    }

    static func hexBytes(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = hexValue(digits[index]), let low = hexValue(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
