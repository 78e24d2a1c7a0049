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

    /// From Hummingbird's path syntax (`/v1/runs/:id`).
    func fill<Context>(from routes: [Router<Context>.RouteDescription]) {
        let entries = routes.map { route in
            let parts = route.path.description.split(separator: "/").map(String.init)
            let segments: [String?] = parts.map { $0.hasPrefix(":") ? nil : $0 }
            let template = "/" + parts.map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : $0 }.joined(separator: "/")
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
