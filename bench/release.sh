#!/usr/bin/env bash
# The release paths of a fleet, Fleetway against the psql floor in one run (docs/benchmarks.md):
#
#   fleet      N tenant databases (default 200) at --parallel P (default 4), a generated corpus of 60
#              migrations (bench/corpus.py): install, no-op deploy, status of the fleet (audit) and one new
#              migration; the JVM build (bin/fleetway, as the README and the image run it) and the native
#              executable when FLEETWAY_NATIVE names one, against one psql session per tenant applying the
#              same files (install, +1) or reading the history once (no-op, audit);
#   start      `status` of one up-to-date database: wall time and peak RSS of the JVM build launched as
#              `java -jar`, through bin/fleetway without and with its class cache (bin/aot-train), on the
#              JVM on the PATH and on JAVA25_HOME when set, and of the native executable; psql beside them;
#   schemas    a no-op deploy of S schema-per-tenant tenants in one database (default 5000), against one
#              psql session reading every history table;
#   growth     install and audit at N/4, N/2 and N tenants, with peak RSS.
#
# Every figure is the median of RUNS runs (default 3); fleets are made by cloning (CREATE DATABASE ...
# TEMPLATE, or one schema's dump replayed under new names), not by migrating each.
#
# Usage: bench/release.sh [SECTION...]    (default: fleet start schemas growth)
# Env:   N, P, RUNS, S         sizes (see above)
#        FLEETWAY_NATIVE       the native executable (target/*-runner of a -Dnative build)
#        JAVA25_HOME           a JDK 25 for the start section's AOT-cache variants
#        PGHOST, PGPORT        the local PostgreSQL (default 127.0.0.1:5432); as root the setup runs as
#                              the postgres OS user over the socket, otherwise as the PGUSER given
# Needs: a built JVM application (./mvnw package -DskipTests), psql, python3, /usr/bin/time.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
n=${N:-200}; p=${P:-4}; runs=${RUNS:-3}; schemas=${S:-5000}
sections=("$@"); [ ${#sections[@]} -gt 0 ] || sections=(fleet start schemas growth)
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGOPTIONS="-c client_min_messages=warning"
work=$(mktemp -d); chmod 755 "$work"; export work
owner=fwrel_owner; export PGPASSWORD="bench-$RANDOM-$RANDOM" PGUSER=$owner
jvm=("$here/bin/fleetway")
native=(); [ -n "${FLEETWAY_NATIVE:-}" ] && native=("$FLEETWAY_NATIVE")

admin() { # as the superuser over the local socket
  if [ "$(id -u)" = 0 ]; then env -u PGHOST -u PGUSER -u PGPASSWORD runuser -u postgres -- psql -qAt -p "$PGPORT" "$@"
  else env -u PGHOST -u PGPASSWORD psql -qAt -p "$PGPORT" "$@"; fi; }
databases() { admin -d postgres -c "SELECT datname FROM pg_database WHERE datname LIKE 'fwrel\_%'"; }
cleanup() {
  databases | sed 's/.*/DROP DATABASE IF EXISTS "&" WITH (FORCE);/' | admin -d postgres >/dev/null 2>&1 || true
  admin -d postgres -c "DROP ROLE IF EXISTS $owner" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
timed() { # command...: prints "wall_s peak_rss_mib" of one run; fails (showing stderr) when the command does.
  # A shell function (the psql floors) is run by an exported copy of this script's functions.
  if [ "$(type -t "$1")" = function ]; then set -- bash -c "$(declare -f); $(printf '%q ' "$@")"; fi
  /usr/bin/time -f '%e %M' -o "$work/time" "$@" >"$work/out" 2>"$work/err" ||
    { echo "failed: $*" >&2; tail -5 "$work/err" >&2; return 1; }
  awk '{ printf "%s %.1f\n", $1, $2 / 1024 }' "$work/time"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }

# --- the corpus, the role and the template databases -------------------------------------------------
python3 "$here/bench/corpus.py" "$work/corpus" 60
files=$(ls "$work"/corpus/V*__*.sql | sort -V; ls "$work"/corpus/R__*.sql)
printf 'CREATE TABLE plus_one (id bigint PRIMARY KEY, note text);\nCREATE INDEX plus_one_note_idx ON plus_one (note);\n' \
  > "$work/V61__plus_one.sql"
admin -d postgres -c "DROP ROLE IF EXISTS $owner" -c "CREATE ROLE $owner LOGIN CREATEDB PASSWORD '$PGPASSWORD'" >/dev/null
admin -d postgres -c "CREATE DATABASE fwrel_empty OWNER $owner" -c "CREATE DATABASE fwrel_current OWNER $owner" >/dev/null
mkdir -p "$work/conf"
export FLEETWAY_CONFIG_DIR="$work/conf" FLEETWAY_LOCATIONS="filesystem:$work/corpus" \
  DB__USER=$owner DB__PASSWORD=$PGPASSWORD \
  FLEETWAY_TENANT_DEFAULTS_MIGRATION_USER_USERNAME=$owner FLEETWAY_TENANT_DEFAULTS_MIGRATION_USER_PASSWORD=$PGPASSWORD
DATABASE_URL="jdbc:postgresql://$PGHOST:$PGPORT/fwrel_current" "${jvm[@]}" upgrade --quiet >/dev/null

fleet() { # $1 = size, $2 = template: (re)creates fwrel_1..size from the template, and the tenants file
  local size=$1 template=$2
  databases | { grep -E '^fwrel_[0-9]+$' || true; } | sed 's/.*/DROP DATABASE IF EXISTS "&" WITH (FORCE);/' | admin -d postgres >/dev/null
  for i in $(seq 1 "$size"); do echo "CREATE DATABASE fwrel_$i TEMPLATE $template OWNER $owner;"; done |
    admin -d postgres >/dev/null
  { echo "tenants:"; for i in $(seq 1 "$size"); do echo "  t$i: {url: 'jdbc:postgresql://$PGHOST:$PGPORT/fwrel_$i'}"; done; } \
    > "$work/tenants.yaml"
  export FLEETWAY_TENANTS_FILE="$work/tenants.yaml" DATABASE_URL="jdbc:postgresql://$PGHOST:$PGPORT/fwrel_default"
  admin -d postgres -c "DROP DATABASE IF EXISTS fwrel_default" -c "CREATE DATABASE fwrel_default TEMPLATE $template OWNER $owner" >/dev/null
  seq 1 "$size" > "$work/ids"
}
each_tenant() { # parallelism, psql arguments...: one psql session per tenant database
  local par=$1; shift
  xargs -a "$work/ids" -P "$par" -I{} psql -d fwrel_{} -q -v ON_ERROR_STOP=1 "$@"
}
# The floors, timed: one psql session per tenant applying the files, or reading the history once.
psql_install() { local args=(); for f in $files; do args+=(-f "$f"); done; timed each_tenant "$p" "${args[@]}"; }
psql_read() { timed each_tenant "$p" -Atc "SELECT version, checksum, success FROM flyway_schema_history"; }
psql_plus_one() { timed each_tenant "$p" -f "$work/V61__plus_one.sql"; }
undo_plus_one() { # back to the corpus' last version, whoever applied V61
  PGOPTIONS='-c client_min_messages=warning' each_tenant 8 -c "DROP TABLE IF EXISTS plus_one" \
    -c "DELETE FROM flyway_schema_history WHERE version = '61'" >/dev/null
  admin -d fwrel_default -c "SET client_min_messages = warning" -c "DROP TABLE IF EXISTS plus_one" \
    -c "DELETE FROM flyway_schema_history WHERE version = '61'" >/dev/null
  rm -f "$work/corpus/V61__plus_one.sql"
}

# One row of the fleet table: what is timed for each implementation, and the reset before each run.
measure_row() { # name, reset, psql-command, fleetway args...
  local name=$1 reset=$2 floor=$3; shift 3
  local impls=(psql jvm); [ ${#native[@]} -gt 0 ] && impls+=(native)
  for impl in "${impls[@]}"; do : > "$work/$impl.times"; done
  for _ in $(seq "$runs"); do
    for impl in "${impls[@]}"; do
      $reset "$impl"
      case $impl in
        psql) $floor ;;
        jvm) timed "${jvm[@]}" "$@" ;;
        native) timed "${native[@]}" "$@" ;;
      esac >> "$work/$impl.times"
    done
  done
  local floor_s; floor_s=$(cut -d' ' -f1 "$work/psql.times" | median)
  printf "%-14s %8.2f s" "$name" "$floor_s"
  for impl in "${impls[@]:1}"; do
    local s rss; s=$(cut -d' ' -f1 "$work/$impl.times" | median); rss=$(cut -d' ' -f2 "$work/$impl.times" | median)
    printf " | %7.2f s %6s %6.0f MiB" "$s" "$(ratio "$s" "$floor_s")" "$rss"
  done
  echo
}
reset_empty() { fleet "$n" fwrel_empty; }
no_reset() { :; }
reset_plus_one() { undo_plus_one; [ "$1" = psql ] || cp "$work/V61__plus_one.sql" "$work/corpus/"; }

section_fleet() {
  printf "\n== fleet: N=%d tenant databases, --parallel %d, %d migrations, median of %d\n" "$n" "$p" 61 "$runs"
  printf "%-14s %10s" "" "psql floor"; printf " | %-24s" "JVM (bin/fleetway)"
  [ ${#native[@]} -gt 0 ] && printf " | %-24s" "native"; echo
  measure_row install reset_empty psql_install upgrade --all --parallel "$p" --quiet
  fleet "$n" fwrel_current
  measure_row "no-op deploy" no_reset psql_read upgrade --all --parallel "$p" --quiet
  measure_row "audit" no_reset psql_read audit --all --parallel "$p"
  measure_row "+1 migration" reset_plus_one psql_plus_one upgrade --all --parallel "$p" --quiet
  undo_plus_one
}

section_start() {
  fleet 1 fwrel_current
  local url="jdbc:postgresql://$PGHOST:$PGPORT/fwrel_1" app="$here/target/quarkus-app" floor
  printf "\n== start: status of one up-to-date database, median of %d (wall, peak RSS)\n" "$((runs * 2 + 1))"
  one() { # name, command...
    local name=$1; shift; : > "$work/one.times"
    for _ in $(seq $((runs * 2 + 1))); do DATABASE_URL=$url timed "$@" >> "$work/one.times"; done
    local s rss; s=$(cut -d' ' -f1 "$work/one.times" | median); rss=$(cut -d' ' -f2 "$work/one.times" | median)
    [ -n "${floor:-}" ] || floor=$s
    printf "%-44s %6.2f s %7.1f MiB  %s\n" "$name" "$s" "$rss" "$(ratio "$s" "$floor")"
  }
  floor=; one "java -jar quarkus-run.jar (the baseline)" java -jar "$app/quarkus-run.jar" status
  local saved; saved=$(mktemp -d); mv "$app"/app.aot "$app"/app.jsa "$saved/" 2>/dev/null || true
  one "bin/fleetway, $(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.version = /Java /p')" "${jvm[@]}" status
  "$here/bin/aot-train" >/dev/null
  one "bin/fleetway + AppCDS archive (bin/aot-train)" "${jvm[@]}" status
  rm -f "$app/app.jsa"
  if [ -n "${JAVA25_HOME:-}" ]; then
    JAVA_HOME=$JAVA25_HOME one "bin/fleetway, Java 25" "${jvm[@]}" status
    JAVA_HOME=$JAVA25_HOME "$here/bin/aot-train" >/dev/null
    JAVA_HOME=$JAVA25_HOME one "bin/fleetway, Java 25 + AOT cache (bin/aot-train)" "${jvm[@]}" status
    rm -f "$app/app.aot"
  fi
  mv "$saved"/* "$app/" 2>/dev/null || true; rmdir "$saved"
  [ ${#native[@]} -gt 0 ] && one "native" "${native[@]}" status
  one "psql reading the history" psql -d fwrel_1 -Atc "SELECT version, checksum, success FROM flyway_schema_history"
}

section_schemas() {
  printf "\n== schemas: a no-op deploy of %d schema-per-tenant tenants in one database, median of %d\n" "$schemas" "$runs"
  admin -d postgres -c "DROP DATABASE IF EXISTS fwrel_schemas" -c "CREATE DATABASE fwrel_schemas OWNER $owner" >/dev/null
  local url="jdbc:postgresql://$PGHOST:$PGPORT/fwrel_schemas"
  { echo "tenants:"; echo "  s1: {schema: s1}"; } > "$work/one-schema.yaml"
  DATABASE_URL=$url FLEETWAY_TENANTS_FILE="$work/one-schema.yaml" FLEETWAY_LOCATIONS="filesystem:$here/migrations" \
    "${jvm[@]}" upgrade --tenant s1 --quiet >/dev/null
  pg_dump -d fwrel_schemas -n s1 --no-owner --no-privileges > "$work/s1.sql"
  for i in $(seq 2 "$schemas"); do sed -e "s/\bs1\b/s$i/g" "$work/s1.sql"; done |
    psql -d fwrel_schemas -q -v ON_ERROR_STOP=1 >/dev/null 2>"$work/replay.err" || { tail -3 "$work/replay.err"; return 1; }
  { echo "tenants:"; for i in $(seq 1 "$schemas"); do echo "  s$i: {schema: s$i}"; done; } > "$work/schemas.yaml"
  for i in $(seq 1 "$schemas"); do echo "SELECT version, checksum, success FROM s$i.flyway_schema_history;"; done \
    > "$work/read-all.sql"
  local impls=(psql jvm); [ ${#native[@]} -gt 0 ] && impls+=(native)
  for impl in "${impls[@]}"; do : > "$work/$impl.times"; done
  for _ in $(seq "$runs"); do
    for impl in "${impls[@]}"; do
      case $impl in
        psql) timed psql -d fwrel_schemas -qAt -f "$work/read-all.sql" ;;
        *) local cmd=("${jvm[@]}"); [ "$impl" = native ] && cmd=("${native[@]}")
           DATABASE_URL=$url FLEETWAY_TENANTS_FILE="$work/schemas.yaml" FLEETWAY_LOCATIONS="filesystem:$here/migrations" \
             timed "${cmd[@]}" upgrade --all --parallel "$p" --quiet ;;
      esac >> "$work/$impl.times"
    done
  done
  local floor_s; floor_s=$(cut -d' ' -f1 "$work/psql.times" | median)
  printf "%-28s %7.2f s\n" "psql, one session" "$floor_s"
  for impl in "${impls[@]:1}"; do
    local s rss; s=$(cut -d' ' -f1 "$work/$impl.times" | median); rss=$(cut -d' ' -f2 "$work/$impl.times" | median)
    printf "%-28s %7.2f s %6s %6.0f MiB\n" "$impl upgrade --all" "$s" "$(ratio "$s" "$floor_s")" "$rss"
  done
  admin -d postgres -c "DROP DATABASE fwrel_schemas WITH (FORCE)" >/dev/null
}

section_growth() {
  local cmd=("${jvm[@]}") label=JVM; [ ${#native[@]} -gt 0 ] && { cmd=("${native[@]}"); label=native; }
  printf "\n== growth (%s): install and audit at three fleet sizes, --parallel %d, median of %d\n" "$label" "$p" "$runs"
  printf "%-8s %14s %10s %14s %10s %12s\n" tenants "install" "per tenant" "audit" "per tenant" "peak RSS"
  for size in $((n / 4)) $((n / 2)) "$n"; do
    : > "$work/install.times"; : > "$work/audit.times"
    for _ in $(seq "$runs"); do
      fleet "$size" fwrel_empty
      timed "${cmd[@]}" upgrade --all --parallel "$p" --quiet >> "$work/install.times"
      timed "${cmd[@]}" audit --all --parallel "$p" >> "$work/audit.times"
    done
    local i a r; i=$(cut -d' ' -f1 "$work/install.times" | median); a=$(cut -d' ' -f1 "$work/audit.times" | median)
    r=$(cat "$work/install.times" "$work/audit.times" | cut -d' ' -f2 | sort -g | tail -1)
    printf "%-8s %12.2f s %8.1f ms %12.2f s %8.1f ms %8.0f MiB\n" "$size" "$i" "$(echo "$i * 1000 / $size" | bc -l)" \
      "$a" "$(echo "$a * 1000 / $size" | bc -l)" "$r"
  done
}

for section in "${sections[@]}"; do "section_$section"; done
