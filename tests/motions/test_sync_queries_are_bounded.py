"""A page costs a fixed number of queries whatever its size: no query per row.

PostgreSQL writes each table of a page in one statement. SQLite's driver splits an INSERT into batches
of 999 parameters (a 250-motion page has 3,750 votes), so its bound is higher, but it is one bound for
a page of 50 rows and a page of 250: it does not grow with the rows.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motions.opendata.mapping import apply_zaken
from motions.opendata.sync import sync
from motions.opendata.toezeggingen import apply_toezeggingen
from tests.fake_odata import FakeOData, make_motions, make_toezegging

from .sync_support import client_for

pytestmark = pytest.mark.django_db


def bound() -> int:
    return 40 if connection.vendor == "postgresql" else 80


@pytest.mark.parametrize("size", [50, 250])
def test_a_page_of_new_motions_takes_the_same_bounded_number_of_queries(size, django_assert_max_num_queries):
    page = make_motions(size, seed=size)
    with django_assert_max_num_queries(bound()):
        stats = apply_zaken(page)
    assert stats.created == size


@pytest.mark.parametrize("size", [50, 250])
def test_a_page_of_changed_motions_takes_the_same_bounded_number_of_queries(size, django_assert_max_num_queries):
    page = make_motions(size, seed=size)
    apply_zaken(page)
    for zaak in page:
        zaak["Onderwerp"] += " (gewijzigd)"
        for besluit in zaak["Besluit"]:
            for stemming in besluit["Stemming"]:
                stemming["Soort"] = "Tegen" if stemming["Soort"] == "Voor" else "Voor"
    with django_assert_max_num_queries(bound()):
        stats = apply_zaken(page)
    assert stats.updated == size


@pytest.mark.parametrize("size", [50, 250])
def test_a_page_of_commitments_takes_the_same_bounded_number_of_queries(size, django_assert_max_num_queries, ministries):
    page = [make_toezegging(nummer=f"TZ2025{i:05d}", tekst=f"Toezegging {i}", toegezegd_aan="D.G. Boswijk" if i % 2 else "J.M. Paternotte", toegezegd_aan_fractie="CDA" if i % 2 else "D66") for i in range(size)]
    with django_assert_max_num_queries(bound() // 2):
        stats = apply_toezeggingen(page)
    assert stats.created == size


@pytest.mark.parametrize("page_size", [50, 250])
def test_every_page_of_a_sync_stays_within_the_bound(page_size):
    with FakeOData(page_size=page_size) as fake:
        fake.add("Zaak", make_motions(500, seed=4))
        fake.add("Kamerstukdossier", [])
        per_page: list[int] = []
        with CaptureQueriesContext(connection) as ctx, client_for(fake) as client:
            start = [0]

            def count(report):
                per_page.append(len(ctx.captured_queries) - start[0])
                start[0] = len(ctx.captured_queries)

            sync("motions", client=client, on_page=count)
    assert len(per_page) == 500 // page_size + 1  # and the empty page of deletions
    first, rest = per_page[0], per_page[1:]
    assert max(rest) <= bound() + 10  # the page's rows, plus its cursor, lease and change-feed rows
    assert first <= bound() + 25  # and, once per run, taking the lease and reading the cursor
