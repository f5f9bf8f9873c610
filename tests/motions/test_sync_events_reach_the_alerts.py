"""The sync writes the change feed: a vote the register records later reaches the followers of the
motion's dossier through the alerts fan-out, once; a run with no upstream change writes no event."""

from __future__ import annotations

import copy

import pytest

from alerts.fanout import fan_out_all
from alerts.models import Delivery
from motions.models import Dossier, Event
from motions.opendata.sync import sync
from tests.alerts.conftest import follow
from tests.fake_odata import FakeOData

from .sync_support import client_for, seed_zaken

pytestmark = pytest.mark.django_db


def test_a_vote_found_by_a_later_sync_is_sent_to_the_dossier_followers(mailoutbox, django_capture_on_commit_callbacks):
    zaken = seed_zaken()
    voted = next(z for z in zaken if z["Nummer"] == "2025Z06902")  # 35207-83, adopted
    besluiten = copy.deepcopy(voted["Besluit"])
    voted["Besluit"] = []  # not voted on yet at the first sync
    with FakeOData(page_size=5) as fake:
        fake.add("Zaak", zaken)
        fake.add("Kamerstukdossier", [])
        with client_for(fake) as client:
            sync("motions", client=client, placeholders=False)
        assert Event.objects.filter(kind=Event.Kind.MOTION_CREATED).count() == 12
        assert not Event.objects.filter(kind=Event.Kind.VOTE_RECORDED).exists()

        follow("volger@example.org", "dossier", Dossier.objects.get(number=35207, toevoeging=""))
        with django_capture_on_commit_callbacks(execute=True):
            fan_out_all()
        assert not mailoutbox  # new motions are news for saved searches, not for dossier followers

        voted["Besluit"] = besluiten
        voted["ApiGewijzigdOp"] = "2025-11-01T10:00:00.1234567Z"
        fake.set_rows("Zaak", sorted(zaken, key=lambda z: z["ApiGewijzigdOp"]))
        with client_for(fake) as client:
            stats = sync("motions", client=client, placeholders=False)
        assert stats.updated == 1 and stats.created == 0
        event = Event.objects.get(kind=Event.Kind.VOTE_RECORDED)
        assert event.motion.kamerstuk.key == "35207-83" and event.payload["outcome"] == "aangenomen"

        with django_capture_on_commit_callbacks(execute=True):
            fan_out_all()
        assert len(mailoutbox) == 1
        assert mailoutbox[0].subject == "[Motietracker] 35207-83: stemming: aangenomen"
        assert Delivery.objects.get().event_id == event.pk

        # Nothing changed upstream: no event, so nothing more to send.
        events = Event.objects.count()
        with client_for(fake) as client:
            again = sync("motions", client=client, placeholders=False)
        assert again.created == again.updated == 0
        assert Event.objects.count() == events
        with django_capture_on_commit_callbacks(execute=True):
            fan_out_all()
        assert len(mailoutbox) == 1
