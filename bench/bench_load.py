"""Requests per second through gunicorn (2 workers) at 16 concurrent connections, with wrk.

    BENCH_DATABASE_URL=postgres://…/motietracker_bench python bench/bench_load.py [--seconds 20]

Reports requests/second and errors for the API detail (one motion over and over, and every motion
picked at random: each answered from its stored row, api.readmodel), the web motion page (the same
two ways), the API list and search, beside /healthz (one trivial query: the least machinery gunicorn
and Django can serve), each as a ratio to /healthz; and the resident memory of each web worker.

Targets (issue 19): API detail over every motion at random ≥ 1,000 req/s and ≥ one third of
/healthz; web motion page at random ≥ 400 req/s; 0 errors; workers < 300 MB.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import BENCH_DB, ROOT, ensure_data, setup_django  # noqa: E402


DETAIL_TARGET = 1_000  # requests/second on the API detail through gunicorn with 2 workers
PAGE_TARGET = 400  # requests/second on the web motion page


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wrk(url: str, seconds: int, connections: int = 16, script: str | None = None) -> dict:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", *(["-s", script] if script else []), url]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non2xx = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", out)) else 0
    socket_errors = sum(int(x) for x in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    p50 = re.search(r"50%\s+([\d.]+)(\w+)", out)
    return {"rps": rps, "non_2xx": non2xx, "socket_errors": socket_errors, "p50": f"{p50.group(1)}{p50.group(2)}" if p50 else "?"}


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> tuple[list[str], bool]:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--only", nargs="*", help="only the runs whose name contains one of these (healthz always)")
    args, _ = parser.parse_known_args()
    setup_django()
    ensure_data()
    from motions.models import Motion

    key = Motion.objects.adopted().order_by("-id").values_list("kamerstuk__key", flat=True).first()
    # Every motion, each asked for at random.
    many = list(Motion.objects.values_list("kamerstuk__key", flat=True))
    scripts = {}
    for name, prefix in (("api", "/api/v1/motions/"), ("web", "/moties/")):
        scripts[name] = ROOT / "var" / "bench" / f"random_{name}.lua"
        scripts[name].parent.mkdir(parents=True, exist_ok=True)
        scripts[name].write_text(
            "local paths = {" + ",".join(f'"{prefix}{k}/"' for k in many) + "}\n"
            "setup = function(thread) thread:set('seed', math.random(1, 1000000)) end\n"
            "init = function(args) math.randomseed(tonumber(seed) or os.time()) end\n"
            "request = function() return wrk.format('GET', paths[math.random(#paths)]) end\n"
        )
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": BENCH_DB,
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-key-benchmark-only-key-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "API_ANON_RATE": "100000000/minute",
        "LOG_LEVEL": "WARNING",
    }
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "tracker.wsgi:application", "--workers", "2", "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        base = f"http://127.0.0.1:{port}"
        results = {}
        runs = (
            ("healthz (least machinery)", "/healthz", None),
            ("API motion detail, one motion", f"/api/v1/motions/{key}/", None),
            (f"API detail, {len(many):,} at random", "/", str(scripts["api"])),
            ("web motion page, one motion", f"/moties/{key}/", None),
            (f"web motion page, {len(many):,} at random", "/", str(scripts["web"])),
            ("API list, 50 newest", "/api/v1/motions/?page_size=50", None),
            ("API search 'stikstof'", "/api/v1/motions/?q=stikstof", None),
        )
        only = [r for r in runs if not args.only or any(o in r[0] for o in args.only) or r[0].startswith("healthz")]
        for name, path, lua in only:
            subprocess.run(["wrk", "-t1", "-c2", "-d2s", base + f"/api/v1/motions/{key}/" if lua else base + path], capture_output=True)  # warm up
            results[name] = wrk(base + path, args.seconds, script=lua)
        workers = [int(p) for p in subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split()]
        memory = [round(rss_mb(pid), 1) for pid in workers]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    lines = []
    floor = results["healthz (least machinery)"]["rps"]
    for name, r in results.items():
        lines.append(f"load: {name:<32} {r['rps']:>8.1f} req/s  p50 {r['p50']:>8}  errors {r['non_2xx'] + r['socket_errors']}  ({floor / r['rps']:.1f}x the cost of /healthz)")
    lines.append(f"load: web worker memory after the load: {memory} MB (target < 300 MB each)")
    missed = [f"{name}: {r['non_2xx'] + r['socket_errors']} errors" for name, r in results.items() if r["non_2xx"] + r["socket_errors"]]
    missed += [f"{name}: {r['rps']:.0f} req/s < {DETAIL_TARGET}" for name, r in results.items() if name.startswith("API detail") and r["rps"] < DETAIL_TARGET]
    missed += [f"{name}: {r['rps']:.0f} req/s < one third of /healthz" for name, r in results.items() if name.startswith("API detail") and r["rps"] < floor / 3]
    missed += [f"{name}: {r['rps']:.0f} req/s < {PAGE_TARGET}" for name, r in results.items() if name.startswith("web motion page") and r["rps"] < PAGE_TARGET]
    missed += [f"worker memory {m} MB ≥ 300 MB" for m in memory if m >= 300]
    lines.append("load: targets (API detail ≥ %d req/s and ≥ 1/3 of /healthz, web motion page ≥ %d req/s, 0 errors, workers < 300 MB): %s" % (DETAIL_TARGET, PAGE_TARGET, "missed: " + "; ".join(missed) if missed else "met"))
    return lines, not missed


if __name__ == "__main__":
    out, ok = main()
    for line in out:
        print(line)
    sys.exit(0 if ok else 1)
