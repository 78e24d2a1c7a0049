import KickoffModel
import Testing

@Suite struct URLRedactionTests {
    @Test(arguments: [
        ("https://user:hunter2@hooks.example.com/a/b?token=s3cret#frag", "https://hooks.example.com/a/b?…"),
        ("http://127.0.0.1:8080/hook", "http://127.0.0.1:8080/hook"),
        ("https://[::1]:9000/x?sig=abc", "https://[::1]:9000/x?…"),
        ("https://example.com", "https://example.com"),
        ("not a url at all: hunter2", "(a URL that does not parse)"),
    ])
    func keepsSchemeHostPortAndPathOnly(url: String, shown: String) {
        #expect(URLRedaction.redacted(url) == shown)
    }

    @Test func callbackErrorsNeverRepeatCredentialsOrQueries() {
        let policy = CallbackURLPolicy()
        for url in ["https://user:hunter2@example.com/hook", "ftp://example.com/x?token=hunter2", "http://10.0.0.1/h?token=hunter2"] {
            #expect(throws: CallbackURLError.self) { try policy.check(url) }
            do {
                try policy.check(url)
            } catch {
                #expect(!error.description.contains("hunter2"), "\(error.description)")
                #expect(error.description.contains("example.com") || error.description.contains("10.0.0.1"), "\(error.description)")
            }
        }
    }
}
