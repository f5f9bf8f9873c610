"""The answer reader's suggestion in /api/v1/: on a letter's citations, on a motion's and a
commitment's responses, and on the change feed's response events — status, confidence, the quoted
words, a new deadline, and whether staff accepted it."""

from __future__ import annotations

import pytest

from letters.models import Citation
from letters.review import accept_suggestion
from api.serializers import SUGGESTION_LABELS
from tests.api.conftest import auth  # noqa: F401 - the fixtures come with the module

pytestmark = pytest.mark.django_db

KEYS = {"status", "confidence", "evidence", "deadline", "deadline_text", "accepted_by_staff"}


def check(suggestion: dict, citation: Citation) -> None:
    assert set(suggestion) == KEYS
    assert suggestion["status"] == (citation.suggested_status or None)
    assert suggestion["confidence"] == citation.suggestion_confidence
    assert suggestion["deadline"] == (citation.suggested_deadline.isoformat() if citation.suggested_deadline else None)
    assert suggestion["deadline_text"] == citation.suggested_deadline_text
    assert suggestion["accepted_by_staff"] == citation.suggestion_accepted
    text = citation.letter.text
    assert [e["quote"] for e in suggestion["evidence"]] == [text[e["start"] : e["end"]] for e in citation.suggestion_evidence]
    assert all(e["quote"] for e in suggestion["evidence"])


def test_the_labels_are_the_answer_readers():
    assert set(SUGGESTION_LABELS) == set(Citation.Suggestion.values)


def test_a_letters_citations_carry_their_suggestion(api, letter):
    body = api.get(f"/api/v1/letters/{letter.pk}/").json()
    by_key = {c["key"]: c for c in body["citations"]}
    citation = Citation.objects.select_related("letter").get(letter=letter, key="35207-83")
    assert citation.suggested_status and citation.suggestion_evidence
    check(by_key["35207-83"]["suggestion"], citation)
    assert by_key["36696-1"]["suggestion"] is None  # a paper: nothing to suggest


def test_a_motions_responses_carry_the_suggestion_and_staffs_acceptance(api, letter, bz_staff):
    citation = Citation.objects.select_related("letter").get(letter=letter, key="35207-83")
    (response,) = api.get("/api/v1/motions/35207-83/").json()["responses"]
    check(response["suggestion"], citation)
    assert response["suggestion"]["accepted_by_staff"] is None

    accept_suggestion(citation, by=bz_staff)
    citation.refresh_from_db()
    (response,) = api.get("/api/v1/motions/35207-83/").json()["responses"]
    assert response["suggestion"]["accepted_by_staff"] is True
    check(response["suggestion"], citation)


def test_a_commitments_responses_carry_the_suggestion(api, letter):
    citation = Citation.objects.select_related("letter").get(letter=letter, target="commitment")
    (response,) = api.get(f"/api/v1/commitments/{citation.commitment_id}/").json()["responses"]
    check(response["suggestion"], citation)


def test_the_change_feeds_response_events_carry_the_suggestion(api, letter):
    events = api.get("/api/v1/changes/?limit=100").json()["events"]
    added = [e for e in events if e["kind"] == "response_added"]
    assert added
    for event in added:
        citation = Citation.objects.select_related("letter").get(pk=event["citation"])
        check(event["payload"]["suggestion"], citation)


def test_the_confirmed_event_says_staff_accepted_the_suggestion(api, letter, bz_staff):
    citation = Citation.objects.select_related("letter").get(letter=letter, key="35207-83")
    accept_suggestion(citation, by=bz_staff)
    citation.refresh_from_db()
    events = api.get("/api/v1/changes/?limit=1000").json()["events"]
    (confirmed,) = [e for e in events if e["kind"] == "response_confirmed"]
    assert confirmed["payload"]["suggestion"]["accepted_by_staff"] is True
    check(confirmed["payload"]["suggestion"], citation)


def test_the_openapi_schema_describes_the_suggestion():
    from drf_spectacular.generators import SchemaGenerator

    components = SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]
    assert set(components["Suggestion"]["properties"]) == KEYS
    assert "suggestion" in components["Citation"]["properties"] and "suggestion" in components["Response"]["properties"]
