import KickoffModel
@testable import kickoff
import Testing

@Suite struct PipelineTableTests {
    @Test func listsStepsInOrderWithTheirParameters() throws {
        let yaml = """
            pipelines:
              train:
                description: Train it.
                steps:
                  load: {run: [echo], parameters: {url: {type: string, default: "s3://b/d.csv"}, rows: {type: integer}}}
                  fit:
                    run: [echo]
                    after: [load]
                    parameters: {model: {type: string, enum: [rf, gb], default: rf}}
                presets: {prod: {load: {url: "s3://p"}}}
            """
        let file = try PipelineFileLoader.load(yaml: yaml, path: "/tmp/pipelines.yaml")
        #expect(PipelineTable.render(file) == """
            train: Train it.
              STEP  AFTER  PARAMETERS
              load  -      url: string = "s3://b/d.csv"
                           rows: integer (required)
              fit   load   model: string = "rf", one of ["rf", "gb"]
              presets: prod

            """)
    }

    @Test func tableColumnsArePaddedWithoutTrailingSpaces() {
        let table = TextTable(rows: [["a", "bb", ""], ["ccc", "d", "e"]], indent: "> ")
        #expect(table.render() == "> a    bb\n> ccc  d   e\n")
    }
}
