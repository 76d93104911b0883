/// Which list a rule comes from, which decides what text it runs on and what a match means.
public enum RuleKind: String, Sendable, Equatable, Hashable, CaseIterable {
    /// `refuse_prompts`: a matching prompt must be refused.
    case refusePrompt = "refuse_prompts"
    /// `forbid_responses`: a matching response carries disallowed content.
    case forbidResponse = "forbid_responses"
    /// `allow`: a match overlapping a finding's span cancels it.
    case allow
    /// A refusal marker from `refusals.yaml`.
    case refusalMarker = "markers"
    /// A refusal look-alike from `refusals.yaml`'s `allow`: cancels overlapping markers.
    case refusalAllow = "refusal_allow"
}
