import HTTPTypes
@testable import KickoffFront
import Testing

/// Where a request's API key is read from, and the HTTP whitespace around it.
@Suite struct PresentedKeyTests {
    @Test func theKeyComesFromBearerOrXAPIKeyWithoutSurroundingBlanks() throws {
        let apiKey = try #require(HTTPField.Name("X-API-Key"))
        #expect(APIKeyMiddleware.presentedKey([.authorization: "Bearer ko_abc"]) == "ko_abc")
        #expect(APIKeyMiddleware.presentedKey([.authorization: "bearer \t ko_abc \t"]) == "ko_abc")
        #expect(APIKeyMiddleware.presentedKey([apiKey: "  ko_def\t"]) == "ko_def")
        #expect(APIKeyMiddleware.presentedKey([.authorization: "Basic eDp5"]) == nil)
        #expect(APIKeyMiddleware.presentedKey([.authorization: "Bearer    "]) == nil)
        #expect(APIKeyMiddleware.presentedKey([apiKey: " \t "]) == nil)
        #expect(APIKeyMiddleware.presentedKey([:]) == nil)
    }
}
