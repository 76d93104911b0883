import PolicyTools
import Testing

/// Numbers in the JSON reports.
@Suite("JSON numbers")
struct JSONValueTests {
    @Test(
        "ratios print with at most four decimals",
        arguments: [
            (0.75, "0.75"), (1.0 / 3.0, "0.3333"), (1, "1"), (0, "0"), (0.99996, "1"), (0.05, "0.05"),
            (0.0001, "0.0001"),
        ]
    )
    func format(_ value: Double, _ text: String) {
        #expect(JSONValue.number(value).rendered() == text)
    }
}
