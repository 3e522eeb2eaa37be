"""Benchmarks `xibu check` side by side with the bare parse of the same file and with a pandas
script doing the same core checks, on synthetic rosters of 20,000 / 200,000 / 1,000,000 rows as
CSV and xlsx. Prints a Markdown table of medians, ratios and peak memory.

    python3 benches/run.py [--sizes 20000,200000,1000000] [--dir /tmp/xibu-bench] [--runs 3]

Needs: cargo, and pandas, openpyxl and python-calamine (pip install pandas openpyxl
python-calamine). The rosters are generated once into --dir by examples/gen_roster.rs (1% of
rows with a violation) and reused.
"""

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RELEASE = os.path.join(ROOT, "target", "release")


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def measure(cmd):
    """Wall seconds (the clock around the process) and peak RSS in MB (from GNU time)."""
    start = time.perf_counter()
    out = subprocess.run(
        ["/usr/bin/time", "-f", "%e %M"] + cmd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    wall = time.perf_counter() - start
    if out.returncode not in (0, 1):
        sys.exit(f"failed ({out.returncode}): {' '.join(cmd)}\n{out.stderr}")
    last = out.stderr.strip().splitlines()[-1].split()
    return wall, int(last[1]) / 1024


def median_of(cmd, runs):
    results = [measure(cmd) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB, {platform.system()} {platform.release()}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="20000,200000,1000000")
    ap.add_argument("--dir", default="/tmp/xibu-bench")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--slow-runs", type=int, default=1, help="runs of pandas+openpyxl at 1M rows")
    a = ap.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    sh(["cargo", "build", "--release", "--quiet", "--bin", "xibu", "--example", "gen_roster",
        "--example", "bare_parse"], cwd=ROOT)
    xibu = os.path.join(RELEASE, "xibu")
    bare = os.path.join(RELEASE, "examples", "bare_parse")
    gen = os.path.join(RELEASE, "examples", "gen_roster")
    py = sys.executable
    pandas = os.path.join(ROOT, "benches", "pandas_check.py")

    rows = []
    for n in [int(s) for s in a.sizes.split(",")]:
        for ext in ("csv", "xlsx"):
            path = os.path.join(a.dir, f"roster-{n}.{ext}")
            if not os.path.exists(path):
                sh([gen, "--rows", str(n), "--out", path, "--violations", "0.01"])
            size = os.path.getsize(path) / 2**20
            runs = a.runs if n < 1_000_000 else max(1, a.runs)
            x = median_of([xibu, "check", path, "--format", "json", "--fail-on", "never"], runs)
            b = median_of([bare, path], runs)
            cells = {"xibu": x, "bare": b}
            if ext == "csv":
                cells["pandas"] = median_of([py, pandas, path], runs)
            else:
                slow = a.slow_runs if n >= 1_000_000 else runs
                cells["pandas+openpyxl"] = median_of([py, pandas, path, "--engine", "openpyxl"], slow)
                cells["pandas+calamine"] = median_of([py, pandas, path, "--engine", "calamine"], runs)
            rows.append((n, ext, size, cells))
            print(f"{n} {ext}: " + ", ".join(f"{k} {v[0]:.2f}s {v[1]:.0f}MB" for k, v in cells.items()),
                  file=sys.stderr)

    print(f"Machine: {machine()}. Medians of {a.runs} runs "
          f"(pandas+openpyxl at 1M rows: {a.slow_runs}); {time.strftime('%Y-%m-%d')}.\n")
    print("| rows | format | file | xibu check | bare parse | xibu ÷ bare | pandas | pandas ÷ xibu | xibu peak RSS | pandas peak RSS |")
    print("|---:|---|---:|---:|---:|---:|---|---:|---:|---:|")
    for n, ext, size, c in rows:
        x, b = c["xibu"], c["bare"]
        others = [(k, v) for k, v in c.items() if k.startswith("pandas")]
        for i, (k, v) in enumerate(others):
            lead = (f"| {n:,} | {ext} | {size:.0f} MB | {x[0]:.3f} s | {b[0]:.3f} s | {x[0] / b[0]:.2f}× "
                    if i == 0 else "| | | | | | ")
            mem = f"{x[1]:.0f} MB" if i == 0 else ""
            print(f"{lead}| {k} {v[0]:.3f} s | {v[0] / x[0]:.1f}× | {mem} | {v[1]:.0f} MB |")


if __name__ == "__main__":
    main()
