"""A client reads any motion by its key, in any spelling, with its responses and history."""

from __future__ import annotations

import pytest

from letters.models import Citation
from letters.review import reject_response
from motions.models import Motion
from motions.services import record_status

pytestmark = pytest.mark.django_db


def test_the_detail_has_every_field_the_issue_lists(api, letter, bz_staff):
    motion = Motion.objects.by_key("35207-83").get()
    record_status(motion, to="in_uitvoering", by=bz_staff, reason="Gestart")
    body = api.get("/api/v1/motions/35207-83/").json()

    assert body["key"] == "35207-83" and body["dossier"] == "35207" and body["number"] == "83"
    assert body["title"].startswith("Motie van het lid Paternotte") and body["text"].startswith("De Kamer,")
    assert body["outcome"] == "aangenomen" and body["kabinetsappreciatie"] == "oordeel_kamer"
    assert body["vote_date"] == "2025-04-15" and body["deadline"] == "2025-07-14"
    assert body["status"] == "in_uitvoering" and body["version"] == 2
    assert body["ministry"]["slug"] == "buitenlandse-zaken"
    first = body["submitters"][0]
    assert first == {**first, "name": "Paternotte", "party": "D66", "role": "indiener"}
    assert {s["role"] for s in body["submitters"][1:]} == {"medeindiener"}
    assert body["votes_for"] > body["votes_against"] > 0
    assert {v["choice"] for v in body["votes"]} <= {"voor", "tegen", "niet_deelgenomen"}
    assert sum(v["seats"] for v in body["votes"] if v["choice"] == "voor") == body["votes_for"]

    (response,) = body["responses"]
    assert response["letter"]["title"] == "Kabinetsreactie China-strategie" and response["date"] == "2025-10-03"
    assert "35 207, nr. 83" in response["excerpt"] and response["review"] == "suggested"
    assert isinstance(response["section"], str)

    assert [(h["old_status"], h["new_status"], h["reason"]) for h in body["history"]][-1] == ("open", "in_uitvoering", "Gestart")
    assert body["history"][-1]["by"] == "Buitenlandse Zaken"  # the public sees the ministry, not the person

    assert body["web_url"] == "http://testserver/moties/35207-83/"
    assert body["official_url"] == "https://zoek.officielebekendmakingen.nl/kst-35207-83.html"
    assert body["url"] == "http://testserver/api/v1/motions/35207-83/"
    assert body["etag"].startswith('"v2-')


def test_kst_and_free_spellings_reach_the_same_motion(api, demo):
    canonical = api.get("/api/v1/motions/35207-83/")
    for spelling in ("kst-35207-83", "KST-35207-83", "35%20207,%20nr.%2083", "35207%20nr.%2083"):
        response = api.get(f"/api/v1/motions/{spelling}/")
        assert response.status_code == 200, spelling
        assert response.json() == canonical.json()
        assert response["ETag"] == canonical["ETag"]
        assert response["Content-Location"] == "http://testserver/api/v1/motions/35207-83/"
    assert "Content-Location" not in canonical


def test_a_budget_chapter_key_works(api, demo):
    body = api.get("/api/v1/motions/36600-V-31/").json()
    assert body["key"] == "36600-V-31" and body["dossier"] == "36600-V"


def test_a_malformed_key_is_400_and_an_unknown_one_404(api, demo):
    bad = api.get("/api/v1/motions/not-a-key/")
    assert bad.status_code == 400
    assert bad.json()["error"]["code"] == "invalid_key" and "key" in bad.json()["error"]["fields"]
    unknown = api.get("/api/v1/motions/35207-9999/")
    assert unknown.status_code == 404
    assert unknown.json() == {"error": {"code": "not_found", "message": "No motion with key 35207-9999.", "fields": {}}}


def test_a_rejected_response_is_not_listed(api, letter, bz_staff):
    citation = Citation.objects.get(letter=letter, key="35207-83", target="motion")
    reject_response(citation, by=bz_staff)
    assert api.get("/api/v1/motions/35207-83/").json()["responses"] == []


def test_a_confirmed_response_says_so(api, letter, bz_staff):
    from letters.review import confirm_response

    citation = Citation.objects.get(letter=letter, key="35207-83", target="motion")
    confirm_response(citation, by=bz_staff)
    (response,) = api.get("/api/v1/motions/35207-83/").json()["responses"]
    assert response["review"] == "confirmed" and response["citation"] == citation.pk


def test_an_untracked_motion_has_no_status(api, demo):
    body = api.get("/api/v1/motions/35207-88/").json()
    assert body["outcome"] == "vervallen" and body["status"] is None and body["overdue"] is False


def test_the_fast_representation_equals_the_declared_serializer(api, letter, bz_staff, rf):
    """The hot endpoints build JSON from rows; the serializers declare the shape (OpenAPI). Same data."""
    import json

    from django.db.models import Prefetch, prefetch_related_objects

    from letters.models import Citation as C
    from api import serializers as s
    from api.views import load_motion
    from motions.models import Sponsorship, StatusChange, Vote

    citation = C.objects.get(letter=letter, key="35207-83", target="motion")
    record_status(Motion.objects.by_key("35207-83").get(), to="afgedaan", by=bz_staff, reason="klaar", citation=citation)
    fast = api.get("/api/v1/motions/35207-83/").json()
    motion = load_motion("35207-83")
    prefetch_related_objects(
        [motion],
        Prefetch("sponsorships", queryset=Sponsorship.objects.select_related("member__party", "party").order_by("order", "id")),
        Prefetch("votes", queryset=Vote.objects.select_related("party", "member__party")),
        Prefetch("status_changes", queryset=StatusChange.objects.select_related("by", "citation__letter").order_by("at", "id")),
        "replaced_by__kamerstuk",
    )
    motion.api_responses = list(C.objects.filter(kamerstuk=motion.kamerstuk, target="motion", review__in=["suggested", "confirmed"]).select_related("letter"))
    motion.replaces = None
    request = rf.get("/api/v1/motions/35207-83/")
    declared = s.MotionDetailSerializer(motion, context={"request": request}).data
    assert fast == json.loads(json.dumps(declared))
    listed = api.get("/api/v1/motions/?page_size=200").json()["results"]
    row = next(r for r in listed if r["key"] == "35207-83")
    assert row == {k: fast[k] for k in s.MotionSerializer().fields}
