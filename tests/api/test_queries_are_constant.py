"""Lists and details cost the same number of queries whatever the page size or the amount of data."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from letters.models import Citation
from motions.models import Commitment, Dossier, Kamerstuk, Member, Motion, Sponsorship, StatusChange, Vote, Party
from motions.services import record_status

pytestmark = pytest.mark.django_db


def grow(n: int) -> None:
    """More motions with submitters, votes, history and responses: any per-row query would show."""
    dossier = Dossier.objects.create(number=99998, title="Extra")
    members = list(Member.objects.all()[:3])
    parties = list(Party.objects.all()[:3])
    letter_citation = Citation.objects.filter(target="motion").select_related("letter").first()
    for i in range(1, n + 1):
        paper = Kamerstuk.objects.create(dossier=dossier, number=str(i), kind="motie")
        motion = Motion.objects.create(kamerstuk=paper, title=f"Motie {i}", outcome="aangenomen", status="open")
        for order, member in enumerate(members):
            Sponsorship.objects.create(motion=motion, member=member, order=order, role="indiener" if order == 0 else "medeindiener")
        for party in parties:
            Vote.objects.create(motion=motion, party=party, choice="voor", seats=5)
        StatusChange.objects.create(motion=motion, new_status="open")
        Citation.objects.create(letter=letter_citation.letter, start=10_000 + i * 10, end=10_000 + i * 10 + 5, raw="x", kind="motie", target="motion", key=paper.key, kamerstuk=paper, review="suggested", excerpt="x")


def queries(api, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = api.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    return len(ctx.captured_queries)


LISTS = [
    "/api/v1/motions/?page_size={n}",
    "/api/v1/motions/?page_size={n}&status=open&party=d66&has_response=false&overdue=false&q=motie",
    "/api/v1/commitments/?page_size={n}",
    "/api/v1/kamerstukken/?page_size={n}",
    "/api/v1/letters/?page_size={n}",
    "/api/v1/members/?page_size={n}",
    "/api/v1/dossiers/?page_size={n}",
    "/api/v1/changes/?limit={n}",
]


def test_lists_use_the_same_queries_at_two_page_sizes_and_with_more_data(api, letter, bz_staff):
    for motion in Motion.objects.adopted()[:5]:
        record_status(motion, to="in_uitvoering", by=bz_staff, reason="x")
    small = {url: queries(api, url.format(n=2)) for url in LISTS}
    grow(25)
    large = {url: queries(api, url.format(n=40)) for url in LISTS}
    assert small == large
    assert small["/api/v1/motions/?page_size={n}"] == 3  # ETag fingerprint, page, submitters


def test_details_use_the_same_queries_whatever_they_hold(api, letter, bz_staff):
    motion = Motion.objects.by_key("35207-83").get()
    plain = queries(api, "/api/v1/motions/35207-84/")
    for to in ("in_uitvoering", "afgedaan"):
        record_status(motion, to=to, by=bz_staff, reason="x")
    busy = queries(api, "/api/v1/motions/35207-83/")
    assert plain == busy == 1  # the stored row (api.readmodel): body and ETag
    assert queries(api, f"/api/v1/letters/{letter.pk}/") == 2
    commitment = Commitment.objects.first()
    assert queries(api, f"/api/v1/commitments/{commitment.pk}/") == 1
    api.get("/api/v1/dossiers/35207/")  # a status change drops the dossier's row; this read builds it
    assert queries(api, "/api/v1/dossiers/35207/") == 1


def test_a_detail_without_a_stored_row_is_built_once_and_kept(api, letter):
    from motions.models import ReadRow

    ReadRow.objects.filter(kind="motion", key="35207-83").delete()
    first = queries(api, "/api/v1/motions/35207-83/")
    assert first > 1 and ReadRow.objects.filter(kind="motion", key="35207-83").exists()
    assert queries(api, "/api/v1/motions/35207-83/") == 1
    assert api.get("/api/v1/motions/35207-99999/").status_code == 404


def test_a_repeated_detail_read_costs_one_query_and_a_change_shows_at_once(api, letter, bz_staff, settings):
    settings.ALLOWED_HOSTS = ["testserver", "example.org"]
    first = api.get("/api/v1/motions/35207-83/")
    assert queries(api, "/api/v1/motions/35207-83/") == 1  # the stored row: body and ETag
    again = api.get("/api/v1/motions/35207-83/")
    assert again.json() == first.json() and again["ETag"] == first["ETag"]

    record_status(Motion.objects.by_key("35207-83").get(), to="in_uitvoering", by=bz_staff, reason="begonnen")
    changed = api.get("/api/v1/motions/35207-83/")
    assert changed["ETag"] != first["ETag"]
    assert changed.json()["status"] == "in_uitvoering" and changed.json()["history"][-1]["reason"] == "begonnen"
    # the stored body is written for any host: absolute links never point at another host's name: absolute links never point at another host's name
    other = api.get("/api/v1/motions/35207-83/", HTTP_HOST="example.org")
    assert other.json()["web_url"].startswith("http://example.org/")
