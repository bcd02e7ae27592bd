# shellcheck shell=bash
# What the benches that start inferd servers share, sourced by them: the check that their ports are
# free, waiting for a server to answer, stopping the servers they started (whose process ids they
# add to server_pids), and cleaning up at exit.
# shellcheck disable=SC2034
server_pids=()

bench_require_free_ports() { # port...: exits when one is taken
  local port
  for port in "$@"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "something already listens on port $port; give another PORT (it uses PORT to PORT+$(( $# - 1 )))" >&2; exit 1
    fi
  done
}

bench_stop_servers() {
  local pid
  for pid in ${server_pids[@]+"${server_pids[@]}"}; do kill "$pid" 2>/dev/null || true; done
  for pid in ${server_pids[@]+"${server_pids[@]}"}; do wait "$pid" 2>/dev/null || true; done
}

# At exit: stops the servers, stops a throwaway PostgreSQL if bench/lib/postgres.sh started one, and
# deletes the work directory, or keeps it with KEEP_WORK=yes.
bench_clean_up_at_exit() { # work-dir
  bench_work_directory="$1"
  trap bench_clean_up EXIT
}

bench_clean_up() {
  bench_stop_servers
  if declare -F bench_postgres_stop > /dev/null; then bench_postgres_stop; fi
  if [[ "${KEEP_WORK:-no}" == yes ]]; then
    echo "the servers' logs are kept in $bench_work_directory" >&2
  else
    rm -rf "$bench_work_directory"
  fi
}

# Waits until URL answers 200; exits, with the end of the server's log, when the server exits first
# or SECONDS pass.
bench_wait_for_200() { # name pid url seconds log
  for _ in $(seq 1 $(( $4 * 10 ))); do
    [[ "$(curl -s -o /dev/null -w '%{http_code}' "$3")" == 200 ]] && return 0
    kill -0 "$2" 2>/dev/null || { echo "$1 exited while starting:" >&2; tail -20 "$5" >&2; exit 1; }
    sleep 0.1
  done
  echo "$1 did not answer 200 at $3 within $4 s:" >&2; tail -20 "$5" >&2; exit 1
}
