/// A plain-text table with aligned columns: the first column left-aligned, the others right.
struct TextTable {
    var header: [String]
    var rows: [[String]] = []

    init(_ header: [String]) {
        self.header = header
    }

    mutating func add(_ row: [String]) {
        rows.append(row)
    }

    /// The table, each line indented by `indent` spaces.
    func rendered(indent: Int = 2) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in
            all.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0
        }
        let pad = String(repeating: " ", count: indent)
        return all.map { row in
            let cells = row.enumerated().map { column, cell in
                let fill = String(repeating: " ", count: max(0, widths[column] - cell.count))
                return column == 0 ? cell + fill : fill + cell
            }
            return pad + cells.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    /// `83.3%`, or `-` when undefined.
    static func percent(_ value: Double?) -> String {
        guard let value else { return "-" }
        let tenths = Int((value * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }
}
