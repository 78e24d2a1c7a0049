import KickoffWorker
import Testing

/// A failed connection said in a few words, from the text of errors the webhook sender and the
/// command line get (the typed paths are exercised by real connections in `WebhookDelivererTests`
/// and the end-to-end tests).
@Suite struct TransportFailureTests {
    @Test func swiftNIOsConnectErrorTextIsARefusalNotAReset() {
        let text = "connection reset (error set): Connection refused) (errno: 111)"
        #expect(TransportFailure(text: text) == .connectionRefused)
        #expect(TransportFailure(text: text).description == "connection refused")
        #expect(TransportFailure(text: "read(descriptor:pointer:size:): Connection reset by peer (errno: 104)").description == "connection reset")
        #expect(TransportFailure(text: "connect(descriptor:addr:size:): Connection timed out (errno: 110)") == .connectTimedOut)
        #expect(TransportFailure(text: "HTTPClientError.readTimeout") == .answerTimedOut)
        #expect(TransportFailure(text: "No route to host (errno: 113)") == .hostUnreachable)
    }

    @Test func tlsFailuresNameTheOpenSSLReason() {
        let untrusted = "handshakeFailed(NIOSSL.BoringSSLError.sslError([Error: 268435581 error:1000007d:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED]))"
        #expect(TransportFailure(text: untrusted) == .untrustedCertificate("CERTIFICATE_VERIFY_FAILED"))
        #expect(TransportFailure(text: untrusted).description == "TLS: certificate not trusted (CERTIFICATE_VERIFY_FAILED)")
        #expect(TransportFailure(text: untrusted).isTLS)
        let plain = "handshakeFailed(NIOSSL.BoringSSLError.sslError([Error: 268435703 error:100000f7:SSL routines:OPENSSL_internal:WRONG_VERSION_NUMBER]))"
        #expect(TransportFailure(text: plain) == .tls("WRONG_VERSION_NUMBER"))
    }

    @Test func anythingElseKeepsItsText() {
        #expect(TransportFailure(text: "something odd") == .other("something odd"))
        #expect(!TransportFailure(text: "something odd").isTLS)
    }
}
