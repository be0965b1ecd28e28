#!/usr/bin/env bash
# Wall time and peak RSS of `fleetway status` on an up-to-date database, next to two baselines measured
# in the same run: `psql` reading the history table once (the least any status tool must do) and the
# JVM alone (`java -version`, the floor of a JVM-mode run).
#
# Usage: bench/status.sh [RUNS]     (needs a built app: ./mvnw package -DskipTests)
# Env:   FLEETWAY_BENCH_URL   postgresql://user:pw@host:port/db of a database to install into (required)
#        FLEETWAY_BIN         command to run instead of the JVM jar (e.g. the native executable)
set -euo pipefail
runs=${1:-5}
url=${FLEETWAY_BENCH_URL:?set FLEETWAY_BENCH_URL=postgresql://user:pw@host:port/db}
here=$(cd "$(dirname "$0")/.." && pwd)
read -r -a fleetway <<< "${FLEETWAY_BIN:-java -jar $here/target/quarkus-app/quarkus-run.jar}"
scratch=$(mktemp -d); trap 'rm -rf "$scratch"' EXIT
export FLEETWAY_CONFIG_DIR=$scratch DATABASE_URL=$url

"${fleetway[@]}" upgrade --quiet >/dev/null   # make sure the database is up to date

measure() { # name, command...: prints "name median_wall_s median_peak_rss_mb"
  local name=$1; shift
  for _ in $(seq "$runs"); do
    /usr/bin/time -f '%e %M' -o "$scratch/t" "$@" >/dev/null 2>&1
    cat "$scratch/t"
  done > "$scratch/all"
  local wall rss mid=$(( (runs + 1) / 2 ))
  wall=$(cut -d' ' -f1 "$scratch/all" | sort -n | sed -n "${mid}p")
  rss=$(cut -d' ' -f2 "$scratch/all" | sort -n | sed -n "${mid}p")
  awk -v n="$name" -v w="$wall" -v m="$rss" 'BEGIN { printf "%-16s %6.2f s %7.1f MB\n", n, w, m / 1024 }'
}

echo "runs: $runs (medians)"
measure "fleetway status" "${fleetway[@]}" status
measure "psql history" psql "$url" -Atc "SELECT version, script, checksum, success FROM flyway_schema_history"
measure "java -version" java -version
