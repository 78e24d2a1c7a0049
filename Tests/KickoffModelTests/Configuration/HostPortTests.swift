import KickoffModel
import Testing

@Suite struct HostPortTests {
    @Test func parsesAListOfSentinels() throws {
        let endpoints = try HostPort.parseList("10.0.0.1:26379, sentinel-b:26380,[::1]:5000").get()
        #expect(endpoints == [HostPort(host: "10.0.0.1", port: 26379), HostPort(host: "sentinel-b", port: 26380),
                              HostPort(host: "::1", port: 5000)])
        #expect(endpoints.map(\.description) == ["10.0.0.1:26379", "sentinel-b:26380", "[::1]:5000"])
    }

    @Test(arguments: ["", "host", "host:", ":26379", "host:0", "host:70000", "a:1,,b:2", "host:port"])
    func refusesABadList(_ text: String) {
        guard case .failure(let error) = HostPort.parseList(text) else {
            Issue.record("\(text.debugDescription) was accepted")
            return
        }
        #expect(!error.reason.isEmpty)
    }
}
