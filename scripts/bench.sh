#!/usr/bin/env bash
# Times whole `errcat generate` runs (release build) on the flagship catalog and on a large
# synthetic catalog. Performance is measured here, never with timed asserts in tests.
# Usage: scripts/bench.sh [errors-in-synthetic-catalog, default 5000]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-5000}
cargo build --release --quiet
bin=target/release/errcat
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$n" > "$work/big.yaml" <<'PY'
import sys
n = int(sys.argv[1])
print("errcat: 1\ncatalog: { name: big, title: Big, version: 1.0.0 }")
print("categories:\n  - { id: general, title: General, http_status: 400 }")
print("errors:")
for i in range(n):
    print(f"  - name: error_{i}\n    code: {i}\n    category: general\n"
          f"    message: \"Error {i} about {{thing}}.\"\n    params: {{ thing: {{ type: string }} }}\n"
          f"    fix: Fix number {i}.")
PY

time_runs() {
  local label=$1; shift
  local runs=5 best=""
  for _ in $(seq $runs); do
    local start end ms
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    ms=$(( (end - start) / 1000000 ))
    if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
  done
  printf '%-40s best of %d: %5d ms\n' "$label" "$runs" "$best"
}

time_runs "flagship catalog, all targets" "$bin" generate --out "$work/out1" --quiet
time_runs "flagship catalog, --check" "$bin" generate --out "$work/out1" --check --quiet
time_runs "$n errors, all targets" "$bin" generate --catalog "$work/big.yaml" --out "$work/out2" --quiet
time_runs "$n errors, check only" "$bin" check --catalog "$work/big.yaml"
