public import KickoffModel
public import RedisClient

public enum APIKeyError: Error, Sendable, Hashable, CustomStringConvertible {
    case redis(RedisError)
    case nameTaken(String)
    case invalidName(String)
    case scopes(APIKeyScopeError)
    case unreadableRecord(name: String)

    public var description: String {
        switch self {
        case .redis(let error): error.description
        case .nameTaken(let name): "an API key named '\(name)' already exists; revoke it first or choose another name"
        case .invalidName(let name): "invalid key name '\(name)': use 1 to 64 letters, digits, '_', '-' or '.'"
        case .scopes(let error): error.description
        case .unreadableRecord(let name): "the stored record of key '\(name)' is unreadable"
        }
    }
}
