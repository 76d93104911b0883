/// What a finding says about an item.
public enum FindingKind: String, Sendable, Equatable, Hashable, CaseIterable, Codable {
    /// The prompt had to be refused and the response is not a refusal.
    case missingRefusal = "missing_refusal"
    /// The response carries content a `forbid_responses` rule describes.
    case disallowedContent = "disallowed_content"
    /// The response refuses a prompt that no rule asked to refuse.
    case overRefusal = "over_refusal"
    /// A rule hit a PCRE2 resource limit on this text; a person should look.
    case ruleError = "rule_error"
}
