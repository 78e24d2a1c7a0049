public import Foundation

/// A real `kickoff` process (the executable built next to the tests), its output kept in a file.
public final class KickoffProcess: @unchecked Sendable {
    // @unchecked: the Process is started once and then only signalled and awaited.
    public let process: Process
    public let logURL: URL

    /// Starts `kickoff ARGUMENTS…` with the test's environment plus `environment`; under `wrapper` when
    /// given (`[/usr/bin/setpriv, --reuid=…]`: the wrapper's argv, followed by kickoff's).
    public init(_ arguments: [String], environment: [String: String] = [:], logDirectory: URL? = nil, wrapper: [String] = []) throws {
        let directory = logDirectory ?? FileManager.default.temporaryDirectory
        logURL = directory.appendingPathComponent("kickoff-\(arguments.first ?? "x")-\(UUID().uuidString.prefix(8)).log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        process = Process()
        if let launcher = wrapper.first {
            process.executableURL = URL(fileURLWithPath: launcher)
            process.arguments = Array(wrapper.dropFirst()) + [try Self.executable().path] + arguments
        } else {
            process.executableURL = try Self.executable()
            process.arguments = arguments
        }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        if TestRedis.onCluster, let seeds = ProcessInfo.processInfo.environment["KICKOFF_TEST_REDIS_CLUSTER"] {
            process.arguments = Self.onCluster(process.arguments ?? [], seeds: seeds)
            process.environment = Self.onCluster(environment: process.environment ?? [:], seeds: seeds)
        }
        // Never the test runner's pipes: a process left behind would keep `swift test` waiting for EOF.
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = log
        process.standardError = log
        try process.run()
    }

    /// `--redis-url redis://127.0.0.1:PORT/0` naming a node of the shared test cluster becomes
    /// `--redis-cluster <every node>`: the fixtures name the shared Redis by URL, and a cluster is
    /// given by its seeds. Other URLs (private servers, wrong ports on purpose) stay as they are.
    /// A process given sentinels (a Sentinel test's own servers) keeps its arguments.
    static func onCluster(_ arguments: [String], seeds: String) -> [String] {
        guard !arguments.contains("--redis-sentinels") else { return arguments }
        let nodes = Self.nodeURLs(seeds)
        var rewritten = arguments
        for index in rewritten.indices.dropLast() where rewritten[index] == "--redis-url" && nodes.contains(rewritten[index + 1]) {
            rewritten[index] = "--redis-cluster"
            rewritten[index + 1] = seeds
        }
        return rewritten
    }

    /// The same for `KICKOFF_REDIS_URL`, which becomes `KICKOFF_REDIS_CLUSTER`.
    static func onCluster(environment: [String: String], seeds: String) -> [String: String] {
        guard let url = environment["KICKOFF_REDIS_URL"], Self.nodeURLs(seeds).contains(url),
              environment["KICKOFF_REDIS_SENTINELS"] == nil else { return environment }
        var rewritten = environment
        rewritten["KICKOFF_REDIS_URL"] = nil
        rewritten["KICKOFF_REDIS_CLUSTER"] = seeds
        return rewritten
    }

    private static func nodeURLs(_ seeds: String) -> Set<String> {
        Set(seeds.split(separator: ",").map { "redis://" + $0 + "/0" })
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    public var pid: Int32 { process.processIdentifier }
    public var isRunning: Bool { process.isRunning }

    public func signal(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Waits for the process to exit (polling with a deadline) and returns its exit status.
    public func waitForExit(deadline: Duration = .seconds(60)) async throws -> Int32 {
        let process = self.process
        try await Eventually.poll("kickoff \(process.arguments?.first ?? "") (pid \(process.processIdentifier)) exits", deadline: deadline) {
            !process.isRunning
        }
        return process.terminationStatus
    }

    public var output: String {
        (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
    }

    /// The `kickoff` executable built beside the test bundle (`swift build --build-tests` builds both),
    /// or `KICKOFF_TEST_BINARY` when set: to time an end-to-end test with a release build.
    public static func executable() throws -> URL {
        if let path = ProcessInfo.processInfo.environment["KICKOFF_TEST_BINARY"], !path.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: path) else { throw TestSupportError("KICKOFF_TEST_BINARY=\(path) is not executable") }
            return URL(fileURLWithPath: path)
        }
        let bundleDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [
            bundleDirectory.appendingPathComponent("kickoff"),
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../.build/debug/kickoff").standardized,
        ]
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate
        }
        throw TestSupportError("the kickoff executable was not found in \(candidates.map(\.path)); run swift build --build-tests first")
    }

    /// Runs `kickoff ARGUMENTS…` to the end; returns its exit status and output.
    public static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> (status: Int32, output: String) {
        let process = try KickoffProcess(arguments, environment: environment)
        let status = try await process.waitForExit()
        return (status, process.output)
    }
}

/// Whether a process is gone (or only a zombie no one reaps: as good as gone).
public enum ProcessLiveness {
    public static func isGone(_ pid: Int32) -> Bool {
        if kill(pid, 0) != 0 { return errno == ESRCH }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return true }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return state == "Z" || state == "X"
    }
}
