import Crypto
import Foundation

/// Loads and validates a policy directory: one YAML file per category plus `refusals.yaml`.
///
/// Every problem in every file is collected, so `policy lint` can show them all at once;
/// ``load(directory:)`` throws a ``PolicyError`` when any of them is an error.
public struct PolicyLoader: Sendable {
    static let categoryKeys: Set<String> = [
        "category", "description", "taxonomy", "refuse_prompts", "forbid_responses", "allow", "tests",
    ]
    static let refusalKeys: Set<String> = [
        "description", "over_refusal", "opening_length", "markers", "allow", "tests",
    ]

    /// Creates a loader.
    public init() {}

    /// The result of reading a directory: the set (when it could be built) and every diagnostic.
    public struct Result: Sendable {
        /// The loaded set, `nil` when an error prevents it.
        public var set: PolicySet?
        /// Errors and warnings in file order.
        public var diagnostics: [PolicyDiagnostic]
    }

    /// Loads `directory`, throwing when it has any error.
    /// - Throws: ``PolicyError`` listing every error with file, line and column.
    public func load(directory: String) throws(PolicyError) -> PolicySet {
        let result = inspect(directory: directory)
        if let set = result.set, !result.diagnostics.contains(where: { $0.severity == .error }) {
            return set
        }
        throw PolicyError(result.diagnostics.filter { $0.severity == .error })
    }

    /// Loads `directory` and returns every diagnostic instead of throwing.
    public func inspect(directory: String) -> Result {
        let directoryLocation = SourceLocation(file: directory, line: 1, column: 1)
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
                .filter { !$0.hasPrefix(".") }
                .sorted()
        } catch {
            return Result(
                directoryError: "cannot read the policy directory: \(error.localizedDescription)",
                directoryLocation
            )
        }
        if names.isEmpty {
            return Result(
                directoryError:
                    "the policy directory has no .yaml files; expected one file per category plus refusals.yaml",
                directoryLocation
            )
        }
        var diagnostics: [PolicyDiagnostic] = []
        var categories: [CategoryPolicy] = []
        var refusals: RefusalPolicy?
        var hasher = SHA256()
        for name in names {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            guard let data = FileManager.default.contents(atPath: path) else {
                diagnostics.append(
                    PolicyDiagnostic(
                        .error,
                        at: SourceLocation(file: path, line: 1, column: 1),
                        "cannot read the file (check permissions)"
                    )
                )
                continue
            }
            hasher.update(data: Array(name.utf8) + [0])
            hasher.update(data: data)
            hasher.update(data: [0])
            guard let text = String(validating: data, as: UTF8.self) else {
                diagnostics.append(
                    PolicyDiagnostic(
                        .error,
                        at: SourceLocation(file: path, line: 1, column: 1),
                        "the file is not valid UTF-8; save it as UTF-8"
                    )
                )
                continue
            }
            var parser = PolicyFileParser(file: path, text: text)
            if name == "refusals.yaml" || name == "refusals.yml" {
                refusals = parseRefusals(&parser)
            } else if let category = parseCategory(&parser) {
                categories.append(category)
            }
            diagnostics += parser.diagnostics
        }
        if refusals == nil && !names.contains(where: { $0.hasPrefix("refusals.") }) {
            diagnostics.append(
                PolicyDiagnostic(
                    .error,
                    at: directoryLocation,
                    "the policy directory has no refusals.yaml; without refusal markers no response counts as a refusal"
                )
            )
        }
        diagnostics += crossFileChecks(categories: categories, refusals: refusals)
        let digest = "sha256:" + hasher.finalize().map { String(format: "%02x", $0) }.joined()
        let set = refusals.map { PolicySet(directory: directory, categories: categories, refusals: $0, digest: digest) }
        return Result(set: set, diagnostics: diagnostics)
    }

    private func parseCategory(_ parser: inout PolicyFileParser) -> CategoryPolicy? {
        guard let root = parser.root() else { return nil }
        guard
            let entries = parser.attempt({ () throws(PolicyError) in try root.mappingEntries(what: "a category file") })
        else { return nil }
        var fields: [String: YAMLNode] = [:]
        for entry in entries {
            if Self.categoryKeys.contains(entry.key) {
                fields[entry.key] = entry.value
            } else {
                parser.report(
                    entry.keyLocation,
                    "unknown key `\(entry.key)`; a category file has: \(Self.categoryKeys.sorted().joined(separator: ", "))"
                )
            }
        }
        guard let categoryNode = fields["category"],
            let category = parser.attempt({ () throws(PolicyError) in try categoryNode.string(what: "`category`") })
        else {
            parser.report(root.location, "a category file needs `category:` (e.g. `category: violence`)")
            return nil
        }
        if category.isEmpty
            || !category.unicodeScalars.allSatisfy({
                ($0.value >= 0x61 && $0.value <= 0x7A) || $0 == "_" || ($0.value >= 0x30 && $0.value <= 0x39)
            })
        {
            parser.report(categoryNode.location, "category `\(category)` must use only a-z, 0-9 and `_`")
        }
        let description = fields["description"].flatMap { node in
            parser.attempt { () throws(PolicyError) in try node.string(what: "`description`") }
        }
        if description == nil {
            parser.report(root.location, "a category file needs `description:` saying what the category covers")
        }
        let taxonomy = fields["taxonomy"].flatMap { node in
            parser.attempt { () throws(PolicyError) in try node.string(what: "`taxonomy`") }
        }
        var rules: [PolicyRule] = []
        for kind in [RuleKind.refusePrompt, .forbidResponse, .allow] {
            if let list = fields[kind.rawValue] {
                rules += parser.rules(list, kind: kind, category: category, defaultTaxonomy: taxonomy)
            }
        }
        let tests = fields["tests"].map { parser.tests($0) } ?? []
        return CategoryPolicy(
            category: category,
            description: description ?? "",
            file: parser.file,
            rules: rules,
            tests: tests
        )
    }

    private func parseRefusals(_ parser: inout PolicyFileParser) -> RefusalPolicy? {
        guard let root = parser.root() else { return nil }
        guard let entries = parser.attempt({ () throws(PolicyError) in try root.mappingEntries(what: "refusals.yaml") })
        else { return nil }
        var policy = RefusalPolicy(file: parser.file)
        for entry in entries {
            let value = entry.value
            switch entry.key {
            case "description": break
            case "over_refusal":
                policy.reportsOverRefusal =
                    parser.attempt { () throws(PolicyError) in try value.bool(what: "`over_refusal`") } ?? true
            case "opening_length":
                let length = parser.attempt { () throws(PolicyError) in try value.int(what: "`opening_length`") } ?? 300
                if length < 1 { parser.report(value.location, "`opening_length` must be at least 1 (code points)") }
                policy.openingLength = max(1, length)
            case "markers":
                policy.markers = parser.rules(value, kind: .refusalMarker, category: nil, defaultTaxonomy: nil)
            case "allow": policy.allow = parser.rules(value, kind: .refusalAllow, category: nil, defaultTaxonomy: nil)
            case "tests": policy.tests = parser.tests(value)
            default:
                parser.report(
                    entry.keyLocation,
                    "unknown key `\(entry.key)`; refusals.yaml has: \(Self.refusalKeys.sorted().joined(separator: ", "))"
                )
            }
        }
        if policy.markers.isEmpty {
            parser.report(root.location, "refusals.yaml needs `markers:`, the phrases that make a response a refusal")
        }
        return policy
    }

    /// Duplicate ids and categories, rules without tests, languages without refusal markers.
    private func crossFileChecks(categories: [CategoryPolicy], refusals: RefusalPolicy?) -> [PolicyDiagnostic] {
        var diagnostics: [PolicyDiagnostic] = []
        var seenRules: [String: SourceLocation] = [:]
        let allRules = categories.flatMap(\.rules) + (refusals?.markers ?? []) + (refusals?.allow ?? [])
        for rule in allRules {
            if let first = seenRules[rule.id] {
                diagnostics.append(
                    PolicyDiagnostic(
                        .error,
                        at: rule.location,
                        "duplicate rule id `\(rule.id)`; it is first used at \(first)",
                        rule: rule.id
                    )
                )
            } else {
                seenRules[rule.id] = rule.location
            }
        }
        var seenCategories: [String: String] = [:]
        for category in categories {
            if let first = seenCategories[category.category] {
                diagnostics.append(
                    PolicyDiagnostic(
                        .error,
                        at: SourceLocation(file: category.file, line: 1, column: 1),
                        "category `\(category.category)` is also defined in \(first); use one file per category"
                    )
                )
            }
            seenCategories[category.category] = category.file
        }
        let testedRules = Set(categories.flatMap(\.tests).flatMap { $0.expect ?? [] }.compactMap(\.rule))
        for rule in categories.flatMap(\.rules) where rule.kind != .allow && !testedRules.contains(rule.id) {
            diagnostics.append(
                PolicyDiagnostic(
                    .warning,
                    at: rule.location,
                    "rule `\(rule.id)` has no embedded test that expects it; add one under `tests:`",
                    rule: rule.id
                )
            )
        }
        if let refusals {
            let markerLanguages = refusals.languages
            for rule in categories.flatMap(\.rules) where rule.kind == .refusePrompt {
                for language in rule.languages where !markerLanguages.contains(language) {
                    diagnostics.append(
                        PolicyDiagnostic(
                            .error,
                            at: rule.location,
                            "rule `\(rule.id)` declares language `\(language)` but refusals.yaml has no marker for it, so refusals in that language would be missed",
                            rule: rule.id
                        )
                    )
                }
            }
        }
        return diagnostics
    }
}

extension PolicyLoader.Result {
    /// No set: the directory itself cannot be used.
    fileprivate init(directoryError message: String, _ location: SourceLocation) {
        self.init(set: nil, diagnostics: [PolicyDiagnostic(.error, at: location, message)])
    }
}
