"""Benchmarks `xibu check` side by side, in one run, with the bare parse of the same file and with
polars, DuckDB and pandas scripts doing the same core checks, on synthetic rosters of 20,000 /
200,000 / 1,000,000 rows, clean and findings-heavy, as CSV and xlsx. Prints (and with --out
writes) a Markdown table of medians, ratios and peak memory, then the findings each tool counts
per rule, so that the table is seen to compare the same work.

    python3 benches/run.py [--sizes 20000,200000,1000000] [--profiles clean,heavy]
                           [--formats csv,xlsx] [--runs 3] [--dir /tmp/xibu-bench] [--out FILE]
                           [--openpyxl] [--xibu PATH] [--bare PATH]

Needs: cargo, GNU time (/usr/bin/time), and for the comparisons polars, fastexcel, duckdb, pandas,
python-calamine (and openpyxl for --openpyxl), e.g. in a virtual environment:

    python3 -m venv /tmp/bench-venv
    /tmp/bench-venv/bin/pip install polars fastexcel duckdb pandas python-calamine openpyxl
    /tmp/bench-venv/bin/python benches/run.py --runs 3 --out /tmp/bench.md

The rosters are generated once into --dir by examples/gen_roster.rs and reused: `clean` is
`--violations 0.01` (1% of rows with one violation), `heavy` is `--profile heavy` (about 10% of rows
with a row-level error, about 40% with I06's remote-province notice). Each run measures every tool
once, in turn (runs are interleaved, so that a change of load on a shared machine touches every
tool alike); a figure is the median of the runs for time and the maximum for peak RSS.
"""

import argparse
import collections
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RELEASE = os.path.join(ROOT, "target", "release")
BENCHES = os.path.join(ROOT, "benches")
sys.path.insert(0, BENCHES)
from common import RULES  # noqa: E402  (the rules every tool counts, in the tables' order)


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def measure(cmd, stdout):
    """Wall seconds (the clock around the process) and peak RSS in MB (from GNU time)."""
    start = time.perf_counter()
    out = subprocess.run(
        ["/usr/bin/time", "-f", "%e %M"] + cmd,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    wall = time.perf_counter() - start
    if out.returncode not in (0, 1):
        sys.exit(f"failed ({out.returncode}): {' '.join(cmd)}\n{out.stderr}")
    last = out.stderr.strip().splitlines()[-1].split()
    return wall, int(last[1]) / 1024


def script_counts(text):
    """`RULE COUNT` lines of a comparison script."""
    counts = {}
    for line in text.splitlines():
        name, _, n = line.rpartition(" ")
        if name in RULES:
            counts[name] = int(n)
    return counts


def xibu_counts(report):
    """Findings per rule of xibu's JSON report; I06's notices apart from its errors, as the scripts
    count them. S01's notices (a province over the share but within its own plan) are S01 findings
    the scripts count too."""
    with open(report, encoding="utf-8") as f:
        doc = json.load(f)
    c = collections.Counter()
    for finding in doc["findings"]:
        rule = finding["rule"]
        if rule == "I06" and finding["severity"] == "notice":
            rule = "I06 notice"
        c[rule] += 1
    return {r: c.get(r, 0) for r in RULES} | {"E01": c.get("E01", 0)}


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


def versions(py):
    code = ("import importlib.metadata as m\n"
            "for p in ['polars', 'fastexcel', 'duckdb', 'pandas', 'python-calamine', 'openpyxl']:\n"
            "    try: print(p, m.version(p))\n"
            "    except m.PackageNotFoundError: pass\n")
    out = subprocess.run([py, "-c", code], capture_output=True, text=True).stdout.split()
    libs = ", ".join(f"{a} {b}" for a, b in zip(out[::2], out[1::2]))
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            cwd=ROOT).stdout.strip()
    pyv = platform.python_version()
    return f"xibu {commit} (release, thin LTO), {rustc}; Python {pyv}, {libs}"


def load():
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def tools_for(ext, a, py, xibu, bare, report):
    """(name, command, counts?) for one file: the name, the command, and whether its findings
    are counted (the bare parse has none)."""
    t = [
        ("xibu", [xibu, "check", "{path}", "--format", "json", "-o", report, "--fail-on", "never"]),
        ("bare", [bare, "{path}"]),
    ]
    if ext == "csv":
        t += [
            ("polars", [py, os.path.join(BENCHES, "polars_check.py"), "{path}"]),
            ("duckdb", [py, os.path.join(BENCHES, "duckdb_check.py"), "{path}"]),
            ("pandas", [py, os.path.join(BENCHES, "pandas_check.py"), "{path}"]),
        ]
    else:
        t += [
            ("polars", [py, os.path.join(BENCHES, "polars_check.py"), "{path}"]),
            ("pandas", [py, os.path.join(BENCHES, "pandas_check.py"), "{path}", "--engine", "calamine"]),
        ]
        if a.openpyxl:
            t.append(("pandas+openpyxl",
                      [py, os.path.join(BENCHES, "pandas_check.py"), "{path}", "--engine", "openpyxl"]))
    return t


LABEL = {
    ("csv", "polars"): "polars", ("xlsx", "polars"): "polars+fastexcel",
    ("csv", "duckdb"): "DuckDB", ("csv", "pandas"): "pandas", ("xlsx", "pandas"): "pandas+calamine",
    ("xlsx", "pandas+openpyxl"): "pandas+openpyxl",
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="20000,200000,1000000")
    ap.add_argument("--profiles", default="clean,heavy")
    ap.add_argument("--formats", default="csv,xlsx")
    ap.add_argument("--dir", default="/tmp/xibu-bench")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out", help="also write the tables to this file")
    ap.add_argument("--openpyxl", action="store_true", help="also pandas+openpyxl on xlsx (slow)")
    ap.add_argument("--xibu", help="an xibu binary to measure instead of building this tree")
    ap.add_argument("--bare", help="a bare_parse binary instead of building this tree's")
    a = ap.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    sh(["cargo", "build", "--release", "--quiet", "--bin", "xibu", "--example", "gen_roster",
        "--example", "bare_parse"], cwd=ROOT)
    xibu = a.xibu or os.path.join(RELEASE, "xibu")
    bare = a.bare or os.path.join(RELEASE, "examples", "bare_parse")
    gen = os.path.join(RELEASE, "examples", "gen_roster")
    py = sys.executable
    scratch = tempfile.mkdtemp(prefix="xibu-bench-")
    report = os.path.join(scratch, "report.json")
    started, load_before = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), load()

    files = []
    for profile in a.profiles.split(","):
        for n in [int(s) for s in a.sizes.split(",")]:
            for ext in a.formats.split(","):
                path = os.path.join(a.dir, f"{profile}-{n}.{ext}")
                if not os.path.exists(path):
                    gen_args = ["--profile", "heavy"] if profile == "heavy" else ["--violations", "0.01"]
                    sh([gen, "--rows", str(n), "--out", path] + gen_args)
                files.append((profile, n, ext, path))

    results = {}
    loads = []
    for profile, n, ext, path in files:
        tools = tools_for(ext, a, py, xibu, bare, report)
        times = collections.defaultdict(list)
        rss = collections.defaultdict(float)
        counts = {}
        for run in range(a.runs):
            loads.append(os.getloadavg()[0])
            for name, cmd in tools:
                cmd = [c.replace("{path}", path) for c in cmd]
                with tempfile.TemporaryFile(mode="w+", encoding="utf-8") as out:
                    wall, mb = measure(cmd, out)
                    out.seek(0)
                    text = out.read()
                times[name].append(wall)
                rss[name] = max(rss[name], mb)
                if run == 0 and name == "xibu":
                    counts[name] = xibu_counts(report)
                elif run == 0 and name != "bare":
                    counts[name] = script_counts(text)
        med = {k: statistics.median(v) for k, v in times.items()}
        results[(profile, n, ext)] = (os.path.getsize(path) / 2**20, med, dict(rss), counts)
        print(f"{profile} {n} {ext}: " + ", ".join(f"{k} {med[k]:.3f}s {rss[k]:.0f}MB" for k in med),
              file=sys.stderr)

    lines = []
    p = lines.append
    p(f"Machine: {machine()}. {versions(py)}.")
    p(f"Run: {started}, `benches/run.py --runs {a.runs} --sizes {a.sizes}`; medians of {a.runs} interleaved "
      f"runs (peak RSS: the largest of them). Load average (1/5/15 min) before: {load_before}, "
      f"after: {load()}; 1-minute load at each round: {min(loads):.1f}–{max(loads):.1f}.")
    p("")
    p("\"÷ xibu\" is that tool's time over xibu's (above 1: xibu is faster); \"xibu ÷ bare\" is xibu's "
      "time over the bare parse's; \"µs/row\" shows how the cost grows with the roster.")
    p("")
    p("| roster | rows | format | file | xibu check | bare parse | xibu ÷ bare | polars | ÷ xibu "
      "| DuckDB | ÷ xibu | pandas | ÷ xibu | xibu µs/row | xibu RSS | polars RSS | DuckDB RSS | pandas RSS |")
    p("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for (profile, n, ext), (size, med, rss, _) in results.items():
        x = med["xibu"]

        def cell(name):
            if name not in med:
                return "—", "—"
            return f"{med[name]:.3f} s", f"{med[name] / x:.2f}×"

        def mem(name):
            return f"{rss[name]:.0f} MB" if name in rss else "—"

        pol, duck, pan = cell("polars"), cell("duckdb"), cell("pandas")
        pname = "polars+fastexcel " if ext == "xlsx" else ""
        aname = "pandas+calamine " if ext == "xlsx" else ""
        p(f"| {profile} | {n:,} | {ext} | {size:.0f} MB | {x:.3f} s | {med['bare']:.3f} s | "
          f"{x / med['bare']:.2f}× | {pname}{pol[0]} | {pol[1]} | {duck[0]} | {duck[1]} | {aname}{pan[0]} | "
          f"{pan[1]} | {x / n * 1e6:.2f} | {mem('xibu')} | {mem('polars')} | {mem('duckdb')} | {mem('pandas')} |")
        if "pandas+openpyxl" in med:
            o = med["pandas+openpyxl"]
            p(f"| | | | | | | | | | | | pandas+openpyxl {o:.3f} s | {o / x:.2f}× | | | | | "
              f"{rss['pandas+openpyxl']:.0f} MB |")

    p("")
    largest = max(int(s) for s in a.sizes.split(","))
    shown = [(k, v[3]) for k, v in results.items() if k[1] == largest]
    p(f"Findings counted per rule at {largest:,} rows, by every tool that ran on the roster (xibu, and "
      "the scripts named in the table above; `I06 notice` is I06's remote-province notice, apart from its "
      "errors; E01, unreadable cells, is xibu's alone). A figure is the count all the tools agree on.")
    p("")
    p("| rule | " + " | ".join(f"{k[0]} {k[2]}" for k, _ in shown) + " |")
    p("|---|" + "---:|" * len(shown))
    for rule in RULES + ["E01"]:
        row = []
        for (profile, n, ext), counts in shown:
            seen = {t: c[rule] for t, c in counts.items() if rule in c}
            if len(set(seen.values())) <= 1:
                row.append(f"{next(iter(seen.values())):,}" if seen else "—")
            else:
                row.append(" / ".join(f"{LABEL.get((ext, t), t)} {v:,}" for t, v in seen.items()))
        p(f"| {rule} | " + " | ".join(row) + " |")
    p("")
    disagreements = []
    for (profile, n, ext), (_, _, _, counts) in results.items():
        ref = counts.get("xibu", {})
        for tool, c in counts.items():
            for rule in RULES:
                if rule in c and c[rule] != ref.get(rule):
                    disagreements.append(f"{profile} {n:,} {ext}: {rule} xibu {ref.get(rule)} "
                                         f"{LABEL.get((ext, tool), tool)} {c[rule]}")
    if disagreements:
        p("Disagreements with xibu's counts:")
        p("")
        for d in disagreements:
            p(f"- {d}")
    else:
        p(f"Every tool's count of every rule equals xibu's on all {len(results)} rosters of the run.")
    text = "\n".join(lines) + "\n"
    print(text)
    if a.out:
        with open(a.out, "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
