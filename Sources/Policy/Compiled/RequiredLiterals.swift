import Foundation
import Prefilter

/// Finds the literal strings a PCRE2 pattern cannot match without, for the prefilter (YARA calls them
/// atoms).
///
/// The result is a list of clauses: every match of the pattern contains, for each clause, at least one
/// of that clause's strings (letter case aside). `(?:how|ways?)[^.]{0,60}(?:kill|stab)` gives
/// `[["how", "way"], ["kill", "stab"]]`. A text that lacks one clause cannot match, so PCRE2 need not run.
///
/// The parser reads the PCRE2 syntax our policies use and treats everything else as "some unknown
/// text", which only ever loses requirements, never invents one:
/// - literals, escaped punctuation, `\x{…}`, `\Q…\E` and small bracket classes (`[sz]`) are exact, and so is
///   `\s`, written as ``whiteSpace`` (the prefilter scans for it as a white-space class), so `to\skill` stays
///   one string; `\b` is kept as ``wordBoundary``, so `\bfuse` does not count "confuse";
/// - other assertions (`^`, look-arounds) consume nothing, so literals on both sides stay adjacent, and a
///   positive look-around adds its own clauses;
/// - `X?` is exact (`X` or nothing); other repeats keep `X`'s clauses when `X` must occur at least once;
/// - an alternation is exact when every branch is; else, for a clause of one branch, it needs that clause or
///   the best matching clause of each other branch (`(?:make[^.]*bomb|bomb[^.]*make)` needs both words);
/// - a pattern in extended mode (`(?x)`) or with an escape this parser does not know yields nothing.
enum RequiredLiterals {
    /// Changes whenever the extraction or the relaxation changes, so cached prefilter databases from an older one
    /// are not reused (atoms11: a string whose hits always hold another string of its clause is dropped).
    static let version = "atoms11"

    /// Stands for one white-space character in a clause string (see ``PrefilterPattern/whiteSpace``).
    static let whiteSpace = PrefilterPattern.whiteSpace
    /// Stands for a word boundary in a clause string (see ``PrefilterPattern/wordBoundary``).
    static let wordBoundary = PrefilterPattern.wordBoundary
    /// Whether `scalar` is one of the two stand-ins, which a pattern may not contain literally.
    static func isStandIn(_ scalar: Unicode.Scalar) -> Bool { scalar == whiteSpace || scalar == wordBoundary }

    /// A clause is only worth a prefilter scan if its shortest string has at least this many bytes besides the
    /// stand-ins (``whiteSpace``, ``wordBoundary``), a digit counting as two (see ``minimumByteLength(_:)``).
    static let minimumLength = 3
    /// At most this many clauses are kept per rule (the most selective ones).
    static let maximumClauses = 3
    /// A clause with more strings than this is not used: Vectorscan's compile time grows faster than the
    /// filtering it buys (`violence.resp.self-harm-method`'s 915 phrases took 22 of the response group's 36 s).
    static let maximumClauseStrings = 512
    /// Exact sets larger than this are not multiplied out further. As large as a usable clause: at 256, the 377
    /// verb phrases after `pour` in `violence.resp.harm-how-to.fr` were cut loose from it, leaving `pour` and the
    /// bare verbs (`découpe`: "découpe le travail") as clauses, and 6,894 PCRE2 runs on the benchmark corpus that
    /// all failed; at 512 the clause is `pour tuer`, `pour découper`, … and none run. The prefilter then takes
    /// about 66 s to compile instead of 45 s (cached, and done in the background on reload).
    static let maximumExactStrings = 512

    /// The most selective clauses of `pattern`, or `[]` when it has none worth scanning for.
    static func clauses(of pattern: String) -> [[String]] {
        var parser = Parser(Array(pattern.unicodeScalars))
        let node = parser.parseAlternation()
        guard !parser.failed, parser.atEnd else { return [] }
        let usable = node.allClauses.filter {
            minimumByteLength($0) >= minimumLength && $0.count <= maximumClauseStrings
        }
        var chosen: [[String]] = []
        for clause in usable.sorted(by: isMoreSelective) where !chosen.contains(where: { mostlyImplies($0, clause) }) {
            chosen.append(clause)
            if chosen.count == maximumClauses { break }
        }
        return chosen.map(withoutImpliedStrings)
    }

    /// Rarer first: by the expected number of hits, each string counted as one chance in 26 per letter or digit
    /// it holds (so "the " and "my " weigh more than a list of long verbs), then by the clause itself so the
    /// order never depends on anything else.
    static func isMoreSelective(_ a: [String], _ b: [String]) -> Bool {
        let (hitsA, hitsB) = (expectedHits(a), expectedHits(b))
        if hitsA != hitsB { return hitsA < hitsB }
        return a.lexicographicallyPrecedes(b)
    }

    /// The sum over the clause's strings of 26^-n, n the string's letters and digits plus its word boundaries
    /// (a word that must start or end there is about as much rarer as one more letter).
    static func expectedHits(_ clause: [String]) -> Double {
        clause.reduce(0) { sum, string in
            let letters = string.unicodeScalars.filter {
                $0 == wordBoundary || $0.properties.isAlphabetic || $0.properties.numericType != nil
            }
            return sum + pow(26, -Double(letters.count))
        }
    }

    /// Whether a text holding one of `chosen`'s strings mostly holds one of `clause`'s too, so scanning for
    /// `clause` as well would filter little: `to kill` implies `kill`, and two unions of nearly the same branch
    /// clauses imply each other. "Mostly" weighs each of `chosen`'s strings by its expected hits: the strings a
    /// clause shares with a chosen one are often the long, rare ones (`shoot up a school` in both "plan" verbs and
    /// attack nouns), and counted one each they hid that the frequent ones (`plan`) imply nothing.
    static func mostlyImplies(_ chosen: [String], _ clause: [String]) -> Bool {
        let needles = clause.map(lowered)
        var covered = 0.0
        var total = 0.0
        for string in chosen {
            let weight = expectedHits([string])
            total += weight
            let haystack = lowered(string)
            if needles.contains(where: { contains(haystack, $0) }) { covered += weight }
        }
        return 2 * covered > total
    }

    /// The length of the clause's shortest string in bytes, stand-ins aside. A string with a digit counts one
    /// byte more: two-letter strings match everywhere and slow the scan down, but digits are rare in prose, so
    /// `C4` among the explosives (`bomb`, `TNT`, `C-4`, …) costs the scan no more than a three-letter word. Without
    /// that, the one short name made `violence.weapons.explosives.en` fall back to its verbs (`make`, `build`): 10,156
    /// PCRE2 runs on the benchmark corpus instead of 1,498, for the same 982 matches.
    static func minimumByteLength(_ clause: [String]) -> Int {
        clause.map { string in
            string.unicodeScalars.reduce(0) { $0 + (isStandIn($1) ? 0 : UTF8.width($1)) }
                + (string.unicodeScalars.contains { $0.properties.numericType == .decimal } ? 1 : 0)
        }.min() ?? 0
    }

    /// Drops duplicates and strings that contain another string of the clause (letter case aside):
    /// a text holding "killing" also holds "kill".
    static func pruned(_ clause: [String]) -> [String] {
        // Only ASCII letters are folded: that much case-insensitivity every matcher agrees on.
        let lowered = clause.map(lowered)
        let order = lowered.indices.sorted { lowered[$0].count < lowered[$1].count }
        var kept: [Int] = []
        // Shortest first, so a string is dropped when one of its substrings was kept. Every substring's hash
        // is looked up (hashes computed incrementally, strings compared only on a hit), which stays cheap for
        // clauses of hundreds of short strings.
        var keptByHash: [UInt64: [Int]] = [:]
        for index in order {
            let bytes = lowered[index]
            var redundant = false
            // The hash of the whole string: the last one taken from start 0 (FNV-1a).
            var wholeHash: UInt64 = 0xcbf2_9ce4_8422_2325
            search: for start in bytes.indices {
                var hash: UInt64 = 0xcbf2_9ce4_8422_2325
                for end in (start + 1)...bytes.count {
                    hash = (hash ^ UInt64(bytes[end - 1])) &* 0x100_0000_01b3
                    if start == 0 { wholeHash = hash }
                    guard let sameHash = keptByHash[hash] else { continue }
                    if sameHash.contains(where: { lowered[$0].elementsEqual(bytes[start..<end]) }) {
                        redundant = true
                        break search
                    }
                }
            }
            guard !redundant else { continue }
            kept.append(index)
            keptByHash[wholeHash, default: []].append(index)
        }
        return kept.sorted().map { clause[$0] }
    }

    private static func lowered(_ string: String) -> [UInt8] {
        string.utf8.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }
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
        /// Clauses every match of the piece satisfies, each pruned.
        var clauses: [[String]] = []

        static let empty = Node(exact: [""])
        static let unknown = Node(exact: nil)

        /// Every clause the piece guarantees, its exact strings included, pruned.
        var allClauses: [[String]] {
            guard let exact, !exact.contains("") else { return clauses }
            return clauses + [RequiredLiterals.pruned(exact)]
        }
    }
}
