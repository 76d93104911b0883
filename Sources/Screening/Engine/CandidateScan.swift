import Policy

/// The first stage of screening a batch of prompt/response pairs: every text normalised, and the candidate
/// rules of every rule group that Vectorscan (or, without a prefilter, the group itself) names for it.
///
/// A pair with no candidate in any group is *clean*: no rule or refusal marker can match it, so its verdict is a
/// pass, not refused, without findings, and nothing of the second stage (PCRE2, allows, refusal sentences) can
/// change that. On the benchmark corpus nine pairs in ten are clean.
struct CandidateScan {
    /// The normalised prompts, one per pair.
    let prompts: [NormalisedText]
    /// The normalised responses, one per pair.
    let responses: [NormalisedText]
    /// For each response, the byte offset where its opening (the part opening markers look at) ends.
    let openingEnds: [Int]
    /// Candidate `refuse_prompts` rules per prompt.
    let promptCandidates: [[Int32]]
    /// Candidate `forbid_responses` rules per response.
    let responseCandidates: [[Int32]]
    /// Candidate anywhere markers per response.
    let anywhereCandidates: [[Int32]]
    /// Candidate opening markers per response opening.
    let openingCandidates: [[Int32]]

    /// Normalises and scans `pairs`, stage by stage: every text is normalised, then every prompt is scanned with
    /// the prompt rules' prefilter, then every response with the response rules' one, and so on. A prefilter
    /// database's tables are megabytes; scanned one after another per pair, the four databases evict each other
    /// from the CPU caches.
    init(
        _ pairs: [(prompt: [UInt8], response: [UInt8])],
        policies: CompiledPolicySet,
        normaliser: TextNormaliser,
        matcher: RuleMatcher
    ) {
        // One pass over the pairs for everything per text, while its bytes are in the cache: a batch's texts take
        // megabytes, and a pass per step met every text's header and first bytes as cache misses again.
        let openingLength = policies.policySet.refusals.openingLength
        var prompts: [NormalisedText] = []
        var responses: [NormalisedText] = []
        var openingEnds: [Int] = []
        prompts.reserveCapacity(pairs.count)
        responses.reserveCapacity(pairs.count)
        openingEnds.reserveCapacity(pairs.count)
        for pair in pairs {
            prompts.append(normaliser.normalise(utf8: pair.prompt))
            let response = normaliser.normalise(utf8: pair.response)
            openingEnds.append(response.byteOffset(afterCodePoints: openingLength))
            responses.append(response)
        }
        self.promptCandidates = matcher.candidates(policies.promptRules, inEach: prompts)
        self.responseCandidates = matcher.candidates(policies.responseRules, inEach: responses)
        self.anywhereCandidates = matcher.candidates(policies.anywhereMarkers, inEach: responses)
        self.openingCandidates = matcher.candidates(policies.openingMarkers, inEach: responses, prefixes: openingEnds)
        self.prompts = prompts
        self.responses = responses
        self.openingEnds = openingEnds
    }

    /// The number of pairs.
    var count: Int { prompts.count }

    /// Whether pair `index` has no candidate in any group (see the type's description).
    func isClean(_ index: Int) -> Bool {
        promptCandidates[index].isEmpty && responseCandidates[index].isEmpty
            && anywhereCandidates[index].isEmpty && openingCandidates[index].isEmpty
    }
}
