import Foundation
import GRDB

extension ReviewStore {
    /// Registers an annotator and returns their login token, which is never stored: only its SHA-256 is.
    /// - Parameter name: 1–64 letters, digits, `.`, `_`, `-` or `@`.
    /// - Returns: The annotator and the token to show once.
    /// - Throws: `ReviewStoreError` `.invalidInput` or `.annotatorExists`.
    public func addAnnotator(name: String) async throws -> AnnotatorCredential {
        try Self.validateAnnotatorName(name)
        let token = Secret.randomToken()
        let hash = Data(Secret.sha256(token))
        let created = nowSeconds
        let annotator: Annotator = try await write { db in
            let taken =
                try Bool.fetchOne(
                    db,
                    sql: "SELECT EXISTS (SELECT 1 FROM annotator WHERE name = ?)",
                    arguments: [name]
                ) ?? false
            if taken {
                throw ReviewStoreError(
                    .annotatorExists,
                    "annotator \"\(name)\" already exists; to issue a new token, remove it first with "
                        + "`refusald annotator remove \(name)` (their decisions stay)"
                )
            }
            try db.execute(
                sql: "INSERT INTO annotator (name, token_hash, created_at) VALUES (?, ?, ?)",
                arguments: [name, hash, created]
            )
            return Annotator(id: db.lastInsertedRowID, name: name, createdAt: Self.date(created))
        }
        return AnnotatorCredential(annotator: annotator, token: token)
    }

    /// All registered annotators, by name.
    public func annotators() async throws -> [Annotator] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT id, name, created_at FROM annotator ORDER BY name").map {
                Annotator(id: $0["id"], name: $0["name"], createdAt: Self.date($0["created_at"]))
            }
        }
    }

    /// Removes an annotator: their token stops working, their sessions end and their leases are released.
    /// Their decisions stay in the history under their name.
    /// - Throws: `ReviewStoreError` `.annotatorNotFound`.
    public func removeAnnotator(name: String) async throws {
        try await write { db in
            try db.execute(sql: "DELETE FROM annotator WHERE name = ?", arguments: [name])
            if db.changesCount == 0 {
                throw ReviewStoreError(
                    .annotatorNotFound,
                    "no annotator named \"\(name)\"; see `refusald annotator list` for the names"
                )
            }
            try db.execute(
                sql: "UPDATE item SET lease_annotator = NULL, lease_expires = NULL WHERE lease_annotator = ?",
                arguments: [name]
            )
        }
    }

    /// The annotator whose token this is, or nil.
    ///
    /// Compares the token's SHA-256 with every stored hash in constant time and without stopping at the
    /// first match, so response time says nothing about how close a guess was.
    public func authenticate(token: String) async throws -> Annotator? {
        let candidate = Secret.sha256(token)
        let rows: [(Annotator, Data)] = try await read { db in
            try Row.fetchAll(db, sql: "SELECT id, name, created_at, token_hash FROM annotator").map { row in
                (
                    Annotator(id: row["id"], name: row["name"], createdAt: Self.date(row["created_at"])),
                    row["token_hash"]
                )
            }
        }
        var match: Annotator?
        for (annotator, stored) in rows where Secret.constantTimeEqual(candidate, Array(stored)) {
            match = annotator
        }
        return match
    }

    static func validateAnnotatorName(_ name: String) throws {
        let allowed = name.unicodeScalars.allSatisfy { scalar in
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || ".-_@".unicodeScalars.contains(scalar)
        }
        guard !name.isEmpty, name.count <= 64, allowed else {
            throw ReviewStoreError(
                .invalidInput,
                "annotator name \"\(name.prefix(64))\" is not allowed; use 1-64 letters, digits, '.', '_', '-' "
                    + "or '@' (e.g. alice or a.smith)"
            )
        }
    }
}
