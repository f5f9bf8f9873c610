"""A record the register deletes (``Verwijderd`` true) is marked withdrawn, never deleted; restored, it returns."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from motions.models import Commitment, Event, Motion, Sponsorship, StatusChange, Vote
from motions.opendata.state import SyncState
from motions.opendata.sync import sync
from tests.fake_odata import FakeOData, make_toezegging

from .sync_support import client_for, seed_zaken

pytestmark = pytest.mark.django_db

LATER = "2025-10-01T08:00:00.1234567Z"


@pytest.fixture
def fake() -> Iterator[FakeOData]:
    with FakeOData(page_size=5) as server:
        server.add("Zaak", seed_zaken())
        server.add("Toezegging", [make_toezegging(nummer="TZ202504-001", tekst="De Kamer voor de zomer informeren")])
        server.add("Kamerstukdossier", [])
        yield server


def run(fake: FakeOData):
    with client_for(fake) as client:
        return sync("all", client=client)


def mark(fake: FakeOData, entity: str, match, *, deleted: bool, at: str = LATER) -> dict:
    row = next(r for r in fake.rows(entity) if match(r))
    row["Verwijderd"], row["ApiGewijzigdOp"] = deleted, at
    fake.touch()
    return row


def test_a_deleted_motion_is_marked_withdrawn_and_keeps_everything_it_had(fake):
    run(fake)
    motion = Motion.objects.by_key("35207-83").get()
    before = (motion.pk, motion.sponsorships.count(), motion.votes.count(), motion.status)
    mark(fake, "Zaak", lambda r: r["Nummer"] == "2025Z06902", deleted=True)

    stats = run(fake)
    assert (stats.withdrawn, stats.created, stats.updated) == (1, 0, 0)
    motion.refresh_from_db()
    assert motion.withdrawn is True
    assert (motion.pk, motion.sponsorships.count(), motion.votes.count(), motion.status) == before
    assert Motion.objects.count() == 12 and StatusChange.objects.filter(motion=motion).count() == 1
    event = Event.objects.filter(kind="motion_updated").get()
    assert event.motion_id == motion.pk and event.payload == {"key": "35207-83", "title": motion.title, "withdrawn": True}
    assert SyncState.objects.get(entity="motions:deleted").cursor == LATER

    again = run(fake)  # nothing new: nothing withdrawn twice
    assert again.withdrawn == 0


def test_a_motion_restored_by_the_register_is_no_longer_withdrawn(fake):
    run(fake)
    mark(fake, "Zaak", lambda r: r["Nummer"] == "2025Z06902", deleted=True)
    run(fake)
    mark(fake, "Zaak", lambda r: r["Nummer"] == "2025Z06902", deleted=False, at="2025-10-02T08:00:00.1Z")
    stats = run(fake)
    assert stats.updated == 1
    assert Motion.objects.by_key("35207-83").get().withdrawn is False


def test_a_deleted_record_we_never_had_is_not_created(fake):
    mark(fake, "Zaak", lambda r: r["Nummer"] == "2025Z06902", deleted=True)
    stats = run(fake)
    assert stats.created == 12  # 11 motions and 1 commitment
    assert not Motion.objects.filter(zaak_number="2025Z06902").exists()
    assert stats.withdrawn == 0


def test_a_deleted_commitment_is_marked_withdrawn_not_deleted(fake):
    run(fake)
    commitment = Commitment.objects.get(number="TZ202504-001")
    mark(fake, "Toezegging", lambda r: r["Nummer"] == "TZ202504-001", deleted=True)
    stats = run(fake)
    assert stats.withdrawn == 1
    commitment.refresh_from_db()
    assert commitment.withdrawn is True and Commitment.objects.count() == 1
    assert Sponsorship.objects.count() and Vote.objects.count()  # motions untouched
