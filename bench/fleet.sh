#!/usr/bin/env bash
# Fleet benchmark: N tenant databases, `fleetway upgrade --all` at --parallel 1, 2, 4, 8 against a baseline
# measured in the same run: the same files applied with one psql session per tenant at the same
# parallelism. Then, at --parallel 4 on the up-to-date fleet: a no-op `upgrade --all` and `audit`, against
# a psql loop that reads each tenant's history once.
#
# Usage: bench/fleet.sh [N]   (default 200; needs a built app: ./mvnw package -DskipTests)
# Needs a local PostgreSQL on PGPORT (default 5432); as root the setup runs as the postgres OS user.
# Env: FLEETWAY_BIN   command to run instead of the JVM jar (e.g. the native executable)
set -euo pipefail
n=${1:-200}
here=$(cd "$(dirname "$0")/.." && pwd)
read -r -a fleetway <<< "${FLEETWAY_BIN:-java -jar $here/target/quarkus-app/quarkus-run.jar}"
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432}
work=$(mktemp -d); chmod 755 "$work"
owner=fwbench_owner; export PGPASSWORD="bench-$RANDOM-$RANDOM"; export PGUSER=$owner
admin() { # as the superuser over the local socket, not as the benchmark's login
  if [ "$(id -u)" = 0 ]; then env -u PGHOST -u PGUSER -u PGPASSWORD runuser -u postgres -- psql -qAt -p "$PGPORT" "$@"
  else env -u PGHOST -u PGUSER -u PGPASSWORD psql -qAt -U postgres -p "$PGPORT" "$@"; fi; }
cleanup() {
  for i in $(seq 1 "$n"); do echo "DROP DATABASE IF EXISTS fwbench_$i;"; done | admin -d postgres >/dev/null 2>&1 || true
  admin -d postgres -c "DROP DATABASE IF EXISTS fwbench_default" -c "DROP ROLE IF EXISTS $owner" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "setting up $n tenant databases..." >&2
admin -d postgres -c "DROP ROLE IF EXISTS $owner" -c "CREATE ROLE $owner LOGIN PASSWORD '$PGPASSWORD'" >/dev/null
for i in default $(seq 1 "$n"); do echo "CREATE DATABASE fwbench_$i OWNER $owner;"; done | admin -d postgres >/dev/null
for i in $(seq 1 "$n"); do
  echo "  t$i: {url: 'jdbc:postgresql://$PGHOST:$PGPORT/fwbench_$i'}"
done | { echo "tenants:"; cat; } > "$work/tenants.yaml"
mkdir -p "$work/conf"
export FLEETWAY_CONFIG_DIR="$work/conf" FLEETWAY_TENANTS_FILE="$work/tenants.yaml" \
  DATABASE_URL="jdbc:postgresql://$PGHOST:$PGPORT/fwbench_default" DB__USER=$owner DB__PASSWORD=$PGPASSWORD \
  FLEETWAY_TENANT_DEFAULTS_MIGRATION_USER_USERNAME=$owner FLEETWAY_TENANT_DEFAULTS_MIGRATION_USER_PASSWORD=$PGPASSWORD
files=$(ls "$here"/migrations/V*__*.sql | sort -V; ls "$here"/migrations/R__*.sql)

reset() { # empty every database again
  for i in default $(seq 1 "$n"); do echo "fwbench_$i"; done |
    xargs -P 8 -I{} psql -d {} -qc "DROP SCHEMA public CASCADE; CREATE SCHEMA public" >/dev/null 2>&1
}
seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; return 1; }
  e=$(date +%s.%N); echo "$e - $s" | bc; }
psql_install() { # $1 = parallelism: one psql session per tenant applying every file
  local args=(); for f in $files; do args+=(-f "$f"); done
  for i in $(seq 1 "$n"); do echo "fwbench_$i"; done |
    xargs -P "$1" -I{} psql -d {} -q -v ON_ERROR_STOP=1 "${args[@]}"
}
psql_read() { # $1 = parallelism: read each tenant's history once
  for i in $(seq 1 "$n"); do echo "fwbench_$i"; done |
    xargs -P "$1" -I{} psql -d {} -qAtc "SELECT version, checksum, success FROM flyway_schema_history"
}

printf "N=%d tenants (+ the default database for fleetway)\n\n" "$n"
printf "%-9s %12s %12s %8s %14s\n" parallel "fleetway s" "psql s" ratio "tenants/s (fw)"
for p in 1 2 4 8; do
  reset; fw=$(seconds "${fleetway[@]}" upgrade --all --parallel "$p" --quiet)
  reset; ps=$(seconds psql_install "$p")
  printf "%-9s %12.2f %12.2f %8.2f %14.1f\n" "$p" "$fw" "$ps" "$(echo "$fw / $ps" | bc -l)" "$(echo "$n / $fw" | bc -l)"
done

reset; "${fleetway[@]}" upgrade --all --parallel 4 --quiet >/dev/null
noop=$(seconds "${fleetway[@]}" upgrade --all --parallel 4 --quiet)
audit=$(seconds "${fleetway[@]}" audit --all --parallel 4)
read=$(seconds psql_read 4)
printf "\nup-to-date fleet, --parallel 4:\n"
printf "%-28s %8.2f s  (%.2fx the psql history loop)\n" "fleetway upgrade --all (no-op)" "$noop" "$(echo "$noop / $read" | bc -l)"
printf "%-28s %8.2f s  (%.2fx)\n" "fleetway audit --all" "$audit" "$(echo "$audit / $read" | bc -l)"
printf "%-28s %8.2f s\n" "psql history loop" "$read"
