"""ETags and If-None-Match (304) on details and lists; Cache-Control by who asks."""

from __future__ import annotations

import pytest

from motions.models import Motion
from motions.services import record_status
from tests.api.conftest import auth

pytestmark = pytest.mark.django_db

DETAILS = [
    "/api/v1/motions/35207-83/",
    "/api/v1/commitments/{commitment}/",
    "/api/v1/dossiers/35207/",
    "/api/v1/kamerstukken/35207-83/",
    "/api/v1/letters/{letter}/",
    "/api/v1/members/jm-paternotte/",
    "/api/v1/parties/d66/",
    "/api/v1/ministries/buitenlandse-zaken/",
    "/api/v1/citations/{citation}/",
]
LISTS = [
    "/api/v1/motions/?status=open",
    "/api/v1/commitments/",
    "/api/v1/dossiers/",
    "/api/v1/kamerstukken/",
    "/api/v1/letters/",
    "/api/v1/members/",
    "/api/v1/parties/",
    "/api/v1/ministries/",
    "/api/v1/changes/",
]


def urls(letter, paths):
    from motions.models import Commitment

    return [p.format(commitment=Commitment.objects.get().pk, letter=letter.pk, citation=letter.citations.first().pk) for p in paths]


@pytest.mark.parametrize("which", ["details", "lists"])
def test_every_read_answers_304_to_its_own_etag(api, letter, which):
    for url in urls(letter, DETAILS if which == "details" else LISTS):
        first = api.get(url)
        assert first.status_code == 200 and first["ETag"].startswith('"'), url
        again = api.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304, url
        assert again.content == b"" and again["ETag"] == first["ETag"]
        assert again["Cache-Control"] == "public, max-age=30" or url.endswith("/changes/")
        assert api.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_a_status_change_changes_the_detail_and_list_etags(api, demo, bz_staff):
    detail = api.get("/api/v1/motions/35207-83/")
    listing = api.get("/api/v1/motions/")
    record_status(Motion.objects.by_key("35207-83").get(), to="in_uitvoering", by=bz_staff, reason="x")
    assert api.get("/api/v1/motions/35207-83/", HTTP_IF_NONE_MATCH=detail["ETag"]).status_code == 200
    assert api.get("/api/v1/motions/", HTTP_IF_NONE_MATCH=listing["ETag"]).status_code == 200


def test_a_new_response_changes_the_detail_etag(api, demo):
    from tests.api.conftest import SEED_LETTER
    from letters.ingest import ingest_letter

    before = api.get("/api/v1/motions/35207-83/")
    ingest_letter(SEED_LETTER)
    after = api.get("/api/v1/motions/35207-83/", HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200 and len(after.json()["responses"]) == 1


def test_the_list_etag_depends_on_the_query(api, demo):
    assert api.get("/api/v1/motions/?status=open")["ETag"] != api.get("/api/v1/motions/?status=afgedaan")["ETag"]


def test_the_304_for_a_list_costs_one_query(api, demo, django_assert_num_queries):
    etag = api.get("/api/v1/motions/")["ETag"]
    with django_assert_num_queries(1):
        assert api.get("/api/v1/motions/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_anonymous_reads_are_public_authenticated_ones_private(api, demo, bz_token):
    anonymous = api.get("/api/v1/motions/35207-83/")
    assert anonymous["Cache-Control"] == "public, max-age=30"
    assert "Authorization" in anonymous["Vary"]
    authenticated = api.get("/api/v1/motions/35207-83/", **auth(bz_token))
    assert authenticated["Cache-Control"] == "private, no-store"
    assert authenticated["ETag"] == anonymous["ETag"]


def test_errors_are_never_cached(api, demo):
    assert api.get("/api/v1/motions/35207-999/")["Cache-Control"] == "no-store"
    assert api.get("/api/v1/motions/?status=x")["Cache-Control"] == "no-store"


def test_weak_and_listed_etags_match_for_get(api, demo):
    etag = api.get("/api/v1/motions/35207-83/")["ETag"]
    assert api.get("/api/v1/motions/35207-83/", HTTP_IF_NONE_MATCH=f'"other", W/{etag}').status_code == 304
    assert api.get("/api/v1/motions/35207-83/", HTTP_IF_NONE_MATCH="*").status_code == 304
