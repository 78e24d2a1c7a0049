#!/bin/sh
# A step of the reliability scripts' pipeline: prints a line, sleeps, then writes its output (which
# carries its upstream steps' outputs, so a checker can see that nothing was lost on the way).
#   step.sh NAME SLEEP_MS FAIL(true|false)
set -eu
name=$1 sleep_ms=$2 fail=$3
echo "step $name of run $KICKOFF_RUN_ID attempt $KICKOFF_ATTEMPT"
if [ "$fail" = true ]; then
    echo "step $name fails as its trigger asked" >&2
    exit 3
fi
sleep "$((sleep_ms / 1000)).$(printf '%03d' $((sleep_ms % 1000)))"
printf '{"run":"%s","step":"%s","attempt":%s,"inputs":%s}\n' \
    "$KICKOFF_RUN_ID" "$name" "$KICKOFF_ATTEMPT" "$KICKOFF_INPUTS" > "$KICKOFF_OUTPUT"
echo "step $name done"
