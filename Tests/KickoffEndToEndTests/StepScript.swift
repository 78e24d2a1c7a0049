/// The Python steps of the end-to-end tests: each mode is one behaviour a real step may have.
enum StepScript {
    static let source = #"""
    import json, os, pathlib, signal, subprocess, sys, time

    mode = sys.argv[1]
    params = json.loads(os.environ["KICKOFF_PARAMETERS"])
    inputs = json.loads(os.environ["KICKOFF_INPUTS"])
    shared = pathlib.Path(os.environ.get("SHARED", "."))
    run_id, attempt, step = os.environ["KICKOFF_RUN_ID"], os.environ["KICKOFF_ATTEMPT"], os.environ["KICKOFF_STEP"]

    def out(value):
        with open(os.environ["KICKOFF_OUTPUT"], "w") as f:
            json.dump(value, f)

    def wait_for(check, seconds=60):
        deadline = time.time() + seconds
        while not check():
            if time.time() > deadline:
                sys.exit("gave up waiting")
            time.sleep(0.01)

    if mode == "emit":
        print(f"stdout of {step}", flush=True)
        print(f"stderr of {step}", file=sys.stderr, flush=True)
        value = params.get("n", 0) + sum(v.get("value", 0) for v in inputs.values())
        pathlib.Path(os.environ["KICKOFF_ARTIFACT_DIR"], step).write_text(str(value))
        out({"step": step, "value": value, "inputs": sorted(inputs), "env": sorted(os.environ),
             "artifacts": sorted(os.listdir(os.environ["KICKOFF_ARTIFACT_DIR"])), "cwd": os.getcwd()})
    elif mode == "block":
        (shared / f"{run_id}-{attempt}.pid").write_text(str(os.getpid()))
        wait_for(lambda: (shared / "go").exists(), 120)
        out({"attempt": int(attempt)})
    elif mode == "count":
        # One line per execution, for tests that a run is not run again; then waits like "block".
        with open(shared / f"{run_id}.executions", "a") as f:
            f.write(f"{attempt}\n")
        wait_for(lambda: (shared / "go").exists(), 120)
        out({"attempt": int(attempt), "value": params.get("n", 0)})
    elif mode == "progress":
        print(f"working on {step}", flush=True)
        wait_for(lambda: (shared / "go").exists(), 120)
        print(f"done with {step}", flush=True)
        out({})
    elif mode == "barrier":
        (shared / f"{run_id}.arrived").write_text(os.environ["KICKOFF_ARTIFACT_DIR"])
        wait_for(lambda: len(list(shared.glob("*.arrived"))) >= 2)
        out({"artifact_dir": os.environ["KICKOFF_ARTIFACT_DIR"], "pid": os.getpid(), "run": run_id})
    elif mode == "mark":
        # Leaves $SHARED/<run id>-<step>.ran: tests that a step never started look for it.
        (shared / f"{run_id}-{step}.ran").write_text(attempt)
        out({})
    elif mode == "tally":
        # One line per execution in $SHARED/<run id>-<step>.count (tests count side effects), an
        # artifact named after the step, and what it saw: its inputs and the artifacts before it.
        with open(shared / f"{run_id}-{step}.count", "a") as f:
            f.write(f"{attempt}\n")
        artifacts = pathlib.Path(os.environ["KICKOFF_ARTIFACT_DIR"])
        seen = sorted(os.listdir(artifacts))
        (artifacts / step).write_text(step)
        out({"step": step, "inputs": inputs, "artifacts": seen, "artifact_dir": str(artifacts)})
    elif mode == "fail-once":
        with open(shared / f"{run_id}-{step}.count", "a") as f:
            f.write(f"{attempt}\n")
        marker = shared / f"{run_id}-{step}.failed"
        if not marker.exists():
            marker.write_text(attempt)
            sys.exit(3)
        out({"step": step, "inputs": inputs, "artifacts": sorted(os.listdir(os.environ["KICKOFF_ARTIFACT_DIR"]))})
    elif mode == "meet":
        # A barrier: leaves $SHARED/<run id>-<step>.here and waits for a second step of the run to
        # leave its own; two such steps end only if they run at the same time.
        (shared / f"{run_id}-{step}.here").write_text(str(os.getpid()))
        wait_for(lambda: len(list(shared.glob(f"{run_id}-*.here"))) >= 2)
        out({"step": step, "met": sorted(p.name for p in shared.glob(f"{run_id}-*.here"))})
    elif mode == "fail-when":
        # Fails once the blocking step of its run (mode "block") is running beside it.
        wait_for(lambda: (shared / f"{run_id}-{attempt}.pid").exists())
        print(f"{step} fails beside a running sibling", file=sys.stderr)
        sys.exit(3)
    elif mode == "maybe-fail":
        # Counts its runs; fails when its parameter `fail` is true, else reports what it was given.
        with open(shared / f"{run_id}-{step}.count", "a") as f:
            f.write(f"{attempt}\n")
        if params.get("fail"):
            sys.exit(3)
        out({"step": step, "inputs": inputs, "artifacts": sorted(os.listdir(os.environ["KICKOFF_ARTIFACT_DIR"]))})
    elif mode == "kill-worker":
        # A poison pill: the step kills the worker that runs it (its parent), every time.
        with open(shared / f"{run_id}-{step}.count", "a") as f:
            f.write(f"{attempt}\n")
        # Its nearest ancestor that is a `kickoff worker` (a sandbox may stand between them).
        pid = os.getppid()
        while pid > 1:
            if b"worker" in pathlib.Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0"):
                os.kill(pid, signal.SIGKILL)
                break
            pid = int(pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        time.sleep(300)
    elif mode == "fail":
        print(f"boom on attempt {attempt}", file=sys.stderr)
        sys.exit(3)
    elif mode == "echo":
        out({"argv": sys.argv[2:], "param": params.get("value")})
    elif mode == "inspect":
        # Everything a step can see of its worker: the environment, and the modes of its run's files.
        print("\n".join(f"{k}={v}" for k, v in sorted(os.environ.items())), flush=True)
        artifacts = pathlib.Path(os.environ["KICKOFF_ARTIFACT_DIR"])
        (artifacts / "model.bin").write_bytes(b"weights")
        attempt_dir = pathlib.Path(os.environ["KICKOFF_OUTPUT"]).parent
        mode_of = lambda path: oct(os.stat(path).st_mode & 0o777)
        out({"env": dict(os.environ), "modes": {
            "attempt_dir": mode_of(attempt_dir), "run_artifacts": mode_of(artifacts.parent),
            "artifact_dir": mode_of(artifacts), "artifact": mode_of(artifacts / "model.bin"),
            "log": mode_of(attempt_dir / f"{step}.log")}})
        print(f"output mode {mode_of(os.environ['KICKOFF_OUTPUT'])}", flush=True)
    elif mode == "grandchild":
        child = subprocess.Popen(["sleep", "300"])
        (shared / "grandchild.pid").write_text(str(child.pid))
        time.sleep(300)
    """#
}
