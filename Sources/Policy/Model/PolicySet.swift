/// Every policy file of a directory, validated but not yet compiled.
public struct PolicySet: Sendable, Equatable {
    /// The directory it was loaded from.
    public var directory: String
    /// Category files in name order.
    public var categories: [CategoryPolicy]
    /// The refusal markers.
    public var refusals: RefusalPolicy
    /// `sha256:<hex>` over the files' names and bytes; goes into every verdict.
    public var digest: String

    /// Creates a policy set.
    public init(directory: String, categories: [CategoryPolicy], refusals: RefusalPolicy, digest: String) {
        self.directory = directory
        self.categories = categories
        self.refusals = refusals
        self.digest = digest
    }

    /// Every rule of every file: categories in order, then refusal markers and their allows.
    public var allRules: [PolicyRule] {
        categories.flatMap(\.rules) + refusals.markers + refusals.allow
    }

    /// Every embedded test with the file it belongs to.
    public var allTests: [PolicyTest] {
        categories.flatMap(\.tests) + refusals.tests
    }
}
