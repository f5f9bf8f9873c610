"""POST …/status/ changes a status with a token and the ETag the client read: 428 without it, 412
when stale, the workflow's refusals as 400/403/409 — and the history row and event on success."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from letters.models import Citation
from motions.models import Commitment, Event, Motion, StatusChange
from motions.services import record_status
from tests.api.conftest import auth, token_for
from tracker.models import ApiToken

pytestmark = pytest.mark.django_db
URL = "/api/v1/motions/35207-83/status/"


def etag(api, url="/api/v1/motions/35207-83/") -> str:
    return api.get(url)["ETag"]


def post(api, token, body, url=URL, **headers):
    return api.post(url, body, format="json", **auth(token), **headers)


def test_a_status_change_with_token_and_etag_is_recorded(api, letter, bz_token):
    citation = Citation.objects.get(letter=letter, key="35207-83", target="motion")
    response = post(api, bz_token, {"status": "afgedaan", "reason": "Zie de brief", "citation": citation.pk, "deadline": "2026-01-31"}, HTTP_IF_MATCH=etag(api))
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "afgedaan" and body["version"] == 2 and body["deadline"] == "2026-01-31"
    assert response["ETag"] == body["etag"] != etag  # a new ETag for the next change
    assert response["Cache-Control"] == "no-store"
    change = StatusChange.objects.filter(motion__kamerstuk__key="35207-83").latest("id")
    assert (change.old_status, change.new_status, change.reason, change.citation_id, change.by.username) == ("open", "afgedaan", "Zie de brief", citation.pk, "bz")
    assert Event.objects.filter(kind="status_changed", status_change=change).exists()
    assert body["history"][-1]["letter"]["id"] == letter.pk


def test_without_a_token_it_is_401(api, demo):
    response = api.post(URL, {"status": "afgedaan"}, format="json", HTTP_IF_MATCH=etag(api))
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    assert response["WWW-Authenticate"].startswith("Token")


def test_without_if_match_it_is_428_and_nothing_changes(api, demo, bz_token):
    response = post(api, bz_token, {"status": "afgedaan"})
    assert response.status_code == 428 and response.json()["error"]["code"] == "precondition_required"
    assert post(api, bz_token, {"status": "afgedaan"}, HTTP_IF_MATCH="*").status_code == 428
    assert Motion.objects.by_key("35207-83").get().status == "open"


def test_with_a_stale_etag_it_is_412_with_the_current_one(api, demo, bz_staff, bz_token):
    seen = etag(api)
    record_status(Motion.objects.by_key("35207-83").get(), to="in_uitvoering", by=bz_staff, reason="eerder")
    response = post(api, bz_token, {"status": "afgedaan"}, HTTP_IF_MATCH=seen)
    assert response.status_code == 412 and response.json()["error"]["code"] == "precondition_failed"
    assert response["ETag"] == etag(api)
    assert Motion.objects.by_key("35207-83").get().status == "in_uitvoering"


def test_a_change_between_the_check_and_the_write_is_caught_by_the_service(api, demo, bz_staff, bz_token, monkeypatch):
    """The view's ETag check passes; another change lands before the locked write: still 412."""
    import api.views as views

    seen = etag(api)
    real = views.required_version

    def racing(request, current):
        version = real(request, current)
        record_status(Motion.objects.by_key("35207-83").get(), to="in_uitvoering", by=bz_staff, reason="tussendoor")
        return version

    monkeypatch.setattr(views, "required_version", racing)
    response = post(api, bz_token, {"status": "afgedaan"}, HTTP_IF_MATCH=seen)
    assert response.status_code == 412 and response.json()["error"]["code"] == "stale"
    assert response["ETag"] != seen
    assert Motion.objects.by_key("35207-83").get().status == "in_uitvoering"


def test_staff_of_another_ministry_get_403(api, demo, ezk_token):
    response = post(api, ezk_token, {"status": "afgedaan"}, HTTP_IF_MATCH=etag(api))
    assert response.status_code == 403 and response.json()["error"]["code"] == "forbidden"


def test_an_impossible_transition_is_409_and_a_missing_reason_400(api, demo, bz_token):
    response = post(api, bz_token, {"status": "open"}, HTTP_IF_MATCH=etag(api))
    assert response.status_code == 409 and response.json()["error"]["code"] == "invalid_transition"
    response = post(api, bz_token, {"status": "niet_uitgevoerd"}, HTTP_IF_MATCH=etag(api))
    assert response.status_code == 400 and response.json()["error"]["code"] == "reason_required"
    assert "reason" in response.json()["error"]["fields"]
    untracked = post(api, bz_token, {"status": "afgedaan"}, url="/api/v1/motions/35207-88/status/", HTTP_IF_MATCH=etag(api, "/api/v1/motions/35207-88/"))
    assert untracked.status_code == 409 and untracked.json()["error"]["code"] == "not_tracked"


def test_bad_bodies_are_400_with_fields(api, demo, bz_token):
    for body, field in (({}, "status"), ({"status": "klaar"}, "status"), ({"status": "afgedaan", "deadline": "morgen"}, "deadline"), ({"status": "afgedaan", "citation": 999999}, "citation")):
        response = post(api, bz_token, body, HTTP_IF_MATCH=etag(api))
        assert response.status_code == 400, body
        assert field in response.json()["error"]["fields"], response.json()


def test_a_citation_must_be_a_response_to_this_motion(api, letter, bz_token):
    other = Citation.objects.get(letter=letter, key="35207-84", target="motion")
    response = post(api, bz_token, {"status": "afgedaan", "citation": other.pk}, HTTP_IF_MATCH=etag(api))
    assert response.status_code == 400 and "citation" in response.json()["error"]["fields"]


def test_revoked_and_expired_tokens_are_401(api, demo, bz_staff):
    revoked, secret = ApiToken.issue(bz_staff)
    revoked.revoke()
    expired_secret = ApiToken.issue(bz_staff, expires_at=timezone.now() - dt.timedelta(minutes=1))[1]
    for token in (secret, expired_secret, "mt_not-a-real-token"):
        response = post(api, token, {"status": "afgedaan"}, HTTP_IF_MATCH=etag(api))
        assert response.status_code == 401 and response.json()["error"]["code"] == "authentication_failed"
    # A bad token on a read is refused too: a client must learn its token is dead.
    assert api.get("/api/v1/motions/", **auth(secret)).status_code == 401


def test_the_commitment_status_endpoint_works_the_same(api, demo, django_user_model):
    from tests.conftest import make_staff

    commitment = Commitment.objects.get()
    token = token_for(make_staff(django_user_model, "ez2", commitment.ministry))
    url = f"/api/v1/commitments/{commitment.pk}/"
    assert post(api, token, {"status": "afgedaan"}, url=url + "status/").status_code == 428
    response = post(api, token, {"status": "afgedaan", "reason": "brief"}, url=url + "status/", HTTP_IF_MATCH=etag(api, url))
    assert response.status_code == 200 and response.json()["status"] == "afgedaan"
    commitment.refresh_from_db()
    assert commitment.status == "afgedaan" and commitment.status_changes.get().reason == "brief"


def test_token_use_is_recorded(api, demo, bz_staff):
    token, secret = ApiToken.issue(bz_staff)
    api.get("/api/v1/motions/", **auth(secret))
    token.refresh_from_db()
    assert token.last_used_at is not None
