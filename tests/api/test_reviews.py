"""POST /api/v1/citations/{id}/confirm/ and /reject/: staff review suggested responses by token;
confirming can record a status in the same step (then If-Match is required)."""

from __future__ import annotations

import pytest

from letters.models import Citation
from motions.models import Event, Motion
from tests.api.conftest import auth

pytestmark = pytest.mark.django_db


@pytest.fixture
def citation(letter) -> Citation:
    return Citation.objects.get(letter=letter, key="35207-83", target="motion")


def test_confirming_marks_it_and_emits_an_event(api, citation, bz_token):
    response = api.post(f"/api/v1/citations/{citation.pk}/confirm/", {}, format="json", **auth(bz_token))
    assert response.status_code == 200 and response.json()["review"] == "confirmed"
    citation.refresh_from_db()
    assert citation.review == "confirmed" and citation.reviewed_by.username == "bz"
    assert Event.objects.filter(kind="response_confirmed", citation_id=citation.pk).exists()
    assert api.get("/api/v1/motions/35207-83/").json()["responses"][0]["review"] == "confirmed"


def test_confirming_with_a_status_records_it_with_the_letter_as_source(api, citation, bz_token):
    url = f"/api/v1/citations/{citation.pk}/confirm/"
    assert api.post(url, {"status": "afgedaan"}, format="json", **auth(bz_token)).status_code == 428
    etag = api.get("/api/v1/motions/35207-83/")["ETag"]
    response = api.post(url, {"status": "afgedaan", "reason": "Gedaan volgens de brief"}, format="json", HTTP_IF_MATCH=etag, **auth(bz_token))
    assert response.status_code == 200, response.content
    motion = Motion.objects.by_key("35207-83").get()
    change = motion.status_changes.latest("id")
    assert motion.status == "afgedaan" and change.citation_id == citation.pk and change.reason == "Gedaan volgens de brief"
    assert api.post(url, {"status": "in_uitvoering", "reason": "x"}, format="json", HTTP_IF_MATCH=etag, **auth(bz_token)).status_code == 412


def test_rejecting_removes_it_from_the_motion(api, citation, bz_token):
    response = api.post(f"/api/v1/citations/{citation.pk}/reject/", **auth(bz_token))
    assert response.status_code == 200 and response.json()["review"] == "rejected"
    assert api.get("/api/v1/motions/35207-83/").json()["responses"] == []


def test_other_ministries_anonymous_and_unknown_citations_are_refused(api, citation, ezk_token):
    assert api.post(f"/api/v1/citations/{citation.pk}/confirm/", {}, format="json", **auth(ezk_token)).status_code == 403
    assert api.post(f"/api/v1/citations/{citation.pk}/reject/").status_code == 401
    assert api.post("/api/v1/citations/99999999/reject/", **auth(ezk_token)).status_code == 404
    citation.refresh_from_db()
    assert citation.review == "suggested"


def test_a_citation_of_a_paper_cannot_be_confirmed(api, letter, bz_token):
    paper = Citation.objects.filter(letter=letter, target="paper").first()
    response = api.post(f"/api/v1/citations/{paper.pk}/confirm/", {}, format="json", **auth(bz_token))
    assert response.status_code == 400 and response.json()["error"]["code"] == "not_a_response"
