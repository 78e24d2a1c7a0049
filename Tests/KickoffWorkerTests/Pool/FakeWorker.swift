import KickoffTestSupport
import Foundation
import Glibc

/// A stand-in for `kickoff worker` in pool tests: one python3 process (no grandchildren unless asked)
/// that writes `slot-<slot>.pid` once its SIGTERM handler is in place, and `slot-<slot>.term` with
/// its pid when it gets SIGTERM.
enum FakeWorker {
    enum Behaviour: String {
        /// Exits 0 on SIGTERM.
        case exitOnTerm = "exit-on-term"
        /// Notes SIGTERM and goes on: only SIGKILL ends it.
        case ignoreTerm = "ignore-term"
        /// Like exitOnTerm, after starting a grandchild that writes `slot-<slot>.grandchild`.
        case withGrandchild = "with-grandchild"
    }

    static let script = """
        import os, signal, sys, time
        directory, behaviour = sys.argv[1], sys.argv[2]
        slot = os.environ["KICKOFF_POOL_SLOT"]

        def write(name, text):
            path = os.path.join(directory, name)
            with open(path + ".tmp", "w") as f:
                f.write(text)
            os.rename(path + ".tmp", path)  # readers never see half a file

        def on_term(signum, frame):
            write(f"slot-{slot}.term", f"{os.getpid()}\\n")
            if behaviour != "ignore-term":
                sys.exit(0)

        signal.signal(signal.SIGTERM, on_term)
        if behaviour == "with-grandchild":
            child = os.fork()
            if child == 0:
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                while True:
                    time.sleep(3600)
            write(f"slot-{slot}.grandchild", f"{child}\\n")
        write(f"slot-{slot}.pid", f"{os.getpid()}\\n")
        while True:
            time.sleep(3600)
        """

    /// The `--worker-command` flags that run the fake worker in `directory`.
    static func commandFlags(directory: String, behaviour: Behaviour) throws -> [String] {
        let python = try pythonPath()
        let scriptPath = directory + "/fake_worker.py"
        try writeFile(scriptPath, script)
        return [python, scriptPath, directory, behaviour.rawValue].flatMap { ["--worker-command", $0] }
    }

    /// python3 as an absolute path: the pool does not search PATH.
    private static func pythonPath() throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in ["/usr/bin"] + path.split(separator: ":").map(String.init) {
            let candidate = directory + "/python3"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw TestSupportError("python3 not found")
    }
}
