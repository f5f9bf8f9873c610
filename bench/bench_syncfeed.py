"""Benchmark: a first full mirror of a generated SyncFeed of a decade's shape, from the local fake.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mt_bench .venv/bin/python bench/bench_syncfeed.py [--motions 32000]

The fake SyncFeed (``tests.fake_syncfeed.decade_feed``: per motion a Zaak, two ZaakActors, a Document and
its DocumentVersie, a Besluit on an Agendapunt, one Stemming per party (every 25th by roll call, one per
member), a government letter with a DocumentActor; dossiers, activities, parties and members) runs in a
separate process, so its CPU and memory are not counted here; it renders entities when a page asks for
them. ``--motions 32000`` is about 1,000,000 entities.

The sync runs in this process through the real path (``motions.opendata.sync.sync``: streaming client,
raw mirror, projection, one transaction per page). It never touches your data: on PostgreSQL it creates a
database of its own (``<name>_syncfeed_<pid>``) and drops it afterwards (``--keep`` keeps it); with SQLite
(DATABASE_URL unset) a temporary file.

Measured:
- entities/s into the raw mirror: the categories before Zaak (their projection finds no Zaak yet, so this
  is the mirror, the reference index and the lookups of the projection);
- motions/s through the projection: the Zaak pages (each builds its motions from the mirror: papers,
  submitters, decisions, votes, events), and ``reproject`` of every motion from the mirror alone;
- resident memory after pages 10, 100, 1000 … and the peak (flat: pages are streamed);
- queries per page (median, max);
- the least machinery: the same pages fetched with httpx and parsed by lxml alone, entities/s, and the ratio;
- an estimate of a first full mirror of the real feed (~26.7 million entries) at the measured rate.
The last line is the same as JSON.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
REAL_FEED_ENTRIES = 26_700_000


def serve(conn, motions: int, page_size: int) -> None:
    from tests.fake_syncfeed import FakeSyncFeed, decade_feed

    with FakeSyncFeed(page_size=page_size) as fake:
        counts = decade_feed(fake, motions)
        conn.send((fake.base_url, counts))
        conn.recv()  # until told to stop


def make_database(keep: bool) -> tuple[str, callable]:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url or url.startswith("sqlite"):
        folder = tempfile.mkdtemp(prefix="bench_syncfeed_")
        path = Path(folder) / "bench.sqlite3"

        def drop() -> None:
            for p in Path(folder).glob("*"):
                p.unlink()
            os.rmdir(folder)

        return f"sqlite:///{path}", drop
    import psycopg

    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'motietracker'}_syncfeed_{os.getpid()}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        if keep:
            print(f"kept database {name}", file=sys.stderr)
            return
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return urlunsplit(parts._replace(path=f"/{name}")), drop


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def lxml_alone(base_url: str, categories: list[str]) -> tuple[int, float, float]:
    """The same pages fetched with httpx and parsed with lxml's iterparse, nothing else: (entities,
    seconds fetching and parsing, seconds parsing alone)."""
    import io

    import httpx
    from lxml import etree

    atom = "{http://www.w3.org/2005/Atom}"
    entities, started, parsing = 0, time.perf_counter(), 0.0
    with httpx.Client(timeout=120) as http:
        for category in categories:
            url = f"{base_url}Feed?category={category}"
            while url:
                body = http.get(url).content
                parse_started = time.perf_counter()
                found, next_url = 0, None
                for _, element in etree.iterparse(io.BytesIO(body), events=("end",), tag=(f"{atom}entry", f"{atom}link")):
                    if element.tag == f"{atom}entry":
                        found += 1
                        element.clear()
                    elif element.get("rel") == "next" and element.getparent().tag == f"{atom}feed":
                        next_url = element.get("href")
                parsing += time.perf_counter() - parse_started
                entities += found
                url = next_url if found else None
    return entities, time.perf_counter() - started, parsing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--motions", type=int, default=32_000, help="32,000 motions are about 1,000,000 entities")
    parser.add_argument("--page-size", type=int, default=250, help="the real feed sends 250 entries a page")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args()

    ctx = multiprocessing.get_context("fork")  # before Django: the server process carries none of it
    ours, theirs = ctx.Pipe()
    server = ctx.Process(target=serve, args=(theirs, args.motions, args.page_size), daemon=True)
    server.start()
    base_url, counts = ours.recv()
    total_entities = sum(counts.values())

    database_url, drop_database = make_database(args.keep)
    try:
        os.environ.update(DATABASE_URL=database_url, DEBUG="0", DB_CONN_MAX_AGE="0", LOG_LEVEL="WARNING", TK_SYNCFEED_PAUSE="0")
        os.environ.setdefault("SECRET_KEY", "benchmark-only-key-benchmark-only-key-0123456789")
        os.environ["DJANGO_SETTINGS_MODULE"] = "tracker.settings"
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from motions.models import FeedEntity, FeedReference, Motion, Vote
        from motions.opendata.feed import CATEGORIES, SyncFeedClient
        from motions.opendata.projection import reproject
        from motions.opendata import sync as sync_module
        from motions.opendata.sync import sync

        # Time the write side of each page (raw mirror + projection + cursor, one transaction) apart from
        # the fetch, which overlaps it and is bounded here by the fake rendering pages on the same cores.
        written = {"seconds": 0.0, "by_category": {}}
        write_page = sync_module._write_page

        def timed_write(category, page, **kwargs):
            t = time.perf_counter()
            try:
                return write_page(category, page, **kwargs)
            finally:
                spent = time.perf_counter() - t
                written["seconds"] += spent
                written["by_category"][category] = written["by_category"].get(category, 0.0) + spent

        sync_module._write_page = timed_write

        call_command("migrate", verbosity=0)
        queries = [0]

        def count(execute, sql, params, many, context):
            queries[0] += 1
            return execute(sql, params, many, context)

        pages: list[dict] = []
        last = {"q": 0, "at": time.perf_counter()}

        def on_page(report) -> None:
            now = time.perf_counter()
            pages.append({"category": report.category, "entities": report.entities, "queries": queries[0] - last["q"], "seconds": now - last["at"], "rss_mb": rss_mb()})
            last.update(q=queries[0], at=now)
            n = len(pages)
            if n in (1, 10, 100) or n % 500 == 0:
                print(f"page {n}: {report.category} {report.entities} entities, {pages[-1]['queries']} queries, {pages[-1]['rss_mb']:.0f} MB", file=sys.stderr, flush=True)

        before_categories = [c for c in CATEGORIES if c not in ("Zaak", "Toezegging")]
        started = time.perf_counter()
        with connection.execute_wrapper(count), SyncFeedClient(base_url, timeout=120) as client:
            last.update(at=time.perf_counter())
            sync(before_categories, client=client, on_page=on_page, placeholders=False)
            mirror_seconds = time.perf_counter() - started
            zaak_started = time.perf_counter()
            sync(["Zaak", "Toezegging"], client=client, on_page=on_page)
            zaak_seconds = time.perf_counter() - zaak_started
        elapsed = time.perf_counter() - started
        mirrored_before = sum(p["entities"] for p in pages if p["category"] in before_categories)
        motions = Motion.objects.count()
        votes = Vote.objects.count()
        assert motions == args.motions, (motions, args.motions)
        assert FeedEntity.objects.count() == total_entities, (FeedEntity.objects.count(), total_entities)
        references = FeedReference.objects.count()

        reproject_started = time.perf_counter()
        reproject(["Zaak"])
        reproject_seconds = time.perf_counter() - reproject_started

        full_pages = [p for p in pages if p["entities"] == args.page_size]
        per_page_queries = [p["queries"] for p in full_pages]
        rss_marks = {n: round(pages[n - 1]["rss_mb"], 1) for n in (10, 100, 1000, 2000, 3000, 4000) if n <= len(pages)}
        parsed, fetch_parse_seconds, parse_seconds = lxml_alone(base_url, list(counts))
        assert parsed == total_entities, (parsed, total_entities)
        rate = total_entities / elapsed
        write_before = sum(v for k, v in written["by_category"].items() if k in before_categories)
        write_rate = total_entities / written["seconds"]
        result = {
            "database": connection.vendor,
            "entities": total_entities,
            "pages": len(pages),
            "motions": motions,
            "votes": votes,
            "references": references,
            "seconds_total": round(elapsed, 1),
            "mirror_entities_per_second": round(mirrored_before / mirror_seconds),
            "mirror_write_entities_per_second": round(mirrored_before / write_before),
            "zaak_pages_motions_per_second": round(motions / zaak_seconds),
            "zaak_write_motions_per_second": round(motions / written["by_category"]["Zaak"]),
            "write_entities_per_second_all": round(write_rate),
            "reproject_motions_per_second": round(motions / reproject_seconds),
            "overall_entities_per_second": round(rate),
            "queries_per_page_median": statistics.median(per_page_queries) if per_page_queries else None,
            "queries_per_page_max": max(per_page_queries) if per_page_queries else None,
            "rss_mb_after_page": rss_marks,
            "rss_mb_peak": round(max(p["rss_mb"] for p in pages), 1),
            "fetch_and_lxml_entities_per_second": round(parsed / fetch_parse_seconds),
            "lxml_alone_entities_per_second": round(parsed / parse_seconds),
            "ratio_end_to_end_vs_fetch_and_lxml": round((parsed / fetch_parse_seconds) / rate, 1),
            "ratio_write_vs_lxml_alone": round((parsed / parse_seconds) / write_rate, 1),
            "estimate_real_feed_hours": round(REAL_FEED_ENTRIES / rate / 3600, 1),
            "estimate_real_feed_hours_write_side": round(REAL_FEED_ENTRIES / write_rate / 3600, 1),
        }
        print(
            f"{total_entities:,} entities ({motions:,} motions, {votes:,} votes) in {elapsed:.0f} s on {connection.vendor}: "
            f"mirror {result['mirror_entities_per_second']:,}/s end to end ({result['mirror_write_entities_per_second']:,}/s writing), "
            f"Zaak pages {result['zaak_pages_motions_per_second']:,} motions/s ({result['zaak_write_motions_per_second']:,}/s writing), "
            f"reproject {result['reproject_motions_per_second']:,} motions/s; queries/page median {result['queries_per_page_median']} max {result['queries_per_page_max']}; "
            f"RSS {rss_marks} peak {result['rss_mb_peak']} MB; fetch+lxml {result['fetch_and_lxml_entities_per_second']:,}/s, lxml alone {result['lxml_alone_entities_per_second']:,}/s; "
            f"26.7M entries ≈ {result['estimate_real_feed_hours']} h end to end, {result['estimate_real_feed_hours_write_side']} h on the write side"
        )
        print(json.dumps(result))
    finally:
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: BLE001 - Django may not be set up yet
            pass
        drop_database()
        ours.send("stop")
        server.join(timeout=5)


if __name__ == "__main__":
    main()
