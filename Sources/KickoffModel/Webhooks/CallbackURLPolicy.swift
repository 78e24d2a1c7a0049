import Foundation

/// Where webhooks may go (the SSRF guard): `http` and `https` URLs only, and never to an address in
/// the loopback, private, link-local (cloud metadata included), unspecified, CGNAT, multicast or
/// reserved ranges, unless `KICKOFF_WEBHOOK_ALLOW` names the range or the host.
///
/// Checked twice: `check(_:)` without DNS when a run is triggered (the front answers 422), and
/// `resolve(_:)` right before each delivery, on the addresses the name resolves to then; the
/// deliverer connects to the address checked, so a name cannot rebind between check and connect.
public struct CallbackURLPolicy: Sendable, Hashable {
    /// Ranges a webhook never goes to unless allowed.
    public static let forbiddenRanges: [IPAddressRange] = [
        "0.0.0.0/8",  // "this network", 0.0.0.0 included
        "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",  // private
        "100.64.0.0/10",  // CGNAT
        "127.0.0.0/8",  // loopback
        "169.254.0.0/16",  // link-local, cloud metadata (169.254.169.254)
        "192.0.0.0/24", "198.18.0.0/15",  // IETF protocol assignments, benchmarking
        "224.0.0.0/4", "240.0.0.0/4",  // multicast, reserved and broadcast
        "::/128", "::1/128",  // unspecified, loopback
        "fc00::/7",  // unique local (private)
        "fe80::/10", "fec0::/10",  // link-local, old site-local
        "ff00::/8",  // multicast
        "64:ff9b::/96",  // NAT64: would reach the IPv4 address inside
    ].compactMap(IPAddressRange.init)

    /// Ranges allowed in spite of the above (`KICKOFF_WEBHOOK_ALLOW` CIDRs).
    public var allowedRanges: [IPAddressRange]
    /// Host names allowed whatever they resolve to, lowercased (`KICKOFF_WEBHOOK_ALLOW` names).
    public var allowedHosts: Set<String>

    public init(allowedRanges: [IPAddressRange] = [], allowedHosts: Set<String> = []) {
        self.allowedRanges = allowedRanges
        self.allowedHosts = Set(allowedHosts.map { $0.lowercased() })
    }

    /// Reads `KICKOFF_WEBHOOK_ALLOW`: comma-separated CIDRs, addresses or host names.
    public init(allowList text: String) throws(CallbackURLError) {
        var ranges: [IPAddressRange] = [], hosts: Set<String> = []
        for part in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
            if let range = IPAddressRange(part) {
                ranges.append(range)
            } else if part.contains("/") || part.contains(" ") {
                throw .badAllowEntry(part)
            } else {
                hosts.insert(part.lowercased())
            }
        }
        self.init(allowedRanges: ranges, allowedHosts: hosts)
    }

    /// True when a webhook may be sent to this address.
    public func permits(_ address: IPAddress) -> Bool {
        if allowedRanges.contains(where: { $0.contains(address) }) { return true }
        return !Self.forbiddenRanges.contains { $0.contains(address) }
    }

    /// The URL's checks that need no DNS: scheme, host, and the host's address when it is a literal.
    /// Returns the URL's target, for `resolve`.
    @discardableResult
    public func check(_ url: String) throws(CallbackURLError) -> CallbackTarget {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased() else { throw .notAURL(url) }
        guard scheme == "http" || scheme == "https" else { throw .scheme(url, scheme) }
        guard components.user == nil, components.password == nil else { throw .credentials(url) }
        var host = components.host ?? ""
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        host = host.lowercased()
        guard !host.isEmpty else { throw .noHost(url) }
        let target = CallbackTarget(url: url, host: host, port: components.port ?? (scheme == "https" ? 443 : 80))
        if allowedHosts.contains(host) { return target }
        if let address = IPAddress(host), !permits(address) { throw .forbiddenAddress(url, address.description) }
        return target
    }

    /// The full check at delivery time: resolves the host (on a thread of its own, never the
    /// cooperative pool) and refuses the URL when any address is forbidden. Returns the address to
    /// connect to, or nil when the host is allowed by name (then the HTTP client resolves it).
    public func resolve(_ url: String, resolver: HostResolver = HostResolver(), timeout: Duration = .seconds(10)) async throws(CallbackURLError) -> IPAddress? {
        let target = try check(url)
        if allowedHosts.contains(target.host) { return nil }
        if let literal = IPAddress(target.host) { return literal }
        let addresses: [IPAddress]
        do {
            addresses = try await resolver.addresses(of: target.host, timeout: timeout)
        } catch {
            throw .unresolvable(url, "\(error)")
        }
        guard let first = addresses.first else { throw .unresolvable(url, "no address") }
        // All of them, not only the one we pick: a mixed answer is a warning sign in itself.
        if let refused = addresses.first(where: { !permits($0) }) { throw .forbiddenAddress(url, refused.description) }
        return first
    }
}

/// The parts of a callback URL the policy looked at.
public struct CallbackTarget: Sendable, Hashable {
    public var url: String
    /// Lowercased, without IPv6 brackets: the name checked, not always the URL's host as an HTTP
    /// client reads it (letters as written), so never the key to pin a checked address under.
    public var host: String
    public var port: Int
}

public enum CallbackURLError: Error, Sendable, Hashable, CustomStringConvertible {
    case notAURL(String)
    case scheme(String, String)
    case credentials(String)
    case noHost(String)
    case forbiddenAddress(String, String)
    case unresolvable(String, String)
    case badAllowEntry(String)

    /// Names the URL only as `URLRedaction` shows it: these messages reach logs, run records and answers.
    public var description: String {
        switch self {
        case .notAURL: "the callback URL is not a URL"
        case .scheme(let url, let scheme): "\(URLRedaction.redacted(url)): scheme \(scheme) is not allowed (only http and https)"
        case .credentials(let url): "\(URLRedaction.redacted(url)): credentials in the URL are not allowed"
        case .noHost: "the callback URL has no host"
        case .forbiddenAddress(let url, let address):
            "\(URLRedaction.redacted(url)): address \(address) is loopback, private, link-local or reserved (allow it with KICKOFF_WEBHOOK_ALLOW)"
        case .unresolvable(let url, let reason): "\(URLRedaction.redacted(url)): host does not resolve: \(reason)"
        case .badAllowEntry(let entry): "KICKOFF_WEBHOOK_ALLOW entry \(entry) is neither a CIDR block nor a host name"
        }
    }
}
