"""The whole benchmark suite in one command; prints every figure and writes var/bench/report.txt.

    .venv/bin/python bench/run_all.py            # everything (about 15 minutes here)
    .venv/bin/python bench/run_all.py --quick    # shorter runs, same figures

Runs each benchmark in its own process (so one's caches and memory do not flatter the next),
on PostgreSQL at 127.0.0.1 (databases are created and filled on first use):

  explain     EXPLAIN of the list filters: which index each one uses          (bench_explain.py)
  api         API detail, lists, filters, search, change feed + raw SQL ratio (bench_api.py)
  web         web home, list, search, motion page + raw SQL ratio             (bench_web.py)
  references  citation extraction, MB/s                                        (bench_references.py)
  letters     letter ingestion, letters/s, beside reading the files            (bench_letters.py)
  sync        SyncFeed mirror from the local fake, entities/s, motions/s, memory (bench_syncfeed.py)
  fanout      alerts fan-out to 10,000 subscribers                             (bench_fanout.py)
  readmodel   stored detail vs fresh build, status change with/without, rebuild (bench_read_model.py)
  load        gunicorn (2 workers) + wrk at 16 connections, req/s, memory      (bench_load.py)

Only what the machine lacks is skipped (wrk for the load run), and said so. The exit status is
non-zero when a benchmark fails to run or reports a target missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SUITE: list[tuple[str, list[str], list[str]]] = [
    # name, arguments, arguments with --quick
    ("explain", ["bench/bench_explain.py"], ["bench/bench_explain.py"]),
    ("api", ["bench/bench_api.py"], ["bench/bench_api.py", "--repeat", "20"]),
    ("web", ["bench/bench_web.py"], ["bench/bench_web.py"]),
    ("references", ["bench/bench_references.py"], ["bench/bench_references.py", "--mb", "2", "--runs", "2"]),
    ("letters", ["bench/bench_letters.py"], ["bench/bench_letters.py", "--letters", "50"]),
    ("sync", ["bench/bench_syncfeed.py"], ["bench/bench_syncfeed.py", "--motions", "1000"]),
    ("fanout", ["bench/bench_fanout.py"], ["bench/bench_fanout.py", "--subscribers", "2000"]),
    ("readmodel", ["bench/bench_read_model.py"], ["bench/bench_read_model.py", "--samples", "300"]),
    ("load", ["bench/bench_load.py"], ["bench/bench_load.py", "--seconds", "5"]),
]


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), platform.processor())
    mem = next((int(line.split()[1]) // 1024 // 1024 for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")), 0)
    pg = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc", "show server_version"], capture_output=True, text=True).stdout.strip()
    return f"{os.cpu_count()} cores ({cpu}), {mem} GiB, Python {platform.python_version()}, PostgreSQL {pg or '?'}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="shorter runs (for checking the suite works)")
    parser.add_argument("--only", nargs="*", metavar="NAME", help="run only these: " + " ".join(n for n, _, _ in SUITE))
    args = parser.parse_args()

    out_dir = ROOT / "var" / "bench"
    out_dir.mkdir(parents=True, exist_ok=True)
    report = [f"Motietracker benchmark suite, {dt.datetime.now().isoformat(timespec='seconds')}", f"machine: {machine()}", ""]
    failures = []
    for name, full, quick in SUITE:
        if args.only and name not in args.only:
            continue
        if name == "load" and not shutil.which("wrk"):
            report += [f"== {name}: skipped (wrk is not installed: apt-get install wrk)", ""]
            print(report[-2], flush=True)
            continue
        command = [sys.executable, *(quick if args.quick else full)]
        env = dict(os.environ)
        if name == "sync":  # on PostgreSQL like the rest (bench_syncfeed makes a database of its own beside this one)
            env.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/motietracker")
        print(f"== {name}: {' '.join(command[1:])}", flush=True)
        started = time.perf_counter()
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        output = result.stdout.rstrip()
        print(output, flush=True)
        if result.returncode:
            failures.append(name)
            print(result.stderr[-3000:], file=sys.stderr, flush=True)
        status = "ok" if not result.returncode else f"exit {result.returncode}"
        report += [f"== {name} ({seconds:.0f} s, {status})", output, ""]
        (out_dir / f"{name}.txt").write_text(output + "\n" + result.stderr)
    (out_dir / "report.txt").write_text("\n".join(report) + "\n")
    print(f"\nreport: {out_dir / 'report.txt'}")
    if failures:
        print("failed or missed a target: " + ", ".join(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
