import KickoffTestSupport
import Foundation
import Glibc
@testable import KickoffWorker
import Testing


/// Runs `argv` in `directory` with its log in `directory/step.log`; returns the result and the log.
func runStep(
    _ argv: [String],
    in directory: String,
    environment: [String: String] = ["PATH": "/usr/bin:/bin"],
    timeout: Duration? = nil,
    killGrace: Duration = .seconds(5),
    cancellation: StepCancellation? = nil
) async throws -> (result: StepResult, log: String) {
    let spec = StepProcessSpec(
        argv: argv, workingDirectory: directory, environment: environment,
        logPath: directory + "/step.log", timeout: timeout, killGrace: killGrace)
    let result = try await onDedicatedThread { try StepRunner().run(spec, cancellation: cancellation) }
    let log = (try? readFile(spec.logPath)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    return (result, log)
}

/// Programs the tests run are symlinks to system tools rather than freshly written scripts: a script
/// still open for writing in this process, or copied into a child another test is spawning at that
/// moment, cannot be executed (ETXTBSY).
@Suite struct StepRunnerTests {
    @Test func exitCodeSurfaces() async throws {
        try await withTemporaryDirectory { dir in
            let (result, _) = try await runStep(["/bin/sh", "-c", "exit 7"], in: dir)
            #expect(result.outcome == .exited(7))
            #expect(result.exitStatus == .exited(7))
            #expect(result.duration > .zero)

            let (success, _) = try await runStep(["/bin/true"], in: dir)
            #expect(success.outcome == .exited(0))
            #expect(success.outcome.isSuccess)
        }
    }

    @Test func deathBySignalSurfaces() async throws {
        try await withTemporaryDirectory { dir in
            let (result, _) = try await runStep(["/bin/sh", "-c", "kill -USR1 $$"], in: dir)
            #expect(result.outcome == .signaled(SIGUSR1))
        }
    }

    @Test func stdoutAndStderrShareTheLogInOrder() async throws {
        try await withTemporaryDirectory { dir in
            let script = "echo out1; echo err1 >&2; echo out2; echo err2 >&2"
            let (_, log) = try await runStep(["/bin/sh", "-c", script], in: dir)
            #expect(log == "out1\nerr1\nout2\nerr2\n")

            // A second step with the same log appends.
            let (_, both) = try await runStep(["/bin/sh", "-c", "echo again"], in: dir)
            #expect(both == "out1\nerr1\nout2\nerr2\nagain\n")
            #expect(try permissions(dir + "/step.log") == 0o600)
        }
    }

    @Test func stdinIsDevNull() async throws {
        try await withTemporaryDirectory { dir in
            let (_, log) = try await runStep(["/usr/bin/readlink", "/proc/self/fd/0"], in: dir)
            #expect(log == "/dev/null\n")
        }
    }

    @Test func environmentIsExactlyWhatWasGiven() async throws {
        let parent = ProcessInfo.processInfo.environment
        try #require(parent["PATH"] != nil, "the test process should have a PATH the child must not see")
        try await withTemporaryDirectory { dir in
            let given = [
                "ALPHA": "1", "WITH_SPACES": "a b  c", "EMPTY": "", "MULTILINE": "one\ntwo", "KICKOFF_STEP": "env",
            ]
            let (result, log) = try await runStep(["/usr/bin/env", "-0"], in: dir, environment: given)
            #expect(result.outcome == .exited(0))
            var seen: [String: String] = [:]
            for entry in log.split(separator: "\0") {
                let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                seen[String(parts[0])] = parts.count > 1 ? String(parts[1]) : nil
            }
            #expect(seen == given)
        }
    }

    @Test func runsInTheWorkingDirectory() async throws {
        try await withTemporaryDirectory { dir in
            let (_, log) = try await runStep(["/bin/pwd"], in: dir)
            #expect(log == dir + "\n")
        }
    }

    @Test func programIsSearchedInTheChildsPath() async throws {
        try await withTemporaryDirectory { dir in
            try FileManager.default.createDirectory(atPath: dir + "/bin", withIntermediateDirectories: false)
            try FileManager.default.createSymbolicLink(atPath: dir + "/bin/hello", withDestinationPath: "/bin/echo")
            let (result, log) = try await runStep(
                ["hello", "from", "bin"], in: dir, environment: ["PATH": dir + "/bin"])
            #expect(result.outcome == .exited(0))
            #expect(log == "from bin\n")

            // `env` is in the worker's PATH but not in the child's.
            await #expect(throws: StepProcessError.executableNotFound(program: "env", searchedPath: dir + "/bin")) {
                try await runStep(["env"], in: dir, environment: ["PATH": dir + "/bin"])
            }
        }
    }

    @Test func withoutPathTheDefaultSearchPathIsUsed() async throws {
        try await withTemporaryDirectory { dir in
            let (result, log) = try await runStep(["echo", "found"], in: dir, environment: [:])
            #expect(result.outcome == .exited(0))
            #expect(log == "found\n")
        }
    }

    @Test func relativeProgramIsResolvedAgainstTheWorkingDirectory() async throws {
        try await withTemporaryDirectory { dir in
            try FileManager.default.createDirectory(atPath: dir + "/tools", withIntermediateDirectories: false)
            try FileManager.default.createSymbolicLink(atPath: dir + "/tools/where", withDestinationPath: "/bin/pwd")
            let (result, log) = try await runStep(["tools/where"], in: dir)
            #expect(result.outcome == .exited(0))
            #expect(log == dir + "\n")
        }
    }

    @Test func missingExecutableIsATypedErrorNamingIt() async throws {
        try await withTemporaryDirectory { dir in
            await #expect(
                throws: StepProcessError.executableNotFound(
                    program: "no-such-program-kickoff", searchedPath: StepProcessSpec.defaultSearchPath)
            ) {
                try await runStep(["no-such-program-kickoff"], in: dir, environment: [:])
            }

            let missing = "/nonexistent/kickoff-program"
            let error = await #expect(throws: StepProcessError.self) { try await runStep([missing], in: dir) }
            guard case .spawnFailed(let program, let reason) = error else {
                Issue.record("expected spawnFailed, got \(String(describing: error))")
                return
            }
            #expect(program == missing)
            #expect(reason.contains("No such file or directory"))
            #expect(error?.description.contains(missing) == true)
        }
    }

    @Test func fileThatIsNotExecutableFailsToSpawn() async throws {
        try await withTemporaryDirectory { dir in
            try writeFile(dir + "/data.txt", "not a program\n", mode: 0o644)
            let error = await #expect(throws: StepProcessError.self) { try await runStep(["./data.txt"], in: dir) }
            guard case .spawnFailed(let program, let reason) = error else {
                Issue.record("expected spawnFailed, got \(String(describing: error))")
                return
            }
            #expect(program == "./data.txt")
            #expect(reason.contains("Permission denied"))
        }
    }

    @Test func unusableSpecsAreRejected() async throws {
        try await withTemporaryDirectory { dir in
            let cases: [(argv: [String], environment: [String: String])] = [
                ([], [:]),
                ([""], [:]),
                (["/bin/echo", "nul\0byte"], [:]),
                (["/bin/echo"], ["A=B": "x"]),
                (["/bin/echo"], ["": "x"]),
                (["/bin/echo"], ["A": "nul\0byte"]),
            ]
            for (argv, environment) in cases {
                let error = await #expect(throws: StepProcessError.self) {
                    try await runStep(argv, in: dir, environment: environment)
                }
                guard case .invalidSpec = error else {
                    Issue.record("expected invalidSpec for \(argv) \(environment), got \(String(describing: error))")
                    continue
                }
            }
            #expect(!FileManager.default.fileExists(atPath: dir + "/step.log"))
        }
    }

    @Test func missingWorkingDirectoryIsATypedError() async throws {
        try await withTemporaryDirectory { dir in
            let spec = StepProcessSpec(
                argv: ["/bin/true"], workingDirectory: dir + "/missing", environment: [:], logPath: dir + "/step.log")
            let error = await #expect(throws: StepProcessError.self) {
                try await onDedicatedThread { try StepRunner().run(spec) }
            }
            #expect(
                error == .workingDirectoryUnavailable(path: dir + "/missing", reason: "No such file or directory (errno 2)"))
        }
    }

    @Test func signalsStartUnblockedAndAtTheirDefaults() async throws {
        try await withTemporaryDirectory { dir in
            let spec = StepProcessSpec(
                argv: ["/bin/grep", "-E", "^Sig(Blk|Ign):", "/proc/self/status"],
                workingDirectory: dir, environment: [:], logPath: dir + "/step.log")
            _ = try await onDedicatedThread {
                // This thread blocks SIGUSR2 and the process ignores SIGPIPE; the step must inherit neither.
                signal(SIGPIPE, SIG_IGN)
                var blocked = sigset_t()
                sigemptyset(&blocked)
                sigaddset(&blocked, SIGUSR2)
                pthread_sigmask(SIG_BLOCK, &blocked, nil)
                return try StepRunner().run(spec)
            }
            var masks: [String: UInt64] = [:]
            for line in String(decoding: try readFile(spec.logPath), as: UTF8.self).split(separator: "\n") {
                let fields = line.split(separator: "\t")
                masks[String(fields[0])] = UInt64(fields[1], radix: 16)
            }
            #expect(masks["SigBlk:"] == 0)
            // glibc's posix_spawn leaves its two internal signals (32 and 33, bits 31 and 32) ignored in
            // every child it starts, whatever the attributes say; glibc programs install them on demand.
            let glibcInternal: UInt64 = 1 << 31 | 1 << 32
            #expect(masks["SigIgn:"].map { $0 & ~glibcInternal } == 0)
        }
    }

    @Test func workerDescriptorsDoNotLeakIntoTheStep() async throws {
        try await withTemporaryDirectory { dir in
            // Opened without O_CLOEXEC, as careless code in the worker might.
            let leaky = open(dir + "/secret", O_RDWR | O_CREAT, 0o600)
            try #require(leaky >= 0)
            let high = fcntl(leaky, F_DUPFD, 300)
            defer {
                close(leaky)
                close(high)
            }
            let (result, log) = try await runStep(["/bin/ls", "/proc/self/fd"], in: dir)
            #expect(result.outcome == .exited(0))
            let descriptors = log.split(separator: "\n").compactMap { Int32($0) }
            // 0…2 and the directory that ls itself opened to list it.
            #expect(descriptors == [0, 1, 2, 3])
        }
    }
}
