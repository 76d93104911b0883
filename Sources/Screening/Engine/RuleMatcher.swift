import PCRE2
import Policy

/// Runs a group of rules over one text with a task's match session.
struct RuleMatcher {
    let session: MatchSession
    let spanCap: Int

    /// Every rule of `group` that matches `subject` (or failed on a limit), in group order.
    func hits(_ group: RuleGroup, in subject: UnsafeRawBufferPointer) -> [RuleHit] {
        var hits: [RuleHit] = []
        for compiled in group.rules {
            do {
                let spans = try session.allMatches(of: compiled.pattern, in: subject, limit: spanCap)
                if !spans.isEmpty { hits.append(RuleHit(rule: compiled.rule, spans: spans, failure: nil)) }
            } catch {
                hits.append(RuleHit(rule: compiled.rule, spans: [], failure: error))
            }
        }
        return hits
    }

    /// Whether any rule of `group` matches `subject` (stops at the first match).
    func anyMatch(_ group: RuleGroup, in subject: UnsafeRawBufferPointer) -> Bool {
        for compiled in group.rules {
            if (try? session.firstMatch(of: compiled.pattern, in: subject)) ?? nil != nil { return true }
        }
        return false
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
