import KickoffModel
import Testing

/// The SSRF guard: CIDR matching, the trigger-time check of a URL, and the delivery-time check after DNS.
@Suite struct CallbackURLPolicyTests {
    @Test(arguments: [
        ("10.0.0.0/8", "10.255.1.2", true), ("10.0.0.0/8", "11.0.0.1", false),
        ("172.16.0.0/12", "172.31.255.255", true), ("172.16.0.0/12", "172.32.0.0", false), ("172.16.0.0/12", "172.15.255.255", false),
        ("100.64.0.0/10", "100.127.0.1", true), ("100.64.0.0/10", "100.128.0.1", false),
        ("192.168.1.7/32", "192.168.1.7", true), ("192.168.1.7", "192.168.1.8", false),
        ("0.0.0.0/0", "8.8.8.8", true),
        ("fc00::/7", "fd12:3456::1", true), ("fc00::/7", "fe00::1", false),
        ("fe80::/10", "febf::1", true), ("fe80::/10", "fec0::1", false),
        ("127.0.0.0/8", "::ffff:127.0.0.1", true),  // IPv4-mapped IPv6 reaches the IPv4 host
        ("::1/128", "127.0.0.1", false),
    ])
    func cidrMatching(range: String, address: String, expected: Bool) throws {
        let block = try #require(IPAddressRange(range))
        let ip = try #require(IPAddress(address))
        #expect(block.contains(ip) == expected)
    }

    @Test func malformedBlocksAreRejected() {
        for text in ["10.0.0.0/33", "::/129", "10.0.0.0/-1", "example.com/8", "10.0.0.0/x", ""] {
            #expect(IPAddressRange(text) == nil, "\(text)")
        }
    }

    @Test(arguments: [
        "127.0.0.1", "127.1", "2130706433", "0x7f.0.0.1", "0.0.0.0", "10.1.2.3", "172.16.0.1", "192.168.0.1",
        "169.254.169.254", "100.64.0.1", "::1", "::", "fc00::1", "fe80::1", "::ffff:10.0.0.1", "64:ff9b::a00:1", "224.0.0.1",
        // IPv4-compatible (::/96) and 6to4 (2002::/16) forms of loopback, private and metadata addresses
        "::127.0.0.1", "::7f00:1", "::10.0.0.1", "::169.254.169.254", "2002:7f00:1::", "2002:7f00:0001:0:0:0:0:1",
        "2002:a00:1::1", "2002:c0a8:101::", "2002:a9fe:a9fe::",
    ])
    func forbiddenAddressesAreRefused(address: String) throws {
        let policy = CallbackURLPolicy()
        #expect(!policy.permits(try #require(IPAddress(address))))
        let host = address.contains(":") ? "[\(address)]" : address
        #expect(throws: CallbackURLError.self) { try policy.check("http://\(host):8080/hook") }
    }

    @Test(arguments: ["8.8.8.8", "1.1.1.1", "2606:4700::1111", "172.32.0.1", "2002:808:808::1", "::8.8.8.8"])
    func publicAddressesArePermitted(address: String) throws {
        #expect(CallbackURLPolicy().permits(try #require(IPAddress(address))))
    }

    @Test func onlyHTTPAndHTTPSWithAHostAndNoCredentials() {
        let policy = CallbackURLPolicy()
        #expect(throws: CallbackURLError.scheme("ftp://example.com/x", "ftp")) { try policy.check("ftp://example.com/x") }
        #expect(throws: CallbackURLError.scheme("file:///etc/passwd", "file")) { try policy.check("file:///etc/passwd") }
        #expect(throws: CallbackURLError.self) { try policy.check("not a url") }
        #expect(throws: CallbackURLError.credentials("https://u:p@example.com/")) { try policy.check("https://u:p@example.com/") }
        #expect(throws: Never.self) { try policy.check("https://example.com/hook") }
        #expect(throws: Never.self) { try policy.check("HTTP://Example.COM:8443/hook") }
    }

    @Test func theAllowListOpensRangesAndHostNames() throws {
        let policy = try CallbackURLPolicy(allowList: "127.0.0.1/32, 10.1.0.0/16,receiver.internal")
        #expect(throws: Never.self) { try policy.check("http://127.0.0.1:9000/") }
        #expect(throws: Never.self) { try policy.check("http://10.1.2.3/") }
        #expect(throws: CallbackURLError.self) { try policy.check("http://10.2.0.1/") }
        #expect(throws: CallbackURLError.self) { try policy.check("http://127.0.0.2/") }
        #expect(throws: Never.self) { try policy.check("http://RECEIVER.internal/") }
        #expect(throws: CallbackURLError.badAllowEntry("10.0.0.0/99")) { try CallbackURLPolicy(allowList: "10.0.0.0/99") }
    }

    @Test func aHostNameResolvingToLoopbackIsRefusedAtDeliveryTime() async throws {
        // The check without DNS lets a name through; the one after DNS does not.
        let policy = CallbackURLPolicy()
        #expect(throws: Never.self) { try policy.check("http://localhost:9/hook") }
        await #expect(throws: CallbackURLError.self) { try await policy.resolve("http://localhost:9/hook") }
        let allowed = try CallbackURLPolicy(allowList: "127.0.0.0/8,::1")
        let address = try await allowed.resolve("http://localhost:9/hook")
        #expect(address.map { allowed.permits($0) } == true)
        #expect(try await CallbackURLPolicy(allowList: "localhost").resolve("http://localhost:9/hook") == nil)
    }
}
