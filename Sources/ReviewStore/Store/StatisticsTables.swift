/// What the statistics page reads, kept by triggers as items are queued, decided and deleted, so a view costs a few
/// rows per rule instead of a pass over every finding, item and decision.
///
/// - Counts of flagged items by status, per rule and per category. At 200,000 flagged items the aggregates they
///   replace took 0.75 s (rule precision) and 0.57 s (category counts) per view, growing with the queue; the counts
///   cost one small upsert per rule and category of an item when it is queued or changes status.
/// - The items two or more annotators decided, the only ones annotator agreement looks at (it used to read every
///   decision: 164,000 of them took 0.7 s).
///
/// What a count means is what the aggregate it replaces computed (``ReviewStore/rulePrecision()``,
/// ``ReviewStore/categoryCounts()``): for a rule, the flagged items with at least one finding of that rule; for a
/// category, the flagged items with at least one finding naming it, and under `''` the flagged items whose
/// findings name no category. `StatisticsTablesTests` check the tables against those aggregates after random work.
enum StatisticsTables {
    /// The key under which items whose findings name no category are counted (enqueueing refuses an empty category).
    static let uncategorised = ""

    /// Creates the tables and triggers and fills the tables from the items and decisions already in the store.
    static let migrationSQL = """
        CREATE TABLE rule_status_count (
            rule TEXT NOT NULL,
            status TEXT NOT NULL,
            category TEXT,
            n INTEGER NOT NULL,
            PRIMARY KEY (rule, status)
        ) WITHOUT ROWID;
        CREATE TABLE category_status_count (
            category TEXT NOT NULL,
            status TEXT NOT NULL,
            n INTEGER NOT NULL,
            PRIMARY KEY (category, status)
        ) WITHOUT ROWID;

        INSERT INTO rule_status_count (rule, status, category, n)
            SELECT f.rule, i.status, MIN(f.category), COUNT(DISTINCT i.id)
            FROM finding f JOIN item i ON i.id = f.item_id
            WHERE i.queue = 'flagged'
            GROUP BY f.rule, i.status;
        INSERT INTO category_status_count (category, status, n)
            SELECT IFNULL(c.category, ''), i.status, COUNT(*)
            FROM item i
            LEFT JOIN (SELECT DISTINCT item_id, category FROM finding WHERE category IS NOT NULL) c
                ON c.item_id = i.id
            WHERE i.queue = 'flagged'
            GROUP BY IFNULL(c.category, ''), i.status;

        CREATE TABLE multi_annotator_item (
            item_id INTEGER PRIMARY KEY REFERENCES item(id) ON DELETE CASCADE
        );
        INSERT INTO multi_annotator_item (item_id)
            SELECT item_id FROM decision GROUP BY item_id HAVING COUNT(DISTINCT annotator) >= 2;

        -- Decisions are append-only, so an item joins the table at its second annotator's first decision and stays.
        CREATE TRIGGER decision_second_annotator AFTER INSERT ON decision
            WHEN EXISTS (SELECT 1 FROM decision WHERE item_id = NEW.item_id AND annotator <> NEW.annotator)
        BEGIN
            INSERT OR IGNORE INTO multi_annotator_item (item_id) VALUES (NEW.item_id);
        END;

        -- A new flagged item has no findings yet: it counts as uncategorised until its first categorised finding.
        CREATE TRIGGER item_counts_insert AFTER INSERT ON item WHEN NEW.queue = 'flagged'
        BEGIN
            INSERT INTO category_status_count (category, status, n) VALUES ('', NEW.status, 1)
                ON CONFLICT (category, status) DO UPDATE SET n = n + 1;
        END;

        \(findingCountsInsertTrigger)

        -- A decision moves the item's counts from its old status to its new one (and a queue change in or out of
        -- 'flagged', which refusald never makes, is counted the same way).
        CREATE TRIGGER item_counts_update AFTER UPDATE OF status, queue ON item
            WHEN OLD.status IS NOT NEW.status OR OLD.queue IS NOT NEW.queue
        BEGIN
            UPDATE rule_status_count SET n = n - 1
                WHERE OLD.queue = 'flagged' AND status = OLD.status
                    AND rule IN (SELECT rule FROM finding WHERE item_id = OLD.id);
            INSERT INTO rule_status_count (rule, status, category, n)
                SELECT rule, NEW.status, MIN(category), 1 FROM finding
                WHERE NEW.queue = 'flagged' AND item_id = NEW.id
                GROUP BY rule
                ON CONFLICT (rule, status) DO UPDATE SET n = n + 1, category = \(smallerCategory);
            UPDATE category_status_count SET n = n - 1
                WHERE OLD.queue = 'flagged' AND status = OLD.status AND category IN (\(categoryKeys("OLD.id")));
            INSERT INTO category_status_count (category, status, n)
                SELECT key, NEW.status, 1 FROM (\(categoryKeys("NEW.id")))
                WHERE NEW.queue = 'flagged'
                ON CONFLICT (category, status) DO UPDATE SET n = n + 1;
        END;

        -- Deleting an item (refusald never does; an operator might) takes its counts away while its findings,
        -- deleted after it by the cascade, still say which rules and categories it had.
        CREATE TRIGGER item_counts_delete BEFORE DELETE ON item WHEN OLD.queue = 'flagged'
        BEGIN
            UPDATE rule_status_count SET n = n - 1
                WHERE status = OLD.status AND rule IN (SELECT rule FROM finding WHERE item_id = OLD.id);
            UPDATE category_status_count SET n = n - 1
                WHERE status = OLD.status AND category IN (\(categoryKeys("OLD.id")));
        END;
        """

    /// Recreates `finding_counts_insert` as ``findingCountsInsertTrigger`` writes it now (migration
    /// `v6-finding-trigger-by-item`). As `v5-statistics-tables` first wrote it, its look-ups of the item's other
    /// findings said `rule = ` and `category = `, which SQLite served from the rule and category indexes: every
    /// finding inserted visited every earlier finding of its rule or category, so enqueueing slowed down as the
    /// queue grew (a 1 GB file in the daemon: 12 s became 48 s).
    static let findingTriggerByItemSQL = "DROP TRIGGER finding_counts_insert;\n" + findingCountsInsertTrigger

    /// A finding counts its item for its rule and category the first time the item has that rule or category.
    static let findingCountsInsertTrigger = """
        CREATE TRIGGER finding_counts_insert AFTER INSERT ON finding
            WHEN (SELECT queue FROM item WHERE id = NEW.item_id) = 'flagged'
        BEGIN
            INSERT INTO rule_status_count (rule, status, category, n)
                SELECT NEW.rule, i.status, NEW.category,
                    NOT EXISTS (\(otherThanNew(.rule("NEW.rule"))))
                FROM item i WHERE i.id = NEW.item_id
                ON CONFLICT (rule, status) DO UPDATE SET n = n + excluded.n,
                    category = \(smallerCategory);
            INSERT INTO category_status_count (category, status, n)
                SELECT NEW.category, i.status, 1 FROM item i
                WHERE i.id = NEW.item_id AND NEW.category IS NOT NULL
                    AND NOT EXISTS (\(otherThanNew(.category("NEW.category"))))
                ON CONFLICT (category, status) DO UPDATE SET n = n + 1;
            UPDATE category_status_count SET n = n - 1
                WHERE category = '' AND NEW.category IS NOT NULL
                    AND status = (SELECT status FROM item WHERE id = NEW.item_id)
                    AND NOT EXISTS (\(otherThanNew(.anyCategory)));
        END;
        """

    /// The new finding's item's other findings with `term` (for the trigger on findings).
    private static func otherThanNew(_ term: FindingTerm) -> String {
        otherFindings(item: "NEW.item_id", position: "NEW.position", having: term)
    }

    /// What ``otherFindings(item:position:having:)`` looks for besides the item.
    enum FindingTerm {
        /// The same rule (an SQL expression).
        case rule(String)
        /// The same category (an SQL expression).
        case category(String)
        /// Any category.
        case anyCategory
    }

    /// The item's findings other than the one at `position` with `term`, as a query for `EXISTS`. Searched by item:
    /// the unary `+` keeps SQLite from using the rule or category index, which would visit every finding of that
    /// rule or category in the store (`QueryPlanTests`).
    static func otherFindings(item: String, position: String, having term: FindingTerm) -> String {
        let condition =
            switch term {
            case .rule(let rule): "+f.rule = \(rule)"
            case .category(let category): "+f.category = \(category)"
            case .anyCategory: "+f.category IS NOT NULL"
            }
        return "SELECT 1 FROM finding f WHERE f.item_id = \(item) AND f.position <> \(position) AND \(condition)"
    }

    /// The smaller of a rule row's category and the incoming one, either possibly NULL (as `MIN` over the
    /// findings would give: NULLs ignored).
    private static let smallerCategory = """
        CASE WHEN category IS NULL THEN excluded.category
                        WHEN excluded.category IS NULL THEN category
                        ELSE MIN(category, excluded.category) END
        """

    /// The category keys an item is counted under: the categories its findings name, or `''` when they name none.
    private static func categoryKeys(_ item: String) -> String {
        """
        SELECT DISTINCT category AS key FROM finding WHERE item_id = \(item) AND category IS NOT NULL
                UNION SELECT '' WHERE NOT EXISTS
                    (SELECT 1 FROM finding WHERE item_id = \(item) AND category IS NOT NULL)
        """
    }
}
