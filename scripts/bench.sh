#!/usr/bin/env bash
# Times whole `errcat generate` runs (release build, median of 7) on the flagship catalog and on a large
# synthetic catalog. Performance is measured here, never with timed asserts in tests.
# Usage: scripts/bench.sh [errors-in-synthetic-catalog, default 5000]
#        scripts/bench.sh hostile   # time and peak memory (/usr/bin/time -v) on hostile input
set -euo pipefail
cd "$(dirname "$0")/.."

# `hostile`: time and peak resident memory of `errcat check`/`generate` on hostile and huge input,
# the numbers behind README's "Limits and hostile input" table. Needs GNU /usr/bin/time, about
# 10 GB of free memory and a few minutes for the million-error run with raised limits.
hostile() {
  cargo build --release --quiet
  bin=$PWD/target/release/errcat
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  cd "$work"

  python3 - <<'PY'
def catalog(path, n):
    with open(path, "w") as f:
        f.write("errcat: 1\ncatalog: { name: big, title: Big, version: 1.0.0 }\n"
                "categories:\n  - { id: general, title: General, http_status: 400 }\nerrors:\n")
        for i in range(n):
            f.write(f"  - {{ name: error_{i}, code: {i}, category: general, "
                    f"message: \"Error {i} about {{thing}}.\", "
                    f"params: {{ thing: {{ type: string }} }}, fix: Fix {i}. }}\n")
catalog("k100.yaml", 100_000)
catalog("one.yaml", 1)
catalog("m1.yaml", 1_000_000)
with open("bomb.yaml", "w") as f:
    f.write("errcat: 1\nx0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
    for i in range(1, 10):
        f.write(f"x{i}: &a{i} [" + ", ".join([f"*a{i-1}"] * 10) + "]\n")
with open("deep.yaml", "w") as f:
    f.write("errcat: 1\nx: " + "[" * 10_000 + "]" * 10_000 + "\n")
with open("line.yaml", "w") as f:
    f.write("errcat: 1\ncatalog: { name: x, title: \"" + "x" * 10 * 1024 * 1024 + "\", version: 1.0.0 }\n")
with open("values.yaml", "w") as f:
    f.write("errcat: 1\nx: [\n" + ",\n".join(["1"] * 1_999_000) + "]\n")
PY
  truncate -s 100M big.yaml
  # Template overrides: two nested range() loops writing, writing nothing, collecting in a set.
  loops='{% for i in range(end=100000) %}{% for j in range(end=100000) %}'
  ends='{% endfor %}{% endfor %}'
  for case in writes nothing collects; do
    mkdir -p "t-$case/markdown"
  done
  printf '%sx%s' "$loops" "$ends" > t-writes/markdown/errors.md.tera
  printf '%s%s' "$loops" "$ends" > t-nothing/markdown/errors.md.tera
  printf '{%% set s %%}%s%s%s{%% endset %%}{{ s }}' "$loops" "$(printf 'x%.0s' {1..64})" "$ends" \
    > t-collects/markdown/errors.md.tera

  measure() {
    local label=$1; shift
    local log
    log=$(mktemp)
    set +e
    /usr/bin/time -v "$@" >/dev/null 2>"$log"
    set -e
    local wall rss code
    wall=$(grep 'Elapsed (wall clock)' "$log" | awk '{print $NF}')
    rss=$(grep 'Maximum resident set size' "$log" | awk '{print $NF}')
    code=$(grep 'Exit status' "$log" | awk '{print $NF}')
    printf '%-58s exit %s  %8s  %6d MB\n' "$label" "$code" "$wall" $((rss / 1024))
    rm -f "$log"
  }

  raise=(--max-file-size 1000000000 --max-nodes 100000000 --max-errors 10000000)
  measure "alias bomb (10^10 values), check" "$bin" check --catalog bomb.yaml
  measure "nesting 10,000 deep, check" "$bin" check --catalog deep.yaml
  measure "100 MB file, check" "$bin" check --catalog big.yaml
  measure "10 MB line, check" "$bin" check --catalog line.yaml
  measure "1,999,000 values in one list, check" "$bin" check --catalog values.yaml
  measure "100,000 errors, check" "$bin" check --catalog k100.yaml
  measure "100,000 errors, generate" "$bin" generate --quiet --catalog k100.yaml --out out-k100
  for case in writes nothing collects; do
    measure "template override: nested loops, $case" "$bin" generate --quiet --catalog one.yaml \
      --target markdown --templates "t-$case" --out "out-$case"
  done
  measure "1,000,000 errors (137 MB), check, default limits" "$bin" check --catalog m1.yaml
  measure "1,000,000 errors, check, limits raised" "$bin" check --catalog m1.yaml "${raise[@]}"
}

if [ "${1:-}" = hostile ]; then
  hostile
  exit 0
fi
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
  local runs=7 times=()
  for _ in $(seq $runs); do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
  printf '%-40s median of %d: %5d ms\n' "$label" "$runs" "$median"
}

time_runs "flagship catalog, all targets" "$bin" generate --out "$work/out1" --quiet
time_runs "flagship catalog, --check" "$bin" generate --out "$work/out1" --check --quiet
time_runs "$n errors, all targets" "$bin" generate --catalog "$work/big.yaml" --out "$work/out2" --quiet
time_runs "$n errors, check only" "$bin" check --catalog "$work/big.yaml"
