import Foundation
@testable import KickoffModel
import Testing

@Suite("Loading pipeline files")
struct PipelineFileLoaderTests {
    @Test func everyProblemOfAFileIsReportedInLineOrder() {
        let yaml = """
            pipelines:
              training:
                timeout: forever
                retries: {max_attempts: 3, backof: 5s}
                outputs: report
                steps:
                  load:
                    run: [python3, load.py, "--url={{url}}"]
                    parameters:
                      url: {type: strin}
                  train:
                    run: [python3, train.py, "{{epochs}}"]
                    after: [lod]
                    parameters:
                      epochs: {type: integer, default: 2.5}
              "bad name":
                steps: {s: {run: []}}
            """
        let diagnostics = PipelineFixtures.diagnostics(yaml)
        let expected: [(marker: String, message: String)] = [
            ("forever", "invalid duration 'forever'"),
            ("backof", "unknown key 'backof'"),
            ("outputs: report", "outputs names the step 'report'"),
            ("--url=", "a parameter may only be a whole element"),
            ("url: {type", "unknown type 'strin' (did you mean 'string'?)"),
            ("after: [lod]", "after names 'lod'"),
            ("epochs: {type", "default: expected integer, got number 2.5"),
            ("bad name", "pipeline name 'bad name' is not valid"),
        ]
        #expect(diagnostics.count == expected.count, "\(diagnostics.map(\.description).joined(separator: "\n"))")
        for (diagnostic, expectation) in zip(diagnostics, expected) {
            #expect(diagnostic.line == PipelineFixtures.line(of: expectation.marker, in: yaml), "\(diagnostic)")
            #expect(diagnostic.message.contains(expectation.message), "\(diagnostic)")
        }
    }

    @Test func aStepWithABadRunIsStillCheckedForEverythingElse() {
        let yaml = """
            pipelines:
              training:
                steps:
                  load:
                    run: [python3, load.py, "--url={{url}}"]
                    parameters:
                      url: {type: string, default: "s3://x"}
                  train:
                    run: ["{{x}}"]
                    after: [lod, train]
                presets:
                  prod: {load: {ur: x}}
            """
        let diagnostics = PipelineFixtures.diagnostics(yaml)
        let expected: [(marker: String, message: String)] = [
            ("--url=", "a parameter may only be a whole element"),
            ("train:", "dependency cycle: 'train' after 'train'"),
            ("{{x}}", "the program (first element) must be literal"),
            ("after: [lod", "after names 'lod'"),
            ("prod:", "the step has no parameter 'ur' (did you mean 'url'?)"),
        ]
        #expect(diagnostics.count == expected.count, "\(diagnostics.map(\.description).joined(separator: "\n"))")
        for (diagnostic, expectation) in zip(diagnostics, expected) {
            #expect(diagnostic.line == PipelineFixtures.line(of: expectation.marker, in: yaml), "\(diagnostic)")
            #expect(diagnostic.message.contains(expectation.message), "\(diagnostic)")
        }
    }

    @Test func yamlSyntaxErrorNamesItsLine() {
        let yaml = """
            pipelines:
              p:
                steps: {s: {run: [x]}
                description: x
            """
        #expect {
            try PipelineFixtures.load(yaml)
        } throws: { error in
            guard case .syntax(let file, let line?, let message)? = error as? PipelineFileError else { return false }
            return file == PipelineFixtures.path && line == 4 && !message.isEmpty
        }
    }

    @Test func tabIndentationIsASyntaxError() throws {
        let error = try #require(throws: PipelineFileError.self) {
            try PipelineFixtures.load("pipelines:\n\tp: {}\n")
        }
        #expect(error.lines.count == 1)
        #expect(error.lines.first?.hasPrefix("\(PipelineFixtures.path):2: YAML syntax error: ") == true)
    }

    @Test func unreadableFile() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/missing.yaml"
        let error = try #require(throws: PipelineFileError.self) { try PipelineFileLoader.load(path: path) }
        guard case .unreadable(let errorPath, let reason) = error else {
            Issue.record("expected .unreadable, got \(error)")
            return
        }
        #expect(errorPath == path)
        #expect(!reason.isEmpty)
        #expect(PipelineFileLoader.validate(path: path) == ["\(path): cannot read the file: \(reason)"])
    }

    @Test func notUTF8() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/latin1.yaml"
        try [UInt8]([0x70, 0x3A, 0x20, 0xE9, 0x0A]).withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: path)) }
        #expect(PipelineFileLoader.validate(path: path) == ["\(path): cannot read the file: the file is not valid UTF-8"])
    }

    @Test func validatePrintsOneLinePerProblem() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("""
            pipelines:
              p:
                steps:
                  a: {run: [x], after: [b]}
                  b: {run: [x], after: [a], timeout: 5x}
            """, to: "pipelines.yaml")
        #expect(PipelineFileLoader.validate(path: path) == [
            "\(path):4: dependency cycle: 'a' after 'b' after 'a'",
            "\(path):5: step 'b': timeout: invalid duration '5x': unknown unit 'x' (use ms, s, m, h, d as in 500ms, 90s, 1h30m, or whole seconds)",
        ])
    }

    @Test func severalPipelinesKeepFileOrder() throws {
        let file = try PipelineFixtures.load("""
            pipelines:
              zeta: {steps: {s: {run: [x]}}}
              alpha: {steps: {s: {run: [x]}}}
              mid: {steps: {s: {run: [x]}}}
            """)
        #expect(file.names == ["zeta", "alpha", "mid"])
    }

    @Test func stepEnvAndNonStringScalars() throws {
        let pipeline = try PipelineFixtures.pipeline(PipelineFixtures.withSteps("""
            s:
              run: [sleep, 5, true]
              env: {THREADS: 4, DEBUG: false, NAME: x}
            """))
        let step = try #require(pipeline.steps.first)
        #expect(step.run == [.literal("sleep"), .literal("5"), .literal("true")])
        #expect(step.env == ["THREADS": "4", "DEBUG": "false", "NAME": "x"])
    }

    @Test func afterMayBeASingleName() throws {
        let pipeline = try PipelineFixtures.pipeline(PipelineFixtures.withSteps("""
            b: {run: [x], after: a}
            a: {run: [x]}
            """))
        #expect(pipeline.steps.map(\.name) == ["a", "b"])
        #expect(pipeline.step(named: "b")?.after == ["a"])
    }
}
