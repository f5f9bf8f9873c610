"""Benchmark: the open-data sync of 10,000 motions (with actors and votes) from the local fake OData server.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/motietracker .venv/bin/python bench/bench_sync.py [--motions 10000]

Runs ``manage.py sync_opendata --entity motions`` (the real command path: client, keyset paging, mapping,
one transaction per page) against ``tests.fake_odata.FakeOData`` serving ``make_motions(N)``, in a
separate process so that its CPU and memory are not counted here. It never touches your data: on
PostgreSQL it creates a database of its own (``<name>_bench_sync_<pid>``) and drops it afterwards; with
SQLite (DATABASE_URL unset or sqlite) it uses a temporary file.

Prints motions per second, pages, queries per page, the resident memory of this process after page 10
and after page 40 (it must not grow with the number of pages: pages are streamed, one at a time) and the
peak, then the least-machinery baseline: the same pages fetched and parsed with plain httpx + json, and
the ratio of the two. The last line is the same as JSON.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


# -- the fake server, in its own process ----------------------------------------------------------


def serve(conn, motions: int, page_size: int) -> None:
    from tests.fake_odata import FakeOData, make_motions

    rows = make_motions(motions, seed=2025)
    with FakeOData(page_size=page_size) as fake:
        fake.add("Zaak", rows)
        fake.add("Kamerstukdossier", [])
        conn.send(fake.base_url)
        while True:
            command = conn.recv()
            if command == "requests":
                conn.send([fake.base_url.split("/OData/")[0] + path for path in fake.requests])
            elif command == "touch":
                fake.touch()  # forget cached query results, so the baseline pays what the sync paid
                conn.send(True)
            else:
                return


# -- a database of our own ------------------------------------------------------------------------


def make_database() -> tuple[str, callable]:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url or url.startswith("sqlite"):
        folder = tempfile.mkdtemp(prefix="bench_sync_")
        path = Path(folder) / "bench.sqlite3"

        def drop() -> None:
            for p in Path(folder).glob("*"):
                p.unlink()
            os.rmdir(folder)

        return f"sqlite:///{path}", drop
    import psycopg

    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'motietracker'}_bench_sync_{os.getpid()}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return urlunsplit(parts._replace(path=f"/{name}")), drop


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class Probe:
    """Stands in for the command's stderr: at each progress line, notes time, queries and memory."""

    def __init__(self, counter: list[int]) -> None:
        self.counter = counter
        self.pages: list[dict] = []
        self.last_queries = 0

    def write(self, text: str) -> None:
        for line in text.splitlines():
            if line.startswith("motions page "):
                queries = self.counter[0] - self.last_queries
                self.last_queries = self.counter[0]
                self.pages.append({"at": time.perf_counter(), "queries": queries, "rss_mb": rss_mb(), "line": line})

    def flush(self) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--motions", type=int, default=10_000)
    parser.add_argument("--page-size", type=int, default=250, help="the real API sends 250 rows a page")
    parser.add_argument("--profile", type=int, metavar="N", default=0, help="print the N functions with the most own time (cProfile)")
    args = parser.parse_args()

    ctx = multiprocessing.get_context("fork")  # before Django: the server process carries none of it
    ours, theirs = ctx.Pipe()
    server = ctx.Process(target=serve, args=(theirs, args.motions, args.page_size), daemon=True)
    server.start()
    base_url = ours.recv()

    database_url, drop_database = make_database()
    try:
        os.environ.update(DATABASE_URL=database_url, DEBUG="0", DB_CONN_MAX_AGE="0", LOG_LEVEL="WARNING")
        os.environ.setdefault("SECRET_KEY", "benchmark-only-key-benchmark-only-key-0123456789")
        os.environ["DJANGO_SETTINGS_MODULE"] = "tracker.settings"
        import django

        django.setup()
        from io import StringIO

        from django.core.management import call_command
        from django.db import connection

        from motions.models import Motion, Sponsorship, Vote

        call_command("migrate", verbosity=0)
        counter = [0]

        def count(execute, sql, params, many, context):
            counter[0] += 1
            return execute(sql, params, many, context)

        probe = Probe(counter)
        out = StringIO()
        profiler = None
        if args.profile:
            import cProfile

            profiler = cProfile.Profile()
        with connection.execute_wrapper(count):
            started, cpu_started = time.perf_counter(), time.process_time()
            if profiler:
                profiler.enable()
            call_command("sync_opendata", "--entity", "motions", "--base-url", base_url, stdout=out, stderr=probe)
            if profiler:
                profiler.disable()
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        if profiler:
            import pstats

            pstats.Stats(profiler).sort_stats("tottime").print_stats(args.profile)
        counts = json.loads(out.getvalue().strip().splitlines()[-1])
        motions = Motion.objects.count()
        assert motions == args.motions, (motions, counts)
        submitters, votes = Sponsorship.objects.count(), Vote.objects.count()
        vendor = connection.vendor
        connection.close()

        ours.send("requests")
        urls = ours.recv()
        ours.send("touch")
        ours.recv()
        import httpx

        with httpx.Client(timeout=60) as client:
            started = time.perf_counter()
            rows = 0
            for url in urls:
                rows += len(json.loads(client.get(url).content)["value"])
            baseline = time.perf_counter() - started
    finally:
        try:
            from django.db import connections

            connections.close_all()
        except Exception:
            pass
        drop_database()
        ours.send("stop")
        server.join(timeout=10)

    pages = [p for p in probe.pages]
    full = [p["queries"] for p in pages if " 0 rows" not in p["line"]]
    rss = {n: round(pages[n - 1]["rss_mb"], 1) for n in (10, 40) if len(pages) >= n}
    result = {
        "database": vendor,
        "motions": motions,
        "submitters": submitters,
        "votes": votes,
        "pages": len(pages),
        "seconds": round(elapsed, 2),
        "motions_per_second": round(motions / elapsed, 1),
        "cpu_seconds": round(cpu, 2),  # of this process only: the mapping and the client, not PostgreSQL or the fake
        "load_average": round(os.getloadavg()[0], 2),
        "queries_per_page_max": max(full[1:] or full),
        "queries_per_page_first": full[0],
        "queries_per_page_median": sorted(full)[len(full) // 2],
        "rss_mb_after_page_10": rss.get(10),
        "rss_mb_after_page_40": rss.get(40),
        "rss_mb_after_last_page": round(pages[-1]["rss_mb"], 1) if pages else None,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "baseline_seconds": round(baseline, 2),
        "baseline_rows": rows,
        "ratio_to_baseline": round(elapsed / baseline, 2),
    }
    print(f"sync_opendata on {vendor}: {motions} motions ({submitters} submitters, {votes} votes) in {elapsed:.1f} s = {result['motions_per_second']} motions/s")
    print(f"  of which {cpu:.1f} s CPU in this process (load average {result['load_average']} on {os.cpu_count()} CPUs)")
    print(f"pages: {len(pages)} of {args.page_size}; queries per page: median {result['queries_per_page_median']}, max {result['queries_per_page_max']} (first page {full[0]}, with the run's setup)")
    print(f"memory (RSS of this process): {rss.get(10)} MB after page 10, {rss.get(40)} MB after page 40, {result['rss_mb_after_last_page']} MB after the last ({len(pages)}), peak {result['peak_rss_mb']} MB")
    print(f"baseline (httpx GET + json.loads of the same {len(urls)} pages, {rows} rows): {baseline:.1f} s; the sync takes {result['ratio_to_baseline']}x that")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
