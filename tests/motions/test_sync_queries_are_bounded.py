"""A page costs a fixed number of queries whatever its size and category: no query per entity.

The raw mirror reads a page's current rows in one query and writes them in one statement (SQLite's driver
splits an INSERT into batches of 999 parameters, so its bound is higher); the projection follows the
references of all the page's records at once, level by level.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motions.models import Motion
from tests.fake_syncfeed import FakeSyncFeed, motion_feed, toezegging

from .sync_support import run

pytestmark = pytest.mark.django_db


def bound() -> int:
    # PostgreSQL: 60, and 10 for keeping the read model of the page's motions and commitments in the
    # page's transaction (api.readmodel: one batch build and its upsert, whatever the page's size).
    return 70 if connection.vendor == "postgresql" else 80


def per_page_queries(fake: FakeSyncFeed, **options) -> list[tuple[str, int, int]]:
    per_page: list[tuple[str, int, int]] = []
    with CaptureQueriesContext(connection) as ctx:
        start = [0]

        def count(report):
            per_page.append((report.category, report.entities, len(ctx.captured_queries) - start[0]))
            start[0] = len(ctx.captured_queries)

        run(fake, on_page=count, **options)
    return per_page


@pytest.mark.parametrize("page_size", [50, 250])
def test_every_page_of_a_first_mirror_stays_within_the_bound(page_size):
    with FakeSyncFeed(page_size=page_size) as fake:
        feed = motion_feed(300, seed=4, roll_call_every=10)
        fake.add_many(feed.items())
        for i in range(page_size):
            fake.add("Toezegging", toezegging(nummer=f"TZ2025{i:05d}", tekst=f"Toezegging {i}"))
        pages = per_page_queries(fake)
    assert Motion.objects.count() == 300
    full = [q for _, n, q in pages if n == page_size]
    assert {c for c, n, _ in pages if n == page_size} >= {"ZaakActor", "Document", "Stemming", "Zaak", "Toezegging"}
    assert max(q for _, _, q in pages[1:]) <= bound(), pages
    assert pages[0][2] <= bound() + 15  # and, once per run, taking the lease and reading the cursor
    assert full


@pytest.mark.parametrize("page_size", [50, 250])
def test_a_page_of_changed_votes_stays_within_the_bound(page_size):
    with FakeSyncFeed(page_size=page_size) as fake:
        feed = motion_feed(page_size, seed=5)
        fake.add_many(feed.items())
        run(fake)
        for entry in fake.entries("Stemming")[:page_size]:
            soort = "Tegen" if "<soort>Voor</soort>" in entry.xml else "Voor"
            fake.revise(entry.guid, soort=soort)
        pages = per_page_queries(fake, categories=["Stemming"])
    (changed,) = [q for c, n, q in pages if n == page_size]
    assert changed <= bound()
