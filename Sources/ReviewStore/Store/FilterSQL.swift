import GRDB

/// A WHERE clause over `item AS i` built from an `ItemFilter`, with its arguments.
struct FilterSQL {
    /// The conditions joined with AND (`1` when empty).
    var clause: String
    /// The bound values, in order.
    var arguments: StatementArguments

    /// Builds the clause; `includeStatus` is false where the caller fixes the status itself.
    init(_ filter: ItemFilter, includeStatus: Bool = true) {
        var conditions: [String] = []
        var values: [(any DatabaseValueConvertible)?] = []
        if includeStatus, let status = filter.status {
            conditions.append("i.status = ?")
            values.append(status.rawValue)
        }
        if let queue = filter.queue {
            conditions.append("i.queue = ?")
            values.append(queue.rawValue)
        }
        if let language = filter.language {
            conditions.append("i.language = ?")
            values.append(language)
        }
        if let file = filter.file {
            conditions.append("i.source_file = ?")
            values.append(file)
        }
        for (column, value) in [("category", filter.category), ("kind", filter.kind), ("rule", filter.rule)] {
            if let value {
                conditions.append("EXISTS (SELECT 1 FROM finding f WHERE f.item_id = i.id AND f.\(column) = ?)")
                values.append(value)
            }
        }
        self.clause = conditions.isEmpty ? "1" : conditions.joined(separator: " AND ")
        self.arguments = StatementArguments(values)
    }
}
