import Foundation
import KickoffModel
import KickoffTestSupport
import Testing

/// The README's blocks, run as written where they can be: every YAML block is a pipeline file that
/// `kickoff pipelines validate` accepts; the Python webhook verifier accepts Kickoff's own signature
/// and refuses a tampered body; the "Try it" curls work against a real front and worker; every
/// flag the README shows on a `kickoff` command is in that command's help. (The ACL line is checked
/// by `RedisPermissionsTests`; `scripts/demo` is run by CI itself.)
@Suite struct ReadmeBlocksTests {
    static let readme: String = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../README.md").standardized
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }()

    /// The fenced blocks of one language (```yaml … ```), in order.
    static func blocks(_ language: String) -> [String] {
        var blocks: [String] = []
        var current: [Substring]?
        for line in readme.split(separator: "\n", omittingEmptySubsequences: false) {
            if let lines = current {
                if line.hasPrefix("```") {
                    blocks.append(lines.joined(separator: "\n") + "\n")
                    current = nil
                } else {
                    current = lines + [line]
                }
            } else if line == "```" + language {
                current = []
            }
        }
        return blocks
    }

    @Test func everyYAMLBlockIsAValidPipelineFile() async throws {
        let blocks = Self.blocks("yaml")
        #expect(!blocks.isEmpty)
        try await withTemporaryDirectory { directory in
            for (index, block) in blocks.enumerated() {
                let file = directory + "/readme-\(index).yaml"
                // A fragment (a `sources:` block) goes with the README's pipeline example, as its text says.
                let text = block.hasPrefix("pipelines:") ? block : blocks[0] + block
                try text.write(toFile: file, atomically: true, encoding: .utf8)
                let (status, output) = try await KickoffProcess.run(["pipelines", "validate", file])
                #expect(status == 0, "README YAML block \(index + 1): \(output)")
            }
        }
    }

    @Test func thePythonVerifierAcceptsKickoffsSignatureAndRefusesATamperedBody() async throws {
        let block = try #require(Self.blocks("python").first { $0.contains("def verify(") })
        let secret = try WebhookSecret("whsec_" + Data("readme-verifier-secret-0123456789".utf8).base64EncodedString())
        let body = Array(#"{"type":"run.succeeded","data":{"id":"x"}}"#.utf8)
        let headers = WebhookSigner(secrets: [secret]).headers(id: "msg_1", timestamp: 1_700_000_000, body: body)
        let harness = block + """

            import json, sys
            headers = json.loads(sys.argv[1])
            body = sys.argv[2].encode()
            print(verify(sys.argv[3], headers, body), verify(sys.argv[3], headers, body + b" "))
            """
        let headerJSON = try JSONSerialization.data(withJSONObject: Dictionary(uniqueKeysWithValues: headers.map { ($0.name, $0.value) }))
        let secretText = "whsec_" + Data(secret.key).base64EncodedString()
        let (status, output) = try await Self.run(["python3", "-c", harness, String(decoding: headerJSON, as: UTF8.self),
                                                   String(decoding: body, as: UTF8.self), secretText])
        #expect(status == 0 && output == "True False\n", "\(output)")
    }

    /// The "Try it" block against a front and a worker on a pipeline with the example's parameters
    /// (quick steps rather than the example's scikit-learn ones): its host, key and run id put in.
    @Test func theTryItCurlsWorkAgainstARealFront() async throws {
        let block = try #require(Self.blocks("sh").first { $0.contains("curl -s -X POST") })
        let fixture = try await WorkerFixture(pipelines: """
            pipelines:
              training_pipeline:
                steps:
                  load_data: {run: [python3, step.py, emit], parameters: {data_url: {type: string, default: "s3://x"}}}
                  train_model:
                    run: [python3, step.py, emit]
                    after: [load_data]
                    parameters:
                      model_type: {type: string, enum: [random_forest, gradient_boosting], default: random_forest}
                  evaluate: {run: [python3, step.py, emit], after: [train_model]}
            """)
        let front = try await fixture.startFront()
        try fixture.startWorker("readme")
        let host = "127.0.0.1:\(front.port)"
        let commands = Self.shellCommands(block).map { $0.replacingOccurrences(of: "localhost:8080", with: host) }
        let trigger = try #require(commands.first { $0.contains("-X POST") })
        let (status, answer) = try await Self.run(["bash", "-c", trigger], environment: ["KEY": front.key])
        #expect(status == 0)
        let run = try #require(try JSONSerialization.jsonObject(with: Data(answer.utf8)) as? [String: Any], "\(answer)")
        #expect(run["status"] as? String == "queued")
        let id = try #require(run["id"] as? String)
        let parameters = run["parameters"] as? [String: [String: Any]]
        #expect(parameters?["train_model"]?["model_type"] as? String == "gradient_boosting")
        for command in commands where command != trigger {
            let (status, output) = try await Self.run(["bash", "-c", command.replacingOccurrences(of: "0194…", with: id)],
                                                      environment: ["KEY": front.key])
            #expect(status == 0, "\(command): \(output)")
            if command.contains("/events") {
                #expect(output.contains("event: run.succeeded"), "\(output)")  // -N follows until the run ends
            } else if command.contains("/logs") {
                #expect(output.contains("stdout of load_data"), "\(output)")
            } else {
                #expect(output.contains("\"id\":\"\(id)\""), "\(output)")
            }
        }
    }

    /// Every `kickoff …` span in the README: each `--flag` it shows is in that command's `--help`.
    @Test func everyFlagTheReadmeShowsIsInTheCommandsHelp() async throws {
        var flagsByCommand: [String: Set<String>] = [:]
        for span in Self.readme.split(separator: "`") where span.hasPrefix("kickoff ") {
            let words = span.split(separator: " ").map(String.init)
            let path = words.dropFirst().prefix { $0.allSatisfy { $0.isLowercase || $0 == "-" } && !$0.hasPrefix("-") }
            let flags = words.filter { $0.hasPrefix("--") }.map { String($0.prefix { $0.isLetter || $0 == "-" }) }
            guard !path.isEmpty, !flags.isEmpty else { continue }
            flagsByCommand[path.joined(separator: " "), default: []].formUnion(flags)
        }
        #expect(flagsByCommand.count > 5, "\(flagsByCommand)")
        for (command, flags) in flagsByCommand.sorted(by: { $0.key < $1.key }) {
            let (_, help) = try await KickoffProcess.run(command.split(separator: " ").map(String.init) + ["--help"])
            for flag in flags.sorted() where flag != "--help" {
                #expect(help.contains(flag), "README shows `kickoff \(command) … \(flag)`, not in its --help")
            }
        }
    }

    /// The block's commands, one per entry: continuation lines joined, comments and blank lines
    /// dropped, the `KEY=…` placeholder line left out (the test sets KEY).
    static func shellCommands(_ block: String) -> [String] {
        var commands: [String] = []
        var current = ""
        for line in block.split(separator: "\n") {
            let text = line.hasSuffix("\\") ? String(line.dropLast()) : String(line)
            current += text
            if line.hasSuffix("\\") { continue }
            let command = current.trimmingCharacters(in: .whitespaces)
            current = ""
            guard !command.isEmpty, !command.hasPrefix("#"), !command.hasPrefix("KEY=") else { continue }
            commands.append(command)
        }
        return commands
    }

    /// A program's exit status and its standard output (standard error goes to the same pipe).
    static func run(_ argv: [String], environment: [String: String] = [:]) async throws -> (Int32, String) {
        try await onOwnThread {
            let process = Process()
            process.executableURL = try Executable.find(argv[0])
            process.arguments = Array(argv.dropFirst())
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: data, as: UTF8.self))
        }
    }
}
