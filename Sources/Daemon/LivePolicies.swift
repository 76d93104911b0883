import Batch
import Policy
import Screening
import Synchronization

/// The policy set in force, swapped atomically on reload: files already being screened keep
/// the set they started with, new files get the new one.
public final class LivePolicies: Sendable {
    private let current: Mutex<CompiledPolicySet>

    /// Starts with `initial` in force.
    public init(_ initial: CompiledPolicySet) {
        current = Mutex(initial)
    }

    /// The set in force now.
    public var policies: CompiledPolicySet {
        current.withLock { $0 }
    }

    /// Puts `new` in force.
    public func replace(with new: CompiledPolicySet) {
        current.withLock { $0 = new }
    }

    /// Puts `new` in force only if the set in force still has the same digest (a prefilter
    /// finished building for a set that a reload has not replaced meanwhile).
    @discardableResult
    public func upgrade(to new: CompiledPolicySet) -> Bool {
        current.withLock { current in
            guard current.digest == new.digest else { return false }
            current = new
            return true
        }
    }
}
