#!/usr/bin/env bash
# A bundle with a large model, deployed to servers whose heap is smaller than the bundle, to show
# that no step of inferd's own holds it whole in memory. KIND=python (the default): a Python main
# beside a file of random weights, which do not compress; KIND=onnx: an ONNX model whose weights are
# one tensor (ONNX Runtime then holds its own copy of them outside the heap, which the RSS counts).
#   1. one server on SQLite: the deploy (curl posting the zip), the first call, the download of the
#      stored bundle, a restart, and a restart without work/ (the version unpacked again from its
#      stored zip);
#   2. two replicas on one PostgreSQL: the deploy through A, then the time until B, which has to copy
#      the bundle out of the database a chunk at a time, answers.
# For each server: the time, its peak resident memory (VmHWM) and the heap it was given.
# Needs curl, python3 (with numpy and onnx for KIND=onnx), and a PostgreSQL for part 2 (DATABASE_URL, else a throwaway cluster; SKIP_PG=yes
# skips it). See bench/README.md ("Large bundles").
#
#   bench/large_bundle.sh
#   BUILD=no SIZE_MIB=500 HEAP=128m bench/large_bundle.sh
#   KIND=onnx PYTHON=/usr/bin/python3 bench/large_bundle.sh
#   JAR=/tmp/old/inferd.jar HEAP=2g MAX_BODY=1GiB bench/large_bundle.sh   # another build, for comparison
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

KIND="${KIND:-python}"        # python: a Python main and a weights file; onnx: an ONNX model
SIZE_MIB="${SIZE_MIB:-500}"   # the weights in the bundle
HEAP="${HEAP:-128m}"          # each server's -Xmx
PORT="${PORT:-19141}"         # the lone server; the replicas use PORT+1 and PORT+2
PYTHON="${PYTHON:-python3}"
JAR="${JAR:-server/target/inferd.jar}"
MAX_BODY="${MAX_BODY:-}"      # --max-body-size for builds that hold a deploy body in memory
REPLICA_A_PORT=$(( PORT + 1 ))
REPLICA_B_PORT=$(( PORT + 2 ))
# The lone server runs on SQLite whatever the caller's environment holds; the replicas get the URL below.
unset INFERD_DATABASE_URL

# shellcheck source=bench/lib/servers.sh
source bench/lib/servers.sh
# shellcheck source=bench/lib/postgres.sh
source bench/lib/postgres.sh
bench_require_free_ports "$PORT" "$REPLICA_A_PORT" "$REPLICA_B_PORT"
work="$(mktemp -d)"
bench_clean_up_at_exit "$work"

if [[ "${BUILD:-yes}" != no && "$JAR" == server/target/inferd.jar ]]; then
  echo "[${SECONDS} s] building the server..." >&2
  ./mvnw -q -B -DskipTests package -pl server >&2
fi
[[ -f "$JAR" ]] || { echo "no $JAR; build it or drop BUILD=no" >&2; exit 1; }

# --- The bundle ---------------------------------------------------------------------------------------
# Stored, not deflated: the weights do not compress (python) or need not be (onnx), and the zip is
# written in seconds.
if [[ "$KIND" == onnx ]]; then
  echo "[${SECONDS} s] writing an ONNX model with $SIZE_MIB MiB of weights..." >&2
  "$PYTHON" - "$work/large.zip" "$SIZE_MIB" <<'PY'
import sys, zipfile
import numpy, onnx
from onnx import TensorProto, helper, numpy_helper
path, mib = sys.argv[1], int(sys.argv[2])
# y = x + weights[last]: zeros but the last, 7, so that each answer proves the whole tensor loaded.
count = mib * (1 << 20) // 4
weights = numpy.zeros(count, dtype=numpy.float32)
weights[-1] = 7.0
graph = helper.make_graph(
    [helper.make_node("Gather", ["weights", "last"], ["picked"]), helper.make_node("Add", ["x", "picked"], ["y"])],
    "large_weights",
    [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 1])],
    [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 1])],
    [numpy_helper.from_array(weights, "weights"), numpy_helper.from_array(numpy.array([count - 1], dtype=numpy.int64), "last")])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
model.ir_version = 8
with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as bundle:
    bundle.writestr("inferd.yaml", "runtime: onnx\nmodel: large.onnx\n")
    bundle.writestr("large.onnx", model.SerializeToString())
PY
  expected='{"data":8.0}'
else
  echo "[${SECONDS} s] writing a Python bundle with $SIZE_MIB MiB of random weights..." >&2
  "$PYTHON" - "$work/large.zip" "$SIZE_MIB" <<'PY'
import os, sys, zipfile
path, mib = sys.argv[1], int(sys.argv[2])
source = '''import os

WEIGHTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "weights.bin")

def weights_size(x):
    return os.path.getsize(WEIGHTS) + x
'''
with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as bundle:
    bundle.writestr("inferd.yaml", "runtime: python\nmain: weights_size\n")
    bundle.writestr("source.py", source)
    with bundle.open("weights.bin", "w", force_zip64=False) as weights:
        for _ in range(mib):
            weights.write(os.urandom(1 << 20))
PY
  expected="{\"data\":$(( SIZE_MIB * 1024 * 1024 + 1 ))}"
fi
zip_bytes=$(stat -c %s "$work/large.zip")

# --- Servers --------------------------------------------------------------------------------------------
limits=(--max-bundle-size "$(( SIZE_MIB + 64 ))MiB")
if [[ -n "$MAX_BODY" ]]; then limits+=(--max-body-size "$MAX_BODY"); fi
start_server() { # name port data-dir [serve options...]: sets server_pid
  local name="$1" port="$2" data="$3"
  shift 3
  java "-Xmx$HEAP" -jar "$JAR" serve --port "$port" --data-dir "$data" --python "$PYTHON" "${limits[@]}" "$@" \
    > "$work/$name.log" 2>&1 &
  server_pid=$!
  server_pids+=("$server_pid")
}
wait_listening() { # name pid port
  bench_wait_for_200 "$1" "$2" "http://127.0.0.1:$3/healthz" 60 "$work/$1.log"
}
stop_server() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
peak_rss_mib() { awk '/^VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
now_ms() { date +%s%3N; }
deploy() { # name port: prints the HTTP status; the body goes to $work/name.deploy
  # -T sends the file as it reads it; --data-binary @file would read it whole into curl's memory first.
  curl -s -o "$work/$1.deploy" -w '%{http_code}' -XPOST -H 'Content-Type: application/zip' \
    -T "$work/large.zip" "http://127.0.0.1:$2/api/deployments/large_bundle/versions"
}
call_until_answered() { # name pid port: waits at most 120 s for the expected answer
  local answer=""
  for _ in $(seq 1 2400); do
    answer="$(curl -s -XPOST "http://127.0.0.1:$3/v1/large_bundle/latest" -d '{"data": 1}' | tr -d ' ' || true)"
    [[ "$answer" == "$expected" ]] && return 0
    kill -0 "$2" 2>/dev/null || { echo "$1 exited:" >&2; tail -20 "$work/$1.log" >&2; exit 1; }
    sleep 0.05
  done
  echo "$1 answered $answer, not $expected, within 120 s:" >&2; tail -20 "$work/$1.log" >&2; exit 1
}
rows=()
row() { rows+=("$(printf '| %s | %s | %s |' "$1" "$2" "$3")"); }

# --- 1. One server on SQLite ----------------------------------------------------------------------------
echo "[${SECONDS} s] one server on SQLite, -Xmx$HEAP..." >&2
start_server alone "$PORT" "$work/data-alone"
wait_listening alone "$server_pid" "$PORT"
started=$(now_ms)
status="$(deploy alone "$PORT")"
deployed=$(now_ms)
if [[ "$status" != 201 ]]; then
  echo "the deploy answered $status: $(cat "$work/alone.deploy")" >&2; tail -20 "$work/alone.log" >&2; exit 1
fi
call_until_answered alone "$server_pid" "$PORT"
answered=$(now_ms)
row "SQLite: deploy (upload, unpack, hash, load, test, store)" "$(( deployed - started )) ms" "$(peak_rss_mib "$server_pid") MiB"
row "SQLite: first call after the deploy's answer" "$(( answered - deployed )) ms" "$(peak_rss_mib "$server_pid") MiB"
started=$(now_ms)
downloaded=$(curl -s -o /dev/null -w '%{size_download}' "http://127.0.0.1:$PORT/api/deployments/large_bundle/versions/1/bundle")
row "SQLite: download of the stored bundle ($(( downloaded / 1024 / 1024 )) MiB)" "$(( $(now_ms) - started )) ms" "$(peak_rss_mib "$server_pid") MiB"
stop_server "$server_pid"
start_server restarted "$PORT" "$work/data-alone"
wait_listening restarted "$server_pid" "$PORT"
started=$(now_ms)
call_until_answered restarted "$server_pid" "$PORT"
row "SQLite: restart, first call (the stored zip checked against its hash, work/ reused)" "$(( $(now_ms) - started )) ms" "$(peak_rss_mib "$server_pid") MiB"
stop_server "$server_pid"
rm -rf "$work/data-alone/work"
start_server restarted-without-work "$PORT" "$work/data-alone"
wait_listening restarted-without-work "$server_pid" "$PORT"
started=$(now_ms)
call_until_answered restarted-without-work "$server_pid" "$PORT"
row "SQLite: restart without work/, first call (unpacked again from the stored zip)" "$(( $(now_ms) - started )) ms" "$(peak_rss_mib "$server_pid") MiB"
stop_server "$server_pid"

# --- 2. Two replicas on PostgreSQL ----------------------------------------------------------------------
if [[ "${SKIP_PG:-no}" != yes ]]; then
  bench_postgres_start bench/large_bundle.sh
  echo "[${SECONDS} s] two replicas on $database_label, -Xmx$HEAP each..." >&2
  INFERD_DATABASE_URL="$db_url" start_server replica-a "$REPLICA_A_PORT" "$work/data-a"
  pid_a=$server_pid
  INFERD_DATABASE_URL="$db_url" start_server replica-b "$REPLICA_B_PORT" "$work/data-b"
  pid_b=$server_pid
  wait_listening replica-a "$pid_a" "$REPLICA_A_PORT"
  wait_listening replica-b "$pid_b" "$REPLICA_B_PORT"
  started=$(now_ms)
  status="$(deploy replica-a "$REPLICA_A_PORT")"
  deployed=$(now_ms)
  if [[ "$status" != 201 ]]; then
    echo "the deploy through A answered $status: $(cat "$work/replica-a.deploy")" >&2; tail -20 "$work/replica-a.log" >&2; exit 1
  fi
  call_until_answered replica-b "$pid_b" "$REPLICA_B_PORT"
  answered=$(now_ms)
  row "PostgreSQL: deploy through A (also into the database, in 1 MiB chunks)" "$(( deployed - started )) ms" "$(peak_rss_mib "$pid_a") MiB"
  row "PostgreSQL: B's first answer after A's (copied from the database, unpacked, loaded)" "$(( answered - deployed )) ms" "$(peak_rss_mib "$pid_b") MiB"
  stop_server "$pid_a"
  stop_server "$pid_b"
fi

echo
echo "bench/large_bundle.sh: KIND=$KIND, a zip of $(( zip_bytes / 1024 / 1024 )) MiB ($SIZE_MIB MiB of weights), each server run with -Xmx$HEAP ($JAR)"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| step | time | server's peak RSS |"
echo "| --- | --- | --- |"
printf '%s\n' "${rows[@]}"
