import Batch
import Foundation

/// The one-screen summary `scan --summary` prints to stderr.
enum SummaryText {
    static func render(_ report: FileReport, files: Int, unreadable: Int) -> String {
        var lines = [
            "files: \(files)\(unreadable > 0 ? " (\(unreadable) unreadable)" : "")   items: \(report.items)   bytes: \(report.bytes)",
            "pass: \(report.passed)   flag: \(report.flagged)   error: \(report.errors)",
        ]
        if !report.findingsByKind.isEmpty {
            lines.append("findings by kind:")
            for (kind, count) in report.findingsByKind.sorted(by: { $0.key < $1.key }) {
                lines.append("  \(kind.padding(toLength: 20, withPad: " ", startingAt: 0)) \(count)")
            }
            lines.append("findings by category:")
            for (category, count) in report.findingsByCategory.sorted(by: { $0.key < $1.key }) {
                lines.append("  \(category.padding(toLength: 20, withPad: " ", startingAt: 0)) \(count)")
            }
        }
        lines.append("policy: \(report.policyDigest)")
        return lines.joined(separator: "\n")
    }
}
