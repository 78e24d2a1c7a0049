import Foundation
@testable import KickoffModel
import Testing

@Suite("Resolving a trigger's values")
struct PipelineResolveTests {
    static let yaml = """
        pipelines:
          training:
            steps:
              load_data:
                run: [python3, steps.py, load_data, "{{data_url}}"]
                parameters:
                  data_url: {type: string, default: "s3://example/data.csv"}
                  seed: {type: integer, default: 1}
              train_model:
                run: [python3, steps.py, train_model, "{{model_type}}", "{{epochs}}"]
                after: [load_data]
                parameters:
                  model_type: {type: string, enum: [random_forest, gradient_boosting], default: random_forest}
                  epochs: {type: integer}
                  learning_rate: {type: number, default: 0.1}
                  seed: {type: integer, default: 2}
                  notes: {type: string, required: false}
              report: {run: [python3, steps.py, report], after: [train_model]}
            presets:
              production:
                load_data: {data_url: "s3://production/latest.csv"}
                train_model: {model_type: gradient_boosting, epochs: 10}
        """

    private let pipeline: Pipeline

    init() throws {
        pipeline = try PipelineFixtures.pipeline(Self.yaml)
    }

    private func resolved(_ values: TriggerValues) throws -> ResolvedParameters {
        try pipeline.resolve(values).get()
    }

    private func errors(_ values: TriggerValues) -> [FieldError] {
        guard case .failure(let errors) = pipeline.resolve(values) else {
            Issue.record("expected errors")
            return []
        }
        return errors.errors
    }

    @Test func defaultsFillEveryStepAndOptionalValuesAreNull() throws {
        let values = try resolved(TriggerValues(parameters: ["epochs": .integer(3)]))
        #expect(values == [
            "load_data": ["data_url": .string("s3://example/data.csv"), "seed": .integer(1)],
            "train_model": [
                "model_type": .string("random_forest"), "epochs": .integer(3), "learning_rate": .number(0.1),
                "seed": .integer(2), "notes": .null,
            ],
            "report": [:],
        ])
    }

    @Test func stepValueBeatsTopLevelBeatsPresetBeatsDefault() throws {
        let presetOnly = try resolved(TriggerValues(preset: "production"))
        #expect(presetOnly["load_data"]?["data_url"] == .string("s3://production/latest.csv"))
        #expect(presetOnly["train_model"]?["epochs"] == .integer(10))
        #expect(presetOnly["train_model"]?["model_type"] == .string("gradient_boosting"))

        let topLevel = try resolved(TriggerValues(parameters: ["data_url": .string("s3://top"), "epochs": .integer(4)], preset: "production"))
        #expect(topLevel["load_data"]?["data_url"] == .string("s3://top"))
        #expect(topLevel["train_model"]?["epochs"] == .integer(4))

        let stepSpecific = try resolved(TriggerValues(
            parameters: ["data_url": .string("s3://top"), "epochs": .integer(4)],
            steps: ["load_data": ["data_url": .string("s3://step")]],
            preset: "production"
        ))
        #expect(stepSpecific["load_data"]?["data_url"] == .string("s3://step"))
        #expect(stepSpecific["train_model"]?["epochs"] == .integer(4))
    }

    @Test func topLevelValueGoesToEveryStepDeclaringIt() throws {
        let values = try resolved(TriggerValues(
            parameters: ["seed": .integer(42), "epochs": .integer(1)],
            steps: ["train_model": ["seed": .integer(7)]]
        ))
        #expect(values["load_data"]?["seed"] == .integer(42))
        #expect(values["train_model"]?["seed"] == .integer(7))
    }

    @Test func numbersAndIntegersAsJSONMeansThem() throws {
        let values = try resolved(TriggerValues(parameters: ["epochs": .number(3.0), "learning_rate": .integer(1)]))
        #expect(values["train_model"]?["epochs"] == .integer(3))
        #expect(values["train_model"]?["learning_rate"] == .integer(1))
    }

    @Test func missingRequiredValue() {
        #expect(errors(TriggerValues()) == [
            FieldError(field: "steps.train_model.parameters.epochs", message: "required by step 'train_model' and not given"),
        ])
    }

    @Test func unknownPreset() {
        #expect(errors(TriggerValues(parameters: ["epochs": .integer(1)], preset: "prod")) == [
            FieldError(field: "preset", message: "unknown preset 'prod'; known presets: production"),
        ])
    }

    @Test func unknownStep() {
        let found = errors(TriggerValues(parameters: ["epochs": .integer(1)], steps: ["trian_model": ["epochs": .integer(2)]]))
        #expect(found == [
            FieldError(field: "steps.trian_model", message: "unknown step; the steps are load_data, train_model, report"),
        ])
    }

    @Test func unknownParameterOfAStep() {
        let found = errors(TriggerValues(parameters: ["epochs": .integer(1)], steps: ["load_data": ["epochs": .integer(2)]]))
        #expect(found == [
            FieldError(field: "steps.load_data.parameters.epochs", message: "step 'load_data' has no parameter 'epochs'; it declares data_url, seed"),
        ])
        let none = errors(TriggerValues(parameters: ["epochs": .integer(1)], steps: ["report": ["x": .integer(2)]]))
        #expect(none == [FieldError(field: "steps.report.parameters.x", message: "step 'report' has no parameters")])
    }

    @Test func topLevelParameterNoStepDeclares() {
        #expect(errors(TriggerValues(parameters: ["epochs": .integer(1), "batch_size": .integer(32)])) == [
            FieldError(field: "parameters.batch_size", message: "no step of this pipeline declares a parameter 'batch_size'"),
        ])
    }

    @Test func wrongTypes() {
        let found = errors(TriggerValues(
            parameters: ["epochs": .number(3.5), "seed": .string("x")],
            steps: ["train_model": ["learning_rate": .string("fast"), "notes": .integer(1)]]
        ))
        #expect(found == [
            FieldError(field: "parameters.seed", message: "for step 'load_data': expected integer, got string"),
            FieldError(field: "parameters.epochs", message: "for step 'train_model': expected integer, got number"),
            FieldError(field: "steps.train_model.parameters.learning_rate", message: "expected number, got string"),
            FieldError(field: "parameters.seed", message: "for step 'train_model': expected integer, got string"),
            FieldError(field: "steps.train_model.parameters.notes", message: "expected string, got integer"),
        ])
    }

    @Test func valueOutsideEnum() {
        let found = errors(TriggerValues(steps: ["train_model": ["model_type": .string("linear"), "epochs": .integer(1)]]))
        #expect(found == [
            FieldError(
                field: "steps.train_model.parameters.model_type",
                message: "\"linear\" is not one of the allowed values [\"random_forest\", \"gradient_boosting\"]"
            ),
        ])
    }

    @Test func nullOnlyForOptionalParameters() throws {
        let values = try resolved(TriggerValues(parameters: ["epochs": .integer(1), "notes": .null]))
        #expect(values["train_model"]?["notes"] == .null)
        #expect(errors(TriggerValues(parameters: ["epochs": .null])) == [
            FieldError(field: "parameters.epochs", message: "for step 'train_model': required, so it cannot be null"),
        ])
    }

    @Test func everyProblemAtOnce() {
        let found = errors(TriggerValues(
            parameters: ["nope": .bool(true)],
            steps: ["ghost": [:], "train_model": ["model_type": .integer(1), "extra": .null]],
            preset: "missing"
        ))
        #expect(found.map(\.field) == [
            "preset",
            "steps.ghost",
            "steps.train_model.parameters.extra",
            "parameters.nope",
            "steps.train_model.parameters.model_type",
            "steps.train_model.parameters.epochs",
        ])
    }

    @Test func triggerBodyDecodesWithEveryFieldOptional() throws {
        let body = """
            {"parameters": {"epochs": 3, "lr": 0.5},
             "steps": {"load_data": {"parameters": {"data_url": "s3://x"}}, "report": {}},
             "preset": "production", "callback_url": "https://example.com", "tags": ["a"], "priority": "high"}
            """
        let values = try JSONDecoder().decode(TriggerValues.self, from: Data(body.utf8))
        #expect(values == TriggerValues(
            parameters: ["epochs": .integer(3), "lr": .number(0.5)],
            steps: ["load_data": ["data_url": .string("s3://x")], "report": [:]],
            preset: "production"
        ))
        #expect(try JSONDecoder().decode(TriggerValues.self, from: Data("{}".utf8)) == TriggerValues())

        let zenML = #"{"pipeline_name": "training", "steps": {"train_model": {"parameters": {"epochs": 2}}}}"#
        #expect(try JSONDecoder().decode(TriggerValues.self, from: Data(zenML.utf8)).steps == ["train_model": ["epochs": .integer(2)]])

        let encoded = try JSONDecoder().decode(TriggerValues.self, from: JSONEncoder().encode(values))
        #expect(encoded == values)
    }

    @Test func errorsEncodeForAProblemDocument() throws {
        let errors = ParameterErrors([FieldError(field: "preset", message: "unknown preset 'x'")])
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(errors), as: UTF8.self)
        #expect(json == #"{"errors":[{"field":"preset","message":"unknown preset 'x'"}]}"#)
        #expect(errors.description == "preset: unknown preset 'x'")
    }
}
