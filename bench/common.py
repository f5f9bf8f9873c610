"""Shared helpers for the benchmark scripts: Django setup on a chosen database, timing, reporting.

Every figure is printed beside the same work done with the least machinery (raw SQL through
psycopg, reading a file), so the overhead is a ratio, not a guess.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH_DB = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/motietracker_bench")


def create_database(database_url: str) -> None:
    """Create the PostgreSQL database of ``database_url`` when it does not exist yet (first run)."""
    import psycopg

    if not database_url.startswith(("postgres://", "postgresql://")):
        return
    base, name = database_url.rsplit("/", 1)
    name = name.split("?", 1)[0]
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def setup_django(database_url: str = BENCH_DB) -> None:
    """Django on ``database_url`` (created when missing; ``ensure_data`` migrates and fills it)."""
    create_database(database_url)
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-key-benchmark-only-key-0123456789")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("API_ANON_RATE", "1000000/minute")
    os.environ["DJANGO_SETTINGS_MODULE"] = "tracker.settings"
    import django

    django.setup()


def ensure_data(motions: int = 100_000, letters: int = 20_000, seed: int = 1) -> None:
    """Migrate, collect the static files and, when the database holds fewer motions than asked, generate them."""
    from django.core.management import call_command

    from motions.models import Motion

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # pages need the manifest with DEBUG off
    if Motion.objects.count() < motions:
        call_command("generate_data", motions=motions - Motion.objects.count(), letters=letters, seed=seed)
    from motions.models import ReadRow

    if ReadRow.objects.filter(kind="motion").count() < Motion.objects.count():
        call_command("rebuild_read_model")  # the generator's bulk load writes no events


def timed(fn: Callable[[], object], *, repeat: int = 50, warmup: int = 5) -> list[float]:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def p(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def summary(samples: list[float]) -> dict[str, float]:
    return {"p50_ms": round(p(samples, 0.5), 2), "p95_ms": round(p(samples, 0.95), 2), "mean_ms": round(statistics.fmean(samples), 2)}


def raw_sql_timer(sql: str, params: tuple = ()) -> Callable[[], object]:
    """The least machinery: the same SQL straight through psycopg, rows fetched, nothing else."""
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    conn = psycopg.connect(host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"], dbname=db["NAME"], password=db.get("PASSWORD") or None)

    def run(args: tuple | None = None) -> object:
        with conn.cursor() as cursor:
            cursor.execute(sql, params if args is None else args)
            return cursor.fetchall()

    return run


def replay_timer(sql: list[str]) -> Callable[[], object]:
    """Replay exactly the statements a request ran through a bare psycopg connection (no ORM,
    no templates, no HTTP): the least machinery that returns the same rows."""
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    conn = psycopg.connect(
        host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"], dbname=db["NAME"],
        password=db.get("PASSWORD") or None, autocommit=True, prepare_threshold=None,
    )

    def run() -> object:
        for statement in sql:
            conn.execute(statement).fetchall()
        return None

    return run


def row(name: str, stats: dict, baseline: dict | None = None, queries: int | None = None, target: str = "") -> str:
    text = f"{name:<38} p50 {stats['p50_ms']:>8.2f} ms  p95 {stats['p95_ms']:>8.2f} ms"
    if queries is not None:
        text += f"  {queries:>3} queries"
    if baseline:
        ratio = stats["p50_ms"] / baseline["p50_ms"] if baseline["p50_ms"] else float("inf")
        text += f"  | raw SQL p50 {baseline['p50_ms']:>7.2f} ms  ratio {ratio:5.1f}x"
    if target:
        text += f"  [{target}]"
    return text
