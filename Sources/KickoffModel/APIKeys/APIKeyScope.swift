import Foundation
/// What an API key may do. `admin` implies every other scope.
public enum APIKeyScope: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case trigger, read, admin

    public static func < (lhs: APIKeyScope, rhs: APIKeyScope) -> Bool {
        lhs.rank < rhs.rank
    }

    private var rank: Int {
        switch self {
        case .trigger: 0
        case .read: 1
        case .admin: 2
        }
    }

    /// Parses `trigger,read` (the CLI's `--scopes`); nil names the first unknown scope.
    public static func parseList(_ text: String) -> Result<Set<APIKeyScope>, APIKeyScopeError> {
        var scopes: Set<APIKeyScope> = []
        for word in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !word.isEmpty {
            guard let scope = APIKeyScope(rawValue: word) else { return .failure(.unknownScope(word)) }
            scopes.insert(scope)
        }
        return scopes.isEmpty ? .failure(.noScopes) : .success(scopes)
    }
}

/// `--scopes` named no scope, or one that does not exist.
public enum APIKeyScopeError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownScope(String)
    case noScopes

    public var description: String {
        switch self {
        case .unknownScope(let scope): "unknown scope '\(scope)'; the scopes are \(APIKeyScope.allCases.map(\.rawValue).joined(separator: ", "))"
        case .noScopes: "a key needs at least one scope (trigger, read, admin)"
        }
    }
}
