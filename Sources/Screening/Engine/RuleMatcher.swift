import PCRE2
import Policy
import Prefilter

#if canImport(Glibc)
import Glibc
#endif

/// Runs a group of rules over one text with a task's session: when the group has a prefilter
/// database, one Vectorscan scan picks the candidate rules and PCRE2 confirms only those.
struct RuleMatcher {
    let session: ScreeningSession
    let spanCap: Int

    /// Every rule of `group` that matches `subject` (or failed on a limit), in group order.
    /// - Parameter candidates: The rules worth running, from ``candidates(_:in:)`` on this same subject, when
    ///   the caller scanned ahead; `nil` scans now.
    func hits(_ group: RuleGroup, in subject: UnsafeRawBufferPointer, candidates: [Int32]? = nil) -> [RuleHit] {
        var hits: [RuleHit] = []
        for index in candidates ?? self.candidates(group, in: subject) {
            let pattern = group.rules[Int(index)].pattern
            let started = session.costs == nil ? 0 : Self.now()
            let count = hits.count
            do {
                let spans = try session.match.allMatches(of: pattern, in: subject, limit: spanCap)
                if !spans.isEmpty {
                    hits.append(RuleHit(rule: group.rules[Int(index)].rule, spans: spans, failure: nil))
                }
            } catch {
                hits.append(RuleHit(rule: group.rules[Int(index)].rule, spans: [], failure: error))
            }
            if let costs = session.costs {
                costs.recordRun(
                    rule: group.rules[Int(index)].rule.id,
                    matched: hits.count > count && hits[count].failure == nil,
                    failed: hits.count > count && hits[count].failure != nil,
                    nanoseconds: Self.now() &- started
                )
            }
        }
        return hits
    }

    /// A monotonic clock in nanoseconds, for ``RuleCosts``.
    private static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
    }

    /// The rules worth running on `subject` (indexes into the group), in group order. Without a usable prefilter
    /// (or when the scan fails) every rule is a candidate, so nothing is ever missed.
    func candidates(_ group: RuleGroup, in subject: UnsafeRawBufferPointer) -> [Int32] {
        guard let database = group.prefilter, let scratch = session.scratch else {
            return Array(0..<Int32(group.rules.count))
        }
        let unfiltered = group.unfiltered.map { Int32($0) }
        return candidates(group, in: subject, database: database, scratch: scratch, unfiltered: unfiltered)
    }

    /// ``candidates(_:in:)`` of each text of `texts`, or of the first `prefixes[index]` bytes of each when given:
    /// the group's database, the session's scratch and the unfiltered rules are looked up once for the batch,
    /// and each text is read in place.
    func candidates(_ group: RuleGroup, inEach texts: [NormalisedText], prefixes: [Int]? = nil) -> [[Int32]] {
        guard let database = group.prefilter, let scratch = session.scratch else {
            return Array(repeating: Array(0..<Int32(group.rules.count)), count: texts.count)
        }
        let unfiltered = group.unfiltered.map { Int32($0) }
        var result: [[Int32]] = []
        result.reserveCapacity(texts.count)
        for index in texts.indices {
            result.append(
                texts[index].bytes.withUnsafeBytes { bytes in
                    let subject = prefixes.map { UnsafeRawBufferPointer(rebasing: bytes[0..<$0[index]]) } ?? bytes
                    return candidates(group, in: subject, database: database, scratch: scratch, unfiltered: unfiltered)
                }
            )
        }
        return result
    }

    /// One scan of `subject` with the group's `database`; `unfiltered` are the group's rules that always run.
    private func candidates(
        _ group: RuleGroup,
        in subject: UnsafeRawBufferPointer,
        database: PrefilterDatabase,
        scratch: PrefilterScratch,
        unfiltered: [Int32]
    ) -> [Int32] {
        let started = session.costs == nil ? 0 : Self.now()
        guard let candidates = try? database.candidates(in: subject, scratch: scratch) else {
            return Array(0..<Int32(group.rules.count))
        }
        session.costs?.recordScan(nanoseconds: Self.now() &- started)
        if unfiltered.isEmpty { return candidates }
        return Set(candidates).union(unfiltered).sorted()
    }

    /// Removes spans that overlap a match of any allow rule; drops hits left without spans.
    func cancel(_ hits: [RuleHit], by allows: RuleGroup, in subject: UnsafeRawBufferPointer) -> [RuleHit] {
        let matchedHits = hits.filter { $0.failure == nil }
        guard !matchedHits.isEmpty, !allows.isEmpty else { return hits }
        let allowSpans = self.hits(allows, in: subject).flatMap(\.spans)
        guard !allowSpans.isEmpty else { return hits }
        return hits.compactMap { hit in
            guard hit.failure == nil else { return hit }
            var kept = hit
            kept.spans = hit.spans.filter { span in !allowSpans.contains { $0.overlaps(span) } }
            return kept.spans.isEmpty ? nil : kept
        }
    }
}
