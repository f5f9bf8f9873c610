"""Web pages at full scale: list, search, facets, motion page — p50/p95 and queries per request.

    BENCH_DATABASE_URL=postgres://…/motietracker_bench python bench/bench_web.py

Each page is printed beside its own SQL replayed through psycopg (the least machinery), so the
cost of the ORM, templates and middleware is a ratio. Fills the database with generate_data (100,000 motions) when it holds fewer.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import ensure_data, replay_timer, row, setup_django, summary, timed  # noqa: E402


def main() -> list[str]:
    setup_django()
    ensure_data()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from motions.models import Motion

    client = Client()
    key = Motion.objects.adopted().order_by("-id").values_list("kamerstuk__key", flat=True).first()
    pages = [
        ("web: home", "/", "-"),
        ("web: motion list", "/moties/", "p50 list"),
        ("web: search 'stikstofaanpak'", "/moties/?q=stikstofaanpak", "p50 search"),
        ("web: search + 2 facets", "/moties/?q=energierekening&status=afgedaan&outcome=aangenomen", "p50 search"),
        ("web: motion page", f"/moties/{key}/", "≤ 60 ms"),
    ]
    lines = []
    for name, url, target in pages:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        sql = [q["sql"] for q in ctx.captured_queries]
        stats = summary(timed(lambda: client.get(url), repeat=30, warmup=3))
        baseline = summary(timed(replay_timer(sql), repeat=30, warmup=3))
        lines.append(row(name, stats, baseline, queries=len(sql), target=target))
    return lines


if __name__ == "__main__":
    for line in main():
        print(line)
