"""GET /api/v1/changes/: events in commit order with an opaque cursor to poll with."""

from __future__ import annotations

import base64

import pytest

from motions.events import last_seq
from motions.models import Event, Motion
from motions.services import record_status

pytestmark = pytest.mark.django_db


def poll_all(api, since: str = "", limit: int = 3) -> tuple[list[dict], str]:
    seen: list[dict] = []
    url = f"/api/v1/changes/?limit={limit}" + (f"&since={since}" if since else "")
    while True:
        body = api.get(url).json()
        seen += body["events"]
        if not body["has_more"]:
            return seen, body["next"]
        url = body["next_url"]


def test_polling_with_next_sees_every_event_once_in_order(api, letter, bz_staff):
    events, cursor = poll_all(api)
    assert [e["seq"] for e in events] == list(Event.objects.order_by("seq").values_list("seq", flat=True))
    # load_demo's history (created, voted, first status: marked backfill), then the letter's answers.
    assert {e["kind"] for e in events} == {"motion_created", "vote_recorded", "status_changed", "response_added"}
    assert all(e["payload"].get("backfill") for e in events if e["kind"] != "response_added")
    record_status(Motion.objects.by_key("35207-83").get(), to="in_uitvoering", by=bz_staff, reason="gestart")
    more, cursor2 = poll_all(api, cursor)
    (change,) = more
    assert change["kind"] == "status_changed" and change["motion"]["key"] == "35207-83"
    assert change["status_change"]["old_status"] == "open" and change["status_change"]["new_status"] == "in_uitvoering"
    assert change["payload"]["reason"] == "gestart"
    assert change["motion"]["url"] == "http://testserver/api/v1/motions/35207-83/"
    assert poll_all(api, cursor2) == ([], cursor2)  # nothing new: the same cursor comes back


def test_response_events_carry_the_letter_and_citation(api, letter):
    event = next(e for e in api.get("/api/v1/changes/?limit=200").json()["events"] if e["kind"] == "response_added")
    assert event["letter"]["id"] == letter.pk and event["citation"] and event["payload"]["excerpt"]


def test_each_event_has_its_own_cursor_to_resume_from(api, letter):
    events = api.get("/api/v1/changes/?limit=5").json()["events"]
    after_second = api.get(f"/api/v1/changes/?since={events[1]['cursor']}&limit=2").json()["events"]
    assert [e["seq"] for e in after_second] == [events[2]["seq"], events[3]["seq"]]


def test_since_now_starts_after_the_newest_event(api, letter):
    body = api.get("/api/v1/changes/?since=now").json()
    assert body["events"] == [] and body["has_more"] is False
    assert body["next"] == api.get(f"/api/v1/changes/?since={body['next']}").json()["next"]
    assert last_seq() > 0


def test_a_malformed_cursor_is_400(api, demo):
    for bad in ("x", "12", base64.urlsafe_b64encode(b"seq:-1").decode(), "c2VxOmFi", "%00"):
        response = api.get("/api/v1/changes/", {"since": bad})
        assert response.status_code == 400, bad
        assert response.json()["error"]["code"] in ("invalid_cursor", "invalid")
    for bad in ("0", "1001", "ten"):
        assert api.get("/api/v1/changes/", {"limit": bad}).status_code == 400


def test_a_full_page_may_be_cached_longer_than_the_last(api, letter):
    full = api.get("/api/v1/changes/?limit=1")
    last = api.get("/api/v1/changes/?since=now")
    assert full["Cache-Control"] == "public, max-age=300"
    assert last["Cache-Control"] == "public, max-age=5"
