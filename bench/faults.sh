#!/usr/bin/env bash
# Failure paths of fleet runs, reproduced on a throwaway PostgreSQL cluster, with figures.
#
# Starts its own cluster (temporary directory, free port; as the postgres OS user when run as root), builds a
# mixed fleet (a default database, database-per-tenant and schema-per-tenant tenants) and then:
#   1. concurrency: N runners of `upgrade --all` at once; counts duplicate and lost migrations in every history table;
#   2. kills:       K times, a runner is SIGKILLed at a random moment; measures how long its advisory locks
#                   survive and whether a rerun converges (every target current, no failed rows);
#   3. restarts:    RESTARTS times, the server is restarted (pg_ctl restart) under running runners; reports their
#                   exit codes, stderr lines (per failed target) and whether a Java stack trace ("\tat ") appears;
#   4. secrets:     scans every output of every run for the configured passwords and token.
# Every wait has a deadline; the cluster and the temporary directory are removed on exit (KEEP=1 keeps them).
#
# Usage: bench/faults.sh [--help]          (needs a built app: ./mvnw package -DskipTests)
# Env:   N=8 K=12 RESTARTS=2               runners, kills, server restarts
#        DB_TENANTS=3 SCHEMA_TENANTS=3     fleet shape (plus the default database)
#        PARALLEL=3                        --parallel of every runner
#        SLOW=2                            seconds each slow migration sleeps (so faults land mid-run)
#        RESTART_RUNNERS=2                 runners alive during each restart
#        DEADLINE=180                      seconds any single wait may take
#        FLEETWAY_BIN                      command to run instead of java -jar target/quarkus-app/quarkus-run.jar
#        PG_BIN                            PostgreSQL server binaries (default: newest /usr/lib/postgresql/*/bin)
#        KEEP=1                            keep the work directory (outputs of every run) and print its path
set -uo pipefail

if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then
  sed -n '2,/^set -uo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
  exit 0
fi
[ $# -eq 0 ] || { echo "faults.sh: unknown argument '$1' (see --help)" >&2; exit 2; }

N=${N:-8}; K=${K:-12}; RESTARTS=${RESTARTS:-2}
DB_TENANTS=${DB_TENANTS:-3}; SCHEMA_TENANTS=${SCHEMA_TENANTS:-3}
PARALLEL=${PARALLEL:-3}; SLOW=${SLOW:-2}; RESTART_RUNNERS=${RESTART_RUNNERS:-2}; DEADLINE=${DEADLINE:-180}

here=$(cd "$(dirname "$0")/.." && pwd)
read -r -a fleetway <<< "${FLEETWAY_BIN:-java -jar $here/target/quarkus-app/quarkus-run.jar}"
if [ -z "${FLEETWAY_BIN:-}" ] && [ ! -f "$here/target/quarkus-app/quarkus-run.jar" ]; then
  echo "faults.sh: no target/quarkus-app/quarkus-run.jar — build it (./mvnw package -DskipTests) or set FLEETWAY_BIN" >&2
  exit 2
fi
pg_bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
for tool in initdb pg_ctl; do
  [ -x "$pg_bin/$tool" ] || { echo "faults.sh: no $tool in '$pg_bin' — set PG_BIN" >&2; exit 2; }
done
command -v psql >/dev/null || { echo "faults.sh: psql not found" >&2; exit 2; }
timed=0; [ -x /usr/bin/time ] && timed=1
export PGCONNECT_TIMEOUT=10

work=$(mktemp -d "${TMPDIR:-/tmp}/fleetway-faults.XXXXXX"); chmod 755 "$work"
mkdir -p "$work/pg" "$work/runs" "$work/conf" "$work/cwd" "$work/migrations"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$work/pg"
pids=()        # every runner started, so the trap can end them
port=

cleanup() {
  local p
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done
  if [ -f "$work/pg/data/postmaster.pid" ]; then as_pg "$pg_bin/pg_ctl" -D "$work/pg/data" -m immediate -w -t 30 stop >/dev/null 2>&1; fi
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
secs() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(secs)" 'BEGIN {printf "%.1f\n", b - a}'; }
psql_admin() { psql -h "$work/pg" -p "$port" -U postgres -qAtX -v ON_ERROR_STOP=1 "$@"; }

# --- the cluster ------------------------------------------------------------------------------------------------
log "initdb ($pg_bin)"
as_pg "$pg_bin/initdb" -D "$work/pg/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
  --encoding=UTF8 --locale=C --no-sync >"$work/initdb.log" 2>&1 || { cat "$work/initdb.log" >&2; exit 1; }
start_cluster() {
  local attempt
  for attempt in 1 2 3 4 5 6 7 8; do
    port=$(( 20000 + RANDOM % 40000 ))
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then continue; fi   # taken
    if as_pg "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/server.log" -w -t 60 \
        -o "-p $port -k $work/pg -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null 2>&1; then return 0; fi
  done
  echo "faults.sh: the cluster did not start; see $work/pg/server.log" >&2; return 1
}
start_cluster || exit 1
log "cluster on 127.0.0.1:$port"

# --- the fleet ----------------------------------------------------------------------------------------------------
owner_pw="own-$RANDOM$RANDOM-$(date +%N)"; app_pw="app-$RANDOM$RANDOM-$(date +%N)"; token="tok-$RANDOM$RANDOM-$(date +%N)"
psql_admin -d postgres -c "CREATE ROLE fw_owner LOGIN PASSWORD '$owner_pw'" \
  -c "CREATE ROLE fw_app LOGIN PASSWORD '$app_pw'" -c "CREATE DATABASE fleet_default OWNER fw_owner" >/dev/null || exit 1
psql_admin -d fleet_default -c "ALTER SCHEMA public OWNER TO fw_owner" >/dev/null || exit 1
targets=("default|fleet_default|public")
{
  echo "tenants:"
  for i in $(seq 1 "$DB_TENANTS"); do
    psql_admin -d postgres -c "CREATE DATABASE fleet_db$i OWNER fw_owner" >/dev/null || exit 1
    psql_admin -d "fleet_db$i" -c "ALTER SCHEMA public OWNER TO fw_owner" >/dev/null || exit 1
    echo "  db$i: {url: 'jdbc:postgresql://127.0.0.1:$port/fleet_db$i'}"
    targets+=("db$i|fleet_db$i|public")
  done
  for i in $(seq 1 "$SCHEMA_TENANTS"); do
    echo "  sc$i: {schema: tenant_sc$i}"      # schema-per-tenant, in the default database
    targets+=("sc$i|fleet_default|tenant_sc$i")
  done
} > "$work/tenants.yaml"
cp "$here"/migrations/*.sql "$work/migrations/"
printf -- '-- fleetway: a slow migration, so that faults land mid-run\nSELECT pg_sleep(%s);\n' "$SLOW" \
  > "$work/migrations/V10__slow_backfill.sql"
export FLEETWAY_CONFIG_DIR="$work/conf" FLEETWAY_TENANTS_FILE="$work/tenants.yaml" \
  DATABASE_URL="jdbc:postgresql://127.0.0.1:$port/fleet_default" DB__USER=fw_owner DB__PASSWORD="$owner_pw" \
  FLEETWAY_DEFAULT_APP_USER_USERNAME=fw_app FLEETWAY_TENANT_DEFAULTS_APP_USER_USERNAME=fw_app \
  FLEETWAY_TENANT_DEFAULTS_MIGRATION_USER_USERNAME=fw_owner FLEETWAY_TENANT_DEFAULTS_MIGRATION_USER_PASSWORD="$owner_pw" \
  FLEETWAY_HTTP_TOKEN="$token"
log "fleet: default + $DB_TENANTS database tenants + $SCHEMA_TENANTS schema tenants"

# --- runners ------------------------------------------------------------------------------------------------------
# start NAME [args]: runs `upgrade --all` in the background; its pid is in $started
start() {
  local name=$1; shift
  local timer=(); [ "$timed" = 1 ] && timer=(/usr/bin/time -v -o "$work/runs/$name.time")
  ( cd "$work/cwd" && exec "${timer[@]}" "${fleetway[@]}" upgrade --all \
      --parallel "$PARALLEL" --migrations "$work/migrations" "$@" ) >"$work/runs/$name.out" 2>"$work/runs/$name.err" &
  started=$!; pids+=("$started")
}
# finish PID: waits at most DEADLINE seconds (then SIGKILLs it); sets $rc to its exit code (124 on the deadline).
# Not for $(…): only this shell, the runner's parent, can wait for it.
finish() {
  local pid=$1 end=$(( $(date +%s) + DEADLINE ))
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$(date +%s)" -ge "$end" ]; then kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rc=124; return; fi
    sleep 0.1
  done
  wait "$pid"; rc=$?
}
# The java process itself (/usr/bin/time forks it), so that SIGKILL hits the runner, as a node dying would.
runner_pid() {
  local child
  [ "$timed" = 0 ] && { echo "$1"; return; }
  for _ in $(seq 50); do
    child=$(ps -o pid= --ppid "$1" 2>/dev/null | head -n 1 | tr -d ' ')
    [ -n "$child" ] && { echo "$child"; return; }
    sleep 0.05
  done
  echo "$1"
}
advisory_locks() { psql_admin -d postgres -c "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted" 2>/dev/null || echo "?"; }
expected_versions() { ls "$work/migrations" | grep -c '^V.*__.*\.sql$'; }

# history: prints "duplicates lost failed not_current" summed over every target
history() {
  local expected dup=0 lost=0 failed=0 behind=0 t id db schema row d a f
  expected=$(expected_versions)
  for t in "${targets[@]}"; do
    IFS='|' read -r id db schema <<< "$t"
    # Only migration rows (type SQL): not the row Flyway writes when it creates a tenant's schema.
    row=$(psql_admin -d "$db" -F ' ' -c "SELECT count(*) FILTER (WHERE success)
             - count(DISTINCT coalesce(version, script || ':' || checksum)) FILTER (WHERE success),
           count(DISTINCT version) FILTER (WHERE success AND version IS NOT NULL),
           count(*) FILTER (WHERE NOT success)
           FROM \"$schema\".flyway_schema_history WHERE type = 'SQL'" 2>/dev/null) || row="0 0 0"
    read -r d a f <<< "$row"
    dup=$((dup + d)); failed=$((failed + f))
    [ "$a" -lt "$expected" ] && { lost=$((lost + expected - a)); behind=$((behind + 1)); }
    [ "$f" -gt 0 ] && [ "$a" -ge "$expected" ] && behind=$((behind + 1))
  done
  echo "$dup $lost $failed $behind"
}
counts() { sort | uniq -c | awk '{printf "%s%s×%s", sep, $2, $1; sep=", "} END {print ""}'; }
stats() { sort -n | awk '{v[NR]=$1; s+=$1} END {if (NR==0) {print "n/a"; exit} printf "median %s, max %s", v[int((NR+1)/2)], v[NR]}'; }

# --- 1. concurrency -----------------------------------------------------------------------------------------------
log "1. $N concurrent runners of upgrade --all"
t0=$(secs); batch=()
for r in $(seq 1 "$N"); do start "concurrent-$r"; batch+=("$started"); done
: > "$work/concurrent.codes"
for p in "${batch[@]}"; do finish "$p"; echo "$rc" >> "$work/concurrent.codes"; done
concurrent_wall=$(since "$t0")
read -r c_dup c_lost c_failed c_behind <<< "$(history)"
concurrent_codes=$(counts < "$work/concurrent.codes")
concurrent_rss=$(grep -h 'Maximum resident' "$work"/runs/concurrent-*.time 2>/dev/null | awk '{print int($NF/1024)}' | stats)

# --- 2. kills -----------------------------------------------------------------------------------------------------
log "2. $K random SIGKILLs of a runner mid-run"
: > "$work/kill.stale"; : > "$work/kill.rerun"; converged=0; killed_holding=0; early=0
for i in $(seq 1 "$K"); do
  printf 'SELECT pg_sleep(%s);\n' "$SLOW" > "$work/migrations/V$((100 + i))__slow_$i.sql"
  start "kill-$i"; wrapper=$started; victim=$(runner_pid "$wrapper")
  delay=$(awk -v r="$RANDOM" -v max=$((SLOW * 2 + 3)) 'BEGIN {printf "%.1f", 1 + (r / 32767) * (max - 1)}')
  sleep "$delay"
  if ! kill -0 "$victim" 2>/dev/null; then early=$((early + 1)); fi
  held=$(advisory_locks); [ "$held" != "?" ] && [ "$held" -gt 0 ] && killed_holding=$((killed_holding + 1))
  kill -9 "$victim" 2>/dev/null; finish "$wrapper"
  t0=$(secs); end=$(( $(date +%s) + DEADLINE ))
  while [ "$(advisory_locks)" != 0 ] && [ "$(date +%s)" -lt "$end" ]; do sleep 0.1; done
  since "$t0" >> "$work/kill.stale"
  start "kill-$i-rerun"; finish "$started"; code=$rc; echo "$code" >> "$work/kill.rerun"
  read -r _ lost failed behind <<< "$(history)"
  [ "$code" = 0 ] && [ "$behind" = 0 ] && converged=$((converged + 1))
  log "   kill $i after ${delay}s: locks held $held, stale locks gone after $(tail -n 1 "$work/kill.stale")s, rerun exit $code, targets behind $behind"
done

# --- 3. server restarts -------------------------------------------------------------------------------------------
log "3. $RESTARTS server restarts under $RESTART_RUNNERS runners"
: > "$work/restart.codes"; : > "$work/restart.lines"; : > "$work/restart.per_target"; : > "$work/restart.rerun"
: > "$work/restart.target_codes"; : > "$work/restart.errors"
traces=0; restart_converged=0
for j in $(seq 1 "$RESTARTS"); do
  printf 'SELECT pg_sleep(%s);\n' "$SLOW" > "$work/migrations/V$((200 + j))__slow_restart_$j.sql"
  batch=()
  for r in $(seq 1 "$RESTART_RUNNERS"); do start "restart-$j-$r"; batch+=("$started"); done
  sleep "$(awk -v r="$RANDOM" 'BEGIN {printf "%.1f", 2 + (r / 32767) * 2}')"
  as_pg "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/server.log" -m fast -w -t 60 restart >/dev/null 2>&1 \
    || log "   pg_ctl restart failed"
  for idx in "${!batch[@]}"; do
    name="restart-$j-$((idx + 1))"; finish "${batch[$idx]}"; code=$rc
    lines=$(grep -c . "$work/runs/$name.err"); errors=$(grep -c '^error:' "$work/runs/$name.err")
    echo "$code" >> "$work/restart.codes"
    if [ "$code" != 0 ]; then
      echo "$lines" >> "$work/restart.lines"
      awk -v l="$lines" -v e="$errors" 'BEGIN {printf "%.1f\n", l / (e > 0 ? e : 1)}' >> "$work/restart.per_target"
    fi
    grep -q $'\tat ' "$work/runs/$name.err" "$work/runs/$name.out" && traces=$((traces + 1))
    # the fleet summary's per-target lines, "FAILED (exit N): …", when the output has them
    grep -o 'FAILED (exit [0-9]*)' "$work/runs/$name.out" | grep -o '[0-9]*' >> "$work/restart.target_codes"
    grep '^error:' "$work/runs/$name.err" >> "$work/restart.errors"
    log "   restart $j, $name: exit $code, $lines stderr line(s), $errors error line(s)"
  done
  start "restart-$j-rerun"; finish "$started"; code=$rc; echo "$code" >> "$work/restart.rerun"
  read -r _ _ _ behind <<< "$(history)"
  [ "$code" = 0 ] && [ "$behind" = 0 ] && restart_converged=$((restart_converged + 1))
done

# --- 4. secrets ---------------------------------------------------------------------------------------------------
runs=$(ls "$work"/runs/*.out | wc -l)
leaks=$(grep -lF -e "$owner_pw" -e "$app_pw" -e "$token" "$work"/runs/*.out "$work"/runs/*.err 2>/dev/null | wc -l)
all_traces=$(grep -lF $'\tat ' "$work"/runs/*.out "$work"/runs/*.err 2>/dev/null | wc -l)

read -r f_dup f_lost f_failed f_behind <<< "$(history)"
targets_n=${#targets[@]}
printf '\n%-52s %s\n' "figure" "value"
printf '%-52s %s\n' "----------------------------------------------------" "-----------------------------"
printf '%-52s %s\n' "fleet targets (default/database/schema)" "$targets_n (1/$DB_TENANTS/$SCHEMA_TENANTS)"
printf '%-52s %s\n' "concurrent runners: exit codes" "$concurrent_codes"
printf '%-52s %s\n' "concurrent runners: wall time (s)" "$concurrent_wall"
printf '%-52s %s\n' "concurrent runners: peak RSS per runner (MB)" "$concurrent_rss"
printf '%-52s %s\n' "concurrent: duplicate history rows" "$c_dup"
printf '%-52s %s\n' "concurrent: lost migrations (targets behind)" "$c_lost ($c_behind)"
printf '%-52s %s\n' "concurrent: failed history rows" "$c_failed"
printf '%-52s %s\n' "kills: SIGKILLs (runner already done / locks held)" "$K ($early / $killed_holding)"
printf '%-52s %s\n' "kills: stale advisory locks survive (s)" "$(stats < "$work/kill.stale")"
printf '%-52s %s\n' "kills: rerun exit codes" "$(counts < "$work/kill.rerun")"
printf '%-52s %s\n' "kills: reruns converged (every target current)" "$converged/$K"
printf '%-52s %s\n' "restarts: runs affected, exit codes" "$(counts < "$work/restart.codes")"
printf '%-52s %s\n' "restarts: stderr lines per failed run" "$(stats < "$work/restart.lines")"
printf '%-52s %s\n' "restarts: stderr lines per failed target" "$(stats < "$work/restart.per_target")"
printf '%-52s %s\n' "restarts: failed targets, exit codes" "$(counts < "$work/restart.target_codes")"
printf '%-52s %s\n' "restarts: error lines naming a Java exception class" \
  "$(grep -cE '[A-Za-z]+(Exception|Error):' "$work/restart.errors") of $(grep -c . "$work/restart.errors")"
printf '%-52s %s\n' "restarts: runs with a stack trace ('\\tat ')" "$traces/$(wc -l < "$work/restart.codes")"
printf '%-52s %s\n' "restarts: rerun exit codes" "$(counts < "$work/restart.rerun")"
printf '%-52s %s\n' "restarts: reruns converged" "$restart_converged/$RESTARTS"
printf '%-52s %s\n' "end: duplicates / lost / failed rows / targets behind" "$f_dup / $f_lost / $f_failed / $f_behind"
printf '%-52s %s\n' "all runs: outputs with a stack trace ('\\tat ')" "$all_traces of $((runs * 2)) files ($runs runs)"
printf '%-52s %s\n' "all runs: outputs containing a configured secret" "$leaks of $((runs * 2)) files"
