/// The Python steps of the end-to-end tests: each mode is one behaviour a real step may have.
enum StepScript {
    static let source = #"""
    import json, os, pathlib, subprocess, sys, time

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
        attempt_dir = artifacts.parent
        mode_of = lambda path: oct(os.stat(path).st_mode & 0o777)
        out({"env": dict(os.environ), "modes": {
            "attempt_dir": mode_of(attempt_dir),
            "artifact_dir": mode_of(artifacts), "artifact": mode_of(artifacts / "model.bin"),
            "log": mode_of(attempt_dir / f"{step}.log")}})
        print(f"output mode {mode_of(os.environ['KICKOFF_OUTPUT'])}", flush=True)
    elif mode == "grandchild":
        child = subprocess.Popen(["sleep", "300"])
        (shared / "grandchild.pid").write_text(str(child.pid))
        time.sleep(300)
    """#
}
