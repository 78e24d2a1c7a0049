import Foundation
import Hummingbird
import HummingbirdTesting
@testable import KickoffFront
import Testing

/// The files in `Sources/KickoffFront/Resources/` are served byte for byte as they are on disk (the
/// binary's embedded copy is the file), with the content types and caching headers they always had.
@Suite struct ServedFileTests {
    static let resources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Sources/KickoffFront/Resources").standardized

    struct ServedFile: Sendable, CustomTestStringConvertible {
        let route: String
        let file: String
        let contentType: String
        let cacheControl: String?
        var testDescription: String { route }
    }

    @Test(arguments: [
        ServedFile(route: "/openapi.yaml", file: "openapi.yaml", contentType: "application/yaml; charset=utf-8", cacheControl: nil),
        ServedFile(route: "/ui/static/dashboard.js", file: "dashboard.js", contentType: "text/javascript; charset=utf-8",
                   cacheControl: "public, max-age=300"),
        ServedFile(route: "/ui/static/dashboard.css", file: "dashboard.css", contentType: "text/css; charset=utf-8",
                   cacheControl: "public, max-age=300"),
    ])
    func eachFileIsServedAsItIsOnDisk(_ served: ServedFile) async throws {
        let onDisk = try [UInt8](Data(contentsOf: Self.resources.appendingPathComponent(served.file)))
        #expect(!onDisk.isEmpty)
        let fixture = try await FrontFixture()
        let response = try await fixture.test { client in try await client.execute(uri: served.route, method: .get) }
        #expect(response.status == .ok)
        #expect(response.headers[.contentType] == served.contentType)
        #expect(response.headers[.cacheControl] == served.cacheControl)
        #expect(Array(response.body.readableBytesView) == onDisk)
    }
}
