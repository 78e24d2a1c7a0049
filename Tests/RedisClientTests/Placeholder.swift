import Testing
@testable import RedisClient
@Test func placeholder() { #expect(Bool(true)) }
