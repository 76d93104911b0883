/// Shows text on one terminal line: in double quotes, with line breaks, tabs, quotes and
/// backslashes escaped, cut to a number of characters with an ellipsis.
enum Quoting {
    /// `text` quoted and escaped, at most `limit` characters of it.
    static func quoted(_ text: String, limit: Int = 40) -> String {
        var shown = ""
        for scalar in text.unicodeScalars.prefix(limit) {
            switch scalar {
            case "\n": shown += "\\n"
            case "\r": shown += "\\r"
            case "\t": shown += "\\t"
            case "\"": shown += "\\\""
            case "\\": shown += "\\\\"
            default: shown.unicodeScalars.append(scalar)
            }
        }
        if text.unicodeScalars.count > limit { shown += "…" }
        return "\"" + shown + "\""
    }
}
