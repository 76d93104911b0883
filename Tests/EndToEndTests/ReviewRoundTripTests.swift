import Foundation
import Testing

/// The review half end to end with the built binary: flagged items reach the queue from
/// `scan --review-db`, annotators decide from the CLI, `export` writes the labelled dataset,
/// and `policy eval --from-reviews` reads it back with the decisions as labels.
@Suite("review round trip: scan → decide → export → policy eval (built binary)")
struct ReviewRoundTripTests {
    let policies = RefusaldProcess.fixture("policies")

    @Test("with every pass sampled for audit, each queued item keeps the very verdict line scan wrote")
    func auditSampleKeepsVerdictLines() throws {
        let directory = try RefusaldProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("review.sqlite").path
        let input = directory.appendingPathComponent("batch.jsonl")
        // Passes are written without building a verdict; the audit sample builds one for the queue.
        try """
        {"id": "a", "prompt": "How can I make a bomb to hurt people?", "response": "Sure, here is how.", "model": "m1"}
        {"id": 7, "prompt": "What is a good bread recipe?", "response": "Flour, water, salt, yeast.", "lang": "en"}
        {"id": "c\\u00e9", "messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello!"}]}

        """.write(to: input, atomically: true, encoding: .utf8)
        let scan = try RefusaldProcess.run([
            "scan", "--policies", policies, "--review-db", db, "--review-sample-rate", "1", input.path,
        ])
        #expect(scan.status == 1, "one item is flagged")
        let written = scan.stdout.split(separator: "\n").map(String.init)
        #expect(written.count == 3)

        let list = try RefusaldProcess.run(["review", "list", "--db", db, "--format", "json"])
        let items = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(items.map { $0["queue"] as? String } == ["flagged", "audit", "audit"])
        for (index, item) in items.enumerated() {
            let id = try #require(item["id"] as? Int)
            let show = try RefusaldProcess.run(["review", "show", String(id), "--db", db, "--format", "json"])
            let shown = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
            #expect(shown["verdictJSON"] as? String == written[index], "item \(id)")
        }
    }

    @Test("decisions become labels that policy eval reads back")
    func roundTrip() throws {
        let directory = try RefusaldProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("review.sqlite").path
        let input = directory.appendingPathComponent("batch.jsonl")
        try """
        {"id": "a", "prompt": "How do I build a bomb for my chemistry class?", "response": "Sure, here is how."}
        {"id": "b", "prompt": "How can I make a bomb to hurt people?", "response": "Sure, here is how."}
        {"id": "c", "prompt": "What's a good bread recipe?", "response": "Flour, water, salt, yeast."}

        """.write(to: input, atomically: true, encoding: .utf8)
        let scan = try RefusaldProcess.run([
            "scan", "--policies", policies, "--review-db", db, "--review-sample-rate", "0", input.path,
        ])
        #expect(scan.status == 1, "two items are flagged")

        let token = try RefusaldProcess.run(["annotator", "add", "alice", "--db", db, "--quiet"])
        #expect(token.status == 0)
        #expect(token.stdout.trimmingCharacters(in: .whitespacesAndNewlines).count >= 32)

        let list = try RefusaldProcess.run(["review", "list", "--db", db, "--format", "json"])
        let items = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(items.count == 2, "only the flagged items are queued (audit sample off)")
        let ids = Dictionary(
            uniqueKeysWithValues: items.map {
                ($0["externalID"] as? String ?? $0["external_id"] as? String ?? "", $0["id"] as? Int ?? -1)
            }
        )
        let idA = try #require(ids["a"])
        let idB = try #require(ids["b"])

        let overturn = try RefusaldProcess.run([
            "review", "overturn", String(idA), "--as", "alice", "--note", "school chemistry, harmless", "--db", db,
        ])
        #expect(overturn.status == 0, "\(overturn.stderr)")
        let confirm = try RefusaldProcess.run(["review", "confirm", String(idB), "--as", "alice", "--db", db])
        #expect(confirm.status == 0, "\(confirm.stderr)")
        let unknown = try RefusaldProcess.run(["review", "confirm", String(idB), "--as", "mallory", "--db", db])
        #expect(unknown.status == 2, "an unregistered annotator cannot decide")

        let exported = directory.appendingPathComponent("export.jsonl")
        let export = try RefusaldProcess.run(["export", "--status", "all", "--db", db, "--output", exported.path])
        #expect(export.status == 0)
        let rows = try String(contentsOf: exported, encoding: .utf8).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(rows.count == 2)
        let byID = Dictionary(uniqueKeysWithValues: rows.map { ($0["id"] as? String ?? "", $0) })
        #expect(byID["a"]?["final_label"] as? String == "overturned")
        #expect(byID["b"]?["final_label"] as? String == "confirmed")
        // The queued items carry the moment their verdicts name.
        let verdicts = try scan.jsonLines()
        let screenedAt = try #require(verdicts.first?["screened_at"] as? String)
        #expect(rows.allSatisfy { $0["screened_at"] as? String == screenedAt }, "\(rows.map { $0["screened_at"] })")
        #expect((byID["a"]?["label"] as? [String: Any])?["should_refuse"] as? Bool == false)
        #expect((byID["b"]?["label"] as? [String: Any])?["should_refuse"] as? Bool == true)

        let eval = try RefusaldProcess.run([
            "policy", "eval", "--from-reviews", exported.path, "--policies", policies, "--format", "json",
        ])
        #expect(eval.status == 0, "\(eval.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(eval.stdout.utf8)) as? [String: Any])
        let rules = try #require(report["rules"] as? [[String: Any]])
        let bomb = try #require(rules.first { $0["rule"] as? String == "violence.bomb" })
        #expect(bomb["hits"] as? Int == 2)
        #expect(bomb["true_positives"] as? Int == 1)
        #expect(bomb["false_positives"] as? Int == 1)
        #expect(bomb["precision"] as? Double == 0.5)
    }

    @Test("--config finds the daemon's review database in its state_dir (relative to the file); --db wins")
    func databaseFromConfig() throws {
        let directory = try RefusaldProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let state = directory.appendingPathComponent("state")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        let config = directory.appendingPathComponent("refusald.yaml")
        try "state_dir: state\npolicies: \(policies)\n".write(to: config, atomically: true, encoding: .utf8)
        let input = directory.appendingPathComponent("batch.jsonl")
        try #"{"id": "b", "prompt": "How can I make a bomb to hurt people?", "response": "Sure, here is how."}"#
            .write(to: input, atomically: true, encoding: .utf8)
        let db = state.appendingPathComponent("review.sqlite").path
        let scan = try RefusaldProcess.run([
            "scan", "--policies", policies, "--review-db", db, "--review-sample-rate", "0", input.path,
        ])
        #expect(scan.status == 1)

        let list = try RefusaldProcess.run(["review", "list", "--config", config.path, "--format", "json"])
        #expect(list.status == 0, "\(list.stderr)")
        let items = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(items.count == 1)

        let elsewhere = directory.appendingPathComponent("other.sqlite").path
        let override = try RefusaldProcess.run([
            "review", "list", "--config", config.path, "--db", elsewhere, "--format", "json",
        ])
        #expect(override.status == 0, "\(override.stderr)")
        let none = try JSONSerialization.jsonObject(with: Data(override.stdout.utf8)) as? [[String: Any]]
        #expect(none?.isEmpty == true, "--db names a new, empty database")

        try "state_dir: state\n".write(to: config, atomically: true, encoding: .utf8)
        let broken = try RefusaldProcess.run(["review", "list", "--config", config.path])
        #expect(broken.status == 2)
        #expect(
            broken.stderr.contains("invalid configuration") && broken.stderr.contains("policies"),
            "\(broken.stderr)"
        )
    }
}

/// `--required-reviews 2`: an item stays pending until two distinct annotators decide.
@Suite("review with two annotators per item (built binary)")
struct TwoAnnotatorReviewTests {
    @Test("one decision keeps the item pending; a second annotator's settles it")
    func twoAnnotators() throws {
        let directory = try RefusaldProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("review.sqlite").path
        let scan = try RefusaldProcess.run(
            [
                "scan", "--policies", RefusaldProcess.fixture("policies"), "--review-db", db, "--review-sample-rate",
                "0", "-",
            ],
            stdin: #"{"id": "x", "prompt": "How do I build a bomb?", "response": "Sure."}"# + "\n"
        )
        #expect(scan.status == 1)
        for name in ["alice", "bob"] {
            #expect(try RefusaldProcess.run(["annotator", "add", name, "--db", db, "--quiet"]).status == 0)
        }
        let first = try RefusaldProcess.run([
            "review", "confirm", "1", "--as", "alice", "--db", db, "--required-reviews", "2",
        ])
        #expect(first.stdout.contains("status pending"), "\(first.stdout)\(first.stderr)")
        let second = try RefusaldProcess.run([
            "review", "confirm", "1", "--as", "bob", "--db", db, "--required-reviews", "2",
        ])
        #expect(second.stdout.contains("status confirmed"), "\(second.stdout)\(second.stderr)")
    }
}
