/// One category file (`violence.yaml`, ...): its rules and tests.
public struct CategoryPolicy: Sendable, Equatable {
    /// The category name, e.g. `violence`.
    public var category: String
    /// What the category covers.
    public var description: String
    /// The file it was loaded from.
    public var file: String
    /// `refuse_prompts`, `forbid_responses` and `allow` rules, in file order.
    public var rules: [PolicyRule]
    /// Embedded tests.
    public var tests: [PolicyTest]

    /// Creates a category policy.
    public init(category: String, description: String, file: String, rules: [PolicyRule], tests: [PolicyTest]) {
        self.category = category
        self.description = description
        self.file = file
        self.rules = rules
        self.tests = tests
    }
}
