# shellcheck shell=bash
# The variables it sets are read by the scripts that source it.
# shellcheck disable=SC2034
# A PostgreSQL for the benches that need one, sourced by them: the caller's DATABASE_URL if set,
# else a throwaway cluster started with the machine's initdb (Debian: apt-get install postgresql),
# on the first free port from 19130, as the postgres user when run as root.
#
#   source bench/lib/postgres.sh
#   bench_postgres_start bench/NAME.sh  # sets db_url, database_label, and pg_postmaster (empty for DATABASE_URL)
#   bench_postgres_stop                 # in the caller's EXIT trap: stops and deletes a throwaway cluster

pg_dir=""
pg_ctl=""
as_postgres=()
pg_postmaster=""
db_url=""
database_label=""

bench_postgres_unavailable() { # script reason
  {
    echo "$1 needs a PostgreSQL, and $2. Either"
    echo "  - give one you may write to (the script deploys into it):"
    echo "      DATABASE_URL=postgresql://user:password@host:5432/database $1"
    echo "  - or install PostgreSQL's server binaries so that the script can start a throwaway cluster"
    echo "    (Debian: apt-get install postgresql; it finds /usr/lib/postgresql/*/bin/initdb or initdb on the PATH)."
  } >&2
  exit 1
}

bench_postgres_start() { # script
  local script="$1" initdb="" candidate pg_bin pg_port="" candidates
  if [[ -n "${DATABASE_URL:-}" ]]; then
    db_url="$DATABASE_URL"
    database_label="PostgreSQL from DATABASE_URL"
    return 0
  fi
  # Debian's layout, the newest version first, then the PATH.
  mapfile -t candidates < <(printf '%s\n' /usr/lib/postgresql/*/bin/initdb | sort -V -r)
  for candidate in "${candidates[@]}" "$(command -v initdb || true)"; do
    if [[ -n "$candidate" && -x "$candidate" ]]; then initdb="$candidate"; break; fi
  done
  [[ -n "$initdb" ]] || bench_postgres_unavailable "$script" "DATABASE_URL is not set and there is no initdb"
  pg_bin="$(dirname "$initdb")"
  pg_ctl="$pg_bin/pg_ctl"
  [[ -x "$pg_ctl" ]] || bench_postgres_unavailable "$script" "there is no pg_ctl beside $initdb"
  if (( EUID == 0 )); then
    # PostgreSQL refuses to run as root: the cluster is the postgres user's.
    id postgres > /dev/null 2>&1 || bench_postgres_unavailable "$script" "the script runs as root and there is no postgres user to run initdb as"
    command -v runuser > /dev/null || bench_postgres_unavailable "$script" "the script runs as root and there is no runuser"
    as_postgres=(runuser -u postgres --)
  fi
  for candidate in $(seq 19130 19199); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then pg_port=$candidate; break; fi
  done
  [[ -n "$pg_port" ]] || bench_postgres_unavailable "$script" "no port from 19130 to 19199 is free for a throwaway cluster"
  pg_dir="$(mktemp -d /tmp/inferd-bench-pg.XXXXXX)"
  if (( EUID == 0 )); then chown postgres "$pg_dir"; fi
  chmod 700 "$pg_dir"
  echo "starting a throwaway PostgreSQL ($pg_bin) on port $pg_port..." >&2
  ${as_postgres[@]+"${as_postgres[@]}"} "$initdb" -D "$pg_dir/data" -A trust -U postgres > "$pg_dir/initdb.log" 2>&1 \
    || { cat "$pg_dir/initdb.log" >&2; bench_postgres_unavailable "$script" "initdb failed (above)"; }
  ${as_postgres[@]+"${as_postgres[@]}"} "$pg_ctl" -D "$pg_dir/data" -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1" \
    -l "$pg_dir/pg.log" -w start > /dev/null \
    || { cat "$pg_dir/pg.log" >&2; bench_postgres_unavailable "$script" "the throwaway cluster did not start (its log is above)"; }
  pg_postmaster="$(head -1 "$pg_dir/data/postmaster.pid")"
  db_url="postgresql://postgres@127.0.0.1:$pg_port/postgres"
  database_label="throwaway PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') cluster (default settings, fsync on)"
}

bench_postgres_stop() {
  if [[ -n "$pg_dir" ]]; then
    ${as_postgres[@]+"${as_postgres[@]}"} "$pg_ctl" -D "$pg_dir/data" -m fast -w stop > /dev/null 2>&1 || true
    rm -rf "$pg_dir"
  fi
}
