#!/usr/bin/env bash
# Registry benchmark: CSV import rate into SQLite and PostgreSQL, and the latency of filtered
# list requests over a large catalogue under a load tool (wrk) on loopback, with the server's
# peak RSS. Baselines, measured in the same run:
#   import  - the database's own bulk loader reading the same CSV into a bare table
#             (sqlite3 .import, PostgreSQL COPY): the ceiling for any importer;
#   lists   - GET /api/v1/health, the HTTP floor with no database work.
# Usage: bench/registry.sh [IMPORT_ROWS] [LIST_ROWS]   (defaults 200000 and 1000000; 0 skips the lists)
# Needs: wrk (apt-get install wrk), sqlite3, psql, PostgreSQL at 127.0.0.1:5432 (trust).
set -euo pipefail
cd "$(dirname "$0")/.."
IMPORT_ROWS=${1:-200000}
LIST_ROWS=${2:-1000000}
PG=${MEDBRIDGE_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432}
work=$(mktemp -d /tmp/medbridge-bench.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

cargo build --release -p medbridge >/dev/null
B=target/release/medbridge
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr)"
echo "commit: $(git rev-parse --short HEAD)"

echo
echo "== import of $IMPORT_ROWS products from CSV"
$B demo products-csv --products "$IMPORT_ROWS" --suppliers 100 --seed 7 -o "$work/products.csv" >/dev/null
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f rows/s (%.1f s)", n / s, s }'; }
secs() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N); awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }'; }

# Each target gets 100 organisations for the suppliers first.
$B --db "sqlite://$work/import.db" demo generate --orgs 100 --products 0 --needs 0 --offers 0 >/dev/null
s=$(secs $B --db "sqlite://$work/import.db" import products "$work/products.csv")
echo "medbridge import, SQLite:      $(rate "$IMPORT_ROWS" "$s")"
s=$(secs sqlite3 "$work/bare.db" ".mode csv" ".import $work/products.csv bare")
echo "baseline sqlite3 .import:      $(rate "$IMPORT_ROWS" "$s")"

db=medbridge_bench_$$
psql "$PG/postgres" -qc "CREATE DATABASE $db" >/dev/null
$B --db "$PG/$db" demo generate --orgs 100 --products 0 --needs 0 --offers 0 >/dev/null
s=$(secs $B --db "$PG/$db" import products "$work/products.csv")
echo "medbridge import, PostgreSQL:  $(rate "$IMPORT_ROWS" "$s")"
cols=$(head -1 "$work/products.csv" | sed 's/[^,]*/"&" text/g')
psql "$PG/$db" -qc "CREATE TABLE bare ($cols)" >/dev/null
s=$(secs psql "$PG/$db" -qc "\\copy bare FROM '$work/products.csv' WITH (FORMAT csv, HEADER true)")
echo "baseline PostgreSQL COPY:      $(rate "$IMPORT_ROWS" "$s")"
psql "$PG/postgres" -qc "DROP DATABASE $db WITH (FORCE)" >/dev/null

[ "$LIST_ROWS" -gt 0 ] || exit 0
echo
echo "== filtered list requests over $LIST_ROWS products (SQLite), wrk -t2 -c8 -d15s"
s=$(secs $B --db "sqlite://$work/list.db" demo generate --orgs 2000 --products "$LIST_ROWS" --needs 0 --offers 0 --seed 3)
echo "generated in $(awk -v s="$s" 'BEGIN { printf "%.0f s", s }')"
$B --db "sqlite://$work/list.db" serve --listen 127.0.0.1:18181 >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 50); do curl -sf http://127.0.0.1:18181/api/v1/health >/dev/null && break; sleep 0.2; done
printf '%-58s %10s %10s %10s\n' "request" "p50" "p99" "req/s"
probe() {
  local out
  out=$(wrk -t2 -c8 -d15s --latency "http://127.0.0.1:18181$1")
  printf '%-58s %10s %10s %10s\n' "$1" \
    "$(echo "$out" | awk '$1=="50%"{print $2}')" \
    "$(echo "$out" | awk '$1=="99%"{print $2}')" \
    "$(echo "$out" | awk '/Requests\/sec/{print $2}')"
}
probe "/api/v1/health"
probe "/api/v1/products?limit=50"
probe "/api/v1/products?country=KG&limit=50"
probe "/api/v1/products?device_code=FDA:JAK&limit=50"
probe "/api/v1/products?device_code=EMDN:Z11&limit=50"
probe "/api/v1/products?organisation=42&limit=50"
probe "/api/v1/products?q=ventilator&limit=50"
probe "/api/v1/products?country=KZ&device_code=FDA:CBK&sort=-created&limit=50"
echo "server peak RSS: $(awk '/VmHWM/{printf "%.0f MiB", $2/1024}' /proc/$pid/status)"
kill $pid
