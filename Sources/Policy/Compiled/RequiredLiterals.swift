import Foundation

/// Finds the literal strings a PCRE2 pattern cannot match without, for the prefilter (YARA calls them
/// atoms).
///
/// The result is a list of clauses: every match of the pattern contains, for each clause, at least one
/// of that clause's strings (letter case aside). `(?:how|ways?)[^.]{0,60}(?:kill|stab)` gives
/// `[["how", "way"], ["kill", "stab"]]`. A text that lacks one clause cannot match, so PCRE2 need not run.
///
/// The parser reads the PCRE2 syntax our policies use and treats everything else as "some unknown
/// text", which only ever loses requirements, never invents one:
/// - literals, escaped punctuation, `\x{…}`, `\Q…\E` and small bracket classes (`[sz]`) are exact;
/// - assertions (`\b`, `^`, look-arounds) consume nothing, so literals on both sides stay adjacent, and a
///   positive look-around adds its own clauses;
/// - `X?` is exact (`X` or nothing); other repeats keep `X`'s clauses when `X` must occur at least once;
/// - an alternation is exact when every branch is, else it needs one of its branches' best clauses;
/// - a pattern in extended mode (`(?x)`) or with an escape this parser does not know yields nothing.
enum RequiredLiterals {
    /// Changes whenever the extraction changes, so cached prefilter databases from an older one are not reused.
    static let version = "atoms2"

    /// A clause is only worth a prefilter scan if its shortest string has at least this many bytes.
    static let minimumLength = 3
    /// At most this many clauses are kept per rule (the most selective ones).
    static let maximumClauses = 3
    /// Exact sets larger than this are not multiplied out further.
    static let maximumExactStrings = 64

    /// The most selective clauses of `pattern`, or `[]` when it has none worth scanning for.
    static func clauses(of pattern: String) -> [[String]] {
        var parser = Parser(Array(pattern.unicodeScalars))
        let node = parser.parseAlternation()
        guard !parser.failed, parser.atEnd else { return [] }
        var clauses = node.clauses
        if let exact = node.exact, !exact.contains("") { clauses.append(exact) }
        let usable = clauses.map(pruned).filter { minimumByteLength($0) >= minimumLength }
        var chosen: [[String]] = []
        for clause in usable.sorted(by: isMoreSelective) where !chosen.contains(clause) {
            chosen.append(clause)
            if chosen.count == maximumClauses { break }
        }
        return chosen
    }

    /// Rarer first: by the expected number of hits, each string counted as one chance in 26 per letter or digit
    /// it holds (so "the " and "my " weigh more than a list of long verbs), then by the clause itself so the
    /// order never depends on anything else.
    static func isMoreSelective(_ a: [String], _ b: [String]) -> Bool {
        let (hitsA, hitsB) = (expectedHits(a), expectedHits(b))
        if hitsA != hitsB { return hitsA < hitsB }
        return a.lexicographicallyPrecedes(b)
    }

    /// The sum over the clause's strings of 26^-n, n the string's letters and digits.
    static func expectedHits(_ clause: [String]) -> Double {
        clause.reduce(0) { sum, string in
            let letters = string.unicodeScalars.filter {
                $0.properties.isAlphabetic || $0.properties.numericType != nil
            }
            return sum + pow(26, -Double(letters.count))
        }
    }

    static func minimumByteLength(_ clause: [String]) -> Int {
        clause.map(\.utf8.count).min() ?? 0
    }

    /// Drops duplicates and strings that contain another string of the clause (letter case aside):
    /// a text holding "killing" also holds "kill".
    static func pruned(_ clause: [String]) -> [String] {
        // Only ASCII letters are folded: that much case-insensitivity every matcher agrees on.
        let lowered = clause.map { $0.utf8.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 } }
        let order = lowered.indices.sorted { lowered[$0].count < lowered[$1].count }
        var kept: [Int] = []
        for index in order where !kept.contains(where: { contains(lowered[index], lowered[$0]) }) {
            kept.append(index)
        }
        return kept.sorted().map { clause[$0] }
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        if needle.isEmpty { return true }
        var start = 0
        while start + needle.count <= haystack.count {
            if haystack[start] == needle[0] && haystack[start..<(start + needle.count)].elementsEqual(needle) {
                return true
            }
            start += 1
        }
        return false
    }

    /// What is known about a piece of a pattern.
    struct Node {
        /// The piece matches exactly one of these strings (`[""]` for assertions), or `nil` when unknown.
        var exact: [String]?
        /// Clauses every match of the piece satisfies.
        var clauses: [[String]] = []

        static let empty = Node(exact: [""])
        static let unknown = Node(exact: nil)

        /// The most selective clause the piece guarantees, if any.
        var bestClause: [String]? {
            var all = clauses
            if let exact, !exact.contains("") { all.append(exact) }
            return all.map(RequiredLiterals.pruned).min(by: RequiredLiterals.isMoreSelective)
        }
    }
}
