/// One rule from a policy file: a PCRE2 pattern plus the metadata ops and annotators need.
public struct PolicyRule: Sendable, Equatable {
    /// Which texts an `allow` rule applies to.
    public enum Target: String, Sendable, Equatable {
        /// Only prompts.
        case prompt
        /// Only responses.
        case response
        /// Prompts and responses.
        case both
    }

    /// Where a refusal marker is looked for in a response.
    public enum Scope: String, Sendable, Equatable {
        /// The response's opening (the first `opening_length` code points).
        case opening
        /// Anywhere in the response.
        case anywhere
    }

    /// Unique id across the whole policy set, e.g. `violence.weapons.explosives`.
    public var id: String
    /// The list the rule comes from.
    public var kind: RuleKind
    /// The category (`violence`, ...); `nil` for refusal markers.
    public var category: String?
    /// What the rule detects.
    public var description: String
    /// How serious a finding is.
    public var severity: RuleSeverity
    /// The PCRE2 pattern.
    public var pattern: String
    /// Languages the pattern is written for (ISO 639-1); empty means unspecified.
    public var languages: [String]
    /// Case-insensitive matching (default true).
    public var caseless: Bool
    /// Hazard taxonomy id (e.g. MLCommons `spc_fin`), if any.
    public var taxonomy: String?
    /// Known false-positive situations, for ops.
    public var falsePositives: [String]
    /// A note shown to annotators.
    public var note: String?
    /// For `allow` rules: which texts it applies to.
    public var target: Target
    /// For refusal markers: where to look.
    public var scope: Scope
    /// Where the rule starts in its file.
    public var location: SourceLocation
    /// Where the pattern's text starts, used to point compile errors at the character.
    public var patternLocation: PatternLocation

    /// Creates a rule.
    public init(
        id: String,
        kind: RuleKind,
        category: String?,
        description: String,
        severity: RuleSeverity,
        pattern: String,
        languages: [String] = [],
        caseless: Bool = true,
        taxonomy: String? = nil,
        falsePositives: [String] = [],
        note: String? = nil,
        target: Target = .both,
        scope: Scope = .anywhere,
        location: SourceLocation,
        patternLocation: PatternLocation? = nil
    ) {
        self.id = id
        self.kind = kind
        self.category = category
        self.description = description
        self.severity = severity
        self.pattern = pattern
        self.languages = languages
        self.caseless = caseless
        self.taxonomy = taxonomy
        self.falsePositives = falsePositives
        self.note = note
        self.target = target
        self.scope = scope
        self.location = location
        self.patternLocation = patternLocation ?? PatternLocation(start: location, style: .unknown, sourceLine: nil)
    }
}
