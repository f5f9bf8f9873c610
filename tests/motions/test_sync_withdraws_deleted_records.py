"""A record the register deletes (a deletion version, ``tk:verwijderd="true"``) is marked withdrawn, never
deleted; the raw mirror records the deletion; restored, it returns."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from motions.models import Commitment, Event, FeedEntity, Motion, Sponsorship, StatusChange, Vote
from tests.fake_syncfeed import FakeSyncFeed, toezegging

from .sync_support import run, seed_server

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake() -> Iterator[FakeSyncFeed]:
    with seed_server(page_size=50) as server:
        server.add("Toezegging", toezegging(nummer="TZ202504-001", tekst="De Kamer voor de zomer informeren"))
        yield server


def zaak_guid(fake: FakeSyncFeed, nummer: str = "2025Z06902") -> str:
    (guid,) = fake.find("Zaak", nummer=nummer)
    return guid


def test_a_deleted_motion_is_marked_withdrawn_and_keeps_everything_it_had(fake):
    run(fake)
    motion = Motion.objects.by_key("35207-83").get()
    before = (motion.pk, motion.sponsorships.count(), motion.votes.count(), motion.status)
    guid = zaak_guid(fake)
    fake.delete(guid)
    stats = run(fake)
    assert (stats.withdrawn, stats.created, stats.updated) == (1, 0, 0)
    motion.refresh_from_db()
    assert motion.withdrawn is True
    assert (motion.pk, motion.sponsorships.count(), motion.votes.count(), motion.status) == before
    assert Motion.objects.count() == 12 and StatusChange.objects.filter(motion=motion).count() == 1
    event = Event.objects.filter(kind="motion_updated").get()
    assert event.motion_id == motion.pk and event.payload == {"key": "35207-83", "title": motion.title, "withdrawn": True}
    raw = FeedEntity.objects.get(guid=guid)
    assert raw.deleted is True and raw.fields["nummer"] == "2025Z06902"  # the deletion is recorded; what it said is kept
    fake.delete(guid)  # the deletion sent again
    again = run(fake)
    assert again.withdrawn == 0 and again.mirrored == 0 and again.skipped == 1


def test_a_motion_restored_by_the_register_is_no_longer_withdrawn(fake):
    run(fake)
    guid = zaak_guid(fake)
    live = fake.latest(guid).xml
    fake.delete(guid)
    run(fake)
    fake.add("Zaak", live)
    stats = run(fake)
    assert stats.updated == 1
    assert Motion.objects.by_key("35207-83").get().withdrawn is False
    assert FeedEntity.objects.get(guid=guid).deleted is False


def test_a_deleted_record_we_never_had_is_not_created(fake):
    fake.delete(zaak_guid(fake))
    stats = run(fake)
    assert stats.created == 12  # 11 motions and 1 commitment
    assert not Motion.objects.filter(zaak_number="2025Z06902").exists()
    assert stats.withdrawn == 0


def test_a_deleted_vote_leaves_the_motion_and_the_rest_of_its_votes(fake):
    run(fake)
    motion = Motion.objects.by_key("35207-83").get()
    vote = motion.votes.first()
    fake.delete(str(vote.source_id))
    stats = run(fake)
    assert stats.updated == 0 and stats.withdrawn == 0
    assert motion.votes.count() == 14 and not Vote.objects.filter(source_id=vote.source_id).exists()


def test_a_deleted_commitment_is_marked_withdrawn_not_deleted(fake):
    run(fake)
    commitment = Commitment.objects.get(number="TZ202504-001")
    fake.delete(str(commitment.source_id))
    stats = run(fake)
    assert stats.withdrawn == 1
    commitment.refresh_from_db()
    assert commitment.withdrawn is True and Commitment.objects.count() == 1
    assert Sponsorship.objects.count() and Vote.objects.count()  # motions untouched
