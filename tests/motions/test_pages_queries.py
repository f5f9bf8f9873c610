"""Every page runs a bounded number of queries, and the number does not grow with the data:
lists prefetch what they show, and facet counts are a few GROUP BY queries, never one per row."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from letters.ingest import ingest_letter
from motions.models import Dossier, Kamerstuk, Member, Ministry, Motion, Party, Sponsorship, StatusChange, Vote

from ..letters.documents import SEED_LETTER

# Cold cache: the facet and status counts are computed, as for the first visitor after a change.
PAGES = {
    "/": 5,  # status counts and overdue ids (cached), their rows, events, data version
    "/moties/": 11,  # count, page ids, rows, submitters, data version, 1 aggregate + 5 GROUP BY facets
    "/moties/?page=2": 11,
    "/moties/?q=Taiwan": 12,  # + the snippets (PostgreSQL)
    "/moties/?q=Taiwan&outcome=aangenomen&party=d66&status=open&sort=deadline": 14,  # + one aggregate per chosen choice facet
    "/moties/35207-83/": 8,  # first read: the stored row, the page rendered (6), kept in the row
    "/dossiers/35207/": 8,
    "/leden/jm-paternotte/": 7,
    "/fracties/d66/": 8,
    "/ministeries/buitenlandse-zaken/": 8,
    "/brieven/": 3,
    "/brieven/{letter}/": 2,
    "/brieven/{letter}/bestand/": 1,
    "/toezeggingen/{commitment}/": 3,
    "/over/": 0,
}


def queries(client, url: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def add_motions(n: int) -> None:
    """n more adopted motions about Taiwan in dossier 35207, each with three submitters from
    different parties, a vote per party and a status change: every list page gets longer."""
    dossier = Dossier.objects.get(number=35207, toevoeging="")
    members = list(Member.objects.select_related("party").filter(party__isnull=False)[:6])
    parties = list(Party.objects.all()[:8])
    ministry = Ministry.objects.get(abbreviation="BZ")
    for i in range(n):
        kamerstuk = Kamerstuk.objects.create(dossier=dossier, number=str(500 + i), kind="motie", vergaderjaar="2024-2025")
        motion = Motion.objects.create(
            kamerstuk=kamerstuk,
            title=f"Motie {i} over Taiwan en sancties",
            text="verzoekt de regering Taiwan te steunen",
            submitted_on=dt.date(2025, 1, 1) + dt.timedelta(days=i),
            vote_date=dt.date(2025, 2, 1),
            outcome="aangenomen",
            status="open",
            deadline=dt.date(2025, 5, 1) + dt.timedelta(days=i),
            ministry=ministry,
        )
        for order, member in enumerate(members[i % 3 : i % 3 + 3]):
            Sponsorship.objects.create(motion=motion, member=member, party=member.party, order=order, role="indiener" if order == 0 else "medeindiener")
        for party in parties:
            Vote.objects.create(motion=motion, party=party, choice="voor" if party.pk % 2 else "tegen", seats=5)
        StatusChange.objects.create(motion=motion, old_status="", new_status="open", reason="Aangenomen")


def commitment(letter) -> int:
    return letter.citations.filter(target="commitment").values_list("commitment_id", flat=True).first()


@pytest.fixture
def letter(demo):
    return ingest_letter(SEED_LETTER, title="Kabinetsreactie")


def test_every_page_stays_within_its_query_budget(client, letter, django_assert_max_num_queries):
    for path, budget in PAGES.items():
        url = path.format(letter=letter.pk, commitment=commitment(letter))
        cache.clear()
        with django_assert_max_num_queries(budget):
            assert client.get(url).status_code == 200, url


def test_a_stored_motion_page_is_one_query(client, letter):
    first = client.get("/moties/35207-83/").content.decode()
    assert queries(client, "/moties/35207-83/") == 1  # the page from the read model's row
    again = client.get("/moties/35207-83/").content.decode()
    assert again.replace(csrf(again), "") == first.replace(csrf(first), "")


def csrf(html: str) -> str:
    return html.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]


def test_the_number_of_queries_does_not_grow_with_more_motions(client, letter):
    from motions.models import ReadRow

    def cold(url: str) -> int:
        ReadRow.objects.update(page_nl="", page_en="")  # the motion page rendered, not read from its row
        return queries(client, url)

    urls = [path.format(letter=letter.pk, commitment=commitment(letter)) for path in PAGES]
    before = {url: cold(url) for url in urls}
    add_motions(45)  # more than two pages
    after = {url: cold(url) for url in urls}
    assert after == before
    assert Motion.objects.count() > 50


def test_warm_pages_reuse_the_cached_counts_until_the_data_change(client, letter):
    cold = queries(client, "/moties/?q=Taiwan")
    with CaptureQueriesContext(connection) as ctx:
        client.get("/moties/?q=Taiwan")
    assert len(ctx.captured_queries) <= cold - 5  # the facet queries are skipped
    add_motions(1)
    with CaptureQueriesContext(connection) as ctx:
        body = client.get("/moties/?q=Taiwan").content.decode()
    assert len(ctx.captured_queries) == cold  # the data changed: counted again
    assert "Motie 0 over Taiwan" in body
