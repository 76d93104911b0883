import Foundation
import GRDB
import Testing

@testable import ReviewStore

@Suite("Annotators and sessions")
struct AnnotatorTests {
    @Test("a token is 32 random bytes in hex, shown once and stored only as its SHA-256")
    func tokens() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try ReviewStore(path: dir.path("review.sqlite"))
        let credential = try await store.addAnnotator(name: "alice")
        #expect(credential.token.count == 64)
        #expect(credential.token.allSatisfy { $0.isHexDigit })
        let other = try await store.addAnnotator(name: "bob")
        #expect(other.token != credential.token)

        #expect(try await store.authenticate(token: credential.token)?.name == "alice")
        #expect(try await store.authenticate(token: other.token)?.name == "bob")
        #expect(try await store.authenticate(token: "") == nil)
        let lastDigit = credential.token.last == "0" ? "1" : "0"
        #expect(try await store.authenticate(token: String(credential.token.dropLast()) + lastDigit) == nil)

        let raw =
            try Data(contentsOf: URL(fileURLWithPath: dir.path("review.sqlite")))
            + ((try? Data(contentsOf: URL(fileURLWithPath: dir.path("review.sqlite-wal")))) ?? Data())
        #expect(raw.range(of: Data(credential.token.utf8)) == nil)
        let stored = try await store.pool.read { db in
            try Data.fetchOne(db, sql: "SELECT token_hash FROM annotator WHERE name = 'alice'")
        }
        #expect(stored == Data(Secret.sha256(credential.token)))
    }

    @Test("names are validated and unique; listing and removal work")
    func management() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try ReviewStore(path: dir.path("review.sqlite"))
        let credential = try await store.addAnnotator(name: "alice")
        _ = try await store.addAnnotator(name: "bob.smith")

        let duplicate = await #expect(throws: ReviewStoreError.self) { try await store.addAnnotator(name: "alice") }
        #expect(duplicate?.code == .annotatorExists)
        for bad in ["", "has space", "<script>", String(repeating: "a", count: 65)] {
            let error = await #expect(throws: ReviewStoreError.self) { try await store.addAnnotator(name: bad) }
            #expect(error?.code == .invalidInput)
        }
        #expect(try await store.annotators().map(\.name) == ["alice", "bob.smith"])

        _ = try await store.enqueue([Fixture.candidate(line: 1)])
        _ = try await store.decide(itemID: 1, annotator: "alice", kind: .confirm)
        let session = try await store.createSession(for: credential.annotator)
        try await store.removeAnnotator(name: "alice")
        #expect(try await store.authenticate(token: credential.token) == nil)
        #expect(try await store.session(id: session.id) == nil)
        #expect(try await store.item(id: 1)?.decisions.first?.annotator == "alice")
        let missing = await #expect(throws: ReviewStoreError.self) { try await store.removeAnnotator(name: "alice") }
        #expect(missing?.code == .annotatorNotFound)
    }

    @Test("sessions get fresh ids, lapse with the clock and end on logout")
    func sessions() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let clock = TestClock()
        let store = try ReviewStore(
            path: dir.path("review.sqlite"),
            configuration: ReviewStoreConfiguration(sessionLifetime: 3600),
            now: clock.closure
        )
        let alice = try await store.addAnnotator(name: "alice").annotator
        let first = try await store.createSession(for: alice)
        let second = try await store.createSession(for: alice)
        #expect(first.id != second.id)
        #expect(first.csrfToken != second.csrfToken)
        #expect(first.id.count == 64)

        let found = try #require(try await store.session(id: first.id))
        #expect(found.annotator.name == "alice")
        #expect(found.verifyCSRF(first.csrfToken))
        #expect(!found.verifyCSRF(second.csrfToken))
        #expect(!found.verifyCSRF(""))

        try await store.deleteSession(id: second.id)
        #expect(try await store.session(id: second.id) == nil)
        clock.advance(by: 3601)
        #expect(try await store.session(id: first.id) == nil)
    }

    @Test("constant-time comparison agrees with ==")
    func constantTime() {
        #expect(Secret.constantTimeEqual([1, 2, 3], [1, 2, 3]))
        #expect(!Secret.constantTimeEqual([1, 2, 3], [1, 2, 4]))
        #expect(!Secret.constantTimeEqual([9, 2, 3], [1, 2, 3]))
        #expect(!Secret.constantTimeEqual([1, 2, 3], [1, 2]))
        #expect(Secret.constantTimeEqual([], []))
        let digest = Secret.sha256("x")
        for index in digest.indices {
            for bit in 0..<8 {
                var flipped = digest
                flipped[index] ^= 1 << bit
                #expect(!Secret.constantTimeEqual(digest, flipped), "byte \(index) bit \(bit)")
            }
        }
    }

    @Test(
        "secrets are compared as equal-length digests: only the exact secret matches",
        arguments: [
            ("", false), ("0", false), ("SECRET", false), ("secret", true), ("secre", false), ("secret0", false),
            ("secret\u{0}", false), (" secret", false), ("secreT", false),
        ]
    )
    func secretsEqual(candidate: String, matches: Bool) {
        #expect(Secret.secretsEqual(candidate, "secret") == matches)
        #expect(Secret.sha256(candidate).count == 32)
    }

    @Test("a session's CSRF check refuses prefixes, extensions and case changes of its token")
    func csrfVariants() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try ReviewStore(path: dir.path("review.sqlite"))
        let alice = try await store.addAnnotator(name: "alice").annotator
        let session = try await store.createSession(for: alice)
        let token = session.csrfToken
        #expect(session.verifyCSRF(token))
        for variant in [
            String(token.dropLast()), token + "0", token.uppercased(), String(token.dropFirst()), token + "\u{0}",
        ]
        where variant != token {
            #expect(!session.verifyCSRF(variant), "\(variant)")
        }
    }
}
