#!/usr/bin/env bash
# Provisioning benchmark: a generated corpus of N migrations (tables with columns, defaults, checks, foreign
# keys, indexes, comments; a view and a function every tenth), then R new tenants each way, median reported:
#   template   `fleetway tenants create` with fleetway.provision.template (a copy of the template database)
#   migrated   `fleetway tenants create` without it (every migration applied, as upgrade applies them)
#   install    `fleetway install` of the same migrations into an empty database (the plain install)
#   psql       psql applying the same files in one session (a floor for migrating; no history, no grants)
#   copy       psql running CREATE DATABASE … TEMPLATE of the same template (PostgreSQL's floor for copying)
# Wall time is the whole process (the JVM's start-up included); "engine" is the time the command itself
# reports (millis in --format json), which is what a long-running caller would wait. The first create, which
# builds the template, is reported apart.
#
# Usage: bench/provision.sh [N] [R]   (defaults 200 and 5; needs a built app: ./mvnw package -DskipTests)
# Needs a local PostgreSQL on PGPORT (default 5432); as root the setup runs as the postgres OS user.
# Env: FLEETWAY_BIN   command to run instead of the JVM jar (e.g. the native executable)
set -euo pipefail
n=${1:-200}
runs=${2:-5}
here=$(cd "$(dirname "$0")/.." && pwd)
read -r -a fleetway <<< "${FLEETWAY_BIN:-java -jar $here/target/quarkus-app/quarkus-run.jar}"
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432}
work=$(mktemp -d); chmod 755 "$work"
owner=fwbench_pv_owner; export PGPASSWORD="bench-$RANDOM-$RANDOM"; export PGUSER=$owner
admin() { # as the superuser over the local socket, not as the benchmark's login
  if [ "$(id -u)" = 0 ]; then env -u PGHOST -u PGUSER -u PGPASSWORD runuser -u postgres -- psql -qAt -p "$PGPORT" "$@"
  else env -u PGHOST -u PGUSER -u PGPASSWORD psql -qAt -U postgres -p "$PGPORT" "$@"; fi; }
drop_all() { # the benchmark's databases and role, also what an interrupted earlier run left
  admin -d postgres -c "SELECT format('DROP DATABASE IF EXISTS %I;', datname) FROM pg_database d JOIN pg_roles r
    ON r.oid = d.datdba WHERE r.rolname = '$owner'" 2>/dev/null | admin -d postgres >/dev/null 2>&1 || true
  admin -d postgres -c "DROP ROLE IF EXISTS $owner" >/dev/null 2>&1 || true
}
cleanup() { drop_all; rm -rf "$work"; }
trap cleanup EXIT
drop_all

echo "generating $n migrations..." >&2
mkdir -p "$work/migrations" "$work/conf"
for i in $(seq 1 "$n"); do
  {
    echo "CREATE TABLE t$i (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL,"
    echo "  amount numeric(12,2) NOT NULL DEFAULT 0 CHECK (amount >= 0), status text NOT NULL DEFAULT 'new',"
    echo "  created_at timestamptz NOT NULL DEFAULT now()$([ "$i" -gt 1 ] && echo ", parent_id bigint REFERENCES t$((i - 1)) (id)"));"
    echo "CREATE INDEX t${i}_name ON t$i (name);"
    echo "CREATE INDEX t${i}_created ON t$i (created_at);"
    echo "COMMENT ON TABLE t$i IS 'generated table $i';"
    if [ $((i % 10)) = 0 ]; then
      echo "CREATE VIEW v$i AS SELECT status, count(*) AS n, sum(amount) AS total FROM t$i GROUP BY status;"
      echo "CREATE FUNCTION f$i(x bigint) RETURNS numeric LANGUAGE sql STABLE AS \$\$ SELECT amount FROM t$i WHERE id = x \$\$;"
    fi
  } > "$work/migrations/V${i}__table_$i.sql"
done

echo "setting up..." >&2
admin -d postgres -c "DROP ROLE IF EXISTS $owner" -c "CREATE ROLE $owner LOGIN CREATEDB PASSWORD '$PGPASSWORD'" >/dev/null
admin -d postgres -c "CREATE DATABASE fwbench_pv_default OWNER $owner" >/dev/null
echo "tenants: {}" > "$work/tenants.yaml"
export FLEETWAY_CONFIG_DIR="$work/conf" FLEETWAY_TENANTS_FILE="$work/tenants.yaml" \
  DATABASE_URL="jdbc:postgresql://$PGHOST:$PGPORT/fwbench_pv_default" DB__USER=$owner DB__PASSWORD=$PGPASSWORD \
  FLEETWAY_TENANT_DEFAULTS_MIGRATION_USER_USERNAME=$owner FLEETWAY_TENANT_DEFAULTS_MIGRATION_USER_PASSWORD=$PGPASSWORD
cd "$work"

# Runs a command; prints "<wall seconds> <engine ms>" (engine: the JSON's millis, or - when it has none).
measure() { local s e out
  s=$(date +%s.%N); out=$("$@" 2>"$work/err") || { cat "$work/err" >&2; return 1; }; e=$(date +%s.%N)
  echo "$(echo "$e - $s" | bc) $(echo "$out" | sed -n 's/.*"millis" : \([0-9]*\).*/\1/p' | tail -1 | grep . || echo -)"; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
create() { FLEETWAY_PROVISION_TEMPLATE=$1 "${fleetway[@]}" tenants create "$2" --database "fwbench_pv_$2" \
  --migrations "$work/migrations" --format json; }
install() { admin -d postgres -c "CREATE DATABASE fwbench_pv_$1 OWNER $owner" >/dev/null
  "${fleetway[@]}" install "postgresql://$owner:$PGPASSWORD@$PGHOST:$PGPORT/fwbench_pv_$1" \
    --migrations "$work/migrations" --format json; }
psql_apply() { admin -d postgres -c "CREATE DATABASE fwbench_pv_$1 OWNER $owner" >/dev/null
  local args=(); for f in $(ls "$work"/migrations/V*__*.sql | sort -V); do args+=(-f "$f"); done
  psql -d "fwbench_pv_$1" -q -v ON_ERROR_STOP=1 "${args[@]}"; }
psql_copy() { psql -d fwbench_pv_default -q -c "CREATE DATABASE fwbench_pv_$1 TEMPLATE $template"; }

read -r build_wall build_ms < <(measure create true first)
template=$(psql -d fwbench_pv_default -qAt -c "SELECT datname FROM pg_database WHERE datname LIKE 'fleetway_template_%'
  AND datdba = (SELECT oid FROM pg_roles WHERE rolname = current_user)")
: > "$work/template"; : > "$work/migrated"; : > "$work/install"; : > "$work/psql"; : > "$work/copy"
for r in $(seq 1 "$runs"); do
  echo "run $r of $runs..." >&2
  measure create true "tpl$r" >> "$work/template"
  measure create false "mig$r" >> "$work/migrated"
  measure install "ins$r" >> "$work/install"
  measure psql_apply "psq$r" >> "$work/psql"
  measure psql_copy "cpy$r" >> "$work/copy"
done

col() { awk -v c="$2" '{print $c}' "$work/$1" | median; }
tw=$(col template 1); te=$(col template 2); mw=$(col migrated 1); me=$(col migrated 2)
iw=$(col install 1); ie=$(col install 2); pw=$(col psql 1); cw=$(col copy 1)
printf "N=%d migrations, medians of %d runs; %s\n\n" "$n" "$runs" "${FLEETWAY_BIN:-JVM build}"
printf "%-44s %10s %10s\n" "new tenant" "wall s" "engine s"
printf "%-44s %10.2f %10.2f\n" "tenants create, from the template" "$tw" "$(echo "$te / 1000" | bc -l)"
printf "%-44s %10.2f %10.2f\n" "tenants create, migrated (template off)" "$mw" "$(echo "$me / 1000" | bc -l)"
printf "%-44s %10.2f %10.2f\n" "install into an empty database" "$iw" "$(echo "$ie / 1000" | bc -l)"
printf "%-44s %10.2f %10s\n" "psql, the files in one session (floor)" "$pw" "-"
printf "%-44s %10.2f %10s\n" "psql, CREATE DATABASE ... TEMPLATE (floor)" "$cw" "-"
printf "%-44s %10.2f %10.2f\n" "first create (builds the template)" "$build_wall" "$(echo "$build_ms / 1000" | bc -l)"
printf "\nratios against the template (same run):\n"
printf "  install / template:   %6.1fx wall, %6.1fx engine\n" "$(echo "$iw / $tw" | bc -l)" "$(echo "$ie / $te" | bc -l)"
printf "  migrated / template:  %6.1fx wall, %6.1fx engine\n" "$(echo "$mw / $tw" | bc -l)" "$(echo "$me / $te" | bc -l)"
printf "  psql / template:      %6.1fx wall\n" "$(echo "$pw / $tw" | bc -l)"
printf "  psql files / copy:    %6.1fx wall (the two floors: what copying saves PostgreSQL)\n" "$(echo "$pw / $cw" | bc -l)"
