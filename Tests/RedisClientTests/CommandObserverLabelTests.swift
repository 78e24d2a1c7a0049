@testable import RedisClient
import Testing

/// How an exchange is named in the Redis command metrics (`RedisCommandObserver.label`).
@Suite struct CommandObserverLabelTests {
    let compact = RedisScript(name: "compact", source: "return 1").evalSHA(keys: ["k"], arguments: [])
    let claim = RedisScript(name: "claim", source: "return 2").evalSHA(keys: ["q"], arguments: [])
    let wait = RedisCommand("BLPOP", "signal", "1.000")

    @Test func aClaimCarryingACompactionIsReportedAsTheClaim() {
        #expect(RedisCommandObserver.label([claim]) == "script:claim")
        #expect(RedisCommandObserver.label([compact, claim]) == "script:claim")
    }

    @Test func anExchangeWithAWaitInItIsNotReported() {
        #expect(RedisCommandObserver.label([wait]) == nil)
        #expect(RedisCommandObserver.label([wait, claim]) == nil)
        #expect(RedisCommandObserver.label([compact, wait, claim]) == nil)
    }

    @Test func otherExchangesKeepTheirNames() {
        #expect(RedisCommandObserver.label([RedisCommand("HGETALL", "h")]) == "HGETALL")
        #expect(RedisCommandObserver.label([RedisCommand("HGETALL", "h"), RedisCommand("LRANGE", "l", 0, -1)]) == "PIPELINE")
        // A write followed by its WAIT for replicas: the write's time, as a pipeline.
        #expect(RedisCommandObserver.label([claim, RedisCommand("WAIT", 1, 100)]) == "PIPELINE")
    }
}
