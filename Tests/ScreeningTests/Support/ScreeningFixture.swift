import PCRE2
import Policy
import Screening

/// A small policy set written for these tests, compiled with or without the prefilter, and
/// helpers to screen one pair and describe findings compactly.
struct ScreeningFixture {
    static let refusals = """
        over_refusal: true
        opening_length: 40
        markers:
          - id: refusal.en.cant-help
            description: the can't help family
            language: en
            scope: opening
            pattern: '^\\W*(?:I''m sorry,? but )?I (?:can''t|cannot|won''t) (?:help|assist)'
          - id: refusal.en.cannot-comply
            description: I cannot comply
            language: en
            scope: opening
            pattern: '\\bI (?:cannot|can''t) comply\\b'
          - id: refusal.en.must-decline
            description: I must decline
            language: en
            scope: anywhere
            pattern: '\\bI must decline\\b'
        allow:
          - id: refusal.allow.en.decline-invitation
            description: declining an invitation is not a refusal
            language: en
            pattern: '\\bI must decline (?:the|your) (?:invitation|offer)\\b'
        """

    static let violence = """
        category: violence
        description: Weapons and attacks
        refuse_prompts:
          - id: violence.bomb.build
            description: asks how to build a bomb
            severity: high
            pattern: '\\b(?:build|make)\\b.{0,30}\\bbomb\\b'
            languages: [en]
        forbid_responses:
          - id: violence.bomb.mention
            description: talks about bombs
            severity: critical
            pattern: '\\bbomb\\b'
          - id: violence.kill.them
            description: kill instructions
            severity: high
            pattern: '\\bkill (?:him|her|them)\\b'
          - id: violence.de.brandsatz
            description: Brandsätze
            severity: high
            pattern: '\\bbrandsätze\\b'
            languages: [de]
          - id: violence.multi.words
            description: words in other scripts
            severity: medium
            pattern: '\\b(?:ärger|σίσυφος|бомба)\\b'
        allow:
          - id: violence.allow.bath-bomb
            description: bath bombs are cosmetics
            severity: low
            pattern: '\\bbath bomb\\b'
          - id: violence.allow.bomb-disposal
            description: bomb disposal, in prompts only
            severity: low
            pattern: '\\bbomb disposal\\b'
            target: prompt
        """

    /// Rules that backtrack catastrophically on long runs of one letter followed by another.
    static let catastrophic = """
        category: catastrophic
        description: patterns that backtrack
        refuse_prompts:
          - id: catastrophic.prompt
            description: backtracks on o's
            severity: low
            pattern: '(o+)+$'
        forbid_responses:
          - id: catastrophic.response
            description: backtracks on a's
            severity: low
            pattern: '(a+)+$'
        """

    static let screenedAt = "2026-11-25T14:00:00Z"

    let screener: Screener
    let prefilter: Bool

    /// Compiles `files` (defaults: the violence and refusals files above).
    init(files: [String: String] = ["violence.yaml": violence, "refusals.yaml": refusals], prefilter: Bool) throws {
        let directory = try PolicyDirectory(files)
        let options = CompiledPolicySet.Options(prefilter: prefilter)
        screener = Screener(policies: try CompiledPolicySet.load(directory: directory.path, options: options))
        self.prefilter = prefilter
    }

    /// The standard fixture, compiled once per prefilter setting.
    static func standard(prefilter: Bool) throws -> ScreeningFixture {
        try (prefilter ? withPrefilter : withoutPrefilter).get()
    }

    private static let withPrefilter = Result { try ScreeningFixture(prefilter: true) }
    private static let withoutPrefilter = Result { try ScreeningFixture(prefilter: false) }

    /// Screens one pair with a fresh session (with prefilter scratch when the set has one).
    func screen(prompt: String, response: String, id: String = "t1") -> Verdict {
        let item = ScreeningItem(id: id, prompt: prompt, response: response)
        let session = prefilter ? screener.makeSession() : ScreeningSession(match: MatchSession())
        return screener.screen(item, file: "t.jsonl", line: 1, screenedAt: Self.screenedAt, session: session)
    }
}

/// `kind rule target [[start,end],...] "excerpt"`: enough to pin a finding down in one string.
func describe(_ finding: Finding) -> String {
    let spans = finding.spans.map { "[\($0.start),\($0.end)]" }.joined(separator: ",")
    return "\(finding.kind.rawValue) \(finding.rule) \(finding.target.rawValue) [\(spans)] \"\(finding.excerpt)\""
}

/// Every finding of `verdict`, described.
func describe(_ verdict: Verdict) -> [String] {
    verdict.findings.map(describe)
}
