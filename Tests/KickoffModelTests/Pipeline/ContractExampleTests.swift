import Foundation
@testable import KickoffModel
import Testing

@Suite("The contract's example pipeline file")
struct ContractExampleTests {
    @Test func loadsFromAFileWithEveryField() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(PipelineFixtures.contractExample, to: "pipelines.yaml")
        let file = try PipelineFileLoader.load(path: path)

        #expect(file.path == path)
        #expect(file.names == ["training_pipeline"])
        let pipeline = try #require(file.pipeline(named: "training_pipeline"))
        #expect(file.pipeline(named: "nope") == nil)

        #expect(pipeline.description == "Train and evaluate a classifier.")
        let expectedDirectory = URL(fileURLWithPath: directory.path).appendingPathComponent("examples/training")
            .standardizedFileURL.path
        #expect(pipeline.workingDirectory == expectedDirectory)
        #expect(pipeline.workingDirectory.hasPrefix("/"))
        #expect(pipeline.env == ["PYTHONUNBUFFERED": "1"])
        #expect(pipeline.inheritEnv == ["PATH", "HOME"])
        #expect(pipeline.timeout == .seconds(30 * 60))
        #expect(pipeline.retries == RetryPolicy(maxAttempts: 3, backoff: .seconds(5)))
        #expect(pipeline.outputs == "evaluate")
        #expect(pipeline.outputsStep == "evaluate")
        #expect(pipeline.steps.map(\.name) == ["load_data", "preprocess", "train_model", "evaluate"])
        #expect(pipeline.presets == ["production": ["load_data": ["data_url": .string("s3://production-bucket/latest-data.csv")]]])
        #expect(pipeline.schedules == [
            ScheduleEntry(name: "training_pipeline-1", timing: .cron(try CronExpression("0 3 * * *"), ScheduleEntry.utc), preset: "production"),
        ])
        #expect(PipelineFileLoader.validate(path: path) == [])
    }

    @Test func stepsAsWritten() throws {
        let pipeline = try PipelineFixtures.pipeline(PipelineFixtures.contractExample)

        let loadData = try #require(pipeline.step(named: "load_data"))
        #expect(loadData.run == [.literal("python3"), .literal("steps.py"), .literal("load_data")])
        #expect(loadData.after == [])
        #expect(loadData.timeout == nil)
        #expect(loadData.parameters == [
            ParameterSpec(name: "data_url", type: .string, defaultValue: .string("s3://example-bucket/data.csv")),
        ])
        #expect(loadData.parameters.first?.required == false)

        let train = try #require(pipeline.step(named: "train_model"))
        #expect(train.after == ["preprocess"])
        #expect(train.timeout == .seconds(600))
        let modelType = try #require(train.parameter(named: "model_type"))
        #expect(modelType.type == .string)
        #expect(modelType.allowed == [.string("random_forest"), .string("gradient_boosting")])
        #expect(modelType.defaultValue == .string("random_forest"))
        #expect(modelType.required == false)

        #expect(pipeline.step(named: "evaluate")?.after == ["preprocess", "train_model"])
    }

    @Test func workingDirectoryDefaultsToTheFilesDirectory() throws {
        let pipeline = try PipelineFixtures.pipeline("""
            pipelines:
              p:
                steps:
                  only: {run: [true]}
            """)
        #expect(pipeline.workingDirectory == "/srv/kickoff")
        #expect(pipeline.retries == RetryPolicy(maxAttempts: 1, backoff: .seconds(5)))
        #expect(pipeline.outputsStep == "only")
        #expect(pipeline.timeout == nil)
    }

    @Test func absoluteAndParentWorkingDirectories() throws {
        let yaml = """
            pipelines:
              a: {working_directory: /opt/jobs, steps: {s: {run: [x]}}}
              b: {working_directory: ../shared/./jobs, steps: {s: {run: [x]}}}
            """
        let file = try PipelineFixtures.load(yaml)
        #expect(file.pipelines.map(\.workingDirectory) == ["/opt/jobs", "/srv/shared/jobs"])
    }

    @Test func scheduleFieldsAreKept() throws {
        let pipeline = try PipelineFixtures.pipeline("""
            pipelines:
              p:
                steps:
                  s: {run: [x, "{{n}}"], parameters: {n: {type: integer}}}
                schedules:
                  - {every: 1h30m, parameters: {n: 4}, timezone: Europe/Paris, misfire: skip}
                  - cron: "*/5 * * * *"
                    name: nightly
                    parameters: {n: 5}
            """)
        let paris = try #require(TimeZone(identifier: "Europe/Paris"))
        #expect(pipeline.schedules == [
            ScheduleEntry(name: "p-1", timing: .every(.seconds(5400)), parameters: ["n": .integer(4)], timeZone: paris,
                          timezoneName: "Europe/Paris", misfire: .skip),
            ScheduleEntry(name: "nightly", timing: .cron(try CronExpression("*/5 * * * *"), ScheduleEntry.utc), parameters: ["n": .integer(5)]),
        ])
    }

    @Test func yamlCoreSchemaKeepsYesAndNoAsStrings() throws {
        let pipeline = try PipelineFixtures.pipeline("""
            pipelines:
              p:
                steps:
                  s:
                    run: [x]
                    parameters:
                      answer: {type: string, enum: [yes, no, on, off], default: no}
                      count: {type: integer, default: 0x10}
                      ratio: {type: number, default: 3}
                      flag: {type: boolean, default: false}
                      config: {type: object, default: {a: [1, 2.5, null, "x"]}}
                      list: {type: array, default: []}
            """)
        let step = try #require(pipeline.step(named: "s"))
        #expect(step.parameter(named: "answer")?.defaultValue == .string("no"))
        #expect(step.parameter(named: "answer")?.allowed == ["yes", "no", "on", "off"].map(JSONValue.string))
        #expect(step.parameter(named: "count")?.defaultValue == .integer(16))
        #expect(step.parameter(named: "ratio")?.defaultValue == .integer(3))
        #expect(step.parameter(named: "flag")?.defaultValue == .bool(false))
        #expect(step.parameter(named: "config")?.defaultValue == .object(["a": .array([.integer(1), .number(2.5), .null, .string("x")])]))
        #expect(step.parameter(named: "list")?.defaultValue == .array([]))
    }

    @Test func explicitRequiredAndDescription() throws {
        let pipeline = try PipelineFixtures.pipeline("""
            pipelines:
              p:
                steps:
                  s:
                    run: [x]
                    parameters:
                      url: {type: string, description: Where the data is}
                      note: {type: string, required: false}
            """)
        let step = try #require(pipeline.step(named: "s"))
        #expect(step.parameter(named: "url") == ParameterSpec(name: "url", type: .string, required: true, description: "Where the data is"))
        #expect(step.parameter(named: "note")?.required == false)
    }
}
