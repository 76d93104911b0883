extension RequiredLiterals {
    /// A recursive-descent reader of PCRE2 syntax that computes a ``Node`` per piece.
    struct Parser {
        private let scalars: [Unicode.Scalar]
        private var index = 0
        /// Set when the pattern uses syntax whose meaning for literals is not known here.
        private(set) var failed = false

        init(_ scalars: [Unicode.Scalar]) {
            self.scalars = scalars
        }

        var atEnd: Bool { index >= scalars.count }

        private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
            index + offset < scalars.count ? scalars[index + offset] : nil
        }

        /// `a|b|…` up to a closing parenthesis or the end.
        mutating func parseAlternation() -> Node {
            var branches = [parseSequence()]
            while !failed, peek() == "|" {
                index += 1
                branches.append(parseSequence())
            }
            guard branches.count > 1 else { return branches[0] }
            if branches.allSatisfy({ $0.exact != nil }) {
                let union = Array(Set(branches.flatMap { $0.exact! })).sorted()
                if union.count <= RequiredLiterals.maximumExactStrings {
                    return Node(exact: union)
                }
            }
            return Node(exact: nil, clauses: Self.alternationClauses(branches.map(\.allClauses)))
        }

        /// Clauses every match of one of the branches satisfies. A text matching a branch holds one of that
        /// branch's clauses, so a union with one clause from each branch always holds. The most selective
        /// clauses seed one union each, grown with whichever clause of each branch adds the fewest hits:
        /// `(?:make[^.]*bomb|bomb[^.]*make)` gives both `[make]` and `[bomb]`, not `[make, bomb]`.
        static func alternationClauses(_ options: [[[String]]]) -> [[String]] {
            guard !options.isEmpty, options.allSatisfy({ !$0.isEmpty }) else { return [] }
            var weights: [String: Double] = [:]
            func hits(_ string: String) -> Double {
                if let known = weights[string] { return known }
                // A string too short to scan for makes the whole clause unusable: weigh it as a sure hit.
                let tooShort = RequiredLiterals.minimumByteLength([string]) < RequiredLiterals.minimumLength
                let weight = tooShort ? 1 : RequiredLiterals.expectedHits([string])
                weights[string] = weight
                return weight
            }
            func hits(_ clause: [String]) -> Double { clause.reduce(0) { $0 + hits($1) } }
            // Seeding from every clause costs clauses × branches unions: seed from the most selective few.
            var seeds: [[String]] = []
            for clause in options.joined().sorted(by: { hits($0) < hits($1) }) where !seeds.contains(clause) {
                seeds.append(clause)
                if seeds.count == 2 * RequiredLiterals.maximumClauses { break }
            }
            var found: [[String]] = []
            for seed in seeds {
                var grown = Set(seed)
                for other in options {
                    func added(_ clause: [String]) -> Double { hits(clause.filter { !grown.contains($0) }) }
                    guard let best = other.min(by: { added($0) < added($1) }) else { continue }
                    grown.formUnion(best)
                }
                let clause = grown.count == seed.count ? seed : RequiredLiterals.pruned(grown.sorted())
                if !found.contains(clause) { found.append(clause) }
            }
            return found
        }

        /// Pieces in a row, up to `|`, `)` or the end.
        private mutating func parseSequence() -> Node {
            var run: [String] = [""]
            var clauses: [[String]] = []
            var allExact = true
            func flush() {
                if !run.contains("") { clauses.append(RequiredLiterals.pruned(run)) }
                run = [""]
            }
            while !failed, let scalar = peek(), scalar != "|", scalar != ")" {
                let item = parseQuantified()
                clauses += item.clauses
                guard let exact = item.exact else {
                    flush()
                    allExact = false
                    continue
                }
                let product = run.flatMap { prefix in exact.map { prefix + $0 } }
                if product.count <= RequiredLiterals.maximumExactStrings {
                    run = product
                } else {
                    flush()
                    run = exact
                    allExact = false
                }
            }
            if allExact { return Node(exact: run, clauses: clauses) }
            flush()
            return Node(exact: nil, clauses: clauses)
        }

        /// One atom and its quantifier, if any.
        private mutating func parseQuantified() -> Node {
            let atom = parseAtom()
            guard let bounds = parseQuantifier() else { return atom }
            if bounds.min == 0 {
                if bounds.max == 1, let exact = atom.exact {
                    return Node(exact: Array(Set(exact + [""])).sorted())
                }
                return .unknown
            }
            if bounds.min == 1 && bounds.max == 1 { return atom }
            var clauses = atom.clauses
            if let exact = atom.exact, !exact.contains("") { clauses.append(RequiredLiterals.pruned(exact)) }
            return Node(exact: nil, clauses: clauses)
        }

        /// `?`, `*`, `+`, `{m}`, `{m,}`, `{m,n}` with an optional lazy `?` or possessive `+`.
        private mutating func parseQuantifier() -> (min: Int, max: Int?)? {
            var bounds: (min: Int, max: Int?)
            switch peek() {
            case "?": bounds = (0, 1)
            case "*": bounds = (0, nil)
            case "+": bounds = (1, nil)
            case "{":
                guard let counted = countedRepeat() else { return nil }
                bounds = counted.bounds
                index = counted.end - 1
            default: return nil
            }
            index += 1
            if peek() == "?" || peek() == "+" { index += 1 }
            return bounds
        }

        private func countedRepeat() -> (bounds: (min: Int, max: Int?), end: Int)? {
            var position = index + 1
            func number() -> Int? {
                var digits = ""
                while position < scalars.count, scalars[position].isASCII, ("0"..."9").contains(scalars[position]) {
                    digits.unicodeScalars.append(scalars[position])
                    position += 1
                }
                return Int(digits)
            }
            guard let low = number() else { return nil }
            var high: Int? = low
            if position < scalars.count, scalars[position] == "," {
                position += 1
                high = number()
            }
            guard position < scalars.count, scalars[position] == "}" else { return nil }
            return ((low, high), position + 1)
        }

        private mutating func parseAtom() -> Node {
            let scalar = scalars[index]
            index += 1
            switch scalar {
            case "(": return parseGroup()
            case "[": return parseClass()
            case ".": return .unknown
            case "^", "$": return .empty
            case "\\": return parseEscape()
            case RequiredLiterals.whiteSpace, RequiredLiterals.wordBoundary: return .unknown
            default: return Node(exact: [String(scalar)])
            }
        }

        /// After `(`: the group's kind decides how its contents count.
        private mutating func parseGroup() -> Node {
            if peek() == "*" { return skipGroup() }
            guard peek() == "?" else { return parseGroupBody() }
            switch (peek(1), peek(2)) {
            case (":", _), ("|", _), (">", _):
                index += 2
                return parseGroupBody()
            case ("=", _):
                index += 2
                return assertion(parseGroupBody())
            case ("<", "="):
                index += 3
                return assertion(parseGroupBody())
            case ("!", _):
                index += 2
                _ = parseGroupBody()
                return .empty
            case ("<", "!"):
                index += 3
                _ = parseGroupBody()
                return .empty
            case ("#", _):
                while let next = peek(), next != ")" { index += 1 }
                index += 1
                return .empty
            case ("<", _), ("'", _), ("P", "<"):
                // A named group: skip `?`, the opening `<`, `'` or `P<`, then the name.
                index += peek(1) == "P" ? 3 : 2
                while let next = peek(), next != ">", next != "'" { index += 1 }
                index += 1
                return parseGroupBody()
            default:
                return parseOptionGroup()
            }
        }

        /// `(?i)`, `(?-i)`, `(?i:…)`; anything else after `(?` (recursion, conditionals, callouts) is unknown.
        private mutating func parseOptionGroup() -> Node {
            var position = index + 1
            while position < scalars.count, "imsnuJU-^".unicodeScalars.contains(scalars[position]) {
                position += 1
            }
            guard position < scalars.count, position > index + 1 || scalars[position] == ")" else {
                if position < scalars.count, scalars[position] == "x" { failed = true }
                return skipGroup()
            }
            index = position + 1
            if scalars[position] == ")" { return .empty }
            guard scalars[position] == ":" else {
                failed = true
                return .unknown
            }
            return parseGroupBody()
        }

        private mutating func parseGroupBody() -> Node {
            let inner = parseAlternation()
            guard peek() == ")" else {
                failed = true
                return .unknown
            }
            index += 1
            return inner
        }

        /// A positive look-around: consumes nothing, but what it looks for must be in the text.
        private func assertion(_ inner: Node) -> Node {
            var clauses = inner.clauses
            if let exact = inner.exact, !exact.contains("") { clauses.append(RequiredLiterals.pruned(exact)) }
            return Node(exact: [""], clauses: clauses)
        }

        /// Skips a group whose meaning is not analysed (balanced parentheses, escapes and classes respected).
        private mutating func skipGroup() -> Node {
            var depth = 1
            while depth > 0, let scalar = peek() {
                index += 1
                switch scalar {
                case "\\": index += 1
                case "[": _ = parseClass()
                case "(": depth += 1
                case ")": depth -= 1
                default: break
                }
            }
            if depth > 0 { failed = true }
            return .unknown
        }

        /// After `[`: a small set of plain characters is exact; anything wider is unknown.
        private mutating func parseClass() -> Node {
            var members: [String] = []
            var plain = true
            if peek() == "^" {
                plain = false
                index += 1
            }
            if peek() == "]" {
                members.append("]")
                index += 1
            }
            while let scalar = peek(), scalar != "]" {
                index += 1
                switch scalar {
                case "\\":
                    guard let escaped = peek() else { break }
                    index += 1
                    if escaped.isASCII && (escaped.properties.isAlphabetic || ("0"..."9").contains(escaped)) {
                        plain = false
                        if escaped == "p" || escaped == "P" || escaped == "x" || escaped == "o", peek() == "{" {
                            while let next = peek(), next != "}" { index += 1 }
                            index += 1
                        }
                    } else {
                        members.append(String(escaped))
                    }
                case "[" where peek() == ":":
                    plain = false
                    while let next = peek(), !(next == ":" && peek(1) == "]") { index += 1 }
                    index += 2
                case "-" where !members.isEmpty && peek() != "]":
                    plain = false
                default:
                    members.append(String(scalar))
                }
            }
            guard peek() == "]" else {
                failed = true
                return .unknown
            }
            index += 1
            guard plain, !members.isEmpty, members.count <= 8,
                !members.contains(where: { $0.unicodeScalars.contains(where: RequiredLiterals.isStandIn) })
            else { return .unknown }
            return Node(exact: Array(Set(members)).sorted())
        }

        /// After `\`.
        private mutating func parseEscape() -> Node {
            guard let escaped = peek() else {
                failed = true
                return .unknown
            }
            index += 1
            switch escaped {
            case "b":
                return Node(exact: [String(RequiredLiterals.wordBoundary)])
            case "B", "A", "z", "Z", "G", "K", "E":
                return .empty
            case "s":
                return Node(exact: [String(RequiredLiterals.whiteSpace)])
            case "N" where peek() == "{" && peek(1) == "U" && peek(2) == "+":
                // `\N{U+hh…}` is a code point, the same as `\x{hh…}`.
                index += 3
                return codePoint(hexDigitsToBrace())
            case "d", "D", "w", "W", "S", "h", "H", "v", "V", "R", "N", "X", "C", "r", "f", "e", "a":
                return .unknown
            case "p", "P":
                if peek() == "{" {
                    while let next = peek(), next != "}" { index += 1 }
                    index += 1
                } else {
                    index += 1
                }
                return .unknown
            case "n": return Node(exact: ["\n"])
            case "t": return Node(exact: ["\t"])
            case "x": return hexEscape()
            case "Q":
                var literal = ""
                while let next = peek(), !(next == "\\" && peek(1) == "E") {
                    literal.unicodeScalars.append(next)
                    index += 1
                }
                if !atEnd { index += 2 }
                if literal.unicodeScalars.contains(where: RequiredLiterals.isStandIn) { return .unknown }
                return Node(exact: [literal])
            default:
                if escaped.isASCII && (escaped.properties.isAlphabetic || ("0"..."9").contains(escaped)) {
                    // Back references, octal, control characters and the like: not worth knowing here.
                    failed = true
                    return .unknown
                }
                return Node(exact: [String(escaped)])
            }
        }

        /// `\xHH` or `\x{H…}`.
        private mutating func hexEscape() -> Node {
            var digits = ""
            if peek() == "{" {
                index += 1
                digits = hexDigitsToBrace()
            } else {
                while digits.count < 2, let next = peek(), next.properties.isASCIIHexDigit {
                    digits.unicodeScalars.append(next)
                    index += 1
                }
            }
            return codePoint(digits)
        }

        /// The text up to the next `}`, which it skips too.
        private mutating func hexDigitsToBrace() -> String {
            var digits = ""
            while let next = peek(), next != "}" {
                digits.unicodeScalars.append(next)
                index += 1
            }
            index += 1
            return digits
        }

        /// The one-character literal with code point `digits` (hexadecimal); unknown when that is not one.
        private mutating func codePoint(_ digits: String) -> Node {
            guard let value = UInt32(digits, radix: 16), let scalar = Unicode.Scalar(value) else {
                failed = true
                return .unknown
            }
            if RequiredLiterals.isStandIn(scalar) { return .unknown }
            return Node(exact: [String(scalar)])
        }
    }
}
