public import KickoffModel

public enum APIKeyError: Error, Sendable, Hashable, CustomStringConvertible {
    case store(StoreError)
    case nameTaken(String)
    case invalidName(String)
    case scopes(APIKeyScopeError)
    case unreadableRecord(name: String)

    public var description: String {
        switch self {
        case .store(let error): error.description
        case .nameTaken(let name): "an API key named '\(name)' already exists; revoke it first or choose another name"
        case .invalidName(let name): "invalid key name '\(name)': use 1 to 64 letters, digits, '_', '-' or '.'"
        case .scopes(let error): error.description
        case .unreadableRecord(let name): "the stored record of key '\(name)' is unreadable"
        }
    }
}
