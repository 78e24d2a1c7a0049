# Sourced by the scripts: starts a private Redis Cluster on loopback — 3 primaries with a replica
# each (`redis-cli --cluster create … --cluster-replicas 1`), cluster-node-timeout 1 s so that a
# replica takes over a killed primary within seconds — and stops it on exit.
# Sets KICKOFF_CLUSTER_NODES (host:port,… for KICKOFF_REDIS_CLUSTER), KICKOFF_CLUSTER_PORTS (array)
# and KICKOFF_CLUSTER_DIR; each node's PID is in $KICKOFF_CLUSTER_DIR/PORT/pid, so that a node killed
# and restarted by a background job (scripts/chaos --cluster) is still stopped on exit.
[ "$(type -t kickoff_free_port)" = function ] || source "$(dirname "${BASH_SOURCE[0]}")/redis.sh"

# N free ports, each with its cluster bus port (10000 above it) free too; one python3 start (slow
# on a busy machine) for all of them.
kickoff_free_cluster_ports() {
    python3 -c '
import socket, sys
held, ports = [], []
while len(ports) < int(sys.argv[1]):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; held.append(s)
    if port >= 55536: continue
    try:
        b = socket.socket(); b.bind(("127.0.0.1", port + 10000)); held.append(b); ports.append(port)
    except OSError: pass
print(" ".join(map(str, ports)))' "$1"
}

# kickoff_start_cluster_node PORT: starts (or restarts, from its directory: its nodes.conf makes it
# rejoin) one node, with the extra arguments given to kickoff_start_redis_cluster.
kickoff_start_cluster_node() {
    local port=$1
    mkdir -p "$KICKOFF_CLUSTER_DIR/$port"
    redis-server --port "$port" --bind 127.0.0.1 --dir "$KICKOFF_CLUSTER_DIR/$port" --save "" --appendonly no \
        --daemonize no --logfile "$KICKOFF_CLUSTER_DIR/$port/redis.log" --cluster-enabled yes \
        --cluster-config-file nodes.conf --cluster-node-timeout 1000 --cluster-replica-validity-factor 0 \
        --repl-diskless-sync-delay 0 "${KICKOFF_CLUSTER_ARGS[@]}" &
    echo $! > "$KICKOFF_CLUSTER_DIR/$port/pid"
    # Out of the job table: a node SIGKILLed on purpose is not reported as a dead job.
    disown "$!" 2>/dev/null || true
}

# kickoff_kill_cluster_node PORT: SIGKILL, as a crash would.
kickoff_kill_cluster_node() {
    local pid
    pid=$(cat "$KICKOFF_CLUSTER_DIR/$1/pid")
    kill -KILL "$pid" 2>/dev/null
    while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
}

# kickoff_cluster_owner KEY: the port of the live primary serving KEY's slot, as the first node that
# answers tells it; nothing (status 1) while none does (between a primary's death and its replica's
# promotion).
kickoff_cluster_owner() {
    local port slot owner
    for port in "${KICKOFF_CLUSTER_PORTS[@]}"; do
        slot=$(redis-cli -p "$port" cluster keyslot "$1" 2>/dev/null) || continue
        [[ "$slot" =~ ^[0-9]+$ ]] || continue
        owner=$(redis-cli -p "$port" cluster nodes 2>/dev/null | awk -v slot="$slot" '
            $3 ~ /master/ && $3 !~ /fail/ {
                for (i = 9; i <= NF; i++) {
                    if ($i ~ /^\[/) continue
                    n = split($i, range, "-"); low = range[1]; high = (n > 1 ? range[2] : range[1])
                    if (slot + 0 >= low + 0 && slot + 0 <= high + 0) { split($2, address, "[:@]"); print address[2]; exit }
                }
            }')
        [ -n "$owner" ] && { echo "$owner"; return 0; }
        return 1
    done
    return 1
}

# kickoff_start_redis_cluster [extra redis-server arguments for every node…]
kickoff_start_redis_cluster() {
    KICKOFF_CLUSTER_DIR=$(mktemp -d /tmp/kickoff-cluster.XXXXXX)
    KICKOFF_CLUSTER_PORTS=()
    KICKOFF_CLUSTER_ARGS=("$@")
    local port
    for port in $(kickoff_free_cluster_ports 6); do
        kickoff_start_cluster_node "$port"
        KICKOFF_CLUSTER_PORTS+=("$port")
    done
    local deadline=$((SECONDS + 30))
    for port in "${KICKOFF_CLUSTER_PORTS[@]}"; do
        until redis-cli -p "$port" ping 2>/dev/null | grep -q PONG; do
            [ $SECONDS -lt $deadline ] || { echo "redis cluster: node $port did not start" >&2; return 1; }
            sleep 0.05
        done
    done
    local addresses=()
    for port in "${KICKOFF_CLUSTER_PORTS[@]}"; do addresses+=("127.0.0.1:$port"); done
    if ! redis-cli --cluster create "${addresses[@]}" --cluster-replicas 1 --cluster-yes >"$KICKOFF_CLUSTER_DIR/create.log" 2>&1; then
        echo "redis cluster: redis-cli --cluster create failed" >&2
        cat "$KICKOFF_CLUSTER_DIR/create.log" >&2
        return 1
    fi
    # Every node serves the whole map, and every replica is in sync (a failover needs that).
    for port in "${KICKOFF_CLUSTER_PORTS[@]}"; do
        until redis-cli -p "$port" cluster info 2>/dev/null | grep -q 'cluster_state:ok' \
              && ! redis-cli -p "$port" info replication 2>/dev/null | grep -q 'master_link_status:down'; do
            [ $SECONDS -lt $deadline ] || { echo "redis cluster: node $port not ready" >&2; return 1; }
            sleep 0.1
        done
    done
    KICKOFF_CLUSTER_NODES=$(IFS=,; echo "${addresses[*]}")
    echo "redis cluster: 3 primaries + 3 replicas on $KICKOFF_CLUSTER_NODES" >&2
}

kickoff_stop_redis_cluster() {
    [ -n "${KICKOFF_CLUSTER_DIR:-}" ] && [ -d "$KICKOFF_CLUSTER_DIR" ] || return 0
    local file pid
    for file in "$KICKOFF_CLUSTER_DIR"/*/pid; do
        [ -f "$file" ] || continue
        pid=$(cat "$file")
        kill "$pid" 2>/dev/null || continue
        while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
    done
    rm -rf "$KICKOFF_CLUSTER_DIR"
    KICKOFF_CLUSTER_DIR=""
}
