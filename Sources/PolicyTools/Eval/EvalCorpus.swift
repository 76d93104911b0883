import Foundation

/// A labelled corpus for `policy eval` and `policy diff`: rows read from JSONL (the format of
/// `../shared/corpora/xstest/`, or a `refusald export` of the review store), or built directly
/// from review decisions with ``init(items:)``.
public struct EvalCorpus: Sendable, Equatable {
    /// Where rows come from; decides how a row without `source_labels.type` gets its type.
    public enum Source: Sendable, Equatable {
        /// A labelled corpus: `source_labels.type` is the type.
        case corpus
        /// A `refusald export` of the review store: the type is `review:<queue>` (flagged or audit).
        case reviewExport
    }

    /// The rows, in file order.
    public var items: [LabelledItem]

    /// Creates a corpus from rows (the review store's decisions, a test's hand-made rows).
    public init(items: [LabelledItem]) {
        self.items = items
    }

    /// Reads a JSONL file.
    /// - Throws: ``PolicyToolsError`` when the file cannot be read, is a SQLite database, or
    ///   a line is not a labelled item (naming file and line).
    public static func load(path: String, source: Source = .corpus) throws(PolicyToolsError) -> EvalCorpus {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PolicyToolsError(.unreadableFile, "cannot read the corpus \(path): no such file or no permission")
        }
        if data.starts(with: Array("SQLite format 3".utf8)) {
            throw PolicyToolsError(
                .unsupportedInput,
                "\(path) is a SQLite database; export it first with `refusald export \(path) > reviews.jsonl` "
                    + "and pass the JSONL file"
            )
        }
        return try EvalCorpus(jsonl: data, file: path, source: source)
    }

    /// Parses JSONL bytes; blank lines are skipped.
    /// - Throws: ``PolicyToolsError`` naming the first bad line.
    public init(jsonl data: Data, file: String = "-", source: Source = .corpus) throws(PolicyToolsError) {
        var items: [LabelledItem] = []
        var lineNumber = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            items.append(try CorpusRow.item(Data(line), file: file, line: lineNumber, source: source))
        }
        self.items = items
    }

    /// Parses JSONL text.
    /// - Throws: ``PolicyToolsError`` naming the first bad line.
    public init(jsonl text: String, file: String = "-", source: Source = .corpus) throws(PolicyToolsError) {
        try self.init(jsonl: Data(text.utf8), file: file, source: source)
    }
}
