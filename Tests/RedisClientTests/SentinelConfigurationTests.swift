import RedisClient
import Testing

@Suite struct SentinelConfigurationTests {
    @Test func parsesAListOfSentinels() throws {
        let endpoints = try SentinelEndpoint.parseList("10.0.0.1:26379, sentinel-b:26380,[::1]:5000").get()
        #expect(endpoints == [SentinelEndpoint(host: "10.0.0.1", port: 26379), SentinelEndpoint(host: "sentinel-b", port: 26380),
                              SentinelEndpoint(host: "::1", port: 5000)])
        #expect(endpoints.map(\.description) == ["10.0.0.1:26379", "sentinel-b:26380", "[::1]:5000"])
    }

    @Test(arguments: ["", "host", "host:", ":26379", "host:0", "host:70000", "a:1,,b:2", "host:port"])
    func refusesABadList(_ text: String) {
        guard case .failure(let error) = SentinelEndpoint.parseList(text) else {
            Issue.record("\(text.debugDescription) was accepted")
            return
        }
        #expect(!error.reason.isEmpty)
    }

    @Test func messagesNameTheMasterAndTheSentinelsNeverAPassword() {
        var configuration = RedisConfiguration(password: "data-secret")
        configuration.sentinel = SentinelConfiguration(sentinels: [SentinelEndpoint(host: "s1", port: 26379)], masterName: "m",
                                                       password: "sentinel-secret")
        #expect(configuration.endpoint == "master m via sentinels s1:26379")
    }
}
