#!/usr/bin/env bash
# Drift benchmark: N tenant databases cloned from one migrated template (CREATE DATABASE … TEMPLATE, so setting
# up 200 tenants takes seconds, not 200 migrations), a few of them drifted by hand; then, alternately on the same
# fleet in the same run, `fleetway audit --all` (the baseline: one history read per target) and `fleetway drift
# --all` (a history read and one catalog query per target, plus one reference built in a temporary database),
# R times each after one unmeasured warm-up run of each (the first queries on freshly cloned databases set the
# catalogs' hint bits and fill caches, which a long-lived fleet has long done; its times are printed apart).
# Prints every run, the medians, max RSS, and the ratio drift/audit.
#
# Usage: bench/drift.sh [N] [R]   (default 200 tenants, 3 rounds; needs a built app: ./mvnw package -DskipTests)
# Needs a local PostgreSQL on PGPORT (default 5432) and /usr/bin/time; as root the setup runs as the postgres OS
# user. Env: FLEETWAY_BIN (a command to run instead of the JVM jar), PARALLEL (default 4).
set -euo pipefail
n=${1:-200}
rounds=${2:-3}
parallel=${PARALLEL:-4}
here=$(cd "$(dirname "$0")/.." && pwd)
read -r -a fleetway <<< "${FLEETWAY_BIN:-java -jar $here/target/quarkus-app/quarkus-run.jar}"
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432}
work=$(mktemp -d); chmod 755 "$work"
owner=fwdrift_owner; export PGPASSWORD="bench-$RANDOM-$RANDOM"; export PGUSER=$owner
admin() { # as the superuser over the local socket, not as the benchmark's login
  if [ "$(id -u)" = 0 ]; then env -u PGHOST -u PGUSER -u PGPASSWORD runuser -u postgres -- psql -qAt -p "$PGPORT" "$@"
  else env -u PGHOST -u PGUSER -u PGPASSWORD psql -qAt -U postgres -p "$PGPORT" "$@"; fi; }
cleanup() {
  for i in $(seq 1 "$n"); do echo "DROP DATABASE IF EXISTS fwdrift_$i;"; done | admin -d postgres >/dev/null 2>&1 || true
  admin -d postgres -c "DROP DATABASE IF EXISTS fwdrift_default" -c "DROP DATABASE IF EXISTS fwdrift_template" \
    -c "DROP ROLE IF EXISTS $owner" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "setting up $n tenant databases from a template..." >&2
# CREATEDB: drift then builds its reference in a temporary database, its default when the user may.
admin -d postgres -c "DROP ROLE IF EXISTS $owner" -c "CREATE ROLE $owner LOGIN CREATEDB PASSWORD '$PGPASSWORD'" >/dev/null
admin -d postgres -c "CREATE DATABASE fwdrift_default OWNER $owner" -c "CREATE DATABASE fwdrift_template OWNER $owner" >/dev/null
"${fleetway[@]}" install "postgresql://$owner:$PGPASSWORD@$PGHOST:$PGPORT/fwdrift_template" \
  --migrations "$here/migrations" >/dev/null
for i in $(seq 1 "$n"); do echo "CREATE DATABASE fwdrift_$i TEMPLATE fwdrift_template OWNER $owner;"; done |
  admin -d postgres >/dev/null
for i in $(seq 1 "$n"); do echo "  t$i: {url: 'jdbc:postgresql://$PGHOST:$PGPORT/fwdrift_$i'}"; done |
  { echo "tenants:"; cat; } > "$work/tenants.yaml"
mkdir -p "$work/conf"
export FLEETWAY_CONFIG_DIR="$work/conf" FLEETWAY_TENANTS_FILE="$work/tenants.yaml" \
  DATABASE_URL="jdbc:postgresql://$PGHOST:$PGPORT/fwdrift_default" DB__USER=$owner DB__PASSWORD=$PGPASSWORD \
  FLEETWAY_TENANT_DEFAULTS_MIGRATION_USER_USERNAME=$owner FLEETWAY_TENANT_DEFAULTS_MIGRATION_USER_PASSWORD=$PGPASSWORD
"${fleetway[@]}" upgrade --migrations "$here/migrations" --quiet >/dev/null
# A few tenants drifted by hand, so that the comparison also finds and reports differences.
for i in 3 50 120; do
  [ "$i" -le "$n" ] && psql -d "fwdrift_$i" -qc "CREATE INDEX hand_made_idx ON invoices (due_at)" \
    -c "ALTER TABLE accounts ALTER COLUMN plan SET DEFAULT 'team'"
done

measure() { # $1 = command; prints "seconds max-rss-kB"
  /usr/bin/time -f "%e %M" -o "$work/time" "${fleetway[@]}" "$1" --all --parallel "$parallel" \
    --migrations "$here/migrations" --format json >"$work/$1.json" 2>"$work/err" || true
  grep -q '"targets"' "$work/$1.json" || { cat "$work/err" >&2; exit 1; }
  tail -1 "$work/time"
}
median() { sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }

printf "N=%d tenants (+ the default database), --parallel %d, %d rounds\n\n" "$n" "$parallel" "$rounds"
a=$(measure audit); d=$(measure drift)
printf "warm-up (first runs after cloning, not counted): audit %.2f s, drift %.2f s\n\n" "${a%% *}" "${d%% *}"
printf "%-7s %10s %12s %10s %12s\n" round "audit s" "audit RSS MB" "drift s" "drift RSS MB"
: > "$work/audit"; : > "$work/drift"
for r in $(seq 1 "$rounds"); do
  # alternate which runs first, so neither always finds the caches warm
  if [ $((r % 2)) = 1 ]; then a=$(measure audit); d=$(measure drift); else d=$(measure drift); a=$(measure audit); fi
  echo "$a" >> "$work/audit"; echo "$d" >> "$work/drift"
  printf "%-7s %10.2f %12.0f %10.2f %12.0f\n" "$r" "${a% *}" "$(( ${a#* } / 1024 ))" "${d% *}" "$(( ${d#* } / 1024 ))"
done
am=$(cut -d' ' -f1 "$work/audit" | median); dm=$(cut -d' ' -f1 "$work/drift" | median)
python3 -c "import json,sys; s=json.load(open(sys.argv[1]))['summary']; print('last drift run:', ', '.join(f'{v} {k}' for k, v in s.items()))" "$work/drift.json"
printf "\nmedian: audit %.2f s, drift %.2f s — drift/audit = %.2fx\n" "$am" "$dm" "$(echo "$dm / $am" | bc -l)"
