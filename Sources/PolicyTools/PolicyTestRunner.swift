import PCRE2
import Policy
import Screening

/// Runs the tests embedded in policy files (`tests:`), like YARA's and Semgrep's rule tests:
/// each test's prompt/response is screened with the whole set and its findings must equal the
/// expected set exactly.
public struct PolicyTestRunner: Sendable {
    /// The outcome of one test.
    public struct Outcome: Sendable {
        /// The test.
        public let test: PolicyTest
        /// Findings the test expected but did not get.
        public let missing: [PolicyTest.Expectation]
        /// Findings the screener produced that the test did not expect.
        public let unexpected: [Finding]
        /// The refusal result when it differs from the expected one.
        public let refusedMismatch: (expected: Bool, actual: Bool)?
        /// Every finding the screener produced.
        public let actual: [Finding]

        /// Whether the test passed.
        public var passed: Bool { missing.isEmpty && unexpected.isEmpty && refusedMismatch == nil }
    }

    /// The screener the tests run against.
    public let screener: Screener

    /// Creates a runner for a compiled set.
    public init(policies: CompiledPolicySet) {
        self.screener = Screener(policies: policies)
    }

    /// Runs every test, or only those that mention `ruleFilter` (a rule id, or a prefix ending in `.`).
    public func run(filter ruleFilter: String? = nil) -> [Outcome] {
        let session = screener.makeSession()
        return screener.policies.policySet.allTests
            .filter { test in
                guard let ruleFilter else { return true }
                return (test.expect ?? []).contains { ($0.rule ?? "").hasPrefix(ruleFilter) }
            }
            .map { run($0, session: session) }
    }

    /// Runs one test.
    public func run(_ test: PolicyTest, session: ScreeningSession) -> Outcome {
        let prompt = test.prompt ?? ""
        let analysis = screener.analyse(prompt: prompt, response: test.response, session: session)
        let actual = screener.findings(for: analysis, prompt: prompt, response: test.response)
        var missing: [PolicyTest.Expectation] = []
        var unexpected: [Finding] = []
        if let expect = test.expect {
            missing = expect.filter { expectation in
                !actual.contains {
                    $0.kind.rawValue == expectation.kind && (expectation.rule == nil || expectation.rule == $0.rule)
                }
            }
            unexpected = actual.filter { finding in
                !expect.contains { $0.kind == finding.kind.rawValue && ($0.rule == nil || $0.rule == finding.rule) }
            }
        }
        var mismatch: (Bool, Bool)?
        if let expected = test.refused, expected != analysis.refused {
            mismatch = (expected, analysis.refused)
        }
        return Outcome(test: test, missing: missing, unexpected: unexpected, refusedMismatch: mismatch, actual: actual)
    }
}
