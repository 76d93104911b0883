import Foundation
import GRDB

extension ReviewStore {
    /// Starts a new login session for `annotator` with fresh random session id and CSRF token.
    ///
    /// Always a new id, whatever the browser sent before: that is what prevents session fixation.
    /// Lapsed sessions are purged on the way.
    public func createSession(for annotator: Annotator) async throws -> AnnotatorSession {
        let id = Secret.randomToken()
        let csrf = Secret.randomToken()
        let now = nowSeconds
        let expires = now + configuration.sessionLifetime
        try await write { db in
            try db.execute(sql: "DELETE FROM session WHERE expires_at <= ?", arguments: [now])
            try db.execute(
                sql:
                    "INSERT INTO session (id_hash, annotator_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [Data(Secret.sha256(id)), annotator.id, csrf, now, expires]
            )
        }
        return AnnotatorSession(id: id, csrfToken: csrf, annotator: annotator, expiresAt: Self.date(expires))
    }

    /// The live session with this id, or nil if unknown, lapsed or its annotator was removed.
    ///
    /// Looked up by the SHA-256 of the id: an index lookup on a hash leaks nothing useful about the id,
    /// and a stolen database file holds no usable session ids.
    public func session(id: String) async throws -> AnnotatorSession? {
        let now = nowSeconds
        let hash = Data(Secret.sha256(id))
        return try await read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT s.csrf_token, s.expires_at, a.id, a.name, a.created_at
                        FROM session s JOIN annotator a ON a.id = s.annotator_id
                        WHERE s.id_hash = ? AND s.expires_at > ?
                        """,
                    arguments: [hash, now]
                )
            else { return nil }
            let annotator = Annotator(id: row["id"], name: row["name"], createdAt: Self.date(row["created_at"]))
            return AnnotatorSession(
                id: id,
                csrfToken: row["csrf_token"],
                annotator: annotator,
                expiresAt: Self.date(row["expires_at"])
            )
        }
    }

    /// Ends the session with this id (logout). Unknown ids are ignored.
    public func deleteSession(id: String) async throws {
        let hash = Data(Secret.sha256(id))
        try await write { db in
            try db.execute(sql: "DELETE FROM session WHERE id_hash = ?", arguments: [hash])
        }
    }
}
