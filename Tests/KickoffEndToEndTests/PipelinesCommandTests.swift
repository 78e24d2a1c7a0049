import Foundation
import KickoffTestSupport
import Testing

/// `kickoff pipelines validate FILE`: every problem as FILE:LINE: message, exit status 1.
@Suite struct PipelinesCommandTests {
    @Test func validateNamesTheFileTheLineAndTheProblem() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kickoff-validate-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("pipelines.yaml")
        try """
        pipelines:
          broken:
            stepz: {}
            steps:
              a: {run: [echo, "{{missing}}"]}
              b: {run: [echo], after: [nowhere]}
        """.write(to: file, atomically: true, encoding: .utf8)
        let (status, output) = try await KickoffProcess.run(["pipelines", "validate", file.path])
        #expect(status == 1)
        #expect(output.contains("\(file.path):3: "), "\(output)")
        #expect(output.contains("\(file.path):5: "), "\(output)")
        #expect(output.contains("\(file.path):6: "), "\(output)")
        #expect(output.contains("nowhere"))

        try """
        pipelines:
          fine:
            steps:
              a: {run: [echo, hi]}
        """.write(to: file, atomically: true, encoding: .utf8)
        let ok = try await KickoffProcess.run(["pipelines", "validate", file.path])
        #expect(ok.status == 0, "\(ok.output)")
    }
}
