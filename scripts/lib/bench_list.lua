-- wrk script for scripts/bench --scale: GET with the API key from the environment (BENCH_API_KEY),
-- and at the end one JSON line of figures written to $BENCH_WRK_OUT (the same fields as bench_get.lua).
wrk.method = "GET"
wrk.headers["X-API-Key"] = os.getenv("BENCH_API_KEY")

function done(summary, latency, requests)
  local errors = summary.errors
  local out = assert(io.open(os.getenv("BENCH_WRK_OUT"), "w"))
  out:write(string.format(
    '{"requests": %d, "duration_us": %d, "status_errors": %d, "p50_us": %d, "p99_us": %d}\n',
    summary.requests, summary.duration, errors.status, latency:percentile(50), latency:percentile(99)))
  out:close()
end
