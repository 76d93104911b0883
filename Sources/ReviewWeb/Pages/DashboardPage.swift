import Foundation
import ReviewStore

/// Counts per category, per-rule precision (table and bar chart), audit results and agreement.
enum DashboardPage {
    struct Model {
        var session: AnnotatorSession
        var categories: [CategoryCounts]
        var rules: [RulePrecision]
        var audit: AuditSummary
        var agreement: AgreementReport
    }

    static func render(_ model: Model) -> HTML {
        Layout.page(
            title: "Dashboard",
            section: .dashboard,
            session: model.session,
            content: """
                <h1>Dashboard</h1>
                \(categoryTable(model.categories))
                \(ruleSection(model.rules))
                \(auditSection(model.audit))
                \(agreementSection(model.agreement))
                """
        )
    }

    private static func categoryTable(_ counts: [CategoryCounts]) -> HTML {
        let rows = HTML.join(
            counts.map { row in
                let name = row.category ?? "(none)"
                let link = "/queue?status=all&category=\(FormFields.encode(row.category ?? ""))"
                return """
                    <tr><td><a href="\(link)">\(name)</a></td><td>\(row.pending)</td><td>\(row.confirmed)</td>
                    <td>\(row.overturned)</td><td>\(row.escalated)</td><td>\(row.total)</td></tr>
                    """
            }
        )
        return """
            <h2>Flagged items by category</h2>
            <table class="counts" id="category-counts"><thead><tr><th>Category</th><th>Pending</th>
            <th>Confirmed</th><th>Overturned</th><th>Escalated</th><th>Total</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
    }

    private static func ruleSection(_ rules: [RulePrecision]) -> HTML {
        let rows = HTML.join(
            rules.map { rule in
                """
                <tr><td class="rule">\(rule.rule)</td><td>\(rule.category ?? "")</td><td>\(rule.confirmed)</td>
                <td>\(rule.overturned)</td><td>\(rule.escalated)</td><td>\(rule.pending)</td>
                <td>\(percent(rule.precision))</td></tr>
                """
            }
        )
        let bars = rules.map { rule in
            BarChart.Bar(
                label: rule.rule,
                value: rule.precision,
                detail: "\(rule.confirmed)/\(rule.confirmed + rule.overturned)"
            )
        }
        return """
            <h2>Rule precision</h2>
            <p class="hint">Precision = confirmed / (confirmed + overturned), counted per reviewed item.</p>
            <table class="precision" id="rule-precision"><thead><tr><th>Rule</th><th>Category</th>
            <th>Confirmed</th><th>Overturned</th><th>Escalated</th><th>Pending</th><th>Precision</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            \(BarChart.render(bars, title: "Precision per rule"))
            """
    }

    private static func auditSection(_ audit: AuditSummary) -> HTML {
        let misses = HTML.join(
            audit.misses.map { miss in
                """
                <li><a href="/items/\(miss.itemID)?status=all">Item \(miss.itemID)</a> \
                \(miss.category ?? "(no category)") \(miss.note.map { "— " + $0 })</li>
                """
            }
        )
        return """
            <h2>Audit sample (passes)</h2>
            <p id="audit-summary">\(audit.total) sampled, \(audit.reviewed) reviewed: \(audit.correctPasses) correct \
            passes, \(audit.misses.count) misses, \(audit.escalated) escalated. Miss rate: \(percent(audit.missRate)).</p>
            <ul class="misses">\(misses)</ul>
            """
    }

    private static func agreementSection(_ agreement: AgreementReport) -> HTML {
        let kappa = agreement.cohensKappa.map { String(format: "%.2f", $0) } ?? "n/a"
        return """
            <h2>Annotator agreement</h2>
            <p id="agreement">\(agreement.pairs) double-reviewed item(s), agreement \
            \(percent(agreement.percentAgreement)), Cohen's kappa \(kappa).</p>
            """
    }

    static func percent(_ value: Double?) -> String {
        guard let value else { return "n/a" }
        return "\(Int((value * 100).rounded()))%"
    }
}
