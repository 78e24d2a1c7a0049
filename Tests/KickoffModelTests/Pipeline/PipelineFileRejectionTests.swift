@testable import KickoffModel
import Testing

/// Every kind of problem the loader rejects, each with the line it names.
@Suite("Pipeline file rejections")
struct PipelineFileRejectionTests {
    /// Expects exactly one diagnostic, on the line of `marker`, whose message contains `message`.
    private func expectSingleProblem(
        _ yaml: String, at marker: String, occurrence: Int = 1, containing message: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let diagnostics = PipelineFixtures.diagnostics(yaml)
        #expect(diagnostics.count == 1, "\(diagnostics)", sourceLocation: sourceLocation)
        guard let diagnostic = diagnostics.first else { return }
        #expect(diagnostic.line == PipelineFixtures.line(of: marker, in: yaml, occurrence: occurrence),
                "\(diagnostic)", sourceLocation: sourceLocation)
        #expect(diagnostic.message.contains(message), "\(diagnostic)", sourceLocation: sourceLocation)
        #expect(diagnostic.file == PipelineFixtures.path, sourceLocation: sourceLocation)
        #expect(diagnostic.description.hasPrefix("\(PipelineFixtures.path):\(diagnostic.line): "), sourceLocation: sourceLocation)
    }

    // MARK: Unknown keys at every level

    @Test func unknownTopLevelKey() {
        expectSingleProblem("""
            version: 2
            pipelines:
              p: {steps: {s: {run: [x]}}}
            """, at: "version", containing: "unknown key 'version'")
    }

    @Test func unknownPipelineKey() {
        expectSingleProblem("""
            pipelines:
              p:
                descripton: typo
                steps: {s: {run: [x]}}
            """, at: "descripton", containing: "did you mean 'description'?")
    }

    @Test func unknownStepKey() {
        expectSingleProblem(PipelineFixtures.withSteps("""
            a: {run: [x]}
            b:
              run: [x]
              aftr: [a]
            """), at: "aftr", containing: "step 'b': unknown key 'aftr' (did you mean 'after'?)")
    }

    @Test func unknownParameterKey() {
        expectSingleProblem(PipelineFixtures.withSteps("""
            s:
              run: [x]
              parameters:
                n: {type: integer, defualt: 3}
            """), at: "defualt", containing: "unknown key 'defualt'")
    }

    @Test func unknownRetriesKey() {
        expectSingleProblem("""
            pipelines:
              p:
                retries:
                  max_attempts: 2
                  backof: 1s
                steps: {s: {run: [x]}}
            """, at: "backof", containing: "retries: unknown key 'backof' (did you mean 'backoff'?)")
    }

    @Test func unknownScheduleKey() {
        expectSingleProblem("""
            pipelines:
              p:
                steps: {s: {run: [x]}}
                schedules:
                  - cron: "0 3 * * *"
                    tz: UTC
            """, at: "tz:", containing: "schedule 1: unknown key 'tz'")
    }

    // MARK: Steps and their graph

    @Test func afterNamingAMissingStep() {
        expectSingleProblem(PipelineFixtures.withSteps("""
            load: {run: [x]}
            train:
              run: [x]
              after:
                - laod
            """), at: "- laod", containing: "after names 'laod', which is not a step of this pipeline (did you mean 'load'?)")
    }

    @Test func dependencyCycleNamesItsSteps() {
        let yaml = PipelineFixtures.withSteps("""
            start: {run: [x]}
            a: {run: [x], after: [start, c]}
            b: {run: [x], after: [a]}
            c: {run: [x], after: [b]}
            """)
        expectSingleProblem(yaml, at: "a: {run", containing: "dependency cycle: 'a' after 'c' after 'b' after 'a'")
    }

    @Test func stepAfterItself() {
        expectSingleProblem(PipelineFixtures.withSteps("""
            a: {run: [x], after: [a]}
            """), at: "a: {run", containing: "dependency cycle: 'a' after 'a'")
    }

    @Test func twoSeparateCyclesAreBothReported() {
        let yaml = PipelineFixtures.withSteps("""
            a: {run: [x], after: [b]}
            b: {run: [x], after: [a]}
            c: {run: [x], after: [d]}
            d: {run: [x], after: [c]}
            """)
        let diagnostics = PipelineFixtures.diagnostics(yaml)
        #expect(diagnostics.map(\.line) == [PipelineFixtures.line(of: "a: {", in: yaml), PipelineFixtures.line(of: "c: {", in: yaml)])
        #expect(diagnostics.map(\.message) == ["dependency cycle: 'a' after 'b' after 'a'", "dependency cycle: 'c' after 'd' after 'c'"])
    }

    @Test func duplicateAfterEntry() {
        expectSingleProblem(PipelineFixtures.withSteps("""
            a: {run: [x]}
            b:
              run: [x]
              after: [a,
                a]
            """), at: "a]", containing: "after lists 'a' twice")
    }

    // MARK: Duplicate keys and names

    @Test func duplicateStepNameIsRejected() {
        // Yams itself refuses a mapping that repeats a key, before the loader sees the file.
        let yaml = PipelineFixtures.withSteps("""
            train: {run: [x]}
            train: {run: [y]}
            """)
        let diagnostics = PipelineFixtures.diagnostics(yaml)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.line == PipelineFixtures.line(of: "train:", in: yaml))
        #expect(diagnostics.first?.message.contains("duplicate key 'train'") == true)
    }

    @Test func duplicateKeysThatYAMLSeesAsDifferent() {
        // `1` is an integer and `"1"` a string to YAML, but both are the step name "1".
        expectSingleProblem(PipelineFixtures.withSteps("""
            1: {run: [x]}
            "1": {run: [y]}
            """), at: "\"1\":", containing: "duplicate key '1' (first at line 4)")
    }

    @Test func duplicateKeyInAStep() {
        // Yams refuses it and points at the key's first occurrence.
        expectSingleProblem(PipelineFixtures.withSteps("""
            s:
              run: [x]
              timeout: 1m
              "timeout": 2m
            """), at: "timeout: 1m", containing: "duplicate key 'timeout'")
    }

    // MARK: Parameters

    @Test func unknownParameterType() {
        expectSingleProblem(PipelineFixtures.withSteps("""
            s:
              run: [x]
              parameters:
                n: {type: int}
            """), at: "n: {type", containing: "unknown type 'int'")
    }

    @Test func missingParameterType() {
        expectSingleProblem(PipelineFixtures.withSteps("""
            s:
              run: [x]
              parameters:
                n: {default: 3}
            """), at: "n: {default", containing: "has no 'type'")
    }

    @Test func defaultOfTheWrongType() {
        expectSingleProblem(PipelineFixtures.withSteps("""
            s:
              run: [x]
              parameters:
                epochs:
                  type: integer
                  default: 3.5
            """), at: "default: 3.5", containing: "default: expected integer, got number 3.5")
    }

    @Test func quotedNumberIsAString() {
        expectSingleProblem(PipelineFixtures.withSteps("""
            s:
              run: [x]
              parameters:
                epochs: {type: integer, default: "3"}
            """), at: "epochs", containing: "expected integer, got string")
    }

    @Test func defaultOutsideEnum() {
        expectSingleProblem(PipelineFixtures.withSteps("""
            s:
              run: [x]
              parameters:
                model:
                  type: string
                  enum: [forest, boost]
                  default: linear
            """), at: "default: linear", containing: "\"linear\" is not one of the allowed values [\"forest\", \"boost\"]")
    }

    @Test func enumValueOfTheWrongType() {
        expectSingleProblem(PipelineFixtures.withSteps("""
            s:
              run: [x]
              parameters:
                depth:
                  type: integer
                  enum:
                    - 1
                    - two
            """), at: "- two", containing: "enum value: expected integer, got string")
    }

    @Test func integerDefaultForANumberIsFine() throws {
        let pipeline = try PipelineFixtures.pipeline(PipelineFixtures.withSteps("""
            s:
              run: [x]
              parameters:
                lr: {type: number, default: 1, enum: [1, 0.5]}
                n: {type: integer, default: 2.0}
            """))
        #expect(pipeline.steps.first?.parameter(named: "lr")?.defaultValue == .integer(1))
        #expect(pipeline.steps.first?.parameter(named: "n")?.defaultValue == .integer(2))
    }

    @Test func infinityIsNotJSON() {
        expectSingleProblem(PipelineFixtures.withSteps("""
            s:
              run: [x]
              parameters:
                lr: {type: number, default: .inf}
            """), at: "lr:", containing: "not a finite number")
    }

    @Test func requiredWithADefaultIsContradictory() {
        expectSingleProblem(PipelineFixtures.withSteps("""
            s:
              run: [x]
              parameters:
                n:
                  type: integer
                  required: true
                  default: 3
            """), at: "default: 3", containing: "a required parameter cannot have a default")
    }

    // MARK: Argv templates

    @Test func templateNamingAnUndeclaredParameter() {
        expectSingleProblem(PipelineFixtures.withSteps("""
            s:
              run:
                - python3
                - "{{epoch}}"
              parameters:
                epochs: {type: integer, default: 3}
            """), at: "{{epoch}}", containing: "names the parameter 'epoch', which the step does not declare (did you mean 'epochs'?)")
    }

    @Test func partialTemplateIsRejectedWithAnExplanation() {
        expectSingleProblem(PipelineFixtures.withSteps("""
            s:
              run:
                - train
                - "--lr={{lr}}"
              parameters:
                lr: {type: number, default: 0.1}
            """), at: "--lr=", containing: "a parameter may only be a whole element, e.g. [\"--flag\", \"{{lr}}\"]")
    }

    @Test func malformedTemplate() {
        expectSingleProblem(PipelineFixtures.withSteps("""
            s:
              run: [x, "{{a.b}}"]
            """), at: "{{a.b}}", containing: "is not a parameter reference")
    }

    @Test func programMustBeLiteral() {
        expectSingleProblem(PipelineFixtures.withSteps("""
            s:
              run: ["{{program}}", x]
              parameters:
                program: {type: string, default: ls}
            """), at: "{{program}}", containing: "the program (first element) must be literal")
    }

    @Test func emptyRun() {
        expectSingleProblem(PipelineFixtures.withSteps("""
            s:
              run: []
            """), at: "run: []", containing: "run is empty")
    }

    @Test func runAsAShellString() {
        expectSingleProblem(PipelineFixtures.withSteps("""
            s:
              run: python3 steps.py
            """), at: "run: python3", containing: "run must be a list of arguments")
    }

    @Test func missingRun() {
        expectSingleProblem(PipelineFixtures.withSteps("""
            lonely:
              after: []
            """), at: "lonely:", containing: "step 'lonely' has no 'run'")
    }

    @Test func lonelyBracesStayLiteral() throws {
        let pipeline = try PipelineFixtures.pipeline(PipelineFixtures.withSteps("""
            s:
              run: [python3, -c, "print({{1: 2}})", "{{", "}}"]
            """))
        #expect(pipeline.steps.first?.run == ["python3", "-c", "print({{1: 2}})", "{{", "}}"].map(ArgvElement.literal))
    }

    // MARK: Outputs, presets, schedules

    @Test func outputsNamingAMissingStep() {
        expectSingleProblem("""
            pipelines:
              p:
                outputs: evaluation
                steps: {s: {run: [x]}}
            """, at: "outputs", containing: "outputs names the step 'evaluation'")
    }

    @Test func presetNamingAnUnknownStep() {
        expectSingleProblem("""
            pipelines:
              p:
                steps: {load: {run: [x]}}
                presets:
                  prod:
                    lod: {}
            """, at: "lod:", containing: "preset 'prod': 'lod' is not a step of this pipeline (did you mean 'load'?)")
    }

    @Test func presetNamingAnUnknownParameter() {
        expectSingleProblem("""
            pipelines:
              p:
                steps: {load: {run: [x], parameters: {url: {type: string}}}}
                presets:
                  prod:
                    load:
                      uri: s3://x
            """, at: "uri:", containing: "the step has no parameter 'uri' (did you mean 'url'?)")
    }

    @Test func presetValueOfTheWrongType() {
        expectSingleProblem("""
            pipelines:
              p:
                steps: {load: {run: [x], parameters: {n: {type: integer, default: 1}}}}
                presets:
                  prod: {load: {n: many}}
            """, at: "prod:", containing: "preset 'prod', step 'load', parameter 'n': expected integer, got string")
    }

    @Test func presetValueOutsideEnum() {
        expectSingleProblem("""
            pipelines:
              p:
                steps: {load: {run: [x], parameters: {size: {type: string, enum: [s, m], default: s}}}}
                presets:
                  big:
                    load:
                      size: xl
            """, at: "size: xl", containing: "\"xl\" is not one of the allowed values")
    }

    @Test func scheduleWithBothCronAndEvery() {
        expectSingleProblem("""
            pipelines:
              p:
                steps: {s: {run: [x]}}
                schedules:
                  - cron: "0 3 * * *"
                    every: 1h
            """, at: "every:", containing: "has both 'cron' and 'every'")
    }

    @Test func scheduleWithNeitherCronNorEvery() {
        expectSingleProblem("""
            pipelines:
              p:
                steps: {s: {run: [x]}}
                schedules:
                  - {timezone: UTC}
            """, at: "timezone", containing: "needs 'cron' or 'every'")
    }

    @Test func scheduleNamingAMissingPreset() {
        expectSingleProblem("""
            pipelines:
              p:
                steps: {s: {run: [x]}}
                presets: {production: {}}
                schedules:
                  - {cron: "0 3 * * *", preset: prod}
            """, at: "preset: prod", containing: "the pipeline has no preset 'prod'")
    }

    @Test func scheduleThatCouldNeverStartARun() {
        expectSingleProblem("""
            pipelines:
              p:
                steps: {s: {run: [x], parameters: {url: {type: string}}}}
                schedules:
                  - {every: 1d}
            """, at: "every: 1d", containing: "steps.s.parameters.url: required by step 's' and not given")
    }

    @Test func scheduleWithAnInvalidCronExpression() {
        expectSingleProblem("""
            pipelines:
              p:
                steps: {s: {run: [x]}}
                schedules:
                  - {cron: "0 25 * * *"}
            """, at: "cron:", containing: "schedule 1: invalid cron expression '0 25 * * *': hour field '25'")
    }

    @Test func scheduleWithAnUnknownTimeZone() {
        expectSingleProblem("""
            pipelines:
              p:
                steps: {s: {run: [x]}}
                schedules:
                  - cron: "0 3 * * *"
                    timezone: Europe/Atlantis
            """, at: "timezone:", containing: "unknown time zone 'Europe/Atlantis'")
    }

    @Test func scheduleWithAnUnknownMisfirePolicy() {
        expectSingleProblem("""
            pipelines:
              p:
                steps: {s: {run: [x]}}
                schedules:
                  - {every: 1h, misfire: catch_up}
            """, at: "every: 1h", containing: "misfire must be skip or run_once, not 'catch_up'")
    }

    @Test func scheduleFiringMoreOftenThanEverySecond() {
        expectSingleProblem("""
            pipelines:
              p:
                steps: {s: {run: [x]}}
                schedules:
                  - {every: 500ms}
            """, at: "every: 500ms", containing: "every must be at least 1s")
    }

    @Test func twoSchedulesWithTheSameNameInTheFile() {
        expectSingleProblem("""
            pipelines:
              p:
                steps: {s: {run: [x]}}
                schedules:
                  - {every: 1h, name: hourly}
              q:
                steps: {s: {run: [x]}}
                schedules:
                  - {every: 1h, name: hourly}
            """, at: "name: hourly", occurrence: 2, containing: "another schedule is already named 'hourly'")
    }

    // MARK: Durations, names, environment

    @Test func invalidDuration() {
        expectSingleProblem("""
            pipelines:
              p:
                timeout: 30 minutes
                steps: {s: {run: [x]}}
            """, at: "timeout", containing: "invalid duration '30 minutes'")
    }

    @Test func zeroTimeout() {
        expectSingleProblem(PipelineFixtures.withSteps("""
            s: {run: [x], timeout: 0s}
            """), at: "timeout", containing: "must be longer than zero")
    }

    @Test func retriesOutOfRange() {
        expectSingleProblem("""
            pipelines:
              p:
                retries: {max_attempts: 0}
                steps: {s: {run: [x]}}
            """, at: "retries", containing: "max_attempts must be between 1 and 100")
    }

    @Test func pipelineNameThatCannotBeAKey() {
        expectSingleProblem("""
            pipelines:
              "my pipeline":
                steps: {s: {run: [x]}}
            """, at: "my pipeline", containing: "pipeline name 'my pipeline' is not valid")
    }

    @Test func stepNameWithASlash() {
        expectSingleProblem(PipelineFixtures.withSteps("""
            ../etc: {run: [x]}
            """), at: "../etc", containing: "step name '../etc' is not valid")
    }

    @Test func stepNameTooLong() {
        let name = String(repeating: "s", count: 65)
        expectSingleProblem(PipelineFixtures.withSteps("""
            \(name): {run: [x]}
            """), at: name, containing: "step name '\(name)' is not valid")
    }

    @Test func invalidEnvironmentName() {
        expectSingleProblem("""
            pipelines:
              p:
                env:
                  GOOD: "1"
                  1BAD: x
                steps: {s: {run: [x]}}
            """, at: "1BAD", containing: "'1BAD' is not a valid environment variable name")
    }

    @Test func invalidInheritedEnvironmentName() {
        expectSingleProblem("""
            pipelines:
              p:
                inherit_env: [PATH, "MY-VAR"]
                steps: {s: {run: [x]}}
            """, at: "inherit_env", containing: "'MY-VAR' is not a valid environment variable name")
    }

    @Test func kickoffOwnVariablesCannotBeInherited() {
        expectSingleProblem("""
            pipelines:
              p:
                inherit_env:
                  - PATH
                  - KICKOFF_REDIS_URL
                steps: {s: {run: [x]}}
            """, at: "KICKOFF_REDIS_URL", containing: "'KICKOFF_REDIS_URL' is Kickoff's own configuration")
    }

    @Test func reservedEnvironmentName() {
        expectSingleProblem(PipelineFixtures.withSteps("""
            s:
              run: [x]
              env: {KICKOFF_RUN_ID: fake}
            """), at: "KICKOFF_RUN_ID", containing: "is set by the worker")
    }

    // MARK: Durable runs (#14)

    @Test func maxReclaimsOutOfRange() {
        expectSingleProblem("""
            pipelines:
              p:
                max_reclaims: -1
                steps: {s: {run: [x]}}
            """, at: "max_reclaims", containing: "max_reclaims must be between 0 and 100")
    }

    @Test func keepArtifactsNotABoolean() {
        expectSingleProblem("""
            pipelines:
              p:
                keep_artifacts: sometimes
                steps: {s: {run: [x]}}
            """, at: "keep_artifacts", containing: "keep_artifacts must be true or false")
    }

    @Test func maxParallelZero() {
        expectSingleProblem("""
            pipelines:
              p:
                max_parallel: 0
                steps: {s: {run: [x]}}
            """, at: "max_parallel", containing: "max_parallel must be between 1 and 1000")
    }

    @Test func continueOnFailureNotABoolean() {
        expectSingleProblem("""
            pipelines:
              p:
                continue_on_failure: 1
                steps: {s: {run: [x]}}
            """, at: "continue_on_failure", containing: "continue_on_failure must be true or false")
    }

    @Test func stepRetriesWithAnUnknownKey() {
        expectSingleProblem(PipelineFixtures.withSteps("""
            s:
              run: [x]
              retries: {max_attempts: 2, backof: 1s}
            """), at: "retries", containing: "step 's': retries: unknown key 'backof' (did you mean 'backoff'?)")
    }

    @Test func stepRetriesWithTooManyAttempts() {
        expectSingleProblem(PipelineFixtures.withSteps("""
            s:
              run: [x]
              retries: {max_attempts: 101}
            """), at: "retries", containing: "step 's': retries: max_attempts must be between 1 and 100")
    }

    // MARK: The file as a whole

    @Test func noPipelinesKey() {
        let diagnostics = PipelineFixtures.diagnostics("""
            pipeline:
              p: {steps: {s: {run: [x]}}}
            """)
        #expect(diagnostics.map(\.line) == [1, 1])
        #expect(diagnostics.map(\.message) == [
            "the file: unknown key 'pipeline' (did you mean 'pipelines'?); allowed: pipelines, sources",
            "the file needs a top-level 'pipelines' mapping",
        ])
    }

    @Test func pipelineWithoutSteps() {
        expectSingleProblem("""
            pipelines:
              p:
                description: nothing to do
            """, at: "  p:", containing: "pipeline 'p' has no 'steps'")
    }

    @Test func emptyFile() {
        #expect(PipelineFixtures.diagnostics("# only a comment\n").map(\.line) == [1])
    }

    @Test func mergeKeysAreNotSupported() {
        let yaml = """
            pipelines:
              p:
                steps:
                  a: &base {run: [x]}
                  b:
                    <<: *base
                    after: [a]
            """
        let diagnostics = PipelineFixtures.diagnostics(yaml)
        let merge = diagnostics.first { $0.message.contains("YAML merge keys ('<<') are not supported") }
        #expect(merge?.line == PipelineFixtures.line(of: "<<:", in: yaml))
    }
}
