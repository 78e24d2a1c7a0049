# Sourced by the scripts: starts a private redis-server on a free loopback port and stops it on exit.
# Sets KICKOFF_REDIS_PORT, KICKOFF_REDIS_DIR and KICKOFF_REDIS_PID.

kickoff_free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# kickoff_start_redis [extra redis-server arguments…]
kickoff_start_redis() {
    KICKOFF_REDIS_DIR=$(mktemp -d /tmp/kickoff-redis.XXXXXX)
    KICKOFF_REDIS_PORT=$(kickoff_free_port)
    redis-server --port "$KICKOFF_REDIS_PORT" --bind 127.0.0.1 --dir "$KICKOFF_REDIS_DIR" \
        --save "" --appendonly no --daemonize no --logfile "$KICKOFF_REDIS_DIR/redis.log" "$@" &
    KICKOFF_REDIS_PID=$!
    local deadline=$((SECONDS + 20))
    until redis-cli -p "$KICKOFF_REDIS_PORT" ping 2>/dev/null | grep -q PONG; do
        if [ $SECONDS -ge $deadline ] || ! kill -0 "$KICKOFF_REDIS_PID" 2>/dev/null; then
            echo "redis: did not start on port $KICKOFF_REDIS_PORT" >&2
            cat "$KICKOFF_REDIS_DIR/redis.log" >&2 2>/dev/null
            return 1
        fi
        sleep 0.05
    done
    echo "redis: private server on 127.0.0.1:$KICKOFF_REDIS_PORT (pid $KICKOFF_REDIS_PID)" >&2
}

kickoff_stop_redis() {
    if [ -n "${KICKOFF_REDIS_PID:-}" ] && kill -0 "$KICKOFF_REDIS_PID" 2>/dev/null; then
        kill "$KICKOFF_REDIS_PID" 2>/dev/null
        wait "$KICKOFF_REDIS_PID" 2>/dev/null
    fi
    [ -n "${KICKOFF_REDIS_DIR:-}" ] && rm -rf "$KICKOFF_REDIS_DIR"
    KICKOFF_REDIS_PID=""
}
