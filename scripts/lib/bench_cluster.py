"""scripts/bench --cluster: prints the cluster trigger runs (scripts/lib/bench_cluster.sh) side by side,
one column per KICKOFF_PARTITIONS value: triggers/s, Redis CPU per trigger (the primaries' used_cpu_sys +
used_cpu_user over the measured run, summed, divided by the accepted triggers), and how that CPU, the
commands and the keys split over the primaries. Stdlib only."""
import argparse
import json
import os


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def snapshot(text):
    """'port cpu commands keys;…' -> {port: (cpu, commands, keys)}"""
    nodes = {}
    for line in text.split(";"):
        parts = line.split()
        if len(parts) == 4:
            nodes[parts[0]] = (float(parts[1]), int(parts[2]), int(parts[3]))
    return nodes


def column(results, partitions, seconds):
    data = load(os.path.join(results, f"cluster_n{partitions}.json"))
    if data is None:
        return {"error": "no result"}
    if not data.get("supported"):
        return {"error": f"not supported by this build ({data.get('reason', '')})"}
    before, after = snapshot(data["before"]), snapshot(data["after"])
    wrk = load(os.path.join(results, f"cluster_n{partitions}.wrk.json")) or {}
    duration = (wrk.get("duration_us") or seconds * 1e6) / 1e6
    accepted = int(data["accepted"])
    ports = sorted(set(before) & set(after), key=int)
    cpu = {p: after[p][0] - before[p][0] for p in ports}
    commands = {p: after[p][1] - before[p][1] for p in ports}
    keys = {p: after[p][2] for p in ports}
    total_cpu, total_commands, total_keys = sum(cpu.values()), sum(commands.values()), sum(keys.values())

    def split(values, total):
        return " / ".join(f"{100 * values[p] / total:.0f}" if total else "0" for p in ports) + " %"

    return {
        "triggers/s": f"{accepted / duration:,.0f}",
        "accepted triggers": f"{accepted:,}",
        "wrk p99": f"{wrk.get('p99_us', 0) / 1000:.1f} ms",
        "Redis CPU per trigger": f"{1e6 * total_cpu / accepted:.0f} µs" if accepted else "-",
        "  on the busiest primary": f"{1e6 * max(cpu.values()) / accepted:.0f} µs" if accepted and cpu else "-",
        "Redis commands per trigger": f"{total_commands / accepted:.1f}" if accepted else "-",
        "CPU split over primaries": split(cpu, total_cpu),
        "busiest primary's CPU": f"{100 * max(cpu.values()) / duration:.0f} % of a core" if cpu else "-",
        "command split": split(commands, total_commands),
        "key split": split(keys, total_keys),
        "load (1 min)": str(data.get("load", "")),
        "_cpu_per_trigger_us": 1e6 * total_cpu / accepted if accepted else None,
        "_busiest_per_trigger_us": 1e6 * max(cpu.values()) / accepted if accepted and cpu else None,
        "_busiest_share": max(cpu.values()) / total_cpu if total_cpu else None,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--results", required=True)
    parser.add_argument("--partitions", default="1,3")
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    values = [p.strip() for p in args.partitions.split(",") if p.strip()]
    columns = {p: column(args.results, p, args.seconds) for p in values}
    rows = ["triggers/s", "accepted triggers", "wrk p99", "Redis CPU per trigger", "  on the busiest primary", "Redis commands per trigger",
            "CPU split over primaries", "busiest primary's CPU", "command split", "key split", "load (1 min)"]
    heads = [f"KICKOFF_PARTITIONS={p}" for p in values]
    width = max(len(r) for r in rows) + 2
    cells = {p: ([columns[p]["error"]] + [""] * (len(rows) - 1)) if "error" in columns[p] else [columns[p][r] for r in rows]
             for p in values}
    col_width = [max(len(heads[i]), *(len(c) for c in cells[p])) + 2 for i, p in enumerate(values)]
    print("Trigger on a Redis Cluster (3 primaries + 3 replicas; splits in primary port order)")
    print("".ljust(width) + "".join(h.ljust(w) for h, w in zip(heads, col_width)))
    for i, row in enumerate(rows):
        print(row.ljust(width) + "".join(cells[p][i].ljust(w) for p, w in zip(values, col_width)))
    # On paper: a primary's core at 100 % runs 1 / (CPU per trigger) triggers per second. The sum over
    # the primaries includes their idle work (cluster bus, cron), which does not grow with triggers;
    # the busiest primary's figure is what one more primary's worth of triggers costs.
    for p in values:
        c = columns[p]
        if "error" in c or not c["_cpu_per_trigger_us"]:
            continue
        for label, cost in (("all primaries", c["_cpu_per_trigger_us"]), ("busiest primary", c["_busiest_per_trigger_us"])):
            per_core = 1e6 / cost
            print(f"N={p}, {label} ({cost:.0f} µs/trigger): one primary core covers ~{per_core:,.0f} triggers/s; "
                  f"10k/s needs ≥ {10_000 / per_core:.1f} primary cores, 100k/s ≥ {100_000 / per_core:.1f} (evenly spread, 100 % busy)")


if __name__ == "__main__":
    main()
