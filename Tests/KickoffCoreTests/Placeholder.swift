import Testing
@testable import KickoffCore
@Test func coreBuilds() { #expect(Bool(true)) }
