#!/bin/sh
# A step of the reliability scripts' pipeline: prints a line, sleeps, then writes its output (which
# carries its upstream steps' outputs, so a checker can see that nothing was lost on the way).
#   step.sh NAME SLEEP_MS FAIL(true|false)
set -eu
name=$1 sleep_ms=$2 fail=$3
echo "step $name of run $KICKOFF_RUN_ID attempt $KICKOFF_ATTEMPT"
if [ "$name" = poison ] && [ "${CHAOS_POISON:-}" != 1 ]; then
    exit 0  # not under scripts/chaos: a harmless step (the fuzzer triggers every pipeline)
fi
if [ "$name" = poison ]; then
    # Kills its nearest ancestor that is a `kickoff worker`, as a step that runs the worker out of
    # memory would; every time it runs.
    pid=$PPID
    while [ "$pid" -gt 1 ]; do
        if tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q ' worker '; then kill -9 "$pid"; break; fi
        pid=$(awk '{print $4}' "/proc/$pid/stat")
    done
    sleep 300
fi
if [ "$fail" = true ]; then
    echo "step $name fails as its trigger asked" >&2
    exit 3
fi
sleep "$((sleep_ms / 1000)).$(printf '%03d' $((sleep_ms % 1000)))"
printf '{"run":"%s","step":"%s","attempt":%s,"inputs":%s}\n' \
    "$KICKOFF_RUN_ID" "$name" "$KICKOFF_ATTEMPT" "$KICKOFF_INPUTS" > "$KICKOFF_OUTPUT"
echo "step $name done"
