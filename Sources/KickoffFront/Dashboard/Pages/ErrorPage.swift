import HTTPTypes
import KickoffModel
/// A problem (404, 403, 422, …) as a page: its title and detail, and a way back.
struct ErrorPage {
    var problem: Problem

    func render() -> HTML {
        let errors: [HTML] = problem.errors.map { "<li><code>\($0.field)</code>: \($0.message)</li>" }
        let list: HTML = errors.isEmpty ? .empty : "<ul>\(errors)</ul>"
        return DashboardLayout.page(title: problem.title, section: nil, session: nil, """
        <section class="problem">
        <h1>\(Int(problem.status.code)) \(problem.title)</h1>
        <p>\(problem.detail)</p>
        \(list)
        <p><a href="/ui/runs">Back to the runs</a></p>
        </section>
        """)
    }
}
