#!/usr/bin/env bash
# Measures inferd against a bare Vert.x + Jackson server answering the same protocol (and, when
# FastAPI and uvicorn are importable, against a FastAPI peer), on this machine, in one run, and
# prints one table of ratios; when scikit-learn is importable, a second table does the same for the
# iris classifier (inferd's iris_classifier and iris_classifier_per_row against the FastAPI peer).
# Needs wrk (Debian: apt-get install wrk). See bench/README.md.
#
#   bench/run.sh                     # 15 s per wrk run
#   DURATION=30s bench/run.sh        # longer runs
#   PYTHON=/usr/bin/python3 bench/run.sh   # the interpreter for inferd's Python bundle and the peer
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

DURATION="${DURATION:-15s}"
WARMUP="${WARMUP:-5s}"
THREADS="${WRK_THREADS:-2}"
PYTHON="${PYTHON:-python3}"
BASELINE_PORT=19101
INFERD_PORT=19102
FASTAPI_PORT=19103

command -v wrk >/dev/null || { echo "bench/run.sh needs wrk: apt-get install wrk" >&2; exit 1; }

work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}" "${inferd_pid:-}"; do [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "building the server and the baseline..." >&2
./mvnw -q -B -DskipTests package -pl server,bench/baseline >&2

# The iris scenarios need scikit-learn and pandas in $PYTHON: inferd skips the iris examples
# without them (iris_classifier takes a DataFrame), and the FastAPI peer serves the iris model only
# with scikit-learn.
iris=no
if "$PYTHON" -c "import numpy, pandas, sklearn.datasets, sklearn.linear_model" 2>/dev/null; then
  iris=yes
else
  echo "scikit-learn or pandas is not importable by $PYTHON; the iris table is left out" >&2
fi

"$PYTHON" - "$work" "$iris" <<'PY'
import json, random, sys
work = sys.argv[1]
json.dump({"data": 10}, open(f"{work}/single.json", "w"))
def batch(n):
    ids = list(range(n))
    random.Random(7).shuffle(ids)  # answers must be sorted by the server
    return {"data": [[i, i % 1000] for i in ids]}
json.dump(batch(1000), open(f"{work}/batch1k.json", "w"))
json.dump(batch(100_000), open(f"{work}/batch100k.json", "w"))
if sys.argv[2] == "yes":
    # Real iris rows, cycling through the data set, IDs shuffled as above; and the answers
    # scikit-learn gives here, trained as examples/iris_classifier trains, for the check before timing.
    from sklearn.datasets import load_iris
    from sklearn.linear_model import LogisticRegression
    iris = load_iris()
    model = LogisticRegression(max_iter=1000).fit(iris.data, iris.target)
    rows = [[round(float(v), 1) for v in row] for row in iris.data]
    def iris_batch(n):
        ids = list(range(n))
        random.Random(7).shuffle(ids)
        return {"data": [[i, *rows[k % len(rows)]] for k, i in enumerate(ids)]}
    single = [5.1, 3.5, 1.4, 0.2]
    json.dump({"data": single}, open(f"{work}/iris_single.json", "w"))
    batch1k = iris_batch(1000)
    json.dump(batch1k, open(f"{work}/iris_batch1k.json", "w"))
    json.dump(iris_batch(100_000), open(f"{work}/iris_batch100k.json", "w"))
    species = lambda rows: [str(iris.target_names[s]) for s in model.predict(rows)]
    items = batch1k["data"]
    expected_batch = sorted([item[0], name] for item, name in zip(items, species([item[1:] for item in items])))
    json.dump({"single": species([single])[0], "batch1k": expected_batch},
              open(f"{work}/iris_expected.json", "w"))
PY

wait_for() { # url
  for _ in $(seq 1 600); do
    if curl -s -o /dev/null "$1"; then return 0; fi
    sleep 0.1
  done
  echo "nothing answers at $1" >&2; exit 1
}

millis() { date +%s%3N; }
# The JVM ./mvnw and ./inferd pick, which is the one that recorded the class-data archive.
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
start_inferd() { # log-file, examples|no-examples, extra java options...
  local log="$1" serving=()
  [[ "$2" == examples ]] && serving=(--examples --examples-dir examples)
  shift 2
  # Every start, with options or without, keeps compiled classes in server/target/java-class-cache
  # beside the jar, where the build left the Java examples' classes (docs/configuration.md).
  "$java" "$@" ${INFERD_JAVA_OPTS:-} -jar server/target/inferd.jar serve ${serving[@]+"${serving[@]}"} \
    --port "$INFERD_PORT" --data-dir "$work/data" --python "$PYTHON" > "$log" 2>&1 &
  inferd_pid=$!
}
stop_inferd() {
  kill "$inferd_pid"; wait "$inferd_pid" 2>/dev/null || true
}

java -jar bench/baseline/target/baseline.jar "$BASELINE_PORT" > "$work/baseline.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$BASELINE_PORT/"

# Readiness: launch of the built jar to the first 200 from /healthz. Each round times, in turn: a
# start as ./inferd runs it (with the class-data archive the build recorded) without the examples;
# a plain `java -jar` without options, with the examples on an empty data directory; as ./inferd
# runs it with the examples on an empty data directory, then again on the same directory. Every
# start copies the Java examples' classes from the compiled-class cache the build left beside the
# jar and imports the Python ones. Three rounds, since one start on two shared cores says little
# (the median is compared with the target; all three are printed).
echo "timing starts..." >&2
# The options ./inferd gives java (keep them alike); -Xshare:on: a JVM that cannot use the archive
# refuses to start instead of timing a start without it.
as_inferd_runs=(-XX:SharedArchiveFile=server/target/inferd.jsa -Xshare:on -XX:CompileCommandFile=server/src/main/jvm/compile-commands.txt)
[[ -f server/target/inferd.jsa ]] || { echo "the build recorded no class-data archive (server/target/inferd.jsa)" >&2; exit 1; }
# Without it the first round would compile the Java examples and fill it, and the rounds would differ.
[[ -n "$(ls -A server/target/java-class-cache 2>/dev/null)" ]] || { echo "the build left no compiled classes in server/target/java-class-cache" >&2; exit 1; }
# The poll must not take the CPU the start needs: a curl and a sleep process every 10 ms would cost
# half a core here, which a start bound by two cores pays for. So bash asks itself, through
# /dev/tcp, and waits on a pipe nobody writes to.
exec {never_written}<> <(:)
healthy() { # 0 once /healthz answers 200
  local status
  { exec {http}<>"/dev/tcp/127.0.0.1/$INFERD_PORT"; } 2>/dev/null || return 1
  printf 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&"$http"
  read -r -t 5 status <&"$http" || status=""
  exec {http}<&-
  [[ "$status" == "HTTP/1.1 200"* ]]
}
ready_ms() { # launch-millis log-file: waits for /healthz, prints the milliseconds from launch to its first 200
  local deadline=$(( SECONDS + 60 ))
  while (( SECONDS < deadline )); do
    if healthy; then echo $(( $(millis) - $1 )); return 0; fi
    # The log goes with $work when the script exits, so its end is shown here.
    kill -0 "$inferd_pid" 2>/dev/null || { echo "inferd exited while starting:" >&2; tail -5 "$2" >&2; exit 1; }
    read -r -t 0.01 <&"$never_written" || true
  done
  echo "nothing answers at http://127.0.0.1:$INFERD_PORT/healthz after 60 s:" >&2; tail -5 "$2" >&2; exit 1
}
# "median (first / second / third)" of three numbers
median_of_three() { local sorted; mapfile -t sorted < <(printf '%s\n' "$@" | sort -n); echo "${sorted[1]} ms median ($1 / $2 / $3)"; }
largest() { printf '%s\n' "$@" | sort -n | tail -1; }
ready_plain=(); rss_plain=(); ready_first=(); rss_after_start=(); ready_again=(); ready_bare=()
for run in 1 2 3; do
  # The server's own start, without the examples' compiling and imports.
  rm -rf "$work/data"
  log="$work/inferd-bare-$run.log"
  launched=$(millis); start_inferd "$log" no-examples "${as_inferd_runs[@]}"; ready="$(ready_ms "$launched" "$log")"
  ready_bare+=("$ready"); stop_inferd
  rm -rf "$work/data"
  log="$work/inferd-plain-$run.log"
  launched=$(millis); start_inferd "$log" examples; ready="$(ready_ms "$launched" "$log")"
  ready_plain+=("$ready"); rss_plain+=("$(rss_mb "$inferd_pid")"); stop_inferd
  rm -rf "$work/data"
  log="$work/inferd-first-$run.log"
  launched=$(millis); start_inferd "$log" examples "${as_inferd_runs[@]}"; ready="$(ready_ms "$launched" "$log")"
  ready_first+=("$ready"); rss_after_start+=("$(rss_mb "$inferd_pid")"); stop_inferd
  log="$work/inferd-again-$run.log"
  launched=$(millis); start_inferd "$log" examples "${as_inferd_runs[@]}"; ready="$(ready_ms "$launched" "$log")"
  ready_again+=("$ready")
  [[ $run == 3 ]] || stop_inferd
done
pids+=("$inferd_pid")

# A Python function deployed now answers its first call how soon after its deploy returns?
curl -s -o /dev/null -XPOST "http://127.0.0.1:$INFERD_PORT/api/deployments/fresh_python/versions" \
  -d '{"runtime": "python", "main": "triple", "files": {"source.py": "def triple(x):\n    return 3 * x\n"}}'
deployed=$(millis)
first_answer="$(curl -s -XPOST "http://127.0.0.1:$INFERD_PORT/v1/fresh_python/latest" -d '{"data": 2}')"
first_answer_ms=$(( $(millis) - deployed ))
[[ "$first_answer" == '{"data":6}' ]] || { echo "the fresh Python deployment answered $first_answer" >&2; exit 1; }

targets=(
  "baseline|http://127.0.0.1:$BASELINE_PORT/v1/doubler/latest"
  "inferd-java|http://127.0.0.1:$INFERD_PORT/v1/java_doubler/latest"
  "inferd-python|http://127.0.0.1:$INFERD_PORT/v1/example_doubler/latest"
)
# The iris table's columns; their names must differ from the targets' above, since the results of
# both go into the same arrays.
iris_targets=()
if [[ $iris == yes ]]; then
  iris_targets+=("iris-inferd|http://127.0.0.1:$INFERD_PORT/v1/iris_classifier/latest")
  if [[ -d examples/iris_classifier_per_row ]]; then
    iris_targets+=("iris-per-row|http://127.0.0.1:$INFERD_PORT/v1/iris_classifier_per_row/latest")
  else
    echo "there is no examples/iris_classifier_per_row; the iris per-row column is left out" >&2
  fi
fi
if "$PYTHON" -c "import fastapi, uvicorn" 2>/dev/null; then
  "$PYTHON" -m uvicorn --app-dir bench fastapi_peer:app --workers 2 --host 127.0.0.1 --port "$FASTAPI_PORT" \
    --log-level warning > "$work/fastapi.log" 2>&1 &
  pids+=($!)
  wait_for "http://127.0.0.1:$FASTAPI_PORT/docs"
  targets+=("fastapi|http://127.0.0.1:$FASTAPI_PORT/v1/doubler/latest")
  if [[ $iris == yes ]]; then
    iris_targets+=("iris-fastapi|http://127.0.0.1:$FASTAPI_PORT/v1/iris_classifier/latest")
  fi
else
  echo "FastAPI or uvicorn is not importable by $PYTHON; the FastAPI row is left out" >&2
fi

# Every target must give the right answers before it is timed.
expected_single='{"data":20}'
for target in "${targets[@]}"; do
  name="${target%%|*}"; url="${target#*|}"
  answer="$(curl -s -XPOST "$url" -d @"$work/single.json" | tr -d ' ')"
  [[ "$answer" == "$expected_single" ]] || { echo "$name answered $answer to {\"data\": 10}" >&2; exit 1; }
  curl -s -XPOST "$url" -d @"$work/batch1k.json" > "$work/check.json"
  "$PYTHON" - "$work/check.json" "$name" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))["data"]
assert [pair[0] for pair in data] == list(range(1000)), sys.argv[2] + ": batch answer not sorted by id"
assert all(pair[1] == 2 * (pair[0] % 1000) for pair in data), sys.argv[2] + ": wrong batch results"
PY
done
for target in ${iris_targets[@]+"${iris_targets[@]}"}; do
  name="${target%%|*}"; url="${target#*|}"
  curl -s -XPOST "$url" -d @"$work/iris_single.json" > "$work/check-single.json"
  curl -s -XPOST "$url" -d @"$work/iris_batch1k.json" > "$work/check.json"
  "$PYTHON" - "$work" "$name" <<'PY'
import json, sys
work, name = sys.argv[1:]
expected = json.load(open(f"{work}/iris_expected.json"))
def answer(file):
    text = open(f"{work}/{file}").read()
    try:
        return json.loads(text)["data"]
    except (ValueError, KeyError, TypeError):
        sys.exit(f"{name} answered {text[:300]}")
single = answer("check-single.json")
assert single == expected["single"], \
    f"{name} answered {single!r} to the iris single call, scikit-learn here {expected['single']!r}"
data = answer("check.json")
assert [pair[0] for pair in data] == list(range(1000)), name + ": iris batch answer not sorted by id"
assert data == expected["batch1k"], name + ": iris batch answers differ from scikit-learn's here"
PY
done

declare -A rps p99 median
run_wrk() { # name url connections body-file -> sets rps and p99
  local name="$1" url="$2" connections="$3" body="$4" out
  wrk -t"$THREADS" -c"$connections" -d"$WARMUP" -s bench/post.lua "$url" -- "$body" > /dev/null
  out="$(wrk -t"$THREADS" -c"$connections" -d"$DURATION" --latency -s bench/post.lua "$url" -- "$body")"
  if grep -q "Non-2xx" <<<"$out" || grep -q "Socket errors" <<<"$out"; then
    echo "$name: errors during the run:" >&2; echo "$out" >&2
  fi
  rps["$name,$connections"]="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  p99["$name,$connections"]="$(awk '$1 == "99%" {print $2}' <<<"$out")"
}

to_ms() { # wrk latency like 1.23ms / 456.78us / 1.02s -> milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}

measure() { # name url single-body 1k-batch-body 100k-batch-body -> sets rps, p99 and median
  local name="$1" url="$2" times=()
  echo "measuring $name..." >&2
  run_wrk "$name" "$url" 64 "$3"
  run_wrk "$name" "$url" 16 "$4"
  for _ in 1 2 3 4 5 6; do
    times+=("$(curl -s -o /dev/null -w '%{time_total}' -XPOST "$url" -d @"$5")")
  done
  # The first is a warm-up; the median of the other five is reported.
  median["$name"]="$(printf '%s\n' "${times[@]:1}" | sort -n | sed -n 3p)"
}
for target in "${targets[@]}"; do
  measure "${target%%|*}" "${target#*|}" "$work/single.json" "$work/batch1k.json" "$work/batch100k.json"
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0 || a == "" || b == "") print "-"; else printf "%.2f", a / b }'; }

# Resident memory across a 60 s load, after the runs above warmed the server up.
rss_before_load=$(rss_mb "$inferd_pid")
wrk -t"$THREADS" -c64 -d"${LOAD_SECONDS:-60}s" -s bench/post.lua "http://127.0.0.1:$INFERD_PORT/v1/java_doubler/latest" -- "$work/single.json" > /dev/null
rss_after_load=$(rss_mb "$inferd_pid")
workers_rss=0
for worker in $(pgrep -P "$inferd_pid" -f inferd_worker.py); do workers_rss=$(( workers_rss + $(rss_mb "$worker") )); done

# The iris scenarios come last, so that the memory figures above are taken as they were before
# there were any: 100,000-row batches leave the server and the iris workers holding more.
for target in ${iris_targets[@]+"${iris_targets[@]}"}; do
  measure "${target%%|*}" "${target#*|}" "$work/iris_single.json" "$work/iris_batch1k.json" "$work/iris_batch100k.json"
done

echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
echo "wrk: $THREADS threads, $DURATION per run after a $WARMUP warm-up; 100k batch: median of 5 curl calls"
echo
printf '| %-32s | %12s | %12s | %12s | %12s |\n' "scenario" "baseline" "inferd-java" "inferd-python" "fastapi"
printf '|%s|%s|%s|%s|%s|\n' "----------------------------------" "--------------" "--------------" "--------------" "--------------"
cell() { [[ -n "${1:-}" ]] && printf '%s' "$1" || printf '%s' "-"; }
printf '| %-32s | %12s | %12s | %12s | %12s |\n' "single calls c=64, req/s" \
  "$(cell "${rps[baseline,64]:-}")" "$(cell "${rps[inferd-java,64]:-}")" "$(cell "${rps[inferd-python,64]:-}")" "$(cell "${rps[fastapi,64]:-}")"
printf '| %-32s | %12s | %12s | %12s | %12s |\n' "single calls c=64, p99 ms" \
  "$(to_ms "${p99[baseline,64]:-0}")" "$(to_ms "${p99[inferd-java,64]:-0}")" "$(to_ms "${p99[inferd-python,64]:-0}")" "$(to_ms "${p99[fastapi,64]:-0}")"
printf '| %-32s | %12s | %12s | %12s | %12s |\n' "1k-item batches c=16, req/s" \
  "$(cell "${rps[baseline,16]:-}")" "$(cell "${rps[inferd-java,16]:-}")" "$(cell "${rps[inferd-python,16]:-}")" "$(cell "${rps[fastapi,16]:-}")"
printf '| %-32s | %12s | %12s | %12s | %12s |\n' "one 100k-item batch, s" \
  "$(cell "${median[baseline]:-}")" "$(cell "${median[inferd-java]:-}")" "$(cell "${median[inferd-python]:-}")" "$(cell "${median[fastapi]:-}")"
echo
echo "ratios (targets in brackets):"
echo "  java   single throughput vs baseline: $(ratio "${rps[inferd-java,64]}" "${rps[baseline,64]}")  [>= 0.70]"
echo "  java   single p99 vs baseline:        $(ratio "$(to_ms "${p99[inferd-java,64]}")" "$(to_ms "${p99[baseline,64]}")")  [<= 2]"
echo "  java   1k batches vs baseline:        $(ratio "${rps[inferd-java,16]}" "${rps[baseline,16]}")  [>= 0.80]"
echo "  java   100k batch time vs baseline:   $(ratio "${median[inferd-java]}" "${median[baseline]}")  [<= 1.3]"
if [[ -n "${rps[fastapi,64]:-}" ]]; then
  echo "  python single throughput vs fastapi: $(ratio "${rps[inferd-python,64]}" "${rps[fastapi,64]}")  [>= 1]"
  echo "  python 1k batches vs fastapi:        $(ratio "${rps[inferd-python,16]}" "${rps[fastapi,16]}")  [>= 2]"
  echo "  python 100k batch time vs fastapi:   $(ratio "${median[inferd-python]}" "${median[fastapi]}")  [<= 0.33]"
fi
if (( ${#iris_targets[@]} )); then
  ms_cell() { [[ -n "${1:-}" ]] && to_ms "$1" || printf '%s' "-"; }
  iris_row() { # label array-name key-suffix (",64", ",16" or "")
    local -n values="$2"
    printf '| %-32s | %12s | %19s | %12s |\n' "$1" "$(cell "${values[iris-inferd$3]:-}")" \
      "$(cell "${values[iris-per-row$3]:-}")" "$(cell "${values[iris-fastapi$3]:-}")"
  }
  iris_p99_row() { # label connections
    printf '| %-32s | %12s | %19s | %12s |\n' "$1" "$(ms_cell "${p99[iris-inferd,$2]:-}")" \
      "$(ms_cell "${p99[iris-per-row,$2]:-}")" "$(ms_cell "${p99[iris-fastapi,$2]:-}")"
  }
  echo
  echo "iris classifier (scikit-learn):"
  echo
  printf '| %-32s | %12s | %19s | %12s |\n' "scenario" "inferd-iris" "inferd-iris-per-row" "fastapi-iris"
  printf '|%s|%s|%s|%s|\n' "----------------------------------" "--------------" "---------------------" "--------------"
  iris_row "single calls c=64, req/s" rps ",64"
  iris_p99_row "single calls c=64, p99 ms" 64
  iris_row "1k-row batches c=16, req/s" rps ",16"
  iris_p99_row "1k-row batches c=16, p99 ms" 16
  iris_row "one 100k-row batch, s" median ""
  if [[ -n "${rps[iris-fastapi,64]:-}" ]]; then
    echo
    echo "iris ratios (targets in brackets):"
    echo "  iris single throughput vs fastapi:  $(ratio "${rps[iris-inferd,64]}" "${rps[iris-fastapi,64]}")  [>= 5]"
    echo "  iris 1k batches vs fastapi:         $(ratio "${rps[iris-inferd,16]}" "${rps[iris-fastapi,16]}")  [>= 2]"
    echo "  iris 1k batch p99 vs fastapi:       $(ratio "$(to_ms "${p99[iris-inferd,16]}")" "$(to_ms "${p99[iris-fastapi,16]}")")  [<= 1]"
    echo "  iris 100k batch time vs fastapi:    $(ratio "${median[iris-inferd]}" "${median[iris-fastapi]}")  [<= 0.5]"
    if [[ -n "${rps[iris-per-row,16]:-}" ]]; then
      echo "  per-row 1k batches vs fastapi:      $(ratio "${rps[iris-per-row,16]}" "${rps[iris-fastapi,16]}")  (no target)"
    fi
  fi
fi
echo
echo "resources:"
echo "  ready after launch, as ./inferd runs, no examples, empty data directory:         $(median_of_three "${ready_bare[@]}")  [<= 2000]"
echo "  ready after launch, as ./inferd runs, empty data directory:                      $(median_of_three "${ready_first[@]}")  [<= 2000]"
echo "  ready after launch, as ./inferd runs, same data directory again:                 $(median_of_three "${ready_again[@]}")  [<= 2000]"
echo "  ready after launch, plain java -jar without options, empty data directory:       $(median_of_three "${ready_plain[@]}")"
echo "  server resident memory after start with the examples, as ./inferd runs, largest of three:  $(largest "${rss_after_start[@]}") MB  [<= 200]"
echo "  server resident memory after start with the examples, plain java -jar, largest of three:   $(largest "${rss_plain[@]}") MB"
echo "  server resident memory before / after a ${LOAD_SECONDS:-60} s load:        ${rss_before_load} / ${rss_after_load} MB  (growth $(awk -v a="$rss_before_load" -v b="$rss_after_load" 'BEGIN { printf "%.1f", (b - a) * 100 / a }')%)  [< 10%]"
echo "  Python worker processes, resident memory together:     ${workers_rss} MB"
echo "  first answer of a Python function after its deploy returned: ${first_answer_ms} ms  [<= 1000]"
