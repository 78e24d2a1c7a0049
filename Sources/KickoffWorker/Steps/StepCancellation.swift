import Synchronization

/// A cancel button for steps: any thread may call `cancel()` at any time, once or many times.
///
/// Canceled before a step is spawned, the step never starts; canceled while it runs, its process group
/// gets SIGTERM, then SIGKILL after the grace. The flag is sticky, so one handle can serve a whole run:
/// every later step of the run returns `.canceled` without starting.
public final class StepCancellation: Sendable {
    private struct State {
        var isCanceled = false
        var nextID = 0
        var handlers: [Int: @Sendable () -> Void] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    public var isCanceled: Bool {
        state.withLock { $0.isCanceled }
    }

    public func cancel() {
        let handlers = state.withLock { state -> [@Sendable () -> Void] in
            guard !state.isCanceled else { return [] }
            state.isCanceled = true
            let handlers = Array(state.handlers.values)
            state.handlers = [:]
            return handlers
        }
        // Outside the lock: a handler takes the running step's own lock.
        for handler in handlers { handler() }
    }

    /// Calls `handler` once on cancel; right away (and returns nil) when already canceled.
    func onCancel(_ handler: @escaping @Sendable () -> Void) -> Int? {
        let id = state.withLock { state -> Int? in
            guard !state.isCanceled else { return nil }
            let id = state.nextID
            state.nextID += 1
            state.handlers[id] = handler
            return id
        }
        if id == nil { handler() }
        return id
    }

    func removeHandler(_ id: Int) {
        _ = state.withLock { $0.handlers.removeValue(forKey: id) }
    }
}
