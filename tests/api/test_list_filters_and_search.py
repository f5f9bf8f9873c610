"""Lists filter on what API clients ask for; a value that cannot mean anything is a 400 naming the field."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from motions.models import Commitment, Motion, Party
from motions.services import record_status

pytestmark = pytest.mark.django_db


def keys(api, query: str) -> set[str]:
    response = api.get("/api/v1/motions/?" + query)
    assert response.status_code == 200, response.json()
    return {row["key"] for row in response.json()["results"]}


def test_status_outcome_and_ministry(api, demo, bz_staff):
    record_status(Motion.objects.by_key("35207-84").get(), to="afgedaan", by=bz_staff, reason="klaar")
    assert keys(api, "status=afgedaan") == {"35207-84"}
    assert "35207-84" not in keys(api, "status=open") and len(keys(api, "status=open")) == 10
    assert keys(api, "status=open&status=afgedaan") == keys(api, "outcome=aangenomen")
    assert keys(api, "outcome=vervallen") == {"35207-88"}
    assert len(keys(api, "ministry=buitenlandse-zaken")) == 11
    assert keys(api, "ministry=economische-zaken") == set()


def test_dossier_toevoeging_and_vergaderjaar(api, demo):
    assert keys(api, "dossier=36600-V") == {"36600-V-31"}
    assert keys(api, "dossier=36600") == set()  # the dossier without toevoeging is another dossier
    assert keys(api, "toevoeging=v") == {"36600-V-31"}
    assert keys(api, "dossier=26150") == {"26150-227"}
    assert keys(api, "vergaderjaar=2024-2025") == set(Motion.objects.filter(kamerstuk__vergaderjaar="2024-2025").values_list("kamerstuk__key", flat=True))


def test_submitter_and_party(api, demo):
    assert keys(api, "submitter=i-kahraman") >= {"35207-92", "35207-93"}
    paternotte = keys(api, "submitter=jm-paternotte")
    assert "35207-83" in paternotte
    d66 = keys(api, "party=d66")
    assert paternotte <= d66
    assert keys(api, "submitter=nobody-at-all") == set()
    assert Party.objects.filter(slug="d66").exists()


def test_overdue_has_response_and_updated_since(api, letter):
    today = timezone.localdate()
    overdue = set(Motion.objects.overdue(today).values_list("kamerstuk__key", flat=True))
    assert overdue and keys(api, "overdue=true") == overdue
    assert keys(api, "overdue=false") == set(Motion.objects.values_list("kamerstuk__key", flat=True)) - overdue
    answered = keys(api, "has_response=true")
    assert "35207-83" in answered and keys(api, "has_response=false").isdisjoint(answered)
    later = (timezone.now() + dt.timedelta(days=1)).isoformat()
    assert keys(api, "updated_since=" + later.replace("+", "%2B")) == set()
    assert len(keys(api, "updated_since=2000-01-01")) == 12


def test_q_searches_title_and_text(api, demo):
    found = keys(api, "q=Tibetstrategie")
    assert "35207-84" in found
    assert keys(api, "q=sancties") == keys(api, "q=sanctie")
    assert keys(api, "q=woordendienietbestaan") == set()


@pytest.mark.parametrize(
    "query, field",
    [
        ("status=bijna", "status"),
        ("outcome=misschien", "outcome"),
        ("dossier=abc", "dossier"),
        ("vergaderjaar=2024", "vergaderjaar"),
        ("overdue=perhaps", "overdue"),
        ("has_response=2", "has_response"),
        ("updated_since=gisteren", "updated_since"),
        ("updated_since=2025-02-30", "updated_since"),
        ("submitter=a%20b", "submitter"),
        ("ordering=title", "ordering"),
        ("page_size=0", "page_size"),
        ("page_size=100000", "page_size"),
        ("cursor=%%%", "cursor"),
        ("q=" + "x" * 201, "q"),
        ("toevoeging=" + "V" * 11, "toevoeging"),
        ("q=a%00b", "q"),
    ],
)
def test_bad_values_are_400_with_the_field_named(api, demo, query, field):
    response = api.get("/api/v1/motions/?" + query)
    assert response.status_code == 400, (query, response.content)
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert field in error["fields"], error


def test_extreme_dates_are_bounds_not_errors(api, demo):
    assert len(keys(api, "updated_since=0001-01-01T00:00:00%2B01:00")) == 12
    assert keys(api, "updated_since=9999-12-31T23:59:59-01:00") == set()


def test_commitments_filter_too(api, demo):
    assert api.get("/api/v1/commitments/?ministry=economische-zaken").json()["results"][0]["id"] == Commitment.objects.get().pk
    assert api.get("/api/v1/commitments/?ministry=buitenlandse-zaken").json()["results"] == []
    assert api.get("/api/v1/commitments/?status=nope").status_code == 400
    assert api.get("/api/v1/kamerstukken/?kind=motie&dossier=35207").status_code == 200
    assert {r["key"] for r in api.get("/api/v1/kamerstukken/?kind=brief_regering&dossier=35207").json()["results"]} >= {"35207-81"}
    assert api.get("/api/v1/members/?party=d66").json()["results"][0]["party"]["slug"] == "d66"
