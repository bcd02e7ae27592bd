#!/usr/bin/env bash
# Server CPU time per request: a steadier measure than requests/s on a shared machine, where wrk and
# the server compete for the same cores and throughput moves by a third between identical runs.
# Starts one server, warms it up, then runs wrk and reads the server process's user + system time
# from /proc before and after. Needs wrk (Debian: apt-get install wrk).
#
#   bench/cpu_per_request.sh                          # inferd from server/target, java_doubler
#   bench/cpu_per_request.sh baseline                 # the baseline server
#   DEPLOYMENT=example_doubler bench/cpu_per_request.sh
#   JAR=/tmp/old/inferd.jar bench/cpu_per_request.sh  # another build, to compare two commits
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
PORT="${PORT:-19104}"
DURATION="${DURATION:-10s}"
PYTHON="${PYTHON:-python3}"
DEPLOYMENT="${DEPLOYMENT:-java_doubler}"
JAR="${JAR:-server/target/inferd.jar}"
command -v wrk >/dev/null || { echo "needs wrk: apt-get install wrk" >&2; exit 1; }

work="$(mktemp -d)"
server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

"$PYTHON" - "$work" <<'PY'
import json, random, sys
ids = list(range(1000))
random.Random(7).shuffle(ids)
json.dump({"data": 10}, open(f"{sys.argv[1]}/single.json", "w"))
json.dump({"data": [[i, i % 1000] for i in ids]}, open(f"{sys.argv[1]}/batch1k.json", "w"))
PY

if [[ "${1:-}" == baseline ]]; then
  java -jar bench/baseline/target/baseline.jar "$PORT" > "$work/server.log" 2>&1 &
  url="http://127.0.0.1:$PORT/v1/doubler/latest"
else
  java -jar "$JAR" serve --examples --examples-dir examples --port "$PORT" --data-dir "$work/data" \
    --python "$PYTHON" > "$work/server.log" 2>&1 &
  url="http://127.0.0.1:$PORT/v1/$DEPLOYMENT/latest"
fi
server_pid=$!
for _ in $(seq 1 600); do curl -s -o /dev/null -XPOST "$url" -d '{"data": 1}' && break; sleep 0.1; done

ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }
# The request log's thread (its name is cut to 15 characters in /proc): what the log costs.
log_ticks() {
  local task
  for task in /proc/"$server_pid"/task/*; do
    if [[ "$(cat "$task/comm" 2>/dev/null)" == inferd-request* ]]; then awk '{print $14 + $15}' "$task/stat"; return; fi
  done
  echo 0
}
measure() { # name connections body
  wrk -t2 -c"$2" -d5s -s bench/post.lua "$url" -- "$3" > /dev/null
  local before after log_before log_after out
  before=$(ticks); log_before=$(log_ticks)
  out="$(wrk -t2 -c"$2" -d"$DURATION" -s bench/post.lua "$url" -- "$3")"
  after=$(ticks); log_after=$(log_ticks)
  awk -v name="$1" -v ticks=$((after - before)) -v log_ticks=$((log_after - log_before)) -v hz="$(getconf CLK_TCK)" '
    /Requests\/sec/ {rps = $2}
    /^ *[0-9]+ requests in/ {n = $1}
    END {
      printf "%-22s %10.0f req/s  %8.1f us of server CPU per request", name, rps, ticks * 1e6 / hz / n
      if (log_ticks > 0) printf " (%.2f us of it the request log thread)", log_ticks * 1e6 / hz / n
      printf "\n"
    }' <<<"$out"
}
measure "single calls, c=64" 64 "$work/single.json"
measure "1k batches, c=16" 16 "$work/batch1k.json"
