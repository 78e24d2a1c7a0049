@testable import KickoffFront
import Testing

/// Before the front serves `Sources/KickoffFront/Resources/` instead of its Swift strings: each file
/// holds exactly the bytes its string holds, so the switch changes no served byte.
@Suite struct EmbeddedResourceTests {
    @Test func eachFileHoldsTheBytesOfItsSwiftString() {
        #expect(PackageResources.openapi_yaml == Array(OpenAPIDocument.yaml.utf8))
        #expect(PackageResources.dashboard_js == Array(DashboardScript.javascript.utf8))
        #expect(PackageResources.dashboard_css == Array(DashboardStyle.css.utf8))
    }
}
