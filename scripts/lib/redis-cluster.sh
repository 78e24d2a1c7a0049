# Sourced by the scripts: starts a private Redis Cluster on loopback — 3 primaries with a replica
# each (`redis-cli --cluster create … --cluster-replicas 1`), cluster-node-timeout 1 s so that a
# replica takes over a killed primary within seconds — and stops it on exit.
# Sets KICKOFF_CLUSTER_NODES (host:port,… for KICKOFF_REDIS_CLUSTER), KICKOFF_CLUSTER_PORTS and
# KICKOFF_CLUSTER_PIDS (arrays, in the same order), KICKOFF_CLUSTER_DIR.
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

# kickoff_start_redis_cluster [extra redis-server arguments for every node…]
kickoff_start_redis_cluster() {
    KICKOFF_CLUSTER_DIR=$(mktemp -d /tmp/kickoff-cluster.XXXXXX)
    KICKOFF_CLUSTER_PORTS=()
    KICKOFF_CLUSTER_PIDS=()
    local port
    for port in $(kickoff_free_cluster_ports 6); do
        mkdir -p "$KICKOFF_CLUSTER_DIR/$port"
        redis-server --port "$port" --bind 127.0.0.1 --dir "$KICKOFF_CLUSTER_DIR/$port" --save "" --appendonly no \
            --daemonize no --logfile "$KICKOFF_CLUSTER_DIR/$port/redis.log" --cluster-enabled yes \
            --cluster-config-file nodes.conf --cluster-node-timeout 1000 --cluster-replica-validity-factor 0 \
            --repl-diskless-sync-delay 0 "$@" &
        KICKOFF_CLUSTER_PIDS+=($!)
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
    local pid
    for pid in "${KICKOFF_CLUSTER_PIDS[@]:-}"; do
        [ -n "$pid" ] && kill "$pid" 2>/dev/null
    done
    for pid in "${KICKOFF_CLUSTER_PIDS[@]:-}"; do
        [ -n "$pid" ] && wait "$pid" 2>/dev/null
    done
    [ -n "${KICKOFF_CLUSTER_DIR:-}" ] && rm -rf "$KICKOFF_CLUSTER_DIR"
    KICKOFF_CLUSTER_PIDS=()
}
