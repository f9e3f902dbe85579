#!/usr/bin/env bash
# The dashboard and event-report benchmark (issue 5) on both backends: a history of 100k
# agreements, 1M meetings and 1M suggestions generated into a fresh SQLite file and a fresh
# PostgreSQL database, then each query timed. Needs PostgreSQL at 127.0.0.1:5432 (user
# postgres, trust auth) and psql. Usage: bench/outcomes.sh [extra flags for bench outcomes]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -p medbridge
bin=target/release/medbridge
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; commit $(git rev-parse --short HEAD)"
echo "## SQLite"
"$bin" bench outcomes "$@"
db="medbridge_bench_outcomes_$$"
psql -h 127.0.0.1 -U postgres -q -c "CREATE DATABASE $db"
trap 'psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"' EXIT
echo "## PostgreSQL"
"$bin" bench outcomes --db "postgres://postgres@127.0.0.1:5432/$db" "$@"
