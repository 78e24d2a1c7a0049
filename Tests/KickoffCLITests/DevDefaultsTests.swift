import Foundation
import KickoffTestSupport
import Testing
@testable import kickoff

/// `kickoff dev`'s pipeline file when none is named: ./pipelines.yaml, else the checkout's example,
/// else an error that says what it looked for and how to name one.
@Suite struct DevDefaultsTests {
    @Test func aNamedFileWins() throws {
        #expect(try DevCommand.defaultPipelineFile(explicit: "mine.yaml", directory: "/nonexistent") == nil)
    }

    @Test func pipelinesYAMLInTheDirectoryComesBeforeTheExample() async throws {
        try await withTemporaryDirectory { directory in
            try FileManager.default.createDirectory(atPath: directory + "/examples/training", withIntermediateDirectories: true)
            #expect(FileManager.default.createFile(atPath: directory + "/" + DevCommand.examplePipelines, contents: Data()))
            #expect(try DevCommand.defaultPipelineFile(explicit: nil, directory: directory) == DevCommand.examplePipelines)
            #expect(FileManager.default.createFile(atPath: directory + "/pipelines.yaml", contents: Data()))
            #expect(try DevCommand.defaultPipelineFile(explicit: nil, directory: directory) == "pipelines.yaml")
        }
    }

    @Test func noFileSaysWhereItLookedAndHowToNameOne() async throws {
        try await withTemporaryDirectory { directory in
            let error = #expect(throws: ValidationErrorText.self) { try DevCommand.defaultPipelineFile(explicit: nil, directory: directory) }
            #expect(error?.description.contains("exists in \(directory)") == true)
            #expect(error?.description.contains("--pipelines FILE or KICKOFF_PIPELINES") == true)
        }
    }
}
