@testable import KickoffFront
import KickoffModel
import Testing

/// The HTML builder: every interpolated string is escaped; only HTML values go in as they are.
@Suite struct HTMLTests {
    @Test func interpolatedStringsAreEscapedAndHTMLIsNot() {
        let value = #"<b>"it's" & more</b>"#
        let cell: HTML = "<td title=\"\(value)\">\(value)</td>"
        #expect(cell.text == "<td title=\"&lt;b&gt;&quot;it&#39;s&quot; &amp; more&lt;/b&gt;\">&lt;b&gt;&quot;it&#39;s&quot; &amp; more&lt;/b&gt;</td>")
        let row: HTML = "<tr>\(cell)</tr>"
        #expect(row.text == "<tr>" + cell.text + "</tr>")
        let list: [HTML] = ["<li>a</li>", "<li>\("<b>")</li>"]
        let joined: HTML = "<ul>\(list)</ul>"
        #expect(joined.text == "<ul><li>a</li><li>&lt;b&gt;</li></ul>")
        let numbers: HTML = "\(42) \(Int64(7))"
        #expect(numbers.text == "42 7")
    }

    @Test func pagesEscapeTheKeyNameAndErrors() {
        let problem = Problem.invalid([FieldError(field: "<x>", message: "bad & worse")])
        let html = ErrorPage(problem: problem).render().text
        #expect(html.contains("<code>&lt;x&gt;</code>: bad &amp; worse"))
        #expect(!html.contains("<x>"))
    }
}
