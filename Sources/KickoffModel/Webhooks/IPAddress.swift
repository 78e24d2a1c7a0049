import Glibc

/// An IPv4 or IPv6 address as its bytes (4 or 16), read from a literal.
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init?(bytes: [UInt8]) {
        guard bytes.count == 4 || bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    /// Reads an IPv6 literal (brackets allowed) or an IPv4 one. IPv4 is read as `inet_aton` reads it,
    /// legacy forms included (`127.1`, `2130706433`, `0x7f.0.0.1`): the system resolver accepts them
    /// too, so a policy that missed them could be walked around.
    public init?(_ text: String) {
        var literal = Substring(text)
        if literal.hasPrefix("["), literal.hasSuffix("]") { literal = literal.dropFirst().dropLast() }
        if literal.contains(":") {
            // A zone (`fe80::1%eth0`) names an interface, not an address: drop it.
            let address = literal.split(separator: "%", maxSplits: 1).first.map(String.init) ?? ""
            var storage = in6_addr()
            guard inet_pton(AF_INET6, address, &storage) == 1 else { return nil }
            bytes = withUnsafeBytes(of: &storage) { Array($0) }
        } else {
            guard !literal.isEmpty, literal.allSatisfy({ $0.isHexDigit || $0 == "." || $0 == "x" || $0 == "X" }) else { return nil }
            var storage = in_addr()
            guard inet_aton(String(literal), &storage) != 0 else { return nil }
            bytes = withUnsafeBytes(of: &storage) { Array($0) }
        }
    }

    public var isIPv4: Bool { bytes.count == 4 }

    /// The IPv4 address an IPv6 one carries and may reach: IPv4-mapped (`::ffff:127.0.0.1`),
    /// IPv4-compatible (`::127.0.0.1`, `::/96`, deprecated but still parsed and routed by some stacks)
    /// and 6to4 (`2002:7f00:1::`, the IPv4 address in bits 16–47). A policy on IPv4 ranges must see
    /// these as their IPv4 address, or `[::127.0.0.1]` walks around a loopback rule.
    public var embeddedIPv4: IPAddress? {
        if let mapped = mappedIPv4 { return mapped }
        guard bytes.count == 16 else { return nil }
        if bytes[0..<12].allSatisfy({ $0 == 0 }) { return IPAddress(bytes: Array(bytes[12..<16])) }
        if bytes[0] == 0x20, bytes[1] == 0x02 { return IPAddress(bytes: Array(bytes[2..<6])) }
        return nil
    }

    /// The IPv4 address inside an IPv4-mapped IPv6 one (`::ffff:127.0.0.1`), which reaches that IPv4 host.
    public var mappedIPv4: IPAddress? {
        guard bytes.count == 16, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF else { return nil }
        return IPAddress(bytes: Array(bytes[12..<16]))
    }

    public var description: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = isIPv4 ? AF_INET : AF_INET6
        let written = bytes.withUnsafeBytes { raw in inet_ntop(family, raw.baseAddress, &buffer, socklen_t(buffer.count)) }
        guard written != nil else { return "?" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
