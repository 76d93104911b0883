import GRDB

/// The versioned schema. Never edit a registered migration: add a new one.
enum ReviewSchema {
    /// All migrations in order.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-items-decisions") { db in
            try db.execute(
                sql: """
                    CREATE TABLE item (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        content_key TEXT NOT NULL UNIQUE,
                        external_id TEXT NOT NULL,
                        source_file TEXT NOT NULL,
                        source_line INTEGER NOT NULL,
                        prompt TEXT NOT NULL,
                        response TEXT,
                        policy_digest TEXT NOT NULL,
                        screened_at REAL NOT NULL,
                        queue TEXT NOT NULL CHECK (queue IN ('flagged', 'audit')),
                        language TEXT,
                        verdict_json TEXT NOT NULL,
                        enqueued_at REAL NOT NULL,
                        status TEXT NOT NULL DEFAULT 'pending'
                            CHECK (status IN ('pending', 'confirmed', 'overturned', 'escalated')),
                        lease_annotator TEXT,
                        lease_expires REAL
                    );
                    CREATE INDEX item_status ON item(status, id);
                    CREATE INDEX item_source ON item(source_file, source_line);
                    CREATE TABLE finding (
                        item_id INTEGER NOT NULL REFERENCES item(id) ON DELETE CASCADE,
                        position INTEGER NOT NULL,
                        kind TEXT NOT NULL,
                        category TEXT,
                        rule TEXT NOT NULL,
                        severity TEXT NOT NULL,
                        target TEXT NOT NULL,
                        spans_json TEXT NOT NULL,
                        excerpt TEXT,
                        note TEXT,
                        PRIMARY KEY (item_id, position)
                    );
                    CREATE INDEX finding_rule ON finding(rule);
                    CREATE INDEX finding_category ON finding(category);
                    CREATE TABLE decision (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        item_id INTEGER NOT NULL REFERENCES item(id),
                        annotator TEXT NOT NULL,
                        kind TEXT NOT NULL CHECK (kind IN ('confirm', 'overturn', 'escalate')),
                        category TEXT,
                        note TEXT,
                        decided_at REAL NOT NULL
                    );
                    CREATE INDEX decision_item ON decision(item_id, id);
                    CREATE TRIGGER decision_no_update BEFORE UPDATE ON decision
                        BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
                    CREATE TRIGGER decision_no_delete BEFORE DELETE ON decision
                        BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
                    """
            )
        }
        migrator.registerMigration("v2-annotators-sessions") { db in
            try db.execute(
                sql: """
                    CREATE TABLE annotator (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        name TEXT NOT NULL UNIQUE,
                        token_hash BLOB NOT NULL,
                        created_at REAL NOT NULL
                    );
                    CREATE TABLE session (
                        id_hash BLOB PRIMARY KEY,
                        annotator_id INTEGER NOT NULL REFERENCES annotator(id) ON DELETE CASCADE,
                        csrf_token TEXT NOT NULL,
                        created_at REAL NOT NULL,
                        expires_at REAL NOT NULL
                    );
                    CREATE INDEX session_expiry ON session(expires_at);
                    """
            )
        }
        migrator.registerMigration("v3-lease-index") { db in
            // `claimNext` first looks for the item an annotator already holds; leases are few (a decision ends
            // one), so the partial index stays small however long the queue grows.
            try db.execute(
                sql: "CREATE INDEX item_lease ON item(lease_annotator, id) WHERE lease_annotator IS NOT NULL"
            )
        }
        migrator.registerMigration("v4-queue-status-index") { db in
            // Counting a queue (the queue page's total, the stats page's category counts) reads this index
            // instead of every item row with its prompt and response: 60 ms → a few ms at 60,000 items.
            try db.execute(sql: "CREATE INDEX item_queue_status ON item(queue, status)")
        }
        migrator.registerMigration("v5-statistics-tables") { db in
            // What the statistics page reads, kept by triggers (see `StatisticsTables`).
            try db.execute(sql: StatisticsTables.migrationSQL)
        }
        migrator.registerMigration("v6-finding-trigger-by-item") { db in
            // The statistics trigger on findings, rewritten to look up an item's findings by item (see
            // `StatisticsTables.findingTriggerByItemSQL`).
            try db.execute(sql: StatisticsTables.findingTriggerByItemSQL)
        }
        return migrator
    }
}
