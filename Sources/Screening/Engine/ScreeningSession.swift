import PCRE2
import Policy
import Prefilter

/// Per-task screening state: PCRE2 match data and JIT stack, and Vectorscan scratch space
/// prepared for every prefilter database of the policy set. Create one per task or worker
/// thread and reuse it for every item; never share one between tasks (it is not `Sendable`).
public final class ScreeningSession {
    /// The PCRE2 match state.
    public let match: MatchSession
    /// Vectorscan scratch, when the policy set uses the prefilter.
    let scratch: PrefilterScratch?
    /// Where this session counts each rule's PCRE2 runs and time, when set (off by default: it reads the
    /// clock twice per run).
    public var costs: RuleCosts?

    /// Creates a session for `policies`.
    /// - Throws: ``PrefilterError`` when scratch space cannot be allocated.
    public init(policies: CompiledPolicySet, limits: MatchLimits = MatchLimits()) throws(PrefilterError) {
        self.match = MatchSession(limits: limits)
        var scratch: PrefilterScratch?
        for (_, group) in policies.groups {
            guard let database = group.prefilter else { continue }
            if let existing = scratch {
                try existing.prepare(for: database)
            } else {
                scratch = try PrefilterScratch(for: database)
            }
        }
        self.scratch = scratch
    }

    /// A session without prefilter scratch: every rule runs in PCRE2 (used with `--no-prefilter`).
    public init(match: MatchSession) {
        self.match = match
        self.scratch = nil
    }
}
