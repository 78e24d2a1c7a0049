/// The secret half of an API key: `kk_` + base64url (no padding) of 32 random bytes.
/// Only its SHA-256 (hex) is ever stored; a presented key is found by hashing it, so the lookup
/// compares digests of equal length and never the secret byte by byte.
public enum APIKeyMaterial {
    public static let prefix = "kk_"

    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return prefix + base64URL(bytes)
    }

    /// The hex SHA-256 of the key text: the key's id in Redis.
    public static func digest(_ key: String) -> String {
        Digests.sha256Hex(key.utf8)
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        var text = ""
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            var value = 0
            for byte in chunk { value = value << 8 | Int(byte) }
            value <<= 8 * (3 - chunk.count)
            for position in 0...chunk.count {
                text.append(alphabet[(value >> (18 - 6 * position)) & 63])
            }
            index += 3
        }
        return text
    }
}
