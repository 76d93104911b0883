import PCRE2
import Policy

/// Everything the screener found on one prompt/response pair, before it becomes a verdict.
/// `policy eval` and `policy test` read this directly.
public struct Analysis: Sendable {
    /// The normalised prompt.
    public let prompt: NormalisedText
    /// The normalised response.
    public let response: NormalisedText
    /// `refuse_prompts` rules that matched the prompt (after `allow`), and rules that failed.
    public let promptHits: [RuleHit]
    /// `forbid_responses` rules that matched the response (after `allow` and refusal sentences).
    public let responseHits: [RuleHit]
    /// The refusal marker that made the response a refusal, if any.
    public let refusalMarker: RuleHit?
    /// Markers that failed on a limit.
    public let markerFailures: [RuleHit]

    /// Whether the response is a refusal.
    public var refused: Bool { refusalMarker != nil }

    /// Whether the prompt matched a `refuse_prompts` rule.
    public var promptMustBeRefused: Bool { promptHits.contains { $0.failure == nil } }
}
