import Foundation
@testable import KickoffModel
import Testing

@Suite("Pipeline listing")
struct PipelineDescriptionTests {
    /// The value as JSON, read back as a `JSONValue` so that key order does not matter.
    private func json(_ value: some Encodable) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
    }

    private func json(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    @Test func contractExampleListsInTheContractsShape() throws {
        let file = try PipelineFixtures.load(PipelineFixtures.contractExample)
        #expect(try json(PipelineList(file)) == json("""
            {"pipelines": [{
              "name": "training_pipeline",
              "description": "Train and evaluate a classifier.",
              "steps": [
                {"name": "load_data", "after": [],
                 "parameters": {"data_url": {"type": "string", "default": "s3://example-bucket/data.csv", "required": false}}},
                {"name": "preprocess", "after": ["load_data"], "parameters": {}},
                {"name": "train_model", "after": ["preprocess"],
                 "parameters": {"model_type": {"type": "string", "default": "random_forest",
                                               "enum": ["random_forest", "gradient_boosting"], "required": false}}},
                {"name": "evaluate", "after": ["preprocess", "train_model"], "parameters": {}}
              ],
              "presets": {"production": {"load_data": {"data_url": "s3://production-bucket/latest-data.csv"}}},
              "display": {"outputs": []}
            }]}
            """))
    }

    @Test func missingDescriptionIsNullAndParameterDescriptionsShow() throws {
        let pipeline = try PipelineFixtures.pipeline(PipelineFixtures.withSteps("""
            s:
              run: [x]
              parameters:
                n: {type: integer, description: How many}
            """))
        #expect(try json(PipelineDescription(pipeline)) == json("""
            {"name": "p", "description": null, "presets": {}, "display": {"outputs": []},
             "steps": [{"name": "s", "after": [],
                        "parameters": {"n": {"type": "integer", "required": true, "description": "How many"}}}]}
            """))
    }

    @Test func theOutputsWorthShowingAreListed() throws {
        let pipeline = try PipelineFixtures.pipeline("""
            pipelines:
              p:
                display: {outputs: [accuracy, model_type]}
                steps:
                  s: {run: [x]}
            """)
        #expect(try json(PipelineDescription(pipeline)) == json("""
            {"name": "p", "description": null, "presets": {}, "display": {"outputs": ["accuracy", "model_type"]},
             "steps": [{"name": "s", "after": [], "parameters": {}}]}
            """))
    }
}
