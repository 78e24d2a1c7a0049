# Sourced by scripts/bench for `--cluster[=N,N…]` (#21 item 4; not in CI): the trigger benchmark
# (the same wrk -t2 -c64 and body as the trigger section, no workers running) against one front on a
# private Redis Cluster (3 primaries + 3 replicas, scripts/lib/redis-cluster.sh), once per
# KICKOFF_PARTITIONS value in $CLUSTER_PARTITIONS (default 1,3). For each it records triggers/s, the
# Redis CPU per trigger (each primary's INFO cpu used_cpu_sys+used_cpu_user over the measured run,
# summed, ÷ the triggers the front accepted) and the per-primary split of that CPU, of the commands
# and of the keys; scripts/lib/bench_cluster.py prints them side by side. A value the binary refuses
# (the front exits at start) or ignores (N > 1 and no key under a `{kickoff:<i>}` hash tag) is
# reported as "not supported by this build".
# Uses bench's helpers: say, note, start, stop, json, loadavg, PY, KICKOFF, PIPELINES, WORK, RESULTS,
# NATIVE_BODY, TRIGGER_SECONDS, WARMUP_SECONDS.

CLUSTER_PARTITIONS=${CLUSTER_PARTITIONS:-1,3}

# The primaries' ports, as the nodes see them now (ROLE says master).
cluster_primaries() {
    local port
    for port in "${KICKOFF_CLUSTER_PORTS[@]}"; do
        [ "$(redis-cli -p "$port" ROLE 2>/dev/null | head -n 1)" = master ] && echo "$port"
    done
}

# cluster_snapshot FILE: each primary's CPU seconds, commands processed and keys, one line each.
cluster_snapshot() {
    local port
    for port in $(cluster_primaries); do
        printf '%s %s %s %s\n' "$port" \
            "$(redis-cli -p "$port" INFO cpu | tr -d '\r' | awk -F: '/^used_cpu_(sys|user):/ {sum += $2} END {print sum}')" \
            "$(redis-cli -p "$port" INFO stats | tr -d '\r' | awk -F: '/^total_commands_processed:/ {print $2}')" \
            "$(redis-cli -p "$port" DBSIZE)"
    done > "$1"
}

# cluster_accepted PORT: the front's count of accepted triggers of the bench pipeline.
cluster_accepted() {
    curl -fs "http://127.0.0.1:$1/metrics" | awk '/^kickoff_triggers_total\{pipeline="bench",outcome="accepted"\}/ {print $2}' | grep . || echo 0
}

# cluster_settle PORT: until the accepted count stops moving (wrk's last requests answered).
cluster_settle() {
    local previous="" current deadline=$((SECONDS + 60))
    while [ $SECONDS -lt $deadline ]; do
        current=$(cluster_accepted "$1")
        [ "$current" = "$previous" ] && return 0
        previous=$current
        sleep 0.3
    done
}

# cluster_trigger N: one measured wrk run with KICKOFF_PARTITIONS=N on an emptied cluster.
cluster_trigger() {
    local partitions=$1 name="cluster_n$1" port front key load port_primary
    for port_primary in $(cluster_primaries); do redis-cli -p "$port_primary" FLUSHALL > /dev/null; done
    port=$(kickoff_free_port)
    note "KICKOFF_REDIS_CLUSTER=\$NODES KICKOFF_PARTITIONS=$partitions $KICKOFF serve --port $port --rate-limit 0 --pipelines $PIPELINES"
    KICKOFF_REDIS_CLUSTER="$KICKOFF_CLUSTER_NODES" KICKOFF_PARTITIONS="$partitions" \
        start "$name-front" "$KICKOFF" serve --port "$port" --rate-limit 0 --pipelines "$PIPELINES"
    front=$STARTED
    local deadline=$((SECONDS + 60))
    until curl -fs -o /dev/null "http://127.0.0.1:$port/healthz"; do
        if ! kill -0 "$front" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
            local why
            why=$(grep -m1 -iE 'error|invalid|partition' "$WORK/logs/$name-front.log" | tr -d '"\\' | cut -c1-160)
            echo "bench: KICKOFF_PARTITIONS=$partitions: the front did not start (${why:-no message}): not supported by this build" >&2
            stop "$front"
            json "$name" partitions="$partitions" supported=false reason="\"the front refused it: ${why:-exited at start}\""
            return 0
        fi
        sleep 0.1
    done
    if ! key=$(KICKOFF_REDIS_CLUSTER="$KICKOFF_CLUSTER_NODES" KICKOFF_PARTITIONS="$partitions" \
               "$KICKOFF" keys create "bench-cluster-$RANDOM" --scopes trigger,read 2>"$WORK/logs/$name-key.log"); then
        echo "bench: KICKOFF_PARTITIONS=$partitions: kickoff keys create failed: not supported by this build" >&2
        stop "$front"
        json "$name" partitions="$partitions" supported=false reason="\"kickoff keys create failed: $(head -c 160 "$WORK/logs/$name-key.log" | tr -d '"\\\n')\""
        return 0
    fi
    BENCH_BODY="$NATIVE_BODY" BENCH_API_KEY="$key" BENCH_WRK_OUT="$WORK/warmup.json" \
        wrk -t2 -c64 -d"${WARMUP_SECONDS}s" -s scripts/lib/bench_wrk.lua "http://127.0.0.1:$port/v1/pipelines/bench/runs" > /dev/null
    cluster_settle "$port"
    load=$(loadavg)
    local accepted_before
    accepted_before=$(cluster_accepted "$port")
    cluster_snapshot "$WORK/$name.before"
    note "wrk -t2 -c64 -d${TRIGGER_SECONDS}s -s scripts/lib/bench_wrk.lua http://127.0.0.1:\$PORT/v1/pipelines/bench/runs    # KICKOFF_PARTITIONS=$partitions, after a ${WARMUP_SECONDS} s warm-up"
    BENCH_BODY="$NATIVE_BODY" BENCH_API_KEY="$key" BENCH_WRK_OUT="$RESULTS/$name.wrk.json" \
        wrk -t2 -c64 -d"${TRIGGER_SECONDS}s" -s scripts/lib/bench_wrk.lua "http://127.0.0.1:$port/v1/pipelines/bench/runs" > "$WORK/logs/$name.wrk.txt"
    cluster_settle "$port"
    local accepted
    accepted=$(( $(cluster_accepted "$port") - accepted_before ))
    cluster_snapshot "$WORK/$name.after"
    # Spread over partitions? With N > 1 some key must carry a `{kickoff:<i>}` hash tag, else the
    # binary ignored the variable and the figures are N = 1's.
    local tagged=0 primary
    for primary in $(cluster_primaries); do
        [ -n "$(redis-cli -p "$primary" --scan --pattern '{kickoff:[0-9]*' | head -n 1)" ] && tagged=$((tagged + 1))
    done
    stop "$front"
    if [ "$partitions" -gt 1 ] && [ "$tagged" -eq 0 ]; then
        echo "bench: KICKOFF_PARTITIONS=$partitions: no key under a {kickoff:<i>} hash tag (the variable was ignored): not supported by this build" >&2
        json "$name" partitions="$partitions" supported=false reason="\"ignored: every key still under {kickoff}\""
        return 0
    fi
    json "$name" partitions="$partitions" supported=true load="$load" \
        accepted="$accepted" \
        before="\"$(tr '\n' ';' < "$WORK/$name.before")\"" after="\"$(tr '\n' ';' < "$WORK/$name.after")\"" \
        primaries_with_partition_keys="$tagged"
}

section_cluster() {
    say "Trigger on a Redis Cluster (3 primaries + 3 replicas): wrk -t2 -c64 for ${TRIGGER_SECONDS}s, KICKOFF_PARTITIONS in $CLUSTER_PARTITIONS (no workers)"
    source scripts/lib/redis-cluster.sh
    kickoff_start_redis_cluster
    local partitions
    for partitions in ${CLUSTER_PARTITIONS//,/ }; do cluster_trigger "$partitions"; done
    kickoff_stop_redis_cluster
    "$PY" scripts/lib/bench_cluster.py --results "$RESULTS" --partitions "$CLUSTER_PARTITIONS" --seconds "$TRIGGER_SECONDS"
}
