/// A horizontal bar chart as inline SVG: no script, no style attributes (the CSP forbids inline style),
/// sizes as presentation attributes, every label escaped.
enum BarChart {
    struct Bar {
        var label: String
        /// 0…1; nil draws an empty track labelled "n/a".
        var value: Double?
        /// Shown after the bar, e.g. "2/3".
        var detail: String
    }

    static func render(_ bars: [Bar], title: String) -> HTML {
        let rowHeight = 22
        let labelWidth = 260
        let trackWidth = 300
        let height = max(rowHeight, bars.count * rowHeight) + 4
        let width = labelWidth + trackWidth + 120
        let rows = HTML.join(
            bars.enumerated().map { index, bar in
                let y = index * rowHeight + 2
                let filled = Int(((bar.value ?? 0) * Double(trackWidth)).rounded())
                let percent = bar.value.map { "\(Int(($0 * 100).rounded()))% (\(bar.detail))" } ?? "n/a"
                let labelY = y + 15
                let valueX = labelWidth + trackWidth + 8
                let fillClass = (bar.value ?? 1) < 0.5 ? "bar low" : "bar"
                return """
                    <text x="0" y="\(labelY)" class="bar-label">\(bar.label)</text>
                    <rect x="\(labelWidth)" y="\(y)" width="\(trackWidth)" height="16" class="track"></rect>
                    <rect x="\(labelWidth)" y="\(y)" width="\(filled)" height="16" class="\(fillClass)"></rect>
                    <text x="\(valueX)" y="\(labelY)" class="bar-value">\(percent)</text>
                    """
            }
        )
        return """
            <svg class="chart" role="img" width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)" \
            xmlns="http://www.w3.org/2000/svg"><title>\(title)</title>\(rows)</svg>
            """
    }
}
