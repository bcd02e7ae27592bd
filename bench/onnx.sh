#!/usr/bin/env bash
# Measures inferd's ONNX runtime, in one run on this machine (issue 21), and prints one table:
# - single calls at 64 connections to an MLP 256 -> 1024 -> 1024 -> 10 (bench/onnx_mlp.py) deployed
#   twice, with dynamic batching (the default) and with `batching: false`: throughput and p99, on / off;
# - a cross-talk check on both: 64 clients sending distinct inputs, every answer checked;
# - a 1,000-row batch to the digits_classifier example end to end, against the same rows through
#   ONNX Runtime in process (the JMH benchmark OnnxDigitsInProcess);
# - the server's resident memory before and after each ONNX version is deployed and warmed, and
#   what the MLP costs in ONNX Runtime alone (OnnxSessionMemory in bench/micro).
# Needs wrk, and numpy and the onnx package in $PYTHON (Debian: python3-numpy python3-onnx).
# See bench/README.md.
#
#   PYTHON=/usr/bin/python3 bench/onnx.sh
#   DURATION=30s PYTHON=/usr/bin/python3 bench/onnx.sh   # longer wrk runs
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

DURATION="${DURATION:-15s}"
WARMUP="${WARMUP:-5s}"
THREADS="${WRK_THREADS:-2}"
PYTHON="${PYTHON:-python3}"
CROSSTALK_SECONDS="${CROSSTALK_SECONDS:-10}"
MEMORY_VERSIONS="${MEMORY_VERSIONS:-4}"  # versions of mlp_batched whose memory steps are read
# Apart from bench/run.sh's 19101-19103 and bench/cpu_per_request.sh's 19104, so that they may
# share a machine with this script (though not its cores, if the numbers are to mean anything).
INFERD_PORT=19111
url="http://127.0.0.1:$INFERD_PORT"

command -v wrk >/dev/null || { echo "bench/onnx.sh needs wrk: apt-get install wrk" >&2; exit 1; }
command -v jcmd >/dev/null || { echo "bench/onnx.sh needs the JDK's jcmd on the PATH" >&2; exit 1; }
"$PYTHON" -c "import numpy, onnx" 2>/dev/null \
  || { echo "bench/onnx.sh needs numpy and onnx in $PYTHON (Debian: PYTHON=/usr/bin/python3 with python3-onnx)" >&2; exit 1; }

work="$(mktemp -d)"
inferd_pid=""
cleanup() {
  if [[ -n "$inferd_pid" ]]; then kill "$inferd_pid" 2>/dev/null || true; wait "$inferd_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "building the server and the microbenchmarks..." >&2
./mvnw -q -B -DskipTests package -pl server,bench/micro >&2

# The MLP, its cross-talk inputs and answers, and its single-call body, written afresh each run
# (fixed seed: the same model every time).
"$PYTHON" bench/onnx_mlp.py "$work"
weight_bytes=$(( (256 * 1024 + 1024 + 1024 * 1024 + 1024 + 1024 * 10 + 10) * 4 ))

# Two bundles of the same model, whose manifests differ only in batching.
mkdir -p "$work/bundles/mlp_batched" "$work/bundles/mlp_unbatched"
cp "$work/mlp.onnx" "$work/bundles/mlp_batched/"
cp "$work/mlp.onnx" "$work/bundles/mlp_unbatched/"
cat > "$work/bundles/mlp_batched/inferd.yaml" <<'YAML'
# bench/onnx.sh: dynamic batching as ONNX models get it by default (no batching key).
runtime: onnx
model: mlp.onnx
YAML
cat > "$work/bundles/mlp_unbatched/inferd.yaml" <<'YAML'
# bench/onnx.sh: the same model with dynamic batching off, each single call its own run.
runtime: onnx
model: mlp.onnx
batching: false
YAML

# The digits batch: the 360 held-out digits cycled to 1,000 rows, IDs shuffled so that the server
# must sort them, pixels as the whole numbers they are; and the labels scikit-learn gave each row.
"$PYTHON" - "$work" <<'PY'
import json, random, sys
work = sys.argv[1]
held_out = json.load(open("server/src/test/resources/onnx/digits_held_out.json"))
pixels, labels = held_out["pixels"], held_out["sklearn_labels"]
ids = list(range(1000))
random.Random(7).shuffle(ids)
items = [[i, *(int(v) for v in pixels[k % len(pixels)])] for k, i in enumerate(ids)]
json.dump({"data": items}, open(f"{work}/digits_batch1k.json", "w"))
expected = sorted([i, labels[k % len(labels)]] for k, i in enumerate(ids))
json.dump(expected, open(f"{work}/digits_expected.json", "w"))
PY

wait_for() { # url
  for _ in $(seq 1 600); do
    if curl -s -o /dev/null "$1"; then return 0; fi
    kill -0 "$inferd_pid" 2>/dev/null || { echo "inferd exited while starting:" >&2; tail -5 "$work/inferd.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "nothing answers at $1" >&2; exit 1
}
deploy() { # bundle-directory [deploy options...]
  java -jar server/target/inferd.jar deploy "$@" --server "$url" >&2 || {
    echo "deploying $1 failed (above)" >&2
    [[ "$1" == */mlp_* ]] && echo "the MLP bundles need inferd with dynamic batching (the manifest's batching: key)" >&2
    exit 1
  }
}
# Resident memory in kB, after a full collection: native memory that only garbage holds (a direct
# buffer of a deploy's upload, say) is not what a loaded version costs, and is freed by then.
rss_kb() {
  jcmd "$inferd_pid" GC.run > /dev/null
  sleep 1
  awk '/VmRSS/ {print $2}' "/proc/$inferd_pid/status"
}
mb() { awk -v kb="$1" 'BEGIN { printf "%.1f", kb / 1024 }'; }

to_ms() { # wrk latency like 1.23ms / 456.78us / 1.02s -> milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}
declare -A rps p99 p50
run_wrk() { # name url connections body-file -> sets rps, p99 and p50 (ms)
  local name="$1" url="$2" connections="$3" body="$4" out threads="$THREADS"
  (( connections < threads )) && threads="$connections"
  wrk -t"$threads" -c"$connections" -d"$WARMUP" -s bench/post.lua "$url" -- "$body" > /dev/null
  out="$(wrk -t"$threads" -c"$connections" -d"$DURATION" --latency -s bench/post.lua "$url" -- "$body")"
  if grep -q "Non-2xx" <<<"$out" || grep -q "Socket errors" <<<"$out"; then
    echo "$name: errors during the run:" >&2; echo "$out" >&2
  fi
  rps["$name"]="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  p99["$name"]="$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")"
  p50["$name"]="$(to_ms "$(awk '$1 == "50%" {print $2}' <<<"$out")")"
}
median() { # numbers... -> their median (of the middle two for an even count)
  printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}
steps_mb() { # kB numbers... -> "a / b / c" in MB
  local out="" step
  for step in "$@"; do out+="${out:+ / }$(mb "$step")"; done
  printf '%s' "$out"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0 || a == "" || b == "") print "-"; else printf "%.2f", a / b }'; }

check_mlp_single() { # deployment: its answer to mlp_single.json must be row 0's expected scores
  curl -s -XPOST "$url/v1/$1/latest" --data-binary @"$work/mlp_single.json" > "$work/check.json"
  "$PYTHON" - "$work" "$1" <<'PY'
import json, sys
import numpy
sys.path.insert(0, "bench")
from onnx_mlp import ATOL, RTOL
work, name = sys.argv[1:]
text = open(f"{work}/check.json").read()
try:
    scores = json.loads(text)["data"]
except (ValueError, KeyError, TypeError):
    sys.exit(f"{name} answered {text[:300]}")
expected = numpy.load(f"{work}/mlp_expected.npy")[0]
assert numpy.allclose(scores, expected, rtol=RTOL, atol=ATOL), f"{name} answered {scores}, numpy {expected.tolist()}"
PY
}

start_inferd() { # [environment assignments...] [java options...]: a server on an empty data directory
  rm -rf "$work/data"
  env "$@" -jar server/target/inferd.jar serve --port "$INFERD_PORT" --data-dir "$work/data" > "$work/inferd.log" 2>&1 &
  inferd_pid=$!
  wait_for "$url/healthz"
}
stop_inferd() {
  kill "$inferd_pid"; wait "$inferd_pid" 2>/dev/null || true; inferd_pid=""
}
check_digits_batch() { # the 1,000-row batch must come back sorted by ID with scikit-learn's labels
  curl -s -XPOST "$url/v1/digits_classifier/latest" --data-binary @"$work/digits_batch1k.json" > "$work/check.json"
  "$PYTHON" - "$work" <<'PY'
import json, sys
work = sys.argv[1]
text = open(f"{work}/check.json").read()
try:
    data = json.loads(text)["data"]
except (ValueError, KeyError, TypeError):
    sys.exit(f"digits_classifier answered {text[:300]}")
expected = json.load(open(f"{work}/digits_expected.json"))
assert [pair[0] for pair in data] == list(range(1000)), "digits_classifier: batch answer not sorted by id"
got = [[pair[0], pair[1]["label"]] for pair in data]
assert got == expected, "digits_classifier: labels differ from scikit-learn's"
PY
}
warm() { # deployment body-file connections
  local threads="$THREADS"
  (( $3 < threads )) && threads="$3"
  wrk -t"$threads" -c"$3" -d"$WARMUP" -s bench/post.lua "$url/v1/$1/latest" -- "$2" > /dev/null
}
"$PYTHON" -c 'import json, sys; json.dump({"data": json.load(open(sys.argv[1]))["data"][0][1:]}, open(sys.argv[2], "w"))' \
  "$work/digits_batch1k.json" "$work/digits_single.json"

# Memory, on a server of its own, started for it with two settings that make its resident memory
# the memory in use rather than what the JVM's collector or glibc's allocator choose to keep:
# - a fixed heap, touched at start: with the JVM's default the collector resizes the heap as it
#   likes, and these figures moved by tens of MB between runs. 512 MB is far more than needed.
# - glibc's mmap threshold fixed at its initial 128 KiB: a large buffer freed then goes back to the
#   system at once. By default the threshold rises with the first large buffer freed, and those
#   after it come from heaps glibc keeps: each further MLP version then read 14 MB here instead of
#   6, and ONNX Runtime alone moved from -4 to 12 MB from one session to the next.
# The timings below run on a plain server, without these. No examples, so that the first figure
# has no ONNX Runtime in it (its native library loads with the first model).
MEMORY_ENV=(MALLOC_MMAP_THRESHOLD_=131072)
HEAP_OPTS=(-Xms512m -Xmx512m -XX:+AlwaysPreTouch)
echo "memory: a server, digits_classifier and the MLP deployed and warmed one by one..." >&2
start_inferd "${MEMORY_ENV[@]}" java "${HEAP_OPTS[@]}" ${INFERD_JAVA_OPTS:-}
rss_start=$(rss_kb)
# Each deployment is deployed, checked and warmed with what the bench sends it, then the memory is
# read. The digits example comes first: the first ONNX model also loads ONNX Runtime, and its
# warm-up compiles the server's HTTP and ONNX code. mlp_unbatched comes next: the first float model
# compiles code the digits did not, and the first 5 MB upload grows the server's direct buffers
# (by 5 to 7 MB, seen with -XX:NativeMemoryTracking), which would otherwise be charged to
# mlp_batched, the default, whose cost is the one asked about.
deploy examples/digits_classifier
check_digits_batch
warm digits_classifier "$work/digits_single.json" 64
warm digits_classifier "$work/digits_batch1k.json" 1
rss_digits=$(rss_kb)
deploy_and_warm() { # bundle-directory deployment-name
  deploy "$1" --name "$2"
  check_mlp_single "$2"
  warm "$2" "$work/mlp_single.json" 64
}
deploy_and_warm "$work/bundles/mlp_unbatched" mlp_unbatched
rss_unbatched=$(rss_kb)
# One more version's cost is the median step of several (MEMORY_VERSIONS) deployed one after the
# other: now and then one of them, not always the same, reads about 10 MB more (a cost paid once
# that does not always fall on the first MLP, it seems), or a few MB less.
batched_steps=()
previous=$rss_unbatched
for (( copy = 1; copy <= MEMORY_VERSIONS; copy++ )); do
  name=mlp_batched
  (( copy == 1 )) || name="mlp_batched_$copy"
  deploy_and_warm "$work/bundles/mlp_batched" "$name"
  rss_now=$(rss_kb)
  batched_steps+=($(( rss_now - previous )))
  previous=$rss_now
done
stop_inferd

# The timings, on a plain java -jar as bench/run.sh's comparison starts, with the three deployments.
echo "timings: a server with digits_classifier, mlp_batched and mlp_unbatched..." >&2
start_inferd java ${INFERD_JAVA_OPTS:-}
deploy examples/digits_classifier
check_digits_batch
for name in mlp_batched mlp_unbatched; do
  deploy "$work/bundles/$name"
  check_mlp_single "$name"
done

echo "single calls to the MLP, batching on and off..." >&2
# Both are warmed before either is timed, so that the one timed first does not pay alone for
# compiling the code the two share.
for name in mlp_batched mlp_unbatched; do
  warm "$name" "$work/mlp_single.json" 64
done
for name in mlp_batched mlp_unbatched; do
  run_wrk "$name" "$url/v1/$name/latest" 64 "$work/mlp_single.json"
done

echo "cross-talk check..." >&2
declare -A crosstalk
crosstalk_ok=yes
for name in mlp_batched mlp_unbatched; do
  if out="$("$PYTHON" bench/onnx_crosstalk.py "$url/v1/$name/latest" "$work" 64 "$CROSSTALK_SECONDS")"; then :; else crosstalk_ok=no; fi
  echo "$out" >&2
  crosstalk["$name"]="$(sed -n '1s/.*: \([0-9]*\) calls, \([0-9]*\) mismatches, \([0-9]*\) failures/\1 \/ \2 \/ \3/p' <<<"$out")"
done

echo "a 1,000-row digits batch at 1 connection..." >&2
run_wrk digits1k "$url/v1/digits_classifier/latest" 1 "$work/digits_batch1k.json"

# The in-process floor runs with the server stopped, so that the two do not share the cores.
stop_inferd
echo "the same 1,000 rows in process (JMH)..." >&2
java -jar bench/micro/target/micro.jar OnnxDigitsInProcess -f 1 -wi 5 -i 5 -rf csv -rff "$work/jmh.csv" > "$work/jmh.log" 2>&1 \
  || { echo "the JMH benchmark failed:" >&2; tail -20 "$work/jmh.log" >&2; exit 1; }
# "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit"; the unit is ms/op.
in_process_ms="$(awk -F, 'NR == 2 { printf "%.3f", $5 }' "$work/jmh.csv")"
# The MLP in ONNX Runtime alone, with the memory server's settings, as many sessions as that server
# had versions of it, each run with 1 and 64 rows as single calls run it without and with batching.
echo "the MLP's memory in ONNX Runtime alone..." >&2
read -r ort_library_kb ort_first_kb ort_further_kb ort_steps < <(env "${MEMORY_ENV[@]}" java "${HEAP_OPTS[@]}" \
  -cp bench/micro/target/micro.jar dev.inferd.bench.micro.OnnxSessionMemory "$work/mlp.onnx" features 256 \
  $(( MEMORY_VERSIONS + 1 )) 1 64)

weights_mb="$(mb $(( weight_bytes / 1024 )))"
row() { printf '| %-74s | %34s | %-46s |\n' "$1" "$2" "${3:-}"; }

echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
echo "wrk: $THREADS threads, $DURATION per run after a $WARMUP warm-up; cross-talk: 64 clients for $CROSSTALK_SECONDS s"
echo
row "measure (MB: 1,048,576 bytes)" "result" "target"
printf '|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..76})" "$(printf -- '-%.0s' {1..36})" "$(printf -- '-%.0s' {1..48})"
row "MLP single calls c=64, batching on, req/s" "${rps[mlp_batched]}"
row "MLP single calls c=64, batching off, req/s" "${rps[mlp_unbatched]}"
row "MLP single calls c=64, throughput on / off" "$(ratio "${rps[mlp_batched]}" "${rps[mlp_unbatched]}")" \
  ">= 3 (Triton reports 3.7x on its own model)"
row "MLP single calls c=64, batching on, p99 ms" "${p99[mlp_batched]}"
row "MLP single calls c=64, batching off, p99 ms" "${p99[mlp_unbatched]}"
row "MLP single calls c=64, p99 on / off" "$(ratio "${p99[mlp_batched]}" "${p99[mlp_unbatched]}")" "<= 1"
row "cross-talk, batching on, 64 clients: calls / mismatches / failures" "${crosstalk[mlp_batched]:--}" "0 mismatches, 0 failures"
row "cross-talk, batching off, 64 clients: calls / mismatches / failures" "${crosstalk[mlp_unbatched]:--}" "0 mismatches, 0 failures"
row "digits 1,000-row batch end to end (HTTP + JSON), c=1, median ms" "${p50[digits1k]}"
row "digits 1,000 rows in process (ONNX Runtime, JMH), ms" "$in_process_ms"
row "digits 1,000-row batch, end to end / in process" "$(ratio "${p50[digits1k]}" "$in_process_ms")" "<= 1.5"
row "memory server (512 MB heap) resident after start, no ONNX model, MB" "$(mb "$rss_start")"
row "added by digits_classifier, the first ONNX model (with ONNX Runtime), MB" "$(mb $(( rss_digits - rss_start )))"
row "ONNX Runtime's library and environment, in a JVM alone, MB" "$(mb "$ort_library_kb")"
batched_kb=$(median "${batched_steps[@]}")
row "added by mlp_unbatched, the first MLP (with one-time growth), MB" "$(mb $(( rss_unbatched - rss_digits )))"
row "added by a version of mlp_batched, median (steps), MB" "$(mb "$batched_kb") ($(steps_mb "${batched_steps[@]}"))"
row "the MLP's weights, MB" "$weights_mb"
# shellcheck disable=SC2086  # the steps are one word each
row "the MLP in ONNX Runtime alone, further session, median (steps), MB" "$(mb "$ort_further_kb") ($(steps_mb $ort_steps))"
row "the MLP in ONNX Runtime alone, the first session, MB" "$(mb "$ort_first_kb")"
row "inferd's overhead per version: mlp_batched - ONNX Runtime alone, MB" \
  "$(mb $(( batched_kb - ort_further_kb )))" "small, stated"

[[ $crosstalk_ok == yes ]] || { echo; echo "the cross-talk check failed (above)" >&2; exit 1; }
