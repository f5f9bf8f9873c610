"""The letter harvest end to end (letters/second) with 2 Celery worker processes, beside the least machinery.

    python bench/bench_harvest.py [--letters 300] [--sample 40]

A throwaway PostgreSQL database (``<name>_bench_harvest`` next to DATABASE_URL's, else
motietracker_bench_harvest), Redis database 9 (``BENCH_REDIS_URL``) as broker, and the local fake
SyncFeed (tests/letters/harvest_support.py) serving the twelve seed motions and ``--letters`` PDF
letters: the seed letter (China strategy: 3 pages, 30 citations, footnotes) made with reportlab,
each with a paragraph of its own so no two files are equal.

1. The sync mirrors everything (the harvest hook is disconnected, so nothing is harvested yet).
2. ``harvest_letters``' backfill writes the rows; a worker with ``-c 2`` (prefork) starts; every
   harvest is queued and the clock runs until none is queued or running: download from the fake,
   checks, extraction, citations, links, answer reading and saving, all in the workers.
3. On a sample, in this process: the same work split in phases (download, extraction, the rest),
   reading the same files from memory and ``pdftotext`` (poppler-utils) on them as least machinery.

Prints one JSON object; docs/PERFORMANCE.md keeps the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def database_url() -> str:
    url = os.environ.get("DATABASE_URL", "").strip() or "postgres://postgres@127.0.0.1:5432/motietracker"
    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'motietracker'}_bench_harvest"
    return urlunsplit(parts._replace(path=f"/{name}"))


def recreate(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    name = parts.path.lstrip("/")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


def make_letters(n: int) -> list[bytes]:
    from tests.letters.documents import make_pdf, seed_letter_paragraphs

    paragraphs, footnotes = seed_letter_paragraphs()
    return [make_pdf(list(paragraphs) + [f"Deze brief heeft volgnummer {i} in de meting."], footnotes=footnotes) for i in range(n)]


def median_ms(values: list[float]) -> float:
    return round(statistics.median(values) * 1000, 1) if values else 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--letters", type=int, default=300)
    parser.add_argument("--sample", type=int, default=40)
    parser.add_argument("--concurrency", type=int, default=2)
    args = parser.parse_args()

    url = database_url()
    recreate(url)
    media = Path(tempfile.mkdtemp(prefix="bench_harvest_"))
    env = {
        **os.environ, "DATABASE_URL": url, "CELERY_BROKER_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9"),
        "MEDIA_ROOT": str(media), "DEBUG": "0", "SECRET_KEY": "benchmark-only-key-benchmark-only-key-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1,localhost", "LOG_LEVEL": "WARNING", "DJANGO_SETTINGS_MODULE": "tracker.settings",
        "LETTER_HARVEST_BACKOFF": "0.2",
    }
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    subprocess.run(["redis-cli", "-u", env["CELERY_BROKER_URL"], "FLUSHDB"], check=True, capture_output=True)

    from letters.extract import extract_bytes
    from letters.harvest import fetch_file, harvest_summary
    from letters.reading.letter import find_citations, suggest_answers
    from letters.management.commands.harvest_letters import Command
    from letters.models import Harvest, Letter
    from letters.receivers import queue_changed_letters
    from motions.demo import ensure_ministries
    from motions.signals import mirror_page_stored
    from tests.fake_syncfeed import load_seed
    from tests.letters.harvest_support import LetterFeed, add_letter
    from tests.motions.sync_support import run

    ensure_ministries()
    began = time.perf_counter()
    files = make_letters(args.letters)
    made = time.perf_counter() - began
    worker = None
    try:
        with LetterFeed(page_size=250) as fake:
            load_seed(fake)
            for i, body in enumerate(files):
                add_letter(fake, body, nummer=f"2025D{10000 + i:05d}", volgnummer=1000 + i, dossier=21501, toevoeging="20",
                           onderwerp="Verslag van de Raad Buitenlandse Zaken en de China-strategie")
            mirror_page_stored.disconnect(queue_changed_letters)
            t = time.perf_counter()
            run(fake)
            sync_seconds = time.perf_counter() - t
            mirror_page_stored.connect(queue_changed_letters)
            ids = Command().queue_backfill(None, None)

            worker = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "tracker", "worker", "-c", str(args.concurrency), "--pool", "prefork", "-Q", "celery,harvest", "-l", "WARNING", "--without-heartbeat", "--without-gossip", "--without-mingle"],
                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=open(media / "worker.log", "w"),
            )
            time.sleep(6)  # the worker and its two processes start (Django setup in each)
            from letters.harvest import queue_harvest

            t0 = time.perf_counter()
            for harvest_id in ids:
                queue_harvest(harvest_id)
            while Harvest.objects.waiting().exists():
                time.sleep(0.1)
            wall = time.perf_counter() - t0
            summary = harvest_summary(failures=5)
            worker.send_signal(signal.SIGTERM)
            worker.wait(timeout=60)
            worker = None

            # Phases on a sample, one process.
            sample = list(Letter.objects.filter(document_id__isnull=False).order_by("pk")[: args.sample])
            download, extract, reading, pdftotext_s, process = [], [], [], [], []
            import httpx

            from letters.ingest import process_letter

            with httpx.Client(timeout=30) as client:
                for letter in sample:
                    u = f"{fake.base_url}Resources/{letter.document_id}"
                    t = time.perf_counter()
                    data = fetch_file(u, expected_length=letter.size, client=client)
                    download.append(time.perf_counter() - t)
                    t = time.perf_counter()
                    extracted = extract_bytes(data, "brief.pdf")
                    extract.append(time.perf_counter() - t)
                    t = time.perf_counter()
                    suggest_answers(extracted, find_citations(extracted), None)
                    reading.append(time.perf_counter() - t)
                    path = media / "one.pdf"
                    path.write_bytes(data)
                    t = time.perf_counter()
                    subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True)
                    pdftotext_s.append(time.perf_counter() - t)
                    t = time.perf_counter()
                    process_letter(letter.pk, force=True)  # read the stored file, extract, link, answer, save
                    process.append(time.perf_counter() - t)
            # The whole harvest of one letter in this process (mirror reads, download, read, link, save).
            from letters.harvest import harvest_letter

            extra = make_letters(args.sample + args.letters)[args.letters:]
            for i, body in enumerate(extra):
                add_letter(fake, body, nummer=f"2025D{20000 + i:05d}", volgnummer=3000 + i, dossier=21501, toevoeging="20",
                           onderwerp="Verslag van de Raad Buitenlandse Zaken en de China-strategie")
            mirror_page_stored.disconnect(queue_changed_letters)
            run(fake)
            mirror_page_stored.connect(queue_changed_letters)
            whole = []
            for harvest_id in Command().queue_backfill(None, None):
                t = time.perf_counter()
                harvest_letter(harvest_id)
                whole.append(time.perf_counter() - t)
            t = time.perf_counter()
            for body in files[: args.sample]:
                bytes(body)
            read_mem = (time.perf_counter() - t) / max(1, len(files[: args.sample]))
            citations = Letter.objects.filter(document_id__isnull=False).first().citations.count()
    finally:
        if worker is not None and worker.poll() is None:
            worker.kill()
        from django.db import connections

        connections.close_all()
        drop(url)
    result = {
        "letters": args.letters, "concurrency": args.concurrency, "pdf_bytes_median": int(statistics.median(len(f) for f in files)),
        "citations_per_letter": citations, "generate_pdfs_seconds": round(made, 1), "sync_seconds": round(sync_seconds, 2),
        "harvest_seconds": round(wall, 2), "letters_per_second": round(args.letters / wall, 1),
        "states": summary["counts"], "hours_for_70000": round(70_000 / (args.letters / wall) / 3600, 2),
        "per_letter_ms_one_process": {
            "download": median_ms(download), "extract_pypdf": median_ms(extract), "citations_and_answers": median_ms(reading),
            "harvest_letter_total": median_ms(whole), "process_letter_total": median_ms(process), "link_and_save": round(median_ms(process) - median_ms(extract) - median_ms(reading), 1),
            "pdftotext": median_ms(pdftotext_s), "read_bytes": round(read_mem * 1000, 4),
        },
        "rate_limit_per_worker": os.environ.get("LETTER_HARVEST_RATE_LIMIT", "20/s"),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
