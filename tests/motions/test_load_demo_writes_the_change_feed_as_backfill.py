"""After load_demo the change feed knows every demo motion (created, voted, first status), so a
client that mirrors through the feed learns of them; the events are history (backfill), not news."""

from io import StringIO

from django.core.management import call_command
from rest_framework.test import APIClient

from alerts.fanout import fan_out
from alerts.models import Delivery, Webhook
from motions.models import Event, Motion, StatusChange

SEED_ADOPTED = 11


def test_every_demo_motion_is_created_voted_and_opened_in_the_feed(demo):
    adopted = Motion.objects.adopted()
    assert adopted.count() == SEED_ADOPTED
    for motion in adopted.select_related("kamerstuk"):
        kinds = list(Event.objects.filter(motion=motion).order_by("seq").values_list("kind", flat=True))
        assert kinds[:3] == ["motion_created", "vote_recorded", "status_changed"], (motion.kamerstuk.key, kinds)
        first = StatusChange.objects.filter(motion=motion).order_by("at", "id").first()
        opened = Event.objects.get(motion=motion, kind="status_changed")
        assert opened.status_change == first
    # The one motion that was never adopted is still created and voted on.
    lapsed = Motion.objects.by_key("35207-88").get()
    assert set(Event.objects.filter(motion=lapsed).values_list("kind", flat=True)) == {"motion_created"}


def test_the_events_are_marked_as_backfill_and_dated_when_it_happened(demo):
    motion = Motion.objects.by_key("35207-83").get()
    events = Event.objects.filter(motion=motion, kind__in=["motion_created", "vote_recorded", "status_changed"])
    assert all(e.payload.get("backfill") is True for e in events)
    assert Event.objects.get(motion=motion, kind="vote_recorded").at.date().isoformat() == "2025-04-15"
    assert Event.objects.get(motion=motion, kind="motion_created").at.date() == motion.submitted_on


def test_a_client_of_the_api_feed_sees_them(demo):
    body = APIClient().get("/api/v1/changes/?limit=200").json()
    keys = {(e["kind"], e["motion"]["key"]) for e in body["events"] if e["motion"]}
    assert ("vote_recorded", "35207-83") in keys and ("status_changed", "36600-V-31") in keys
    assert all(e["payload"].get("backfill") for e in body["events"] if e["kind"] in ("motion_created", "vote_recorded"))


def test_loading_twice_writes_no_second_set(db):
    call_command("load_demo", "--no-staff-user", stdout=StringIO())
    count = Event.objects.count()
    call_command("load_demo", "--no-staff-user", stdout=StringIO())
    assert Event.objects.count() == count


def test_backfill_sends_no_webhook(db, django_user_model):
    owner = django_user_model.objects.create_user("hook-owner", "h@example.org", "a-long-test-password")
    Webhook.objects.create(owner=owner, url="http://127.0.0.1:1/hook", subject_kind="all")
    call_command("load_demo", "--no-staff-user", stdout=StringIO())
    fan_out(limit=1000)
    backfill = [e.pk for e in Event.objects.all() if e.payload.get("backfill")]
    assert backfill
    assert not Delivery.objects.filter(event_id__in=backfill).exists()
