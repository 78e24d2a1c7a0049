import KickoffTestSupport
import Foundation
import Glibc
import KickoffModel
@testable import KickoffWorker
import Testing


@Suite struct RunDirectoryTests {
    @Test(arguments: [
        "../x", "a/b", "", ".", "..", "/abs", "a b", "semi;colon", "ünïcode", "nul\0", String(repeating: "a", count: 129),
    ])
    func unsafeNamesAreRejected(name: String) throws {
        #expect(!SafeName.isValid(name))
        #expect(throws: RunDirectoryError.invalidName(role: "run id", value: name)) {
            try RunDirectory(root: "/tmp/runs", runID: name, attempt: 1)
        }
        let directory = try RunDirectory(root: "/tmp/runs", runID: "run-1", attempt: 1)
        #expect(throws: RunDirectoryError.invalidName(role: "step name", value: name)) {
            try directory.outputPath(step: name)
        }
        #expect(throws: RunDirectoryError.invalidName(role: "step name", value: name)) {
            try directory.logPath(step: name)
        }
    }

    @Test(arguments: [
        "a", "...", "0194f1c2-7a8b-7c3d-9e4f-0123456789ab", "load_data", "v1.2-rc_3", String(repeating: "a", count: 128),
    ])
    func safeNamesAreAccepted(name: String) {
        #expect(SafeName.isValid(name))
    }

    @Test func badRootOrAttemptIsRejected() {
        #expect(throws: RunDirectoryError.invalidRoot("")) { try RunDirectory(root: "", runID: "r", attempt: 1) }
        #expect(throws: RunDirectoryError.invalidAttempt(0)) { try RunDirectory(root: "/tmp", runID: "r", attempt: 0) }
    }

    @Test func layout() throws {
        let directory = try RunDirectory(root: "/var/lib/kickoff/runs", runID: "run-1", attempt: 2)
        #expect(directory.path == "/var/lib/kickoff/runs/run-1.attempt-2")
        #expect(try directory.outputPath(step: "train") == "/var/lib/kickoff/runs/run-1.attempt-2/train.output.json")
        #expect(try directory.logPath(step: "train") == "/var/lib/kickoff/runs/run-1.attempt-2/train.log")
    }

    @Test func relativeRootBecomesAbsolute() throws {
        let directory = try RunDirectory(root: "runs", runID: "run-1", attempt: 1)
        #expect(directory.root == FileManager.default.currentDirectoryPath + "/runs")
        #expect(try directory.outputPath(step: "train").hasPrefix("/"))
    }

    @Test func createMakesAnOwnerOnlyDirectoryAndRepairsItsMode() async throws {
        try await withTemporaryDirectory { dir in
            let directory = try RunDirectory(root: dir + "/runs", runID: "run-1", attempt: 1)
            try directory.create()
            #expect(try permissions(directory.path) == 0o700)
            // One directory per attempt: the run's artifacts are in the artifact store.
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
            chmod(directory.path, 0o755)
            try directory.create()  // idempotent, and back to 0700
            #expect(try permissions(directory.path) == 0o700)
        }
    }

    @Test func createRefusesASymlinkInPlaceOfADirectory() async throws {
        try await withTemporaryDirectory { dir in
            let directory = try RunDirectory(root: dir, runID: "run-1", attempt: 1)
            try FileManager.default.createSymbolicLink(atPath: directory.path, withDestinationPath: "/tmp")
            let expected = RunDirectoryError.createFailed(path: directory.path, reason: "exists and is not a directory")
            #expect(throws: expected) {
                try directory.create()
            }
        }
    }

    /// What a removal takes: files, directories at any depth, symbolic links (never what they point
    /// to); an absent path is no error.
    @Test func removalTakesTheWholeTreeButNothingALinkPointsTo() async throws {
        try await withTemporaryDirectory { dir in
            let outside = dir + "/outside"
            try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
            try writeFile(outside + "/keep.txt", "kept")
            let tree = dir + "/tree"
            try FileManager.default.createDirectory(atPath: tree + "/a/b/c", withIntermediateDirectories: true)
            try writeFile(tree + "/top.log", "x")
            try writeFile(tree + "/a/b/c/deep.bin", "y")
            try FileManager.default.createSymbolicLink(atPath: tree + "/a/link", withDestinationPath: outside)
            try FileManager.default.createSymbolicLink(atPath: tree + "/file-link", withDestinationPath: outside + "/keep.txt")
            chmod(tree + "/a/b", 0o700)
            // More names than one read of the directory returns (4 KiB of entries at a time).
            for index in 0..<300 { try writeFile(tree + "/a/many-files-with-a-long-name-\(index).txt", "\(index)") }

            TreeRemoval.remove(tree)
            #expect(access(tree, F_OK) != 0)
            #expect(try String(contentsOfFile: outside + "/keep.txt", encoding: .utf8) == "kept")
            TreeRemoval.remove(tree)  // absent: nothing happens
            TreeRemoval.remove(outside + "/keep.txt")  // a file: unlinked
            #expect(access(outside + "/keep.txt", F_OK) != 0)
        }
    }

    /// Regression (found by scripts/chaos): the worker that ended attempt n removed the whole run
    /// directory, while a run retried at once was already running attempt n + 1 in it on another
    /// worker, whose directory creation then failed ("cannot prepare the run directory").
    @Test func removingAnAttemptKeepsALaterAttemptOfTheRun() async throws {
        try await withTemporaryDirectory { dir in
            let stale = try RunDirectory(root: dir, runID: "run-1", attempt: 1)  // a killed worker's leftovers
            let ended = try RunDirectory(root: dir, runID: "run-1", attempt: 2)
            let next = try RunDirectory(root: dir, runID: "run-1", attempt: 3)
            for directory in [stale, ended, next] { try directory.create() }
            try writeFile(try next.outputPath(step: "train"), "{}")

            ended.remove()
            #expect(access(stale.path, F_OK) != 0)
            #expect(access(ended.path, F_OK) != 0)
            #expect(try next.readOutput(step: "train") == Data("{}".utf8))

            next.remove()
            #expect(access(next.path, F_OK) != 0)
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
        }
    }

    @Test func readOutput() async throws {
        try await withTemporaryDirectory { dir in
            let directory = try RunDirectory(root: dir, runID: "run-1", attempt: 1)
            try directory.create()
            #expect(try directory.readOutput(step: "train") == nil)

            try writeFile(try directory.outputPath(step: "train"), #"{"accuracy":0.87}"#)
            #expect(try directory.readOutput(step: "train") == Data(#"{"accuracy":0.87}"#.utf8))
            #expect(throws: RunDirectoryError.outputTooLarge(path: try directory.outputPath(step: "train"), limit: 8)) {
                try directory.readOutput(step: "train", maxBytes: 8)
            }
        }
    }

    @Test func readLogKeepsTheTail() async throws {
        try await withTemporaryDirectory { dir in
            let directory = try RunDirectory(root: dir, runID: "run-1", attempt: 1)
            try directory.create()
            let log = try directory.logPath(step: "train")
            #expect(try directory.readLog(step: "train", capBytes: 100) == ("", false))

            try writeFile(log, "0123456789abcdef")
            #expect(try directory.readLog(step: "train", capBytes: 16) == ("0123456789abcdef", false))

            let (text, truncated) = try directory.readLog(step: "train", capBytes: 4)
            #expect(truncated)
            #expect(text == "[log truncated: the first 12 of 16 bytes are not shown]\ncdef")

            let (nothing, cut) = try directory.readLog(step: "train", capBytes: 0)
            #expect(cut)
            #expect(nothing.hasPrefix("[log truncated"))
        }
    }

    @Test func readLogDecodesInvalidUTF8Leniently() async throws {
        try await withTemporaryDirectory { dir in
            let directory = try RunDirectory(root: dir, runID: "run-1", attempt: 1)
            try directory.create()
            let log = try directory.logPath(step: "train")

            try Data([0x61, 0xFF, 0x62, 0x0A]).write(to: URL(fileURLWithPath: log))
            #expect(try directory.readLog(step: "train", capBytes: 100) == ("a\u{FFFD}b\n", false))

            // "é" is C3 A9: a cap that cuts it in half drops the stray A9 instead of showing U+FFFD.
            try writeFile(log, "aéxyz")
            let (text, truncated) = try directory.readLog(step: "train", capBytes: 4)
            #expect(truncated)
            #expect(text.hasSuffix("\nxyz"))
            #expect(!text.contains("\u{FFFD}"))
        }
    }

    /// The pieces together, as a worker uses them: run directory, environment, runner.
    @Test func stepProtocolEndToEnd() async throws {
        try await withTemporaryDirectory { dir in
            let directory = try RunDirectory(root: dir + "/runs", runID: "run-1", attempt: 1)
            try directory.create()
            let artifacts = try RunArtifacts(store: dir + "/store", runID: "run-1")
            try artifacts.create()
            let kickoff = StepEnvironment.kickoffVariables(
                runID: directory.runID, step: "train", attempt: directory.attempt,
                parameters: ["epochs": .integer(3)], inputs: [:],
                outputPath: try directory.outputPath(step: "train"), artifactDir: artifacts.artifactDir)
            let environment = StepEnvironment.build(
                pipelineEnv: ["GREETING": "hi"], stepEnv: [:], inheritNames: ["PATH"],
                from: ProcessInfo.processInfo.environment, kickoff: kickoff)
            let script = """
                echo "$GREETING from $KICKOFF_STEP attempt $KICKOFF_ATTEMPT with $KICKOFF_PARAMETERS"
                echo model > "$KICKOFF_ARTIFACT_DIR/model.bin"
                printf '{"accuracy":0.87}' > "$KICKOFF_OUTPUT"
                """
            let spec = StepProcessSpec(
                argv: ["/bin/sh", "-c", script], workingDirectory: dir, environment: environment,
                logPath: try directory.logPath(step: "train"))
            let result = try await onDedicatedThread { try StepRunner().run(spec) }

            #expect(result.outcome == .exited(0))
            #expect(try directory.readOutput(step: "train") == Data(#"{"accuracy":0.87}"#.utf8))
            let log = try directory.readLog(step: "train", capBytes: 1000)
            #expect(log == (#"hi from train attempt 1 with {"epochs":3}"# + "\n", false))
            #expect(FileManager.default.fileExists(atPath: artifacts.artifactDir + "/model.bin"))
            #expect(try permissions(spec.logPath) == 0o600)
        }
    }
}
