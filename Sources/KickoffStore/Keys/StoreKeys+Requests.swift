/// What the front remembers between requests: idempotency keys, rate-limit buckets, dashboard sessions.
/// Each expires by itself.
extension StoreKeys {
    /// One `Idempotency-Key` of one API key: hash `fingerprint`, `state` (`pending`, `done`), `run_id`.
    /// `keyDigest` is the SHA-256 hex of the header's value, so any value makes a short, safe key.
    public func idempotency(apiKeyName: String, keyDigest: String) -> String { prefix + "idem:" + apiKeyName + ":" + keyDigest }
    /// One API key's token bucket: hash `tokens`, `at` (ms).
    public func rateLimit(apiKeyName: String) -> String { prefix + "ratelimit:" + apiKeyName }
    /// One API key's token bucket for reads (its own, so that polling never eats the trigger budget).
    public func readRateLimit(apiKeyName: String) -> String { prefix + "readlimit:" + apiKeyName }
    /// One client address's bucket of failed dashboard logins: hash `tokens`, `at` (ms).
    public func loginLimit(address: String) -> String { prefix + "loginlimit:" + address }
    /// A dashboard session: string, JSON `{"key_digest","csrf"}`. `idDigest` is the SHA-256 hex of
    /// the cookie's session id: reading Redis does not hand out usable sessions.
    public func dashboardSession(idDigest: String) -> String { prefix + "ui:session:" + idDigest }
}
