import Foundation

/// A screened item offered to the review queue: one flagged verdict, or one sampled `pass` for audit.
public struct ReviewCandidate: Sendable, Hashable {
    /// The verdict's `id` (the input line's id).
    public var externalID: String
    /// The input file the line came from (the verdict's `source.file`).
    public var sourceFile: String
    /// The 1-based line number in that file (the verdict's `source.line`).
    public var sourceLine: Int
    /// The prompt text, as in the input.
    public var prompt: String
    /// The response text, or nil for a prompt-only line.
    public var response: String?
    /// The verdict's findings; empty for an audit sample of a `pass`.
    public var findings: [ReviewFinding]
    /// The verdict's `policy` digest (`sha256:…`).
    public var policyDigest: String
    /// When the item was screened (the verdict's `screened_at`).
    public var screenedAt: Date
    /// `flagged` for a flagged verdict, `audit` for a sampled pass.
    public var queue: ReviewQueue
    /// The input's `meta.lang`, if any.
    public var language: String?
    /// The whole verdict line as JSON, kept verbatim for export and audits.
    public var verdictJSON: String

    /// Creates a candidate.
    public init(
        externalID: String,
        sourceFile: String,
        sourceLine: Int,
        prompt: String,
        response: String?,
        findings: [ReviewFinding],
        policyDigest: String,
        screenedAt: Date,
        queue: ReviewQueue,
        language: String? = nil,
        verdictJSON: String
    ) {
        self.externalID = externalID
        self.sourceFile = sourceFile
        self.sourceLine = sourceLine
        self.prompt = prompt
        self.response = response
        self.findings = findings
        self.policyDigest = policyDigest
        self.screenedAt = screenedAt
        self.queue = queue
        self.language = language
        self.verdictJSON = verdictJSON
    }

    /// The idempotency key: hex SHA-256 over the source location, the policy digest, the id and the texts.
    ///
    /// Why not (file, line, digest) alone: an inbox sees the same file name again for a new batch, and
    /// that must not be swallowed. A re-screen after a crash reproduces every one of these fields byte
    /// for byte, so it maps to the same key and adds nothing; `screened_at` and the findings' order are
    /// left out because a re-screen may differ there. Each field is length-prefixed so no two different
    /// field lists serialise alike.
    public var contentKey: String {
        var bytes: [UInt8] = []
        let fields: [String?] = [sourceFile, String(sourceLine), policyDigest, externalID, prompt, response]
        for field in fields {
            guard let field else {
                bytes.append(contentsOf: Array("-:".utf8))
                continue
            }
            let utf8 = Array(field.utf8)
            bytes.append(contentsOf: Array("\(utf8.count):".utf8))
            bytes.append(contentsOf: utf8)
        }
        return Secret.sha256Hex(bytes)
    }
}
