import Foundation
import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// What a step can see of its worker: no Kickoff secret in its environment, no run file readable by
/// other users, no Redis password on any command line. Real workers, a real Redis with a password.
@Suite struct StepIsolationTests {
    static let redisPassword = "redis-pw-7f3a9c"
    static let apiKey = "kk_step-must-not-see-this"
    static let webhookSecret = "whsec_c3RlcC1tdXN0LW5vdC1zZWUtdGhpcw=="

    static let pipelines = """
    pipelines:
      inspect:
        inherit_env: [PATH, VISIBLE_TO_STEPS]
        steps:
          look: {run: [python3, step.py, inspect]}
      quick:
        steps:
          only: {run: [python3, step.py, emit]}
    """

    /// A private redis-server that requires a password (the shared test Redis has none).
    private static func passwordProtectedRedis() async throws -> RedisServerProcess {
        let server = try RedisServerProcess(extraArguments: ["--requirepass", redisPassword])
        try await server.start()
        return server
    }

    private static func configuration(_ server: RedisServerProcess) -> RedisConfiguration {
        var configuration = server.configuration
        configuration.password = redisPassword
        return configuration
    }

    @Test func stepsNeverSeeKickoffSecretsAndTheirFilesAreOwnerOnly() async throws {
        let server = try await Self.passwordProtectedRedis()
        defer { server.kill() }
        let fixture = try await WorkerFixture(pipelines: Self.pipelines, redis: Self.configuration(server))
        #expect(fixture.redisURL.contains(Self.redisPassword))
        try fixture.startWorker("isolated", environment: [
            EnvironmentVariable.redisURL: fixture.redisURL, EnvironmentVariable.apiKey: Self.apiKey,
            EnvironmentVariable.webhookSecret: Self.webhookSecret, "VISIBLE_TO_STEPS": "yes",
        ])
        let run = try await fixture.enqueue("inspect")
        let record = try await fixture.waitUntilFinished(run.id)
        #expect(record.status == .succeeded, "\(record)\n\(fixture.workerLogs())")
        guard case .object(let output)? = record.steps.first?.output,
              case .object(let environment)? = output["env"], case .object(let modes)? = output["modes"] else {
            Issue.record("the step reported nothing: \(record)")
            return
        }

        // The worker's own variables stay with the worker; what the pipeline names does reach the step.
        #expect(environment["VISIBLE_TO_STEPS"] == .string("yes"))
        let kickoffNames = environment.keys.filter { $0.hasPrefix("KICKOFF_") }.sorted()
        #expect(kickoffNames == NameRules.reservedEnvironmentNames.sorted())
        let logs = try await Self.logs(of: run.id, fixture: fixture)
        for secret in [Self.redisPassword, Self.apiKey, Self.webhookSecret] {
            #expect(!environment.values.contains { "\($0)".contains(secret) }, "a step saw \(secret)")
            #expect(!logs.contains(secret), "the step's log holds \(secret)")
        }

        // Directories 0700; the worker's log file and everything the step wrote 0600 (umask 077).
        #expect(modes == [
            "attempt_dir": .string("0o700"), "run_artifacts": .string("0o700"), "artifact_dir": .string("0o700"),
            "log": .string("0o600"), "artifact": .string("0o600"),
        ])
        #expect(logs.contains("output mode 0o600"), "\(logs)")
    }

    @Test func aStepCannotReadItsWorkersEnvironmentThroughProc() async throws {
        let fixture = try await WorkerFixture(pipelines: """
            pipelines:
              peek:
                steps:
                  look:
                    run: [/bin/sh, -c, 'if cat /proc/$PPID/environ > /dev/null 2>&1; then echo "environ readable"; else echo "environ denied"; fi']
            """)
        // A step runs as its worker's user. Root may read any process's environment, so under root (CI)
        // the worker runs as nobody, with a data directory of its own.
        var wrapper: [String] = []
        if getuid() == 0 {
            let data = fixture.directory.appendingPathComponent("data").path
            try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
            #expect(chown(data, 65534, 65534) == 0)
            wrapper = [try Executable.find("setpriv").path, "--reuid=65534", "--regid=65534", "--clear-groups"]
        }
        try fixture.startWorker("private", environment: [EnvironmentVariable.webhookSecret: Self.webhookSecret], wrapper: wrapper)
        let run = try await fixture.enqueue("peek")
        let record = try await fixture.waitUntilFinished(run.id)
        #expect(record.status == .succeeded, "\(record)\n\(fixture.workerLogs())")
        let logs = try await Self.logs(of: run.id, fixture: fixture)
        #expect(logs.contains("environ denied"), "\(logs)")
    }

    @Test func aPipelineThatInheritsAKickoffVariableIsRefusedWithItsLine() async throws {
        try await withTemporaryDirectory { directory in
            let file = directory + "/pipelines.yaml"
            try writeFile(file, """
                pipelines:
                  leaky:
                    inherit_env: [PATH, KICKOFF_WEBHOOK_SECRET]
                    steps: {s: {run: ["true"]}}
                """)
            let (status, output) = try await KickoffProcess.run(["pipelines", "validate", file])
            #expect(status != 0)
            #expect(output.contains("\(file):3: "), "\(output)")
            #expect(output.contains("'KICKOFF_WEBHOOK_SECRET' is Kickoff's own configuration"), "\(output)")
        }
    }

    @Test func poolWorkersGetTheRedisPasswordThroughTheEnvironmentNotTheirCommandLine() async throws {
        let server = try await Self.passwordProtectedRedis()
        defer { server.kill() }
        let fixture = try await WorkerFixture(pipelines: Self.pipelines, redis: Self.configuration(server))
        let pool = try fixture.startPool(workers: 1)  // given --redis-url with the password
        let run = try await fixture.enqueue("quick")
        let record = try await fixture.waitUntilFinished(run.id)
        #expect(record.status == .succeeded, "\(fixture.workerLogs())")

        let workers = Self.children(of: pool.pid)
        #expect(workers.count == 1)
        for worker in workers {
            let commandLine = try Self.commandLine(of: worker)
            #expect(commandLine.first?.hasSuffix("kickoff") == true && commandLine.dropFirst().first == "worker", "\(commandLine)")
            #expect(!commandLine.joined(separator: " ").contains(Self.redisPassword), "\(commandLine)")
        }
        pool.signal(SIGTERM)
        #expect(try await pool.waitForExit() == 0)
    }

    private static func logs(of id: String, fixture: WorkerFixture) async throws -> String {
        let client = RedisClient(configuration: fixture.queue.configuration, connectionCount: 1)
        let logs = try await RunStore(client: client, operations: fixture.queue.operations).logs(id: id)
        await client.shutdown()
        return logs.values.joined(separator: "\n")
    }

    /// The pids whose parent is `parent`, from /proc.
    private static func children(of parent: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 && Int32(fields[1]) == parent
        }
    }

    /// What any local user sees in `ps`.
    private static func commandLine(of pid: Int32) throws -> [String] {
        let data = try Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))
        return data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }
}
