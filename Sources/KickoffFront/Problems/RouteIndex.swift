import Hummingbird
import Synchronization

/// The routes the router serves, as patterns, to tell a 405 from a 404 and to list the methods of
/// `Allow`. The problem middleware is added before any route (Hummingbird wraps only the routes
/// added after a middleware), so it holds this index, which is filled once every route is added.
final class RouteIndex: Sendable {
    struct Entry: Sendable, Hashable {
        var method: HTTPRequest.Method
        /// Path segments; `nil` matches any one segment (a parameter).
        var segments: [String?]
        /// The path in OpenAPI style: `/v1/runs/{id}`.
        var template: String
    }

    private let storage = Mutex<[Entry]>([])

    var entries: [Entry] { storage.withLock { $0 } }

    /// From the router's routes.
    func fill<Context>(from routes: [Router<Context>.RouteDescription]) {
        let entries = routes.map { route in
            let parts = route.path.description.split(separator: "/").map(String.init)
            // A capture reads `{id}` (or `:id`, the syntax routes are written in).
            let names: [String?] = parts.map { part in
                if part.hasPrefix(":") { return String(part.dropFirst()) }
                if part.hasPrefix("{") && part.hasSuffix("}") { return String(part.dropFirst().dropLast()) }
                return nil
            }
            let segments: [String?] = zip(parts, names).map { part, name in name == nil ? part : nil }
            let template = "/" + zip(parts, names).map { part, name in name.map { "{\($0)}" } ?? part }.joined(separator: "/")
            return Entry(method: route.method, segments: segments, template: template)
        }
        storage.withLock { $0 = entries }
    }

    /// The methods served on a path, in a stable order; empty when the path is served by none.
    /// Like the router, a literal segment wins over a parameter: `/v1/runs/purge` is the purge route's
    /// path only, not also a run id for `/v1/runs/{id}`.
    func methods(matching path: String) -> [HTTPRequest.Method] {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        let matching = entries.filter { entry in
            entry.segments.count == parts.count
                && zip(entry.segments, parts).allSatisfy { segment, part in segment == nil || segment == part }
        }
        // The most specific pattern: literals where the others have parameters, the earliest first.
        func literals(_ entry: Entry) -> [Bool] { entry.segments.map { $0 != nil } }
        guard let best = matching.map(literals).max(by: { $0.lexicographicallyPrecedes($1) { !$0 && $1 } }) else { return [] }
        var methods: [HTTPRequest.Method] = []
        for entry in matching where literals(entry) == best && !methods.contains(entry.method) {
            methods.append(entry.method)
        }
        return methods.sorted { $0.rawValue < $1.rawValue }
    }
}
