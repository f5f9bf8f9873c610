"""/api/v1/webhooks/: a token's own webhooks — made with a secret shown once, listed without it,
someone else's are a 404; the delivery log per webhook; re-enabling and rotating the secret."""

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from alerts.models import Delivery, Webhook
from motions.events import emit
from motions.models import Event

from .receivers import Receiver

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(demo):
    return get_user_model().objects.create_user("newsroom", "n@example.org", "a-long-test-password")


@pytest.fixture
def api(owner, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_URLS = True
    client = APIClient()
    client.force_authenticate(owner)
    return client


def test_without_a_login_it_is_a_401_in_the_api_s_error_shape(demo):
    response = APIClient().get("/api/v1/webhooks/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    assert APIClient().post("/api/v1/webhooks/", {"url": "https://example.org/"}, format="json").status_code == 401


def test_the_secret_is_shown_once(api, owner):
    response = api.post("/api/v1/webhooks/", {"url": "https://example.org/hook", "subject_kind": "motion", "subject": "kst-35207-83", "description": "redactie"}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    webhook = Webhook.objects.get()
    assert body["secret"] == webhook.secret and body["secret"].startswith("whsec_")
    assert (body["subject_kind"], body["subject"], webhook.owner, webhook.motion.kamerstuk.key) == ("motion", "35207-83", owner, "35207-83")
    assert body["deliveries_url"].endswith(f"/api/v1/webhooks/{webhook.pk}/deliveries/")
    listed = api.get("/api/v1/webhooks/").json()
    assert [w["id"] for w in listed["results"]] == [webhook.pk] and "secret" not in listed["results"][0]
    assert "secret" not in api.get(f"/api/v1/webhooks/{webhook.pk}/").json()

    rotated = api.post(f"/api/v1/webhooks/{webhook.pk}/rotate-secret/").json()["secret"]
    webhook.refresh_from_db()
    assert rotated == webhook.secret and rotated != body["secret"]


def test_someone_else_s_webhook_is_not_there(api, staff_user):
    theirs = Webhook.objects.create(owner=staff_user, url="https://example.org/x", subject_kind="all")
    assert api.get(f"/api/v1/webhooks/{theirs.pk}/").status_code == 404
    assert api.get(f"/api/v1/webhooks/{theirs.pk}/deliveries/").status_code == 404
    assert api.delete(f"/api/v1/webhooks/{theirs.pk}/").status_code == 404
    assert api.get("/api/v1/webhooks/").json()["results"] == []
    assert Webhook.objects.filter(pk=theirs.pk).exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": "ftp://example.org/", "subject_kind": "all"}, "url"),
        ({"url": "https://example.org/", "subject_kind": "motion", "subject": "35207-999"}, "subject"),
        ({"url": "https://example.org/", "subject_kind": "motion"}, "subject"),
        ({"url": "https://example.org/", "subject_kind": "galaxy"}, "subject_kind"),
        ({"url": "https://example.org/", "subject_kind": "search", "query": "china", "facets": {"colour": "red"}}, "facets"),
        ({"url": "https://example.org/", "subject_kind": "all", "kinds": ["nonsense"]}, "kinds"),
        ({"url": "https://user:pw@example.org/", "subject_kind": "all"}, "url"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(api, body, field):
    response = api.post("/api/v1/webhooks/", body, format="json")
    assert response.status_code == 400, response.json()
    error = response.json()["error"]
    assert any(name.startswith(field) for name in error["fields"]), error
    assert not Webhook.objects.exists()


def test_private_addresses_are_refused_unless_allowed(api, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_URLS = False
    for url in ("http://127.0.0.1:8080/hook", "http://localhost/hook", "http://10.1.2.3/hook", "http://169.254.169.254/latest/", "http://[::1]/"):
        response = api.post("/api/v1/webhooks/", {"url": url, "subject_kind": "all"}, format="json")
        assert response.status_code == 400 and "url" in response.json()["error"]["fields"], url


def test_the_delivery_log_pages_newest_first(api, owner, motion):
    webhook = Webhook.objects.create(owner=owner, url="https://example.org/hook", subject_kind="motion", motion=motion)
    events = [emit(Event.Kind.STATUS_CHANGED, motion=motion, payload={"key": "35207-83", "new": s}) for s in ("in_uitvoering", "afgedaan", "open")]
    rows = [Delivery.objects.create(webhook=webhook, event=e, state=state, attempts=n, last_error=err) for e, state, n, err in zip(events, ("sent", "failed", "pending"), (1, 12, 2), ("", "HTTP 500: oops", "ReadTimeout"))]
    first = api.get(f"/api/v1/webhooks/{webhook.pk}/deliveries/?page_size=2").json()
    assert [r["id"] for r in first["results"]] == [rows[2].pk, rows[1].pk]
    assert first["results"][1]["state"] == "failed" and first["results"][1]["last_error"] == "HTTP 500: oops"
    assert first["results"][0]["event"] == {"seq": events[2].seq, "kind": "status_changed", "at": first["results"][0]["event"]["at"], "key": "35207-83"}
    second = APIClient()
    second.force_authenticate(owner)
    rest = second.get(first["next"]).json()
    assert [r["id"] for r in rest["results"]] == [rows[0].pk] and rest["next"] is None


def test_patching_active_re_enables_and_sends_the_backlog(api, owner, motion, django_capture_on_commit_callbacks):
    receiver = Receiver()
    try:
        webhook = Webhook.objects.create(owner=owner, url=receiver.url, subject_kind="motion", motion=motion, active=False, consecutive_failures=10)
        receiver.secret = webhook.secret
        event = emit(Event.Kind.STATUS_CHANGED, motion=motion, payload={"key": "35207-83", "new": "afgedaan"})
        Delivery.objects.create(webhook=webhook, event=event)
        with django_capture_on_commit_callbacks(execute=True):
            response = api.patch(f"/api/v1/webhooks/{webhook.pk}/", {"active": True}, format="json")
        assert response.status_code == 200 and response.json()["consecutive_failures"] == 0
        assert [r.signature_ok for r in receiver.receipts] == [True]
        assert Delivery.objects.get().state == "sent"
    finally:
        receiver.close()


def test_changing_the_subject_and_deleting(api, owner, motion):
    created = api.post("/api/v1/webhooks/", {"url": "https://example.org/hook", "subject_kind": "motion", "subject": "35207-83"}, format="json").json()
    changed = api.patch(f"/api/v1/webhooks/{created['id']}/", {"subject_kind": "party", "subject": "d66"}, format="json")
    assert changed.status_code == 200, changed.json()
    webhook = Webhook.objects.get()
    assert (webhook.subject_kind, webhook.party.slug, webhook.motion_id, webhook.subject_key) == ("party", "d66", None, f"party:{webhook.party_id}")
    search = api.patch(f"/api/v1/webhooks/{created['id']}/", {"subject_kind": "search", "query": "china", "facets": {"status": ["open"]}}, format="json").json()
    assert (search["subject"], search["query"], search["facets"]) == (None, "china", {"status": ["open"]})
    assert api.delete(f"/api/v1/webhooks/{created['id']}/").status_code == 204
    assert not Webhook.objects.exists()
