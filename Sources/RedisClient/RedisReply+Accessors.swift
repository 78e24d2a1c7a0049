extension RedisReply {
    /// The reply as text: bulk strings decoded as UTF-8 (lossy), status lines and integers as written.
    public var string: String? {
        switch self {
        case .bulk(let bytes): String(decoding: bytes, as: UTF8.self)
        case .status(let text): text
        case .integer(let value): String(value)
        default: nil
        }
    }

    public var bytes: [UInt8]? {
        if case .bulk(let bytes) = self { return bytes }
        return nil
    }

    /// Integers, and bulk strings holding a decimal integer (as HGET returns them).
    public var int: Int64? {
        switch self {
        case .integer(let value): value
        case .bulk(let bytes): Int64(String(decoding: bytes, as: UTF8.self))
        default: nil
        }
    }

    public var array: [RedisReply]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// A flat `[field, value, field, value, …]` array (HGETALL, a stream entry's fields, WITHSCORES)
    /// as pairs, in order; an odd last element and non-text elements are skipped.
    public var pairs: [(String, String)] {
        let elements = array ?? []
        return stride(from: 0, to: elements.count - 1, by: 2).compactMap { index in
            guard let key = elements[index].string, let value = elements[index + 1].string else { return nil }
            return (key, value)
        }
    }

    /// HGETALL's reply as a dictionary (empty for a missing key).
    public var hashFields: [String: String] {
        Dictionary(pairs, uniquingKeysWith: { _, last in last })
    }
}

extension RedisReply: CustomStringConvertible {
    public var description: String {
        switch self {
        case .status(let text): "+\(text)"
        case .error(let text): "-\(text)"
        case .integer(let value): "(integer) \(value)"
        case .bulk(let bytes): bytes.count > 200 ? "\"<\(bytes.count) bytes>\"" : "\"\(String(decoding: bytes, as: UTF8.self))\""
        case .null: "(nil)"
        case .array(let elements): "[" + elements.map(\.description).joined(separator: ", ") + "]"
        }
    }
}
