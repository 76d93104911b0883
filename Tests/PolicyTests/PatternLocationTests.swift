import Testing

@testable import Policy

@Suite("PatternLocation")
struct PatternLocationTests {
    private func column(_ line: String, style: PatternLocation.Style, pattern: String, offset: Int) -> Int {
        let start = line.firstIndex(where: { $0 == "'" || $0 == "\"" }) ?? line.firstIndex(of: "x")!
        let startColumn = line.unicodeScalars.distance(from: line.unicodeScalars.startIndex, to: start) + 1
        let location = PatternLocation(
            start: SourceLocation(file: "f.yaml", line: 3, column: startColumn),
            style: style,
            sourceLine: line
        )
        let found = location.location(ofByteOffset: offset, in: pattern)
        #expect(found.file == "f.yaml")
        #expect(found.line == 3)
        return found.column
    }

    @Test("plain scalars map characters one to one")
    func plain() {
        #expect(column("p: xyz", style: .plain, pattern: "xyz", offset: 0) == 4)
        #expect(column("p: xyz", style: .plain, pattern: "xyz", offset: 2) == 6)
        #expect(column("p: xéz", style: .plain, pattern: "xéz", offset: 3) == 6)
    }

    @Test("single-quoted scalars skip the quote and count '' as one character")
    func singleQuoted() {
        #expect(column("p: 'x''y'", style: .singleQuoted, pattern: "x'y", offset: 0) == 5)
        #expect(column("p: 'x''y'", style: .singleQuoted, pattern: "x'y", offset: 2) == 8)
    }

    @Test("double-quoted scalars count escapes by their written width")
    func doubleQuoted() {
        #expect(column(#"p: "\\d\tx""#, style: .doubleQuoted, pattern: "\\d\tx", offset: 3) == 10)
        #expect(column(#"p: "\u00e9x""#, style: .doubleQuoted, pattern: "éx", offset: 2) == 11)
        #expect(column(#"p: "\U0001F600x""#, style: .doubleQuoted, pattern: "😀x", offset: 4) == 15)
    }

    @Test("without the source line or with an unknown style, the start is reported")
    func fallback() {
        let start = SourceLocation(file: "f.yaml", line: 3, column: 7)
        let unknown = PatternLocation(start: start, style: .unknown, sourceLine: "p: >-")
        #expect(unknown.location(ofByteOffset: 5, in: "abcdefgh") == start)
        let noLine = PatternLocation(start: start, style: .plain, sourceLine: nil)
        #expect(noLine.location(ofByteOffset: 5, in: "abcdefgh") == start)
    }
}
