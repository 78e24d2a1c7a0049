import KickoffModel
import Testing

/// The pipeline keys of durable runs, read from a file.
@Suite struct DurableKeysTests {
    @Test func theKeysAreRead() throws {
        let file = try PipelineFileLoader.load(yaml: """
            pipelines:
              p:
                retries: {max_attempts: 3, backoff: 2s}
                max_reclaims: 5
                keep_artifacts: true
                max_parallel: 2
                continue_on_failure: true
                steps:
                  a: {run: [x], retries: {max_attempts: 4, backoff: 0s}}
                  b: {run: [x]}
            """, path: "/tmp/p.yaml")
        let pipeline = try #require(file.pipeline(named: "p"))
        #expect(pipeline.maxReclaims == 5)
        #expect(pipeline.keepArtifacts)
        #expect(pipeline.maxParallel == 2)
        #expect(pipeline.continueOnFailure)
        let a = try #require(pipeline.step(named: "a")), b = try #require(pipeline.step(named: "b"))
        #expect(pipeline.retries(of: a) == RetryPolicy(maxAttempts: 4, backoff: .zero))
        #expect(pipeline.retries(of: b) == RetryPolicy(maxAttempts: 3, backoff: .seconds(2)))
    }

    @Test func theDefaults() throws {
        let file = try PipelineFileLoader.load(yaml: "pipelines: {p: {steps: {a: {run: [x]}}}}", path: "/tmp/p.yaml")
        let pipeline = try #require(file.pipeline(named: "p"))
        #expect(pipeline.maxReclaims == 3)
        #expect(!pipeline.keepArtifacts)
        #expect(pipeline.maxParallel == nil)
        #expect(!pipeline.continueOnFailure)
    }
}
