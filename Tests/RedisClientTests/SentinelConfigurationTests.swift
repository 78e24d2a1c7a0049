import RedisClient
import Testing

@Suite struct SentinelConfigurationTests {
    @Test func messagesNameTheMasterAndTheSentinelsNeverAPassword() {
        var configuration = RedisConfiguration(password: "data-secret")
        configuration.sentinel = SentinelConfiguration(sentinels: [SentinelEndpoint(host: "s1", port: 26379)], masterName: "m",
                                                       password: "sentinel-secret")
        #expect(configuration.endpoint == "master m via sentinels s1:26379")
    }
}
