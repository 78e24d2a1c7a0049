import Foundation
import KickoffModel
import KickoffTestSupport
import RedisClient
import Testing

/// `isolation: sandbox` with real workers and two runs at once: each step sees only its own
/// processes (not the other run's secret parameters), its own `/tmp`, only its own run's directory;
/// it may write its run's directory and the working directory, nothing else; `network: false`
/// leaves it only loopback.
@Suite struct SandboxEndToEndTests {
    static let pipelines = """
    pipelines:
      sealed:
        isolation: sandbox
        env: {SHARED: "$SHARED"}
        steps:
          probe:
            run: [python3, probe.py, "{{name}}", "{{other}}", "{{redis_port}}"]
            parameters: {name: {type: string}, other: {type: string}, redis_port: {type: integer}, secret: {type: string}}
      offline:
        env: {SHARED: "$SHARED"}
        steps:
          probe:
            isolation: sandbox
            network: false
            run: [python3, probe.py, "{{name}}", "{{other}}", "{{redis_port}}"]
            parameters: {name: {type: string}, other: {type: string}, redis_port: {type: integer}, secret: {type: string}}
    """

    /// Marks itself ready (a file in the shared, writable working directory) and waits for the other
    /// run's step, so both run at once; then looks around and writes what it saw as its output.
    static let probe = #"""
    import json, os, socket, sys, time
    name, other, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    shared = os.environ["SHARED"]
    with open("/tmp/" + name, "w") as f:
        f.write(name)
    open(os.path.join(shared, name + ".ready"), "w").close()
    deadline = time.monotonic() + 60
    while not os.path.exists(os.path.join(shared, other + ".ready")):
        if time.monotonic() > deadline:
            sys.exit("the other run's step never started")
        time.sleep(0.05)
    pids = [p for p in os.listdir("/proc") if p.isdigit()]
    other_secret = "secret-" + other
    seen = False
    for pid in pids:
        for what in ("environ", "cmdline"):
            try:
                with open("/proc/%s/%s" % (pid, what), "rb") as f:
                    seen = seen or other_secret.encode() in f.read()
            except OSError:
                pass
    run_dir = os.path.dirname(os.environ["KICKOFF_OUTPUT"])
    data_dir = os.path.dirname(run_dir)
    def writable(path):
        try:
            with open(path, "w") as f:
                f.write("x")
            os.remove(path)
            return True
        except OSError:
            return False
    with open("/proc/net/dev") as f:
        interfaces = sorted(line.split(":")[0].strip() for line in f.readlines()[2:])
    try:
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
        reached = True
    except OSError:
        reached = False
    artifact_store = os.path.dirname(os.path.dirname(os.environ["KICKOFF_ARTIFACT_DIR"]))
    out = {
        "processes": len(pids),
        "saw_other_secret": seen,
        "saw_other_tmp": os.path.exists("/tmp/" + other),
        # The artifact store (under the data directory by default) shows only this run's place.
        "runs_visible": sorted(e for e in os.listdir(data_dir) if not (os.path.realpath(artifact_store) + "/").startswith(os.path.realpath(os.path.join(data_dir, e)) + "/")),
        "artifact_runs_visible": sorted(os.listdir(artifact_store)),
        "own_run_id": os.environ["KICKOFF_RUN_ID"],
        "artifact_dir_writable": writable(os.path.join(os.environ["KICKOFF_ARTIFACT_DIR"], "probe")),
        "own_run": os.path.basename(run_dir),
        "run_dir_writable": writable(os.path.join(run_dir, "probe")),
        "working_dir_writable": writable(os.path.join(os.getcwd(), name + ".probe")),
        "usr_writable": writable("/usr/kickoff-sandbox-probe"),
        "interfaces": interfaces,
        "reached_redis": reached,
    }
    with open(os.environ["KICKOFF_OUTPUT"], "w") as f:
        json.dump(out, f)
    """#

    func outputs(_ fixture: WorkerFixture, _ id: String) async throws -> [String: JSONValue] {
        let record = try await fixture.waitUntilFinished(id)
        #expect(record.status == .succeeded, "\(record)\n\(fixture.workerLogs())")
        return record.outputs?.objectValue ?? [:]
    }

    @Test func twoSandboxedRunsAtOnceSeeNeitherEachOthersProcessesNorFiles() async throws {
        let fixture = try await WorkerFixture(pipelines: Self.pipelines)
        try Self.probe.write(to: fixture.directory.appendingPathComponent("probe.py"), atomically: true, encoding: .utf8)
        try fixture.startWorker("w1")
        try fixture.startWorker("w2")
        let port = JSONValue.integer(Int64(fixture.queue.configuration.port))
        let first = try await fixture.enqueue("sealed", TriggerValues(parameters: [
            "name": .string("a"), "other": .string("b"), "redis_port": port, "secret": .string("secret-a")]))
        let second = try await fixture.enqueue("offline", TriggerValues(parameters: [
            "name": .string("b"), "other": .string("a"), "redis_port": port, "secret": .string("secret-b")]))
        let a = try await outputs(fixture, first.id), b = try await outputs(fixture, second.id)
        for (name, seen) in [("a", a), ("b", b)] {
            // bwrap's own init, the step, maybe a child of it: never the dozens of the machine.
            let processes: Int64 = if case .integer(let count)? = seen["processes"] { count } else { 99 }
            #expect(processes <= 4, "\(name): \(seen)")
            #expect(seen["saw_other_secret"] == .bool(false), "\(name): \(seen)")
            #expect(seen["saw_other_tmp"] == .bool(false), "\(name): \(seen)")
            #expect(seen["runs_visible"] == .array([seen["own_run"] ?? .null]), "\(name): \(seen)")
            #expect(seen["artifact_runs_visible"] == .array([seen["own_run_id"] ?? .null]), "\(name): \(seen)")
            #expect(seen["artifact_dir_writable"] == .bool(true), "\(name): \(seen)")
            #expect(seen["run_dir_writable"] == .bool(true), "\(name): \(seen)")
            #expect(seen["working_dir_writable"] == .bool(true), "\(name): \(seen)")
            #expect(seen["usr_writable"] == .bool(false), "\(name): \(seen)")
        }
        #expect(a["reached_redis"] == .bool(true), "\(a)")
        #expect(b["interfaces"] == .array([.string("lo")]) && b["reached_redis"] == .bool(false), "\(b)")
    }

    @Test func networkFalseWithoutASandboxIsRefusedWithItsLine() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kickoff-sandbox-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("pipelines.yaml")
        try """
        pipelines:
          leaky:
            steps:
              fetch:
                network: false
                run: [echo, hi]
          odd:
            isolation: jail
            steps:
              only: {run: [echo, hi]}
        """.write(to: file, atomically: true, encoding: .utf8)
        let (status, output) = try await KickoffProcess.run(["pipelines", "validate", file.path])
        #expect(status != 0)
        #expect(output.contains("pipelines.yaml:5:"), "\(output)")
        #expect(output.contains("network: false without isolation: sandbox"), "\(output)")
        #expect(output.contains("pipelines.yaml:8:") && output.contains("isolation must be one of none, sandbox"), "\(output)")
    }
}
