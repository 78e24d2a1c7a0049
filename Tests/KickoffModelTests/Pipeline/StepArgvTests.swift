@testable import KickoffModel
import Testing

@Suite("Argv templating")
struct StepArgvTests {
    private let step = Step(
        name: "s",
        run: [.literal("python3"), .literal("steps.py"), .literal("--value"), .parameter("value")],
        parameters: [ParameterSpec(name: "value", type: .string)]
    )

    private func argument(_ value: JSONValue) -> String? {
        let argv = step.argv(parameters: ["value": value])
        #expect(argv.count == 4)
        #expect(Array(argv.prefix(3)) == ["python3", "steps.py", "--value"])
        return argv.last
    }

    @Test(arguments: [
        "; rm -rf /",
        "$(reboot)",
        "`reboot`",
        "a\nb\r\nc",
        "\"quoted\" 'single' \\back\\slash",
        "$HOME ${PATH} * ? [a-z] ~ > /dev/null 2>&1 | cat &",
        "{{value}}",
        "",
        " leading and trailing ",
        "nul\u{0}byte",
        "ünïcødé 🚀",
        String(repeating: "x;$(y)`z`\n", count: 10_240),  // 100 KB
    ])
    func hostileStringsPassUnchangedAsOneArgument(text: String) {
        #expect(argument(.string(text)) == text)
    }

    @Test func valuesAsText() {
        #expect(argument(.integer(-42)) == "-42")
        #expect(argument(.integer(.max)) == "9223372036854775807")
        #expect(argument(.number(0.1)) == "0.1")
        // Foundation's JSONEncoder text: what a step would also read in KICKOFF_PARAMETERS.
        #expect(argument(.number(2.5e-7)) == "2.5e-07")
        #expect(argument(.number(3.0)) == "3")
        #expect(argument(.number(1e300)) == "1e+300")
        #expect(argument(.bool(true)) == "true")
        #expect(argument(.bool(false)) == "false")
        #expect(argument(.null) == "")
        #expect(argument(.array([.integer(1), .string("a b"), .null])) == #"[1,"a b",null]"#)
        #expect(argument(.object(["b": .bool(true), "a": .string("x/y")])) == #"{"a":"x/y","b":true}"#)
    }

    @Test func missingValueIsAnEmptyArgument() {
        #expect(step.argv(parameters: [:]) == ["python3", "steps.py", "--value", ""])
    }

    @Test func literalsAreNeverInterpreted() {
        let literal = Step(name: "s", run: [.literal("sh"), .literal("-c"), .literal("echo {{value}} $HOME")])
        #expect(literal.argv(parameters: ["value": .string("x")]) == ["sh", "-c", "echo {{value}} $HOME"])
    }

    @Test func loadedTemplatesBecomeParameters() throws {
        let pipeline = try PipelineFixtures.pipeline(PipelineFixtures.withSteps("""
            s:
              run: [python3, train.py, --epochs, "{{ epochs }}", --tags, "{{tags}}"]
              parameters:
                epochs: {type: integer, default: 3}
                tags: {type: array, default: [a, b]}
            """))
        let step = try #require(pipeline.steps.first)
        #expect(step.run == [.literal("python3"), .literal("train.py"), .literal("--epochs"), .parameter("epochs"), .literal("--tags"), .parameter("tags")])
        let parameters = try #require(try pipeline.resolve(TriggerValues()).get()["s"])
        #expect(step.argv(parameters: parameters) == ["python3", "train.py", "--epochs", "3", "--tags", #"["a","b"]"#])
    }
}
