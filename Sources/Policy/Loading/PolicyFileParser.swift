import Yams

/// Parses one policy file's YAML into the model, collecting every problem with its location.
struct PolicyFileParser {
    static let ruleKeys: Set<String> = [
        "id", "description", "severity", "pattern", "languages", "caseless", "taxonomy", "falsepositives", "note",
        "target", "scope", "language",
    ]
    static let findingKinds: Set<String> = ["missing_refusal", "disallowed_content", "over_refusal", "rule_error"]

    let file: String
    let text: String
    private(set) var diagnostics: [PolicyDiagnostic] = []

    init(file: String, text: String) {
        self.file = file
        self.text = text
    }

    /// Resolves only `null` (`~`, empty): `YAMLNode` reads booleans and numbers from the scalar text when asked, so
    /// the default resolver's other rules only cost regular-expression runs on every scalar (a tenth of start-up).
    private static let resolver = Resolver.basic.appending(.null)

    /// Parses the file's root mapping, or records why it cannot.
    mutating func root() -> YAMLNode? {
        let lines = Self.yamlLines(text)
        do {
            guard let node = try Yams.compose(yaml: text, Self.resolver) else {
                report(
                    SourceLocation(file: file, line: 1, column: 1),
                    "the file is empty; it needs at least `category:` and `description:`"
                )
                return nil
            }
            return YAMLNode(node: node, file: file, lines: lines)
        } catch let error as YamlError {
            report(yamlErrorLocation(error), "invalid YAML: \(yamlProblem(error))")
        } catch {
            report(SourceLocation(file: file, line: 1, column: 1), "invalid YAML: \(error)")
        }
        return nil
    }

    mutating func report(_ location: SourceLocation, _ message: String, rule: String? = nil) {
        diagnostics.append(PolicyDiagnostic(.error, at: location, message, rule: rule))
    }

    mutating func warn(_ location: SourceLocation, _ message: String, rule: String? = nil) {
        diagnostics.append(PolicyDiagnostic(.warning, at: location, message, rule: rule))
    }

    /// Runs `body`, turning a thrown `PolicyError` into recorded diagnostics.
    mutating func attempt<T>(_ body: () throws(PolicyError) -> T) -> T? {
        do {
            return try body()
        } catch {
            diagnostics.append(contentsOf: error.diagnostics)
            return nil
        }
    }

    // MARK: Rules

    mutating func rules(_ list: YAMLNode, kind: RuleKind, category: String?, defaultTaxonomy: String?) -> [PolicyRule] {
        guard let items = attempt({ () throws(PolicyError) in try list.sequence(what: "`\(kind.rawValue)`") }) else {
            return []
        }
        return items.compactMap { rule($0, kind: kind, category: category, defaultTaxonomy: defaultTaxonomy) }
    }

    mutating func rule(_ node: YAMLNode, kind: RuleKind, category: String?, defaultTaxonomy: String?) -> PolicyRule? {
        guard let entries = attempt({ () throws(PolicyError) in try node.mappingEntries(what: "a rule") }) else {
            return nil
        }
        var fields: [String: YAMLNode] = [:]
        for entry in entries {
            if Self.ruleKeys.contains(entry.key) {
                fields[entry.key] = entry.value
            } else {
                report(
                    entry.keyLocation,
                    "unknown key `\(entry.key)` in a rule; known keys: \(Self.ruleKeys.sorted().joined(separator: ", "))"
                )
            }
        }
        let isMarker = kind == .refusalMarker || kind == .refusalAllow
        guard let idNode = fields["id"], let id = attempt({ () throws(PolicyError) in try idNode.string(what: "`id`") })
        else {
            report(node.location, "a rule needs an `id` such as `\(category ?? "refusal").topic.name`")
            return nil
        }
        if !Self.isValidID(id) {
            report(
                idNode.location,
                "rule id `\(id)` must start with a lowercase letter or digit and use only a-z, 0-9, `.`, `_`, `-`",
                rule: id
            )
        }
        guard let patternNode = fields["pattern"],
            let pattern = attempt({ () throws(PolicyError) in try patternNode.string(what: "`pattern`") })
        else {
            report(node.location, "rule `\(id)` needs a `pattern` (PCRE2 syntax)", rule: id)
            return nil
        }
        let description = fields["description"].flatMap { n in
            attempt { () throws(PolicyError) in try n.string(what: "`description`") }
        }
        if description == nil || description!.isEmpty {
            report(node.location, "rule `\(id)` needs a `description` saying what it detects", rule: id)
        }
        var severity = RuleSeverity.medium
        if let severityNode = fields["severity"] {
            let text = attempt { () throws(PolicyError) in try severityNode.string(what: "`severity`") } ?? ""
            if let value = RuleSeverity(rawValue: text) {
                severity = value
            } else {
                report(
                    severityNode.location,
                    "`severity` of rule `\(id)` is `\(text)`; use one of low, medium, high, critical",
                    rule: id
                )
            }
        } else if !isMarker {
            report(node.location, "rule `\(id)` needs a `severity` (low, medium, high or critical)", rule: id)
        }
        var languages: [String] = []
        for key in ["languages", "language"] {
            if let languageNode = fields[key] {
                languages += attempt({ () throws(PolicyError) in try languageNode.stringList(what: "`\(key)`") }) ?? []
                for language in languages where !Self.isLanguageCode(language) {
                    report(
                        languageNode.location,
                        "`\(language)` is not an ISO 639-1 language code (two lowercase letters, e.g. `de`)",
                        rule: id
                    )
                }
            }
        }
        if isMarker && languages.isEmpty {
            report(node.location, "refusal entry `\(id)` needs a `language` (ISO 639-1 code)", rule: id)
        }
        var target = PolicyRule.Target.both
        if let targetNode = fields["target"] {
            let text = attempt { () throws(PolicyError) in try targetNode.string(what: "`target`") } ?? ""
            if let value = PolicyRule.Target(rawValue: text), kind == .allow {
                target = value
            } else {
                report(
                    targetNode.location,
                    "`target` is only for `allow` rules and must be prompt, response or both",
                    rule: id
                )
            }
        }
        var scope = PolicyRule.Scope.anywhere
        if let scopeNode = fields["scope"] {
            let text = attempt { () throws(PolicyError) in try scopeNode.string(what: "`scope`") } ?? ""
            if let value = PolicyRule.Scope(rawValue: text), kind == .refusalMarker {
                scope = value
            } else {
                report(
                    scopeNode.location,
                    "`scope` is only for refusal markers and must be opening or anywhere",
                    rule: id
                )
            }
        } else if kind == .refusalMarker {
            report(node.location, "refusal marker `\(id)` needs a `scope`: opening or anywhere", rule: id)
        }
        return PolicyRule(
            id: id,
            kind: kind,
            category: category,
            description: description ?? "",
            severity: severity,
            pattern: pattern,
            languages: languages,
            caseless: fields["caseless"].flatMap { n in
                attempt { () throws(PolicyError) in try n.bool(what: "`caseless`") }
            } ?? true,
            taxonomy: fields["taxonomy"].flatMap { n in
                attempt { () throws(PolicyError) in try n.string(what: "`taxonomy`") }
            } ?? defaultTaxonomy,
            falsePositives: fields["falsepositives"].flatMap { n in
                attempt { () throws(PolicyError) in try n.stringList(what: "`falsepositives`") }
            } ?? [],
            note: fields["note"].flatMap { n in attempt { () throws(PolicyError) in try n.string(what: "`note`") } },
            target: target,
            scope: scope,
            location: node.location,
            patternLocation: patternNode.patternLocation
        )
    }

    // MARK: Tests

    mutating func tests(_ list: YAMLNode) -> [PolicyTest] {
        guard let items = attempt({ () throws(PolicyError) in try list.sequence(what: "`tests`") }) else { return [] }
        var result: [PolicyTest] = []
        for (index, item) in items.enumerated() {
            if let test = test(item, number: index + 1) { result.append(test) }
        }
        return result
    }

    mutating func test(_ node: YAMLNode, number: Int) -> PolicyTest? {
        guard let entries = attempt({ () throws(PolicyError) in try node.mappingEntries(what: "a test") }) else {
            return nil
        }
        var name: String?
        var prompt: String?
        var response: String?
        var refused: Bool?
        var expect: [PolicyTest.Expectation]?
        for entry in entries {
            let value = entry.value
            switch entry.key {
            case "name": name = attempt { () throws(PolicyError) in try value.string(what: "`name`") }
            case "prompt": prompt = attempt { () throws(PolicyError) in try value.string(what: "`prompt`") }
            case "response": response = attempt { () throws(PolicyError) in try value.string(what: "`response`") }
            case "refused": refused = attempt { () throws(PolicyError) in try value.bool(what: "`refused`") }
            case "expect": expect = expectations(value)
            default:
                report(
                    entry.keyLocation,
                    "unknown key `\(entry.key)` in a test; known keys: expect, name, prompt, refused, response"
                )
            }
        }
        if prompt == nil && response == nil {
            report(node.location, "a test needs a `prompt`, a `response` or both")
            return nil
        }
        if expect == nil && refused == nil {
            report(node.location, "a test needs `expect` (the findings, `[]` for none) or `refused` (true/false)")
            return nil
        }
        let baseName = NSStringPath(path: file).lastComponent
        return PolicyTest(
            name: name ?? "\(baseName)#\(number)",
            prompt: prompt,
            response: response,
            expect: expect,
            refused: refused,
            location: node.location
        )
    }

    mutating func expectations(_ node: YAMLNode) -> [PolicyTest.Expectation]? {
        guard let items = attempt({ () throws(PolicyError) in try node.sequence(what: "`expect`") }) else { return nil }
        var result: [PolicyTest.Expectation] = []
        for item in items {
            var kind: String?
            var rule: String?
            if case .scalar = item.node {
                kind = attempt { () throws(PolicyError) in try item.string(what: "an expected finding") }
            } else if let entries = attempt({ () throws(PolicyError) in
                try item.mappingEntries(what: "an expected finding")
            }) {
                for entry in entries {
                    switch entry.key {
                    case "kind": kind = attempt { () throws(PolicyError) in try entry.value.string(what: "`kind`") }
                    case "rule": rule = attempt { () throws(PolicyError) in try entry.value.string(what: "`rule`") }
                    default:
                        report(
                            entry.keyLocation,
                            "unknown key `\(entry.key)` in an expected finding; use `kind` and `rule`"
                        )
                    }
                }
            }
            guard let kind, Self.findingKinds.contains(kind) else {
                report(
                    item.location,
                    "an expected finding needs a `kind`: one of \(Self.findingKinds.sorted().joined(separator: ", "))"
                )
                continue
            }
            result.append(PolicyTest.Expectation(kind: kind, rule: rule))
        }
        return result
    }

    // MARK: Helpers

    static func isValidID(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, first.isASCIILowerOrDigit else { return false }
        return id.unicodeScalars.allSatisfy { $0.isASCIILowerOrDigit || $0 == "." || $0 == "_" || $0 == "-" }
    }

    static func isLanguageCode(_ code: String) -> Bool {
        code.unicodeScalars.count == 2 && code.unicodeScalars.allSatisfy { $0.value >= 0x61 && $0.value <= 0x7A }
    }

    private func yamlErrorLocation(_ error: YamlError) -> SourceLocation {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return locationInText(line: mark.line, column: mark.column)
        case .duplicatedKeysInMapping(_, let context):
            // Yams marks the first occurrence of the (first) repeated key.
            return locationInText(line: context.mark.line, column: context.mark.column)
        default:
            return SourceLocation(file: file, line: 1, column: 1)
        }
    }

    /// libyaml reports a problem found at the end of a file without a final newline on a line after
    /// the last one; such a mark becomes the end of the last line, where an editor can show it.
    private func locationInText(line: Int, column: Int) -> SourceLocation {
        let lines = Self.yamlLines(text)
        guard line > lines.count, let last = lines.last else {
            return SourceLocation(file: file, line: line, column: column)
        }
        return SourceLocation(file: file, line: lines.count, column: last.unicodeScalars.count + 1)
    }

    /// The file's lines, split where YAML breaks lines (LF, CR LF, CR, NEL, LS, PS) so that they
    /// agree with libyaml's line numbers; a lone CR inside a pattern must not shift its columns.
    static func yamlLines(_ text: String) -> [Substring] {
        let scalars = text.unicodeScalars
        var lines: [Substring] = []
        var lineStart = scalars.startIndex
        var index = lineStart
        while index < scalars.endIndex {
            let value = scalars[index].value
            guard value == 0x0A || value == 0x0D || value == 0x85 || value == 0x2028 || value == 0x2029 else {
                index = scalars.index(after: index)
                continue
            }
            lines.append(Substring(scalars[lineStart..<index]))
            index = scalars.index(after: index)
            if value == 0x0D, index < scalars.endIndex, scalars[index] == "\n" { index = scalars.index(after: index) }
            lineStart = index
        }
        lines.append(Substring(scalars[lineStart...]))
        return lines
    }

    private func yamlProblem(_ error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _),
            .composer(let context, let problem, _, _):
            return context.map { "\(problem) (\($0.text))" } ?? problem
        case .duplicatedKeysInMapping(let duplicates, _):
            // Yams's own description embeds the whole file; name the keys instead.
            let keys = duplicates.map { "`\($0)`" }.joined(separator: ", ")
            return duplicates.count == 1
                ? "key \(keys) appears more than once in this mapping; keep one"
                : "keys \(keys) appear more than once in this mapping; keep one of each"
        default:
            return "\(error)"
        }
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIILowerOrDigit: Bool {
        (value >= 0x61 && value <= 0x7A) || (value >= 0x30 && value <= 0x39)
    }
}

/// The last path component of a path string, without Foundation.
struct NSStringPath {
    let path: String
    var lastComponent: String { path.split(separator: "/").last.map(String.init) ?? path }
}
