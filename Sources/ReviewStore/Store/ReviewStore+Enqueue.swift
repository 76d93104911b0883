import Foundation
import GRDB

extension ReviewStore {
    /// Adds candidates to the queue in one transaction, skipping any already present.
    ///
    /// Idempotent by `ReviewCandidate.contentKey`: re-screening a file after a crash and enqueueing the
    /// same lines again adds nothing. Call it before the verdict file is committed, so a crash between
    /// the two is repaired by the re-screen.
    /// - Parameter candidates: Flagged verdicts and audit samples.
    /// - Returns: How many were new, how many were duplicates, and each candidate's item id.
    /// - Throws: `ReviewStoreError` `.invalidInput` for a malformed candidate (nothing is written then),
    ///   `.busy` or `.database`.
    public func enqueue(_ candidates: [ReviewCandidate]) async throws -> EnqueueReport {
        for candidate in candidates {
            try Self.validate(candidate)
        }
        let rows = try candidates.map { candidate in
            (candidate, candidate.contentKey, try candidate.findings.map { try Self.spansJSON($0.spans) })
        }
        let enqueuedAt = nowSeconds
        return try await write { db in
            // Prepared once per transaction, not per row: preparing an insert compiles the statistics triggers
            // into it and runs GRDB's authorizer over every column they touch (a tenth of a millisecond and more
            // per row, which made enqueueing cost more than screening).
            let insertItem = try db.cachedStatement(
                sql: """
                    INSERT INTO item (content_key, external_id, source_file, source_line, prompt, response,
                        policy_digest, screened_at, queue, language, verdict_json, enqueued_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(content_key) DO NOTHING
                    """
            )
            let insertFinding = try db.cachedStatement(
                sql: """
                    INSERT INTO finding (item_id, position, kind, category, rule, severity, target,
                        spans_json, excerpt, note)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            )
            let existingID = try db.cachedStatement(sql: "SELECT id FROM item WHERE content_key = ?")
            var report = EnqueueReport(inserted: 0, duplicates: 0, itemIDs: [])
            for (candidate, key, spans) in rows {
                try insertItem.execute(arguments: [
                    key, candidate.externalID, candidate.sourceFile, candidate.sourceLine, candidate.prompt,
                    candidate.response, candidate.policyDigest, candidate.screenedAt.timeIntervalSince1970,
                    candidate.queue.rawValue, candidate.language, candidate.verdictJSON, enqueuedAt,
                ])
                if db.changesCount == 1 {
                    let id = db.lastInsertedRowID
                    for (position, finding) in candidate.findings.enumerated() {
                        try insertFinding.execute(arguments: [
                            id, position, finding.kind, finding.category, finding.rule, finding.severity,
                            finding.target, spans[position], finding.excerpt, finding.note,
                        ])
                    }
                    report.inserted += 1
                    report.itemIDs.append(id)
                } else {
                    let existing = try Int64.fetchOne(existingID, arguments: [key])
                    report.duplicates += 1
                    report.itemIDs.append(existing ?? 0)
                }
            }
            return report
        }
    }

    private static func validate(_ candidate: ReviewCandidate) throws {
        let place = "\(candidate.sourceFile):\(candidate.sourceLine)"
        if candidate.sourceFile.isEmpty || candidate.sourceLine < 0 {
            throw ReviewStoreError(
                .invalidInput,
                "review candidate \(candidate.externalID) has no source location (file \"\(candidate.sourceFile)\", "
                    + "line \(candidate.sourceLine)); pass the verdict's source.file and source.line"
            )
        }
        if candidate.queue == .flagged && candidate.findings.isEmpty {
            throw ReviewStoreError(
                .invalidInput,
                "flagged review candidate at \(place) has no findings; enqueue passes with queue .audit"
            )
        }
        for finding in candidate.findings {
            if finding.category?.isEmpty == true {
                throw ReviewStoreError(
                    .invalidInput,
                    "review candidate at \(place): rule \(finding.rule) has an empty category; a finding names its "
                        + "policy's category or none"
                )
            }
            for span in finding.spans where span.count != 2 || span[0] < 0 || span[1] < span[0] {
                throw ReviewStoreError(
                    .invalidInput,
                    "review candidate at \(place): rule \(finding.rule) has span \(span); spans must be "
                        + "[start, end) pairs with 0 <= start <= end"
                )
            }
        }
    }

    static func spansJSON(_ spans: [[Int]]) throws -> String {
        String(decoding: try JSONEncoder().encode(spans), as: UTF8.self)
    }
}
