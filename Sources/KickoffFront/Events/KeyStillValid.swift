import Hummingbird
import KickoffModel
import KickoffStore

/// Whether the API key a request presented is still stored: an event stream asks as it goes, and
/// ends once the key is revoked (a stream outlives the check its request passed at the start).
struct KeyStillValid: Sendable {
    let keys: APIKeyStore
    let digest: String?

    init(keys: APIKeyStore, request: Request) {
        self.keys = keys
        digest = APIKeyMiddleware.presentedKey(request.headers).map(APIKeyMaterial.digest)
    }

    init(keys: APIKeyStore, digest: String) {
        self.keys = keys
        self.digest = digest
    }

    @Sendable func check() async throws -> Bool {
        guard let digest else { return false }
        return try await keys.isCurrent(digest: digest)
    }
}
