/// `refusals.yaml`: the multilingual refusal markers and how refusals are judged.
public struct RefusalPolicy: Sendable, Equatable {
    /// Report `over_refusal` findings (refusals of prompts no rule asked to refuse).
    public var reportsOverRefusal: Bool
    /// How many code points of a response count as its opening.
    public var openingLength: Int
    /// Refusal markers, in file order.
    public var markers: [PolicyRule]
    /// Look-alikes that cancel an overlapping marker.
    public var allow: [PolicyRule]
    /// Embedded tests.
    public var tests: [PolicyTest]
    /// The file it was loaded from (`nil` when the directory has no refusals file).
    public var file: String?

    /// Creates a refusal policy.
    public init(
        reportsOverRefusal: Bool = true,
        openingLength: Int = 300,
        markers: [PolicyRule] = [],
        allow: [PolicyRule] = [],
        tests: [PolicyTest] = [],
        file: String? = nil
    ) {
        self.reportsOverRefusal = reportsOverRefusal
        self.openingLength = openingLength
        self.markers = markers
        self.allow = allow
        self.tests = tests
        self.file = file
    }

    /// The languages that have at least one marker.
    public var languages: Set<String> { Set(markers.flatMap(\.languages)) }
}
