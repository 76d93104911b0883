import Yams

/// A YAML node with its file, for reading policy files with precise error locations.
struct YAMLNode {
    let node: Node
    let file: String
    let lines: [Substring]

    var location: SourceLocation {
        let mark = node.mark
        return SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    func child(_ value: Node) -> YAMLNode { YAMLNode(node: value, file: file, lines: lines) }

    /// The mapping's entries in file order, or an error when this is not a mapping.
    func mappingEntries(
        what: String
    ) throws(PolicyError) -> [(key: String, keyLocation: SourceLocation, value: YAMLNode)] {
        guard let mapping = node.mapping else {
            throw PolicyError(at: location, "\(what) must be a mapping of `key: value` lines")
        }
        return mapping.map { pair in
            let key = child(pair.key)
            return (pair.key.string ?? "", key.location, child(pair.value))
        }
    }

    func sequence(what: String) throws(PolicyError) -> [YAMLNode] {
        if case .scalar(let scalar) = node, scalar.tag == Tag(.null) || scalar.string.isEmpty {
            return []
        }
        guard let sequence = node.sequence else {
            throw PolicyError(at: location, "\(what) must be a list (lines starting with `- `)")
        }
        return sequence.map(child)
    }

    func string(what: String) throws(PolicyError) -> String {
        guard case .scalar(let scalar) = node else {
            throw PolicyError(at: location, "\(what) must be a string")
        }
        return scalar.string
    }

    func bool(what: String) throws(PolicyError) -> Bool {
        guard let value = node.bool else {
            throw PolicyError(at: location, "\(what) must be true or false")
        }
        return value
    }

    func int(what: String) throws(PolicyError) -> Int {
        guard let value = node.int else {
            throw PolicyError(at: location, "\(what) must be a whole number")
        }
        return value
    }

    func stringList(what: String) throws(PolicyError) -> [String] {
        if case .scalar = node { return [try string(what: what)] }
        return try sequence(what: what).map { item throws(PolicyError) in try item.string(what: "each entry of \(what)")
        }
    }

    var patternLocation: PatternLocation {
        let style: PatternLocation.Style
        switch node.scalar?.style {
        case .plain: style = .plain
        case .singleQuoted: style = .singleQuoted
        case .doubleQuoted: style = .doubleQuoted
        default: style = .unknown
        }
        let line = location.line - 1
        return PatternLocation(
            start: location,
            style: style,
            sourceLine: line >= 0 && line < lines.count ? String(lines[line]) : nil
        )
    }
}
