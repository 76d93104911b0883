/// Where a pattern's YAML scalar sits in its file, so a PCRE2 compile error at a byte offset
/// inside the pattern can be reported at the exact line and column of the YAML file.
public struct PatternLocation: Sendable, Equatable {
    /// How the scalar is quoted in the file.
    public enum Style: Sendable, Equatable {
        /// `pattern: foo` — characters map one to one.
        case plain
        /// `pattern: 'foo'` — `''` stands for one quote.
        case singleQuoted
        /// `pattern: "foo"` — backslash escapes.
        case doubleQuoted
        /// Block scalars and anything else: only the start is known.
        case unknown
    }

    /// The scalar's first character (the opening quote for quoted scalars).
    public var start: SourceLocation
    /// The quoting style.
    public var style: Style
    /// The text of the file line the scalar starts on.
    public var sourceLine: String?

    /// Creates a pattern location.
    public init(start: SourceLocation, style: Style, sourceLine: String?) {
        self.start = start
        self.style = style
        self.sourceLine = sourceLine
    }

    /// The file position of the character at `byteOffset` (UTF-8) in the pattern `pattern`.
    public func location(ofByteOffset byteOffset: Int, in pattern: String) -> SourceLocation {
        let prefix = pattern.utf8.prefix(byteOffset)
        let charactersBefore = String(decoding: prefix, as: UTF8.self).unicodeScalars.count
        guard let sourceLine, style != .unknown else { return start }
        let scalars = Array(sourceLine.unicodeScalars)
        var column = start.column - 1  // 0-based index of the scalar's first character
        if style != .plain { column += 1 }  // skip the opening quote
        var remaining = charactersBefore
        while remaining > 0 && column < scalars.count {
            column += sourceWidth(of: scalars, at: column)
            remaining -= 1
        }
        return SourceLocation(file: start.file, line: start.line, column: column + 1)
    }

    /// How many source characters encode the next pattern character.
    private func sourceWidth(of scalars: [Unicode.Scalar], at index: Int) -> Int {
        switch style {
        case .singleQuoted where scalars[index] == "'": return 2
        case .doubleQuoted where scalars[index] == "\\" && index + 1 < scalars.count:
            switch scalars[index + 1] {
            case "x": return 4
            case "u": return 6
            case "U": return 10
            default: return 2
            }
        default: return 1
        }
    }
}
