"""Past the deadline is not simply "over de termijn": a motion a letter answered before its deadline,
or one that is partly done, is shown for what it is — in the lists, the counts, the page and the API."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from letters.ingest import ingest_letter
from motions.models import Motion
from motions.services import record_status

from .test_load_demo import SEED_MOTIONS

SEED_LETTER = __import__("pathlib").Path(__file__).resolve().parents[2] / "letters" / "fixtures" / "seed-letter-china-strategie.txt"
TODAY = dt.date(2026, 1, 15)  # after every demo deadline


@pytest.fixture
def answered_early(demo):
    """The seed letter, dated before the deadline (14 July 2025) of the April 2025 motions."""
    return ingest_letter(SEED_LETTER, title="Kabinetsreactie", date=dt.date(2025, 6, 30))


def overdue_keys(today=TODAY) -> set[str]:
    return set(Motion.objects.overdue(today).values_list("kamerstuk__key", flat=True))


def test_without_letters_every_open_demo_motion_is_overdue(demo):
    assert overdue_keys() == set(SEED_MOTIONS)


def test_a_motion_answered_before_its_deadline_is_not_overdue(answered_early):
    assert "35207-83" not in overdue_keys()
    # 36600-V-31 had its deadline (24 February 2025) long before this letter: still overdue.
    assert "36600-V-31" in overdue_keys()


def test_a_letter_after_the_deadline_does_not_excuse_it(demo):
    ingest_letter(SEED_LETTER, title="Kabinetsreactie", date=dt.date(2025, 10, 3))
    assert "35207-83" in overdue_keys()


def test_partly_done_is_not_overdue(demo, bz_staff):
    record_status(Motion.objects.by_key("35207-84").get(), to="deels_afgedaan", by=bz_staff, reason="Deel gedaan")
    assert "35207-84" not in overdue_keys()


def test_the_page_says_it_was_answered_in_time(answered_early, client):
    page = client.get("/moties/35207-83/").content.decode()
    assert "Over de termijn" not in page
    assert "Binnen de termijn beantwoord" in page
    assert "Over de termijn" in client.get("/moties/36600-V-31/").content.decode()


def test_the_page_says_it_is_partly_done(demo, bz_staff, client):
    record_status(Motion.objects.by_key("35207-84").get(), to="deels_afgedaan", by=bz_staff, reason="Deel gedaan")
    page = client.get("/moties/35207-84/").content.decode()
    assert "Over de termijn" not in page
    assert "Deels afgedaan; de termijn voor de rest liep af" in page


def test_the_list_counts_and_api_agree(answered_early, client):
    api = APIClient()
    rows = {m["key"]: m["overdue"] for m in api.get("/api/v1/motions/?limit=50").json()["results"]}
    assert rows["35207-83"] is False and rows["36600-V-31"] is True
    assert api.get("/api/v1/motions/35207-83/").json()["overdue"] is False
    listed = {m["key"] for m in api.get("/api/v1/motions/?overdue=true&limit=50").json()["results"]}
    assert "35207-83" not in listed and "36600-V-31" in listed
    page = client.get("/moties/?overdue=true").content.decode()
    assert "/moties/35207-83/" not in page and "/moties/36600-V-31/" in page
