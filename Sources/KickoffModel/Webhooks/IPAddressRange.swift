/// A CIDR block (`10.0.0.0/8`, `fc00::/7`); a bare address is a block of one.
public struct IPAddressRange: Sendable, Hashable, CustomStringConvertible {
    public let network: IPAddress
    public let prefixLength: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let first = parts.first, let address = IPAddress(String(first)) else { return nil }
        let bits = address.bytes.count * 8
        var length = bits
        if parts.count == 2 {
            guard let given = Int(parts[1]), (0...bits).contains(given) else { return nil }
            length = given
        }
        self.init(network: address, prefixLength: length)
    }

    public init(network: IPAddress, prefixLength: Int) {
        self.network = network
        self.prefixLength = max(0, min(prefixLength, network.bytes.count * 8))
    }

    /// True when `address` is in the block; against an IPv4 block, an IPv6 address that carries an
    /// IPv4 one (mapped, compatible, 6to4: `IPAddress.embeddedIPv4`) counts as that IPv4 address.
    public func contains(_ address: IPAddress) -> Bool {
        let candidate = (network.isIPv4 && !address.isIPv4) ? (address.embeddedIPv4 ?? address) : address
        guard candidate.bytes.count == network.bytes.count else { return false }
        var remaining = prefixLength
        for (have, want) in zip(candidate.bytes, network.bytes) where remaining > 0 {
            let bits = min(8, remaining)
            let mask: UInt8 = bits == 8 ? 0xFF : ~(0xFF >> UInt8(bits))
            if have & mask != want & mask { return false }
            remaining -= bits
        }
        return true
    }

    public var description: String { "\(network)/\(prefixLength)" }
}
