/// Wraps the matched spans of a text in `<mark>`, escaping everything.
///
/// Spans are `[start, end)` in Unicode code points (scalars) of the original text, as in the verdict
/// format. Overlapping spans merge into one mark whose `title` lists every rule; spans outside the text
/// are clamped, malformed ones are dropped, so hostile or stale spans never break the page.
enum SpanHighlighter {
    /// One span with the rule that matched it.
    struct Span: Equatable {
        var start: Int
        var end: Int
        var rule: String
    }

    static func render(_ text: String, spans: [Span]) -> HTML {
        let scalars = Array(text.unicodeScalars)
        let clamped = spans.compactMap { span -> Span? in
            let start = max(0, min(span.start, scalars.count))
            let end = max(0, min(span.end, scalars.count))
            return end > start ? Span(start: start, end: end, rule: span.rule) : nil
        }.sorted { ($0.start, $0.end) < ($1.start, $1.end) }

        var merged: [(start: Int, end: Int, rules: [String])] = []
        for span in clamped {
            if let last = merged.last, span.start < last.end {
                merged[merged.count - 1].end = max(last.end, span.end)
                if !last.rules.contains(span.rule) {
                    merged[merged.count - 1].rules.append(span.rule)
                }
            } else {
                merged.append((span.start, span.end, [span.rule]))
            }
        }

        var parts: [HTML] = []
        var cursor = 0
        for region in merged {
            parts.append("\(slice(scalars, cursor, region.start))")
            let title = region.rules.joined(separator: ", ")
            parts.append("<mark title=\"\(title)\">\(slice(scalars, region.start, region.end))</mark>")
            cursor = region.end
        }
        parts.append("\(slice(scalars, cursor, scalars.count))")
        return HTML.join(parts)
    }

    private static func slice(_ scalars: [Unicode.Scalar], _ start: Int, _ end: Int) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[start..<end])
        return String(view)
    }
}
