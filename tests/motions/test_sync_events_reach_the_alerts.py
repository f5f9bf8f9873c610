"""The sync writes the change feed: a vote the register records later (its Besluit and Stemmingen arrive
after the motion) reaches the followers of the motion's dossier through the alerts fan-out, once; a run
with no upstream change writes no event."""

from __future__ import annotations

import pytest

from alerts.fanout import fan_out_all
from alerts.models import Delivery
from motions.models import Dossier, Event
from tests.alerts.conftest import follow
from tests.fake_syncfeed import FakeSyncFeed

from .sync_support import add_entities, run, seed_split

pytestmark = pytest.mark.django_db


def test_a_vote_found_by_a_later_sync_is_sent_to_the_dossier_followers(mailoutbox, django_capture_on_commit_callbacks):
    kept, held = seed_split("2025Z06902")  # 35207-83, adopted: its decision and votes come later
    assert {c for c, _, _ in held} == {"Besluit", "Stemming"}
    with FakeSyncFeed(page_size=50) as fake:
        add_entities(fake, kept)
        run(fake, placeholders=False)
        assert Event.objects.filter(kind=Event.Kind.MOTION_CREATED).count() == 12
        assert not Event.objects.filter(kind=Event.Kind.VOTE_RECORDED, motion__kamerstuk__key="35207-83").exists()
        follow("volger@example.org", "dossier", Dossier.objects.get(number=35207, toevoeging=""))
        with django_capture_on_commit_callbacks(execute=True):
            fan_out_all()
        assert not mailoutbox  # new motions are news for saved searches, not for dossier followers

        add_entities(fake, held)
        events = Event.objects.count()
        stats = run(fake, placeholders=False)
        assert stats.updated == 1 and stats.created == 0
        event = Event.objects.get(kind=Event.Kind.VOTE_RECORDED)
        assert Event.objects.count() == events + 1  # one motion, one event, though two categories touched it
        assert event.motion.kamerstuk.key == "35207-83" and event.payload["outcome"] == "aangenomen"
        with django_capture_on_commit_callbacks(execute=True):
            fan_out_all()
        assert len(mailoutbox) == 1
        assert mailoutbox[0].subject == "[Motietracker] 35207-83: stemming: aangenomen"
        assert Delivery.objects.get().event_id == event.pk

        # Nothing changed upstream: no event, so nothing more to send.
        events = Event.objects.count()
        again = run(fake, placeholders=False)
        assert again.created == again.updated == 0
        assert Event.objects.count() == events
        with django_capture_on_commit_callbacks(execute=True):
            fan_out_all()
        assert len(mailoutbox) == 1
