# Sourced by the reliability scripts (chaos, outage, fuzz, soak), after setup.sh and redis.sh:
# builds or finds the kickoff binary, starts a private Redis with the AOF on, the front and a pool,
# and stops all of it on exit. Every process is started here and stopped by its own PID.
# With SYSTEM_CLUSTER=1 Redis is a private Redis Cluster instead (scripts/lib/redis-cluster.sh),
# given to every kickoff process through KICKOFF_REDIS_CLUSTER, with KICKOFF_REDIS_MIN_REPLICAS=1.
#
# Sets KICKOFF (the binary), SYSTEM_WORK (a temp dir), REDIS_URL, FRONT_URL, FRONT_PID, POOL_PID, API_KEY.

SYSTEM_PIDS=()
SYSTEM_PIPELINES="$PWD/scripts/lib/load-pipeline/pipelines.yaml"
# Short leases so a killed worker's run is taken over within seconds (default 30s/5s).
SYSTEM_WORKER_FLAGS=(--lease 3s --heartbeat 1s --kill-grace 2s --drain-grace 5s)

# The release binary, built like scripts/demo does; KICKOFF_BIN=/path skips the build.
kickoff_release_binary() {
    if [ -n "${KICKOFF_BIN:-}" ]; then
        KICKOFF="$KICKOFF_BIN"
    else
        local log
        log=$(mktemp /tmp/kickoff-build.XXXXXX)
        if ! swift build -c release --product kickoff > "$log" 2>&1; then
            cat "$log" >&2
            echo "the release build failed" >&2
            rm -f "$log"
            return 1
        fi
        rm -f "$log"
        KICKOFF="$(swift build -c release --show-bin-path)/kickoff"
    fi
    [ -x "$KICKOFF" ] || { echo "no kickoff binary at $KICKOFF" >&2; return 1; }
}

system_cleanup() {
    # TERM, not INT: a background job of a non-interactive shell ignores SIGINT.
    local pid
    for pid in "${SYSTEM_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${SYSTEM_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    kickoff_stop_redis
    [ -n "${SYSTEM_CLUSTER:-}" ] && kickoff_stop_redis_cluster
    if [ -n "${SYSTEM_KEEP:-}" ]; then
        echo "kept $SYSTEM_WORK" >&2
    else
        rm -rf "$SYSTEM_WORK"
    fi
}

system_start() {
    SYSTEM_WORK=$(mktemp -d /tmp/kickoff-reliability.XXXXXX)
    trap system_cleanup EXIT
    # With partitions (KICKOFF_PARTITIONS > 1) inbound hook sources are refused yet: the load
    # pipeline's copy without its `sources:`.
    if [ "${KICKOFF_PARTITIONS:-1}" -gt 1 ]; then
        mkdir -p "$SYSTEM_WORK/pipeline"
        cp "$(dirname "$SYSTEM_PIPELINES")/step.sh" "$SYSTEM_WORK/pipeline/"
        sed '/^sources:/,$d' "$SYSTEM_PIPELINES" > "$SYSTEM_WORK/pipeline/pipelines.yaml"
        SYSTEM_PIPELINES="$SYSTEM_WORK/pipeline/pipelines.yaml"
    fi
    # Every acknowledged write on disk before the reply: a Redis killed with -9 loses nothing.
    if [ -n "${SYSTEM_CLUSTER:-}" ]; then
        source scripts/lib/redis-cluster.sh
        kickoff_start_redis_cluster --appendonly yes --appendfsync always --maxmemory-policy noeviction
        # A trigger is answered 202 only once a replica has it: a primary's failover loses none.
        export KICKOFF_REDIS_CLUSTER="$KICKOFF_CLUSTER_NODES" KICKOFF_REDIS_MIN_REPLICAS=1
        KICKOFF_REDIS_PORT=$(kickoff_cluster_owner '{kickoff}:')
    else
        kickoff_start_redis --appendonly yes --appendfsync always --maxmemory-policy noeviction
    fi
    REDIS_URL="redis://127.0.0.1:$KICKOFF_REDIS_PORT/0"
    API_KEY=$("$KICKOFF" keys create reliability --scopes trigger,read,admin --redis-url "$REDIS_URL" 2>> "$SYSTEM_WORK/keys.log")
    system_start_front
    system_start_pool
}

# Restarts the private Redis on the same port and directory, so it loads its AOF.
system_restart_redis() {
    redis-server --port "$KICKOFF_REDIS_PORT" --bind 127.0.0.1 --dir "$KICKOFF_REDIS_DIR" \
        --save "" --daemonize no --logfile "$KICKOFF_REDIS_DIR/redis.log" \
        --appendonly yes --appendfsync always --maxmemory-policy noeviction &
    KICKOFF_REDIS_PID=$!
}

# Drops a PID this script killed and waited for, so that cleanup does not signal it (or its successor).
system_forget() {
    local pid kept=()
    for pid in "${SYSTEM_PIDS[@]}"; do [ "$pid" = "$1" ] || kept+=("$pid"); done
    SYSTEM_PIDS=("${kept[@]}")
}

system_start_front() {
    FRONT_PORT=${FRONT_PORT:-$(kickoff_free_port)}
    FRONT_URL="http://127.0.0.1:$FRONT_PORT"
    # No rate limit unless FRONT_RATE_LIMIT says one (`default`: the front's own, 100/s).
    local rate=(--rate-limit "${FRONT_RATE_LIMIT:-0}")
    [ "${FRONT_RATE_LIMIT:-0}" = default ] && rate=()
    LOAD_HOOK_TOKEN=load-hook-token "$KICKOFF" serve --redis-url "$REDIS_URL" --pipelines "$SYSTEM_PIPELINES" --port "$FRONT_PORT" \
        "${rate[@]}" --log-level warning >> "$SYSTEM_WORK/front.log" 2>&1 &
    FRONT_PID=$!
    SYSTEM_PIDS+=("$FRONT_PID")
    local deadline=$((SECONDS + 30))
    until curl -fs "$FRONT_URL/readyz" > /dev/null 2>&1; do
        if [ $SECONDS -ge $deadline ] || ! kill -0 "$FRONT_PID" 2>/dev/null; then
            echo "the front did not come up" >&2
            cat "$SYSTEM_WORK/front.log" >&2
            return 1
        fi
        sleep 0.1
    done
}

system_start_pool() {
    "$KICKOFF" pool --workers "${POOL_WORKERS:-4}" --redis-url "$REDIS_URL" --pipelines "$SYSTEM_PIPELINES" \
        "${SYSTEM_WORKER_FLAGS[@]}" --data-dir "$SYSTEM_WORK/data" --log-level warning \
        >> "$SYSTEM_WORK/pool.log" 2>&1 &
    POOL_PID=$!
    SYSTEM_PIDS+=("$POOL_PID")
}

# The resident set of a process, in KiB.
system_rss_kib() {
    awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0
}
