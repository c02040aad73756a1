#!/usr/bin/env python3
"""errcat against protoc, whole processes side by side (run by scripts/bench.sh).

Makes a synthetic catalog of N errors (params, descriptions, deprecations, extensions and
occurrence fields, in a realistic mix) and the same errors as one proto enum, then times, in
rounds that interleave every job so each round sees the same machine load:

  protoc --python_out --cpp_out on the enum      (names and numbers only)
  errcat generate into an empty directory         (all targets, every text)
  errcat generate on the unchanged tree
  errcat generate --check on the unchanged tree
  errcat check

Each job runs under GNU time (`/usr/bin/time -v`) for its peak resident memory; wall time is
measured around it. Reports the median of the rounds, the largest peak RSS, and the median of the
per-round ratios job/protoc (paired runs) as a Markdown table, then each target of issue 11
as met or not met with the measured figures.

Usage: bench.py ERRCAT_BINARY SIZE[,SIZE...] ROUNDS[,ROUNDS...]
"""

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

CATEGORIES = [
    # id, title, HTTP status, retryable (429 and 503 must be, 400 and 422 must not)
    ("validation", "Validation", 422, False),
    ("bad_request", "Bad request", 400, False),
    ("auth", "Authentication", 401, False),
    ("permission", "Permissions", 403, False),
    ("not_found", "Not found", 404, False),
    ("conflict", "Conflicts", 409, False),
    ("rate_limit", "Rate limits", 429, True),
    ("billing", "Billing", 402, False),
    ("internal", "Internal", 500, False),
    ("unavailable", "Availability", 503, True),
]
NOUNS = ["sku", "order", "invoice", "account", "card", "phone", "message", "token", "quota",
         "webhook", "region", "file", "upload", "session", "device", "payment", "refund", "plan"]
VERBS = ["invalid", "missing", "expired", "duplicate", "locked", "unknown", "rejected", "stale",
         "oversized", "unsupported", "revoked", "exhausted"]


def error_name(i):
    return f"{VERBS[i % len(VERBS)]}_{NOUNS[(i // len(VERBS)) % len(NOUNS)]}_{i}"


def catalog(path, n):
    """A catalog of n errors; every tenth error deprecated in favour of the one before it."""
    out = [
        "errcat: 1",
        "catalog:",
        "  name: bench",
        "  title: Benchmark API",
        "  version: 2.4.0",
        "  description: A synthetic catalog for timing errcat against protoc.",
        "  docs_url: https://docs.example.com/errors#{name}",
        "categories:",
    ]
    for cid, title, status, _ in CATEGORIES:
        out.append(f"  - id: {cid}")
        out.append(f"    title: {title}")
        out.append(f"    description: Errors about {title.lower()}.")
        out.append(f"    http_status: {status}")
        if cid == "validation":
            out.append("    fields:")
            out.append("      field_path: { type: string, wire: fieldPath, description: The JSON path of the rejected value. }")
    out.append("errors:")
    for i in range(n):
        cid, title, status, retryable = CATEGORIES[i % len(CATEGORIES)]
        name = error_name(i)
        noun = NOUNS[(i // len(VERBS)) % len(NOUNS)]
        out.append(f"  - name: {name}")
        out.append(f"    code: {100000 + i}")
        out.append(f"    category: {cid}")
        if i % 2 == 0:
            out.append(f"    title: {name.replace('_', ' ').capitalize()}")
        kind = i % 5
        if kind == 1:
            out.append(f'    message: "The {noun} {{{noun}_id}} is over the limit of {{limit}} ({i})."')
            out.append("    params:")
            out.append(f"      {noun}_id: {{ type: string, description: The {noun} as sent. }}")
            out.append('      limit: { type: integer, description: The largest allowed value. }')
        elif kind in (0, 2):
            out.append(f'    message: "The {noun} {{{noun}_id}} cannot be used here ({i})."')
            out.append("    params:")
            out.append(f"      {noun}_id: {{ type: string, description: The {noun} as sent. }}")
        else:
            out.append(f'    message: "This {noun} request failed ({i})."')
        out.append(f"    fix: Check the {noun} and send the request again; see the {title.lower()} guide.")
        if i % 3 == 0:
            out.append(f"    description: |\n      Returned when the {noun} does not pass the {title.lower()} checks.\n      Case {i}; the body names the {noun}.")
        if retryable:
            out.append("    retryable: true")
        if i % 4 == 0:
            out.append(f"    extensions: {{ severity: {'high' if i % 8 == 0 else 'low'}, team: {noun}s }}")
        if i % 7 == 0:
            out.append("    fields:")
            out.append(f"      {noun}_ref: {{ type: optional<string>, description: The {noun} it refers to. }}")
        if i % 10 == 9:
            out.append(f"    deprecated: {{ since: 2.0.0, replaced_by: {error_name(i - 1)}, note: Merged. }}")
        out.append("    since: 1.0.0")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def proto(path, n):
    """The same errors as one proto3 enum: names and numbers."""
    lines = ['syntax = "proto3";', "", "package bench;", "", "enum ErrorCode {",
             "  ERROR_CODE_UNSPECIFIED = 0;"]
    for i in range(n):
        lines.append(f"  {error_name(i).upper()} = {100000 + i};")
    lines.append("}")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def run(cmd, cwd):
    """Runs cmd under GNU time: (wall seconds, peak RSS in KiB, exit code)."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-v", *cmd], cwd=cwd, stdout=subprocess.DEVNULL,
                           stderr=err)
        wall = time.perf_counter() - start
        err.seek(0)
        text = err.read().decode(errors="replace")
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    status = re.search(r"Exit status: (\d+)", text)
    code = int(status.group(1)) if status else p.returncode
    if code != 0:
        sys.exit(f"`{' '.join(cmd)}` exited with {code}:\n{text}")
    return wall, int(rss.group(1)) if rss else 0


def fmt_time(s):
    if s < 1:
        return f"{s * 1000:.0f} ms"
    return f"{s:.2f} s" if s < 10 else f"{s:.1f} s"


def fmt_mem(kib):
    return f"{kib / 1024:.0f} MiB" if kib < 1024 * 1024 else f"{kib / 1024 / 1024:.1f} GiB"


def bench(binary, n, rounds, work):
    d = os.path.join(work, f"n{n}")
    os.makedirs(d)
    catalog(os.path.join(d, "catalog.yaml"), n)
    proto(os.path.join(d, "errors.proto"), n)
    # 100,000 errors pass the default limits on YAML values, errors per file and bytes per
    # template: raised for every size, so every run has the same inputs.
    limits = ["--max-nodes", "100000000", "--max-errors", "10000000"]
    render_limits = ["--max-output-size", "8000000000", "--max-render-memory", "64000000000",
                     "--max-render-time", "3600"]
    gen = [binary, "generate", "--quiet", "--catalog", "catalog.yaml", *limits, *render_limits]
    jobs = {
        "protoc": ["protoc", "--python_out=py", "--cpp_out=cpp", "errors.proto"],
        "empty": gen + ["--out", "fresh"],
        "unchanged": gen + ["--out", "kept"],
        "check-out": gen + ["--out", "kept", "--check"],
        "check": [binary, "check", "--catalog", "catalog.yaml", *limits],
    }
    # The unchanged tree, and a check that the catalog is clean (no diagnostics at all).
    p = subprocess.run(jobs["check"], cwd=d, capture_output=True, text=True)
    if p.returncode != 0 or p.stderr.count("\n") != 1:
        sys.exit(f"the synthetic catalog of {n} errors is not clean:\n{p.stderr[:4000]}")
    subprocess.run(gen + ["--out", "kept"], cwd=d, check=True)
    times = {job: [] for job in jobs}
    rss = {job: 0 for job in jobs}
    for _ in range(rounds):
        for job, cmd in jobs.items():
            for out in ("py", "cpp", "fresh"):
                shutil.rmtree(os.path.join(d, out), ignore_errors=True)
            os.makedirs(os.path.join(d, "py"))
            os.makedirs(os.path.join(d, "cpp"))
            wall, peak = run(cmd, d)
            times[job].append(wall)
            rss[job] = max(rss[job], peak)
    out_bytes = tree_bytes(os.path.join(d, "kept"))
    parts = breakdown(gen, d, rounds) if n == BREAKDOWN_SIZE else None
    shutil.rmtree(d)
    return times, rss, out_bytes, parts


# The size at which each target is also timed alone, with the cost of only copying the output.
BREAKDOWN_SIZE = 10_000
TARGETS = ["rust", "typescript", "python", "json-schema", "openapi", "markdown"]


def tree_bytes(root):
    return sum(os.path.getsize(os.path.join(top, f)) for top, _, files in os.walk(root) for f in files)


def breakdown(gen, d, rounds):
    """Where a full run's time and memory go: each target alone into an empty directory (its
    output bytes), `cp -r` of the whole unchanged output tree (the cost of only writing those
    bytes) and protoc's output bytes. Returns {job: (median seconds, peak KiB, output bytes)}."""
    jobs = {t: gen + ["--target", t, "--out", f"only-{t}"] for t in TARGETS}
    jobs["cp"] = ["cp", "-r", "kept", "copied"]
    jobs["protoc"] = ["protoc", "--python_out=pb/py", "--cpp_out=pb/cpp", "errors.proto"]
    outs = {"cp": "copied", "protoc": "pb"}
    times = {job: [] for job in jobs}
    rss = {job: 0 for job in jobs}
    sizes = {}
    for _ in range(rounds):
        for job, cmd in jobs.items():
            out = outs.get(job, f"only-{job}")
            shutil.rmtree(os.path.join(d, out), ignore_errors=True)
            if job == "protoc":
                os.makedirs(os.path.join(d, "pb", "py"))
                os.makedirs(os.path.join(d, "pb", "cpp"))
            wall, peak = run(cmd, d)
            times[job].append(wall)
            rss[job] = max(rss[job], peak)
            sizes[job] = tree_bytes(os.path.join(d, out))
    return {job: (statistics.median(times[job]), rss[job], sizes[job]) for job in jobs}


LABELS = {
    "protoc": "protoc `--python_out --cpp_out` (names and numbers)",
    "empty": "errcat generate, empty output directory",
    "unchanged": "errcat generate, unchanged tree",
    "check-out": "errcat generate --check, unchanged tree",
    "check": "errcat check",
}


def main():
    binary = os.path.abspath(sys.argv[1])
    sizes = [int(s) for s in sys.argv[2].split(",")]
    rounds = [int(r) for r in sys.argv[3].split(",")]
    work = tempfile.mkdtemp(prefix="errcat-bench-")
    results = {}
    try:
        for n, r in zip(sizes, rounds):
            print(f"{n:,} errors: {r} rounds ...", file=sys.stderr, flush=True)
            try:
                results[n] = bench(binary, n, r, work)
            except (subprocess.CalledProcessError, SystemExit) as e:
                print(f"{n:,} errors: stopped: {e}", file=sys.stderr)
                break
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print("| errors | job | median time | peak RSS | ratio to protoc |")
    print("| ---: | --- | ---: | ---: | ---: |")
    verdicts = []
    for n, (times, rss, out_bytes, _) in results.items():
        for job in LABELS:
            med = statistics.median(times[job])
            ratio = statistics.median(a / b for a, b in zip(times[job], times["protoc"]))
            ratio_text = "1" if job == "protoc" else f"{ratio:.2f}"
            print(f"| {n:,} | {LABELS[job]} | {fmt_time(med)} | {fmt_mem(rss[job])} | {ratio_text} |")
        full = statistics.median(a / b for a, b in zip(times["empty"], times["protoc"]))
        mem_cap = {10_000: 96 * 1024, 100_000: 640 * 1024}.get(n)
        if mem_cap:
            verdicts.append((f"{n:,} errors: full run no slower than protoc (ratio ≤ 1.0)",
                             full <= 1.0, f"ratio {full:.2f}"))
            verdicts.append((f"{n:,} errors: peak memory ≤ {mem_cap // 1024} MiB", rss["empty"] <= mem_cap,
                             fmt_mem(rss["empty"])))
        if n == 10_000:
            for job in ("unchanged", "check-out"):
                part = statistics.median(a / b for a, b in zip(times[job], times["empty"]))
                verdicts.append((f"{n:,} errors: {LABELS[job]} ≤ 1/10 of a full run",
                                 part <= 0.1, f"{part:.3f} of a full run"))
    print()
    print("Output of errcat (all targets): " + ", ".join(
        f"{r[2] / 1e6:.1f} MB at {n:,} errors" for n, r in results.items()) + ".")
    print()
    for what, ok, figure in verdicts:
        print(f"- {'met' if ok else 'NOT met'}: {what} ({figure})")
    if BREAKDOWN_SIZE in results:
        times, rss, out_bytes, parts = results[BREAKDOWN_SIZE]
        protoc = statistics.median(times["protoc"])
        check = statistics.median(times["check"])
        print()
        print(f"What stands in the way at {BREAKDOWN_SIZE:,} errors, measured in the same run:")
        print()
        print(f"- Loading and validating alone (`errcat check`, no output): {fmt_time(check)}, "
              f"{check / protoc:.1f}× protoc, {fmt_mem(rss['check'])} peak.")
        cp_time, _, cp_bytes = parts["cp"]
        print(f"- Only copying the {cp_bytes / 1e6:.0f} MB of output (`cp -r` of the tree): "
              f"{fmt_time(cp_time)}, {cp_time / protoc:.1f}× protoc, which writes "
              f"{parts['protoc'][2] / 1e6:.1f} MB (names and numbers only).")
        print()
        print("| target alone | median time | peak RSS | output | output per second |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for t in TARGETS:
            sec, kib, size = parts[t]
            rate = size / 1e6 / max(sec - check, 1e-3)
            print(f"| {t} | {fmt_time(sec)} | {fmt_mem(kib)} | {size / 1e6:.1f} MB | "
                  f"{rate:.0f} MB/s over `check` |")


if __name__ == "__main__":
    main()
