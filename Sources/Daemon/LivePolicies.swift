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
}
