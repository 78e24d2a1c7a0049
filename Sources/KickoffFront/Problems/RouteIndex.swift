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
    func methods(matching path: String) -> [HTTPRequest.Method] {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var methods: [HTTPRequest.Method] = []
        for entry in entries where entry.segments.count == parts.count {
            let matches = zip(entry.segments, parts).allSatisfy { segment, part in segment == nil || segment == part }
            if matches && !methods.contains(entry.method) { methods.append(entry.method) }
        }
        return methods.sorted { $0.rawValue < $1.rawValue }
    }
}
