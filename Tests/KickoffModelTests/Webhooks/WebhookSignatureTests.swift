import KickoffModel
import KickoffTestSupport
import Testing

/// Standard Webhooks 1.0 signing: the spec's own test vector, and the verifier a receiver would use.
@Suite struct WebhookSignatureTests {
    // From the Standard Webhooks reference libraries' tests (libraries/go/webhook_test.go, TestWebhookSign).
    static let specSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    static let specID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
    static let specTimestamp: Int64 = 1_614_265_330
    static let specBody = Array(#"{"test": 2432232314}"#.utf8)
    static let specSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="

    @Test func theSpecsTestVectorReproducesExactly() throws {
        let secret = try WebhookSecret(Self.specSecret)
        #expect(WebhookSigner.signature(secret: secret, id: Self.specID, timestamp: Self.specTimestamp, body: Self.specBody) == Self.specSignature)
    }

    @Test func thePrefixIsOptionalAsInTheReferenceLibraries() throws {
        #expect(try WebhookSecret("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw") == WebhookSecret(Self.specSecret))
        #expect(try WebhookSecret(Self.specSecret).text == Self.specSecret)
    }

    @Test func everyActiveSecretSignsSpaceSeparated() throws {
        let other = WebhookSecret.generate()
        let secrets = try WebhookSecret.list("\(Self.specSecret), \(other.text)")
        #expect(secrets.count == 2)
        let header = try #require(WebhookSigner(secrets: secrets).signatureHeader(id: Self.specID, timestamp: Self.specTimestamp, body: Self.specBody))
        let parts = header.split(separator: " ").map(String.init)
        #expect(parts.count == 2)
        #expect(parts[0] == Self.specSignature)
        #expect(parts[1] == WebhookSigner.signature(secret: other, id: Self.specID, timestamp: Self.specTimestamp, body: Self.specBody))
        #expect(WebhookSigner(secrets: []).signatureHeader(id: "x", timestamp: 1, body: []) == nil)
    }

    @Test func theVerifierAcceptsTheSpecsMessageAmongOtherSignatures() throws {
        let verifier = WebhookVerifier(secrets: [try WebhookSecret(Self.specSecret)])
        let header = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,abc= \(Self.specSignature)"
        try verifier.verify(id: Self.specID, timestamp: String(Self.specTimestamp), signatures: header, body: Self.specBody, now: Self.specTimestamp + 10)
    }

    @Test func theVerifierAcceptsAnyOfItsSecretsDuringRotation() throws {
        let old = WebhookSecret.generate(), new = WebhookSecret.generate()
        let header = try #require(WebhookSigner(secrets: [old]).signatureHeader(id: "msg_1", timestamp: 100, body: [1, 2]))
        try WebhookVerifier(secrets: [new, old]).verify(id: "msg_1", timestamp: "100", signatures: header, body: [1, 2], now: 100)
    }

    @Test func theVerifierRejectsTamperingWrongSecretsAndStaleTimestamps() throws {
        let secret = try WebhookSecret(Self.specSecret)
        let verifier = WebhookVerifier(secrets: [secret])
        let now = Self.specTimestamp
        #expect(throws: WebhookVerificationError.noMatchingSignature) {
            try verifier.verify(id: Self.specID, timestamp: String(now), signatures: Self.specSignature, body: Array(#"{"test": 2432232315}"#.utf8), now: now)
        }
        #expect(throws: WebhookVerificationError.noMatchingSignature) {
            try WebhookVerifier(secrets: [WebhookSecret.generate()]).verify(id: Self.specID, timestamp: String(now), signatures: Self.specSignature, body: Self.specBody, now: now)
        }
        #expect(throws: WebhookVerificationError.noMatchingSignature) {
            try verifier.verify(id: "msg_other", timestamp: String(now), signatures: Self.specSignature, body: Self.specBody, now: now)
        }
        #expect(throws: WebhookVerificationError.timestampOutOfTolerance(now, now: now + 301)) {
            try verifier.verify(id: Self.specID, timestamp: String(now), signatures: Self.specSignature, body: Self.specBody, now: now + 301)
        }
        #expect(throws: WebhookVerificationError.missingHeader("webhook-signature")) {
            try verifier.verify(id: Self.specID, timestamp: String(now), signatures: nil, body: Self.specBody, now: now)
        }
    }

    @Test func badSecretsAreRefusedWithoutShowingThem() {
        #expect(throws: WebhookSecretError.empty) { try WebhookSecret("whsec_") }
        #expect(throws: WebhookSecretError.empty) { try WebhookSecret.list(" , ") }
        #expect(throws: WebhookSecretError.notBase64("whsec_!!!!…")) { try WebhookSecret("whsec_!!!!!!!!!!!!!!!!") }
        #expect(throws: WebhookSecretError.tooShort("…", bytes: 3)) { try WebhookSecret("whsec_YWJj") }
    }

    @Test func theRetryScheduleReadsDurationsAndHonoursRetryAfter() throws {
        let schedule = try WebhookRetrySchedule.parse("50ms, 1s,2m")
        #expect(schedule.delays == [.milliseconds(50), .seconds(1), .seconds(120)])
        #expect(schedule.maxAttempts == 4)
        let first = try #require(schedule.delay(afterAttempt: 1))
        #expect(first >= .milliseconds(40) && first <= .milliseconds(60))
        #expect(schedule.delay(afterAttempt: 4) == nil)
        #expect(try #require(schedule.delay(afterAttempt: 1, retryAfter: .seconds(30))) == .seconds(30))
        #expect(try WebhookRetrySchedule.parse("none").maxAttempts == 1)
        let total = WebhookRetrySchedule.standard.delays.reduce(Duration.zero, +)
        #expect(total > .seconds(20 * 3600) && total < .seconds(26 * 3600))
    }
}
