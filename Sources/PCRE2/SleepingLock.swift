#if canImport(Glibc)
import Glibc
#endif

/// A plain pthread mutex: a thread that finds it held goes to sleep in the kernel instead of spinning.
///
/// The standard library's `Mutex` uses a priority-inheritance futex on Linux, and the kernel spins on such a lock
/// while its owner runs. Its owner here is JIT-compiling a pattern, which takes up to 4 ms for the largest shipped
/// rules: a second worker that wanted the same rule spun for that long (`rt_mutex_slowlock_block`, about 5 ms of
/// CPU per two-core scan of the benchmark corpus). Sleeping costs it nothing.
final class SleepingLock: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    init() {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with the lock held.
    func withLock<Result>(_ body: () throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }
}
