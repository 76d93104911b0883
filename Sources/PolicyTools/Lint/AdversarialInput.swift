/// A text built to make a backtracking regex engine explode: an optional lead-in, a unit
/// repeated many times, a final character the pattern does not expect, and a tail that holds
/// the pattern's own literals (so PCRE2's "required character" shortcut does not skip the work).
public struct AdversarialInput: Sendable, Equatable, CustomStringConvertible {
    /// Text before the run (often the pattern's first literal word).
    public var prefix: String
    /// The repeated unit.
    public var unit: String
    /// How many times `unit` is repeated.
    public var count: Int
    /// The final, non-matching character(s) and the pattern's literals.
    public var suffix: String

    /// Creates an input.
    public init(prefix: String = "", unit: String, count: Int, suffix: String = "") {
        self.prefix = prefix
        self.unit = unit
        self.count = count
        self.suffix = suffix
    }

    /// The full text.
    public var text: String { prefix + String(repeating: unit, count: count) + suffix }

    /// The same input with the unit repeated `count` times.
    public func repeated(_ count: Int) -> AdversarialInput {
        AdversarialInput(prefix: prefix, unit: unit, count: count, suffix: suffix)
    }

    /// A short, exact description such as `"how " × 512 + "!" + "bomb"` (length in characters).
    public var description: String {
        var parts: [String] = []
        if !prefix.isEmpty { parts.append(Quoting.quoted(prefix)) }
        parts.append("\(Quoting.quoted(unit)) × \(count)")
        if !suffix.isEmpty { parts.append(Quoting.quoted(suffix)) }
        return parts.joined(separator: " + ") + " (\(text.unicodeScalars.count) characters)"
    }

    /// The inputs to try against `pattern`, each with the unit repeated about `length`
    /// characters' worth: runs of the pattern's literal words and class samples, generic runs
    /// (`"a"`, `"a "`, `"1"`, …), each ended by a non-matching character and the pattern's literals.
    public static func inputs(for pattern: String, length: Int = 4096) -> [AdversarialInput] {
        let atoms = PatternAtoms(pattern)
        var units: [String] = []
        func add(_ unit: String) {
            if !unit.isEmpty && !units.contains(unit) && units.count < 32 { units.append(unit) }
        }
        for generic in ["a", "a ", "1", " ", "a1 ", "aa, "] { add(generic) }
        for word in atoms.words.prefix(6) {
            add(word)
            add(word + " ")
        }
        for pair in zip(atoms.words, atoms.words.dropFirst()).prefix(3) { add(pair.0 + " " + pair.1 + " ") }
        for character in atoms.characters.prefix(8) {
            add(character)
            add(character + " ")
        }
        // PCRE2 gives up at once when a character the pattern requires is absent, so one tail
        // holds every literal; another has the last word's final character instead of the word,
        // so the engine finds the required character but no match, and backtracks through the run.
        let words = Array(atoms.words.prefix(8))
        var tails = ["! " + (words + atoms.characters.filter { $0 != " " }.prefix(8)).joined(separator: " ")]
        if let last = words.last?.unicodeScalars.last {
            tails.append("! " + (words.dropLast() + [String(last)]).joined(separator: " "))
        }
        tails += ["☃", "!"]
        var prefixes = [""]
        if let first = atoms.words.first { prefixes.append(first + " ") }
        if atoms.words.count > 1 { prefixes.append(atoms.words.prefix(2).joined(separator: " ") + " ") }
        var inputs: [AdversarialInput] = []
        for prefix in prefixes {
            for unit in units {
                let count = max(1, length / max(1, unit.unicodeScalars.count))
                for tail in tails where prefix.isEmpty || tail == tails[0] {
                    inputs.append(AdversarialInput(prefix: prefix, unit: unit, count: count, suffix: tail))
                }
            }
        }
        return inputs
    }
}
