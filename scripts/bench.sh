#!/usr/bin/env bash
# errcat against protoc, whole processes side by side, from one command on a fresh machine.
# Performance is measured here, never with timed asserts in tests.
#
# Usage: scripts/bench.sh            # 1,000, 10,000 and 100,000 errors (about 15 minutes on 2 cores)
#        scripts/bench.sh quick      # 1,000 and 10,000 errors
#        scripts/bench.sh hostile    # time and peak memory (/usr/bin/time -v) on hostile input
#        ROUNDS=3,3,1 scripts/bench.sh   # rounds per size (default 11,7,3; quick 7,5)
#
# Installs what it needs with apt when missing (protoc from `protobuf-compiler`, `hyperfine`,
# GNU `time`, `python3`), builds the release binary, then runs scripts/bench.py, which makes the
# synthetic catalogs and the proto enum, times every job in interleaved rounds and prints a
# Markdown table (medians, peak RSS, ratio to protoc), each target of issue 11, met or not, and
# at 10,000 errors what stands in the way: `check` alone, copying the output, each target alone.
set -euo pipefail
cd "$(dirname "$0")/.."

install_missing() {
  local missing=()
  command -v protoc >/dev/null || missing+=(protobuf-compiler)
  command -v hyperfine >/dev/null || missing+=(hyperfine)
  [ -x /usr/bin/time ] || missing+=(time)
  command -v python3 >/dev/null || missing+=(python3)
  if [ ${#missing[@]} -gt 0 ]; then
    local sudo=
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    echo "installing ${missing[*]} ..." >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

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


install_missing
if [ "${1:-}" = hostile ]; then
  hostile
  exit 0
fi
case "${1:-full}" in
  quick) sizes=1000,10000 rounds=${ROUNDS:-7,5} ;;
  full) sizes=1000,10000,100000 rounds=${ROUNDS:-11,7,3} ;;
  *) echo "usage: scripts/bench.sh [quick|hostile]" >&2; exit 2 ;;
esac
cargo build --release --locked --quiet
bin=$PWD/target/release/errcat

# The machine, for the record.
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
echo "Machine: $cpu, $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GB RAM;" \
  "$(uname -sr); $("$bin" --version), $(protoc --version)"
echo

# The flagship catalog unchanged, against process start-up (`errcat --version`).
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" generate --quiet --out "$work/flagship"
hyperfine -N --warmup 5 --runs 50 --style none --export-json "$work/flagship.json" \
  "$bin --version" "$bin generate --quiet --out $work/flagship" >/dev/null
python3 - "$work/flagship.json" <<'PY'
import json, sys
startup, unchanged = (r["median"] for r in json.load(open(sys.argv[1]))["results"])
over = (unchanged - startup) * 1000
print(f"Flagship catalog (68 errors), generate on an unchanged tree: {unchanged * 1000:.1f} ms, "
      f"{over:.1f} ms over process start-up ({startup * 1000:.1f} ms): "
      f"{'met' if over <= 10 else 'NOT met'} (target: at most 10 ms over start-up)")
PY
echo
python3 scripts/bench.py "$bin" "$sizes" "$rounds"
