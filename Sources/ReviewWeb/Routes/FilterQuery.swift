import ReviewStore

/// The queue filters as they travel in URLs (`?status=pending&category=violence`) and hidden form fields.
struct FilterQuery: Sendable, Equatable {
    /// The names of the query parameters, in display order.
    static let keys = ["status", "queue", "category", "kind", "rule", "language", "file"]

    var filter: ItemFilter

    /// Reads the filters; `status` defaults to `pending` unless `status=all`.
    init(_ fields: FormFields) {
        var filter = ItemFilter()
        let status = fields.nonEmpty("status") ?? "pending"
        filter.status = ItemStatus(rawValue: status)
        filter.queue = fields.nonEmpty("queue").flatMap(ReviewQueue.init(rawValue:))
        filter.category = fields.nonEmpty("category")
        filter.kind = fields.nonEmpty("kind")
        filter.rule = fields.nonEmpty("rule")
        filter.language = fields.nonEmpty("language")
        filter.file = fields.nonEmpty("file")
        if let page = fields.nonEmpty("page").flatMap(Int.init), page > 1 {
            filter.offset = (page - 1) * filter.limit
        }
        self.filter = filter
    }

    /// The page number (1-based).
    var page: Int { filter.offset / filter.limit + 1 }

    /// The non-empty filter values by key (status `all` when unfiltered).
    var pairs: [(key: String, value: String)] {
        let values: [String?] = [
            filter.status?.rawValue ?? "all", filter.queue?.rawValue, filter.category, filter.kind, filter.rule,
            filter.language, filter.file,
        ]
        return zip(Self.keys, values).compactMap { key, value in value.map { (key, $0) } }
    }

    /// `status=pending&category=violence`, percent-encoded, without the page.
    var queryString: String {
        pairs.map { "\($0.key)=\(FormFields.encode($0.value))" }.joined(separator: "&")
    }

    /// A hidden input carrying the filters through a POST as one query string, so they cannot clash
    /// with the form's own fields (the decision's `category`).
    var hiddenInput: HTML {
        "<input type=\"hidden\" name=\"filters\" value=\"\(queryString)\">"
    }
}
