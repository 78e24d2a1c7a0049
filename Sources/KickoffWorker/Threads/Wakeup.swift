import Glibc

/// Where the worker's and the pool's dedicated threads wait: until another thread calls `signal()`,
/// or until a deadline on the monotonic clock. The one condition variable of those processes;
/// `StopSignal`, `DedicatedThread` and `PoolMonitor` are built on it.
///
/// Signals are counted, so none is lost: a waiter passes the count it saw before it looked at what it
/// waits for, and returns at once when a signal came in between.
final class Wakeup: @unchecked Sendable {
    // @unchecked: `mutex` and `condition` are pthread objects, made to be shared between threads; they
    // are set up in init and torn down in deinit, when no thread can be waiting (a waiter holds a
    // reference). `count`, the only mutable state, is read and written only with `mutex` locked.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var count: UInt64 = 0

    init() {
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        // Timed waits on the monotonic clock: setting the wall clock neither cuts them short nor stretches them.
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        condition.initialize(to: pthread_cond_t())
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// How many times `signal()` has been called.
    var signals: UInt64 {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return count
    }

    /// Wakes every waiting thread; returns the count of signals, this one included.
    @discardableResult
    func signal() -> UInt64 {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        count += 1
        pthread_cond_broadcast(condition)
        return count
    }

    /// Blocks the calling thread (never a Swift concurrency one) until there have been more than
    /// `seen` signals, or until `deadline` (nil: none) has passed. Returns the count of signals.
    @discardableResult
    func wait(afterSignals seen: UInt64, until deadline: ContinuousClock.Instant?) -> UInt64 {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while count == seen {
            guard let deadline else {
                pthread_cond_wait(condition, mutex)
                continue
            }
            let remaining = deadline - .now
            guard remaining > .zero else { break }
            // At most a day per wait, so the sum below cannot overflow; the loop waits again.
            let (seconds, attoseconds) = min(remaining, .seconds(86_400)).components
            var time = timespec()
            clock_gettime(CLOCK_MONOTONIC, &time)
            let nanoseconds = time.tv_nsec + Int(attoseconds / 1_000_000_000)
            time.tv_sec += Int(seconds) + nanoseconds / 1_000_000_000
            time.tv_nsec = nanoseconds % 1_000_000_000
            _ = pthread_cond_timedwait(condition, mutex, &time)
        }
        return count
    }
}
