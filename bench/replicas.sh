#!/usr/bin/env bash
# Replicas on PostgreSQL (serve --database), on this machine, in one run:
#   1. single calls to example_doubler (the Python row of bench/run.sh) on one server whose state is
#      in SQLite, then on one whose state is in PostgreSQL, alternating, with the ratio PG / SQLite;
#   2. two replicas on one PostgreSQL: a new version deployed through replica A, and the time from A's
#      answer to the deploy until replica B answers with the new version (bench/replicas_visible.py).
# Needs wrk (Debian: apt-get install wrk) and a PostgreSQL: DATABASE_URL if set, else a throwaway
# cluster started with the machine's initdb. See bench/README.md ("Replicas").
#
#   PYTHON=/usr/bin/python3 bench/replicas.sh
#   BUILD=no PYTHON=/usr/bin/python3 bench/replicas.sh                  # the jar is built already
#   DATABASE_URL=postgresql://me:pw@db:5432/scratch bench/replicas.sh   # a database of your own
#   ROUNDS=5 DURATION=30s bench/replicas.sh
#   KEEP_WORK=yes bench/replicas.sh                                      # keep the servers' logs
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

DURATION="${DURATION:-15s}"
WARMUP="${WARMUP:-10s}"
THREADS="${WRK_THREADS:-2}"
PYTHON="${PYTHON:-python3}"
ROUNDS="${ROUNDS:-3}"       # SQLite, then PostgreSQL, this many times
DEPLOYS="${DEPLOYS:-20}"    # versions deployed through replica A
POLL_MS="${POLL_MS:-5}"     # how often replica B is asked
PORT="${PORT:-19121}"       # the single server; the replicas use PORT+1 and PORT+2
REPLICA_A_PORT=$(( PORT + 1 ))
REPLICA_B_PORT=$(( PORT + 2 ))

load_at_start="$(cut -d' ' -f1-3 /proc/loadavg)"
command -v wrk >/dev/null || { echo "bench/replicas.sh needs wrk: apt-get install wrk" >&2; exit 1; }
# shellcheck source=bench/lib/servers.sh
source bench/lib/servers.sh
# shellcheck source=bench/lib/postgres.sh
source bench/lib/postgres.sh
bench_require_free_ports "$PORT" "$REPLICA_A_PORT" "$REPLICA_B_PORT"
work="$(mktemp -d)"
bench_clean_up_at_exit "$work"

# --- The database -----------------------------------------------------------------------------------
bench_postgres_start bench/replicas.sh

if [[ "${BUILD:-yes}" != no ]]; then
  echo "[${SECONDS} s] building the server..." >&2
  ./mvnw -q -B -DskipTests package -pl server >&2
fi
[[ -f server/target/inferd.jar ]] || { echo "no server/target/inferd.jar; build it or drop BUILD=no" >&2; exit 1; }

printf '{"data": 10}' > "$work/single.json"
admin_header=()
if [[ -n "${INFERD_ADMIN_KEY:-}" ]]; then admin_header=(-H "Authorization: Bearer $INFERD_ADMIN_KEY"); fi

read -r -a java_opts <<< "${INFERD_JAVA_OPTS:-}"  # added to every server's java command
# start_server NAME PORT sqlite|postgres [serve options...]: sets server_pid. The database is given
# as INFERD_DATABASE_URL, which keeps a password out of the process list; a SQLite server runs
# without it, whatever the caller's environment holds.
start_server() {
  local name="$1" port="$2" store="$3"
  shift 3
  rm -rf "$work/data-$name"
  if [[ "$store" == postgres ]]; then
    INFERD_DATABASE_URL="$db_url" java ${java_opts[@]+"${java_opts[@]}"} -jar server/target/inferd.jar serve \
      --port "$port" --data-dir "$work/data-$name" --python "$PYTHON" "$@" > "$work/$name.log" 2>&1 &
  else
    env -u INFERD_DATABASE_URL java ${java_opts[@]+"${java_opts[@]}"} -jar server/target/inferd.jar serve \
      --port "$port" --data-dir "$work/data-$name" --python "$PYTHON" "$@" > "$work/$name.log" 2>&1 &
  fi
  server_pid=$!
  server_pids+=("$server_pid")
}
stop_server() { # pid
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
wait_for_answer() { # name pid url body expected
  local answer=""
  for _ in $(seq 1 1200); do
    answer="$(curl -s -XPOST "$3" -d "$4" | tr -d ' ' || true)"
    [[ "$answer" == "$5" ]] && return 0
    kill -0 "$2" 2>/dev/null || { echo "$1 exited while starting:" >&2; tail -20 "$work/$1.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "$1 answered $answer to $4 at $3 after 120 s, not $5:" >&2; tail -20 "$work/$1.log" >&2; exit 1
}
wait_for_ready() { # name pid port
  bench_wait_for_200 "$1" "$2" "http://127.0.0.1:$3/readyz" 120 "$work/$1.log"
}

# CPU ticks (user + system) of a process and all its descendants still running.
tree_ticks() {
  local pid="$1" total child
  total=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)
  for child in $(pgrep -P "$pid" || true); do total=$(( total + $(tree_ticks "$child") )); done
  echo "$total"
}
pg_ticks() { if [[ -n "$pg_postmaster" ]]; then tree_ticks "$pg_postmaster"; else echo 0; fi; }
# Waits (at most 60 s) until a server and its workers have used under 5% of a core for a second:
# the examples' second Python workers start after the first answer, and a server on a database that
# already holds deployments loads them after /readyz says ready (the iris models take seconds).
settle() { # name pid
  local before after
  for _ in $(seq 1 60); do
    before=$(tree_ticks "$2"); sleep 1; after=$(tree_ticks "$2")
    if (( (after - before) * 100 < 5 * $(getconf CLK_TCK) )); then return 0; fi
  done
  echo "$1 still uses CPU after 60 s; going on anyway" >&2
}
to_ms() { # wrk latency like 1.23ms / 456.78us / 1.02s -> milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}

# --- 1. Single calls: SQLite against PostgreSQL ------------------------------------------------------
# Each run: a server started afresh (an empty data directory) with the examples, exactly as
# bench/run.sh starts it; wrk on example_doubler with {"data": 10}, a warm-up, then the run timed,
# with the CPU time of the server and its Python workers, and of PostgreSQL, read around it.
run_store=(); run_rps=(); run_p99=(); run_cpu=(); run_pg_cpu=()
single_run() { # sqlite|postgres
  local store="$1" name="single-$1" url="http://127.0.0.1:$PORT/v1/example_doubler/latest" out
  local before after pg_before pg_after
  echo "[${SECONDS} s] single calls on $store (run $(( ${#run_store[@]} + 1 )) of $(( 2 * ROUNDS )))..." >&2
  start_server "$name" "$PORT" "$store" --examples --examples-dir examples
  wait_for_answer "$name" "$server_pid" "$url" '{"data": 10}' '{"data":20}'
  settle "$name" "$server_pid"
  wrk -t"$THREADS" -c64 -d"$WARMUP" -s bench/post.lua "$url" -- "$work/single.json" > /dev/null
  before=$(tree_ticks "$server_pid"); pg_before=$(pg_ticks)
  out="$(wrk -t"$THREADS" -c64 -d"$DURATION" --latency -s bench/post.lua "$url" -- "$work/single.json")"
  after=$(tree_ticks "$server_pid"); pg_after=$(pg_ticks)
  if grep -q "Non-2xx" <<<"$out" || grep -q "Socket errors" <<<"$out"; then
    echo "$store: errors during the run:" >&2; echo "$out" >&2
  fi
  stop_server "$server_pid"
  local requests hz
  requests="$(awk '/^ *[0-9]+ requests in/ {print $1}' <<<"$out")"
  hz="$(getconf CLK_TCK)"
  run_store+=("$store")
  run_rps+=("$(awk '/Requests\/sec/ {print $2}' <<<"$out")")
  run_p99+=("$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")")
  run_cpu+=("$(awk -v t=$(( after - before )) -v n="$requests" -v hz="$hz" 'BEGIN { printf "%.1f", t * 1e6 / hz / n }')")
  run_pg_cpu+=("$(awk -v t=$(( pg_after - pg_before )) -v hz="$hz" 'BEGIN { printf "%.2f", t / hz }')")
}
for _ in $(seq 1 "$ROUNDS"); do
  single_run sqlite
  single_run postgres
done

# --- 2. Deploy-to-visible latency across two replicas ------------------------------------------------
echo "[${SECONDS} s] starting replicas A (port $REPLICA_A_PORT) and B (port $REPLICA_B_PORT) on the same PostgreSQL..." >&2
start_server replica-a "$REPLICA_A_PORT" postgres
pid_a=$server_pid
start_server replica-b "$REPLICA_B_PORT" postgres
pid_b=$server_pid
wait_for_ready replica-a "$pid_a" "$REPLICA_A_PORT"
wait_for_ready replica-b "$pid_b" "$REPLICA_B_PORT"
# The replicas load the versions already in the database (the examples, from part 1) after they say
# ready; a version deployed meanwhile would wait behind those loads on B.
settle replica-a "$pid_a"
settle replica-b "$pid_b"
deployment="replicas_bench_$(date +%s)"
echo "[${SECONDS} s] deploying $DEPLOYS versions of $deployment through A, polling B every $POLL_MS ms..." >&2
visible_status=0
"$PYTHON" bench/replicas_visible.py --a "http://127.0.0.1:$REPLICA_A_PORT" --b "http://127.0.0.1:$REPLICA_B_PORT" \
  --name "$deployment" --deploys "$DEPLOYS" --poll-ms "$POLL_MS" --b-log "$work/replica-b.log" > "$work/visible.txt" \
  || visible_status=$?
curl -s -o /dev/null ${admin_header[@]+"${admin_header[@]}"} -XDELETE "http://127.0.0.1:$REPLICA_A_PORT/api/deployments/$deployment" || true

# --- The report ---------------------------------------------------------------------------------------
echo
if commit="$(git rev-parse --short HEAD 2>/dev/null)"; then
  git diff --quiet HEAD -- server 2>/dev/null || commit+=" (server/ modified)"
else
  commit="unknown (git cannot read the repository as this user)"
fi
echo "commit $commit, $(date -u +%Y-%m-%d)"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
echo "database: $database_label"
echo "load average (1, 5, 15 min) at the start: $load_at_start; at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wrk: $THREADS threads, 64 connections, $DURATION per run after a $WARMUP warm-up, example_doubler {\"data\": 10}"
echo
echo "1. single calls, one server, SQLite against PostgreSQL (runs in the order made):"
echo
if (( ROUNDS > 0 )); then
  printf '| %-4s | %-10s | %10s | %8s | %31s | %17s |\n' "run" "state" "req/s" "p99 ms" "CPU us/request (server+workers)" "PostgreSQL CPU s"
  printf '|%s|%s|%s|%s|%s|%s|\n' "------" "------------" "------------" "----------" "---------------------------------" "-------------------"
else
  echo "  (ROUNDS=0: no single-call runs)"
fi
for i in "${!run_store[@]}"; do
  if [[ "${run_store[$i]}" == postgres ]]; then pg_cpu="${run_pg_cpu[$i]}"; else pg_cpu="-"; fi
  if [[ -z "$pg_postmaster" ]]; then pg_cpu="n/a"; fi
  printf '| %-4s | %-10s | %10s | %8s | %31s | %17s |\n' "$(( i + 1 ))" "${run_store[$i]}" "${run_rps[$i]}" "${run_p99[$i]}" "${run_cpu[$i]}" "$pg_cpu"
done
of_store() { # store array-name: that store's values, one a line
  local -n values="$2"
  local i
  for i in "${!run_store[@]}"; do if [[ "${run_store[$i]}" == "$1" ]]; then echo "${values[$i]}"; fi; done
}
mean_of() { of_store "$@" | awk '{ s += $1; n++ } END { if (n) printf "%.2f", s / n }'; }
range_of() { of_store "$@" | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%s to %s", lo, hi }'; }
inside() { # value store array-name: whether value lies within that store's runs
  of_store "$2" "$3" | sort -g | awk -v v="$1" 'NR == 1 { lo = $1 } { hi = $1 } END { print (v >= lo && v <= hi) ? "inside" : "outside" }'
}
echo
for measure in "req/s:run_rps" "p99 ms:run_p99" "CPU us/request:run_cpu"; do
  (( ROUNDS > 0 )) || break
  label="${measure%%:*}"; array="${measure#*:}"
  sqlite_mean="$(mean_of sqlite "$array")"; pg_mean="$(mean_of postgres "$array")"
  per_round=""
  for (( r = 0; r < ROUNDS; r++ )); do
    declare -n values="$array"
    per_round+="$(awk -v a="${values[$(( 2 * r + 1 ))]}" -v b="${values[$(( 2 * r ))]}" 'BEGIN { printf "%.2f", a / b }') "
    unset -n values
  done
  printf '  %-15s SQLite mean %10s, PostgreSQL mean %10s, PG / SQLite %s  (per round: %s)\n' "$label" "$sqlite_mean" "$pg_mean" \
    "$(awk -v a="$pg_mean" -v b="$sqlite_mean" 'BEGIN { printf "%.2f", a / b }')" "${per_round% }"
  printf '  %-15s the PostgreSQL mean is %s the SQLite runs'"'"' own range (%s)\n' "" \
    "$(inside "$pg_mean" sqlite "$array")" "$(range_of sqlite "$array")"
done
echo
echo "2. deploy through replica A, first correct answer on replica B ($DEPLOYS new versions, B polled every $POLL_MS ms):"
echo
cat "$work/visible.txt"
echo
echo "the script took ${SECONDS} s"
if (( visible_status != 0 )); then
  echo "the deploy-to-visible run failed (exit $visible_status); replica B's log ends:" >&2
  tail -20 "$work/replica-b.log" >&2
  exit "$visible_status"
fi
