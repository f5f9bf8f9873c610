"""A second sync with no change upstream changes nothing; entities re-sent without a real change (bulk data
fixes re-touch old records with a new ``tk:bijgewerkt``) write nothing and emit no event."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from motions.models import Event, FeedEntity, Motion
from motions.opendata.state import SyncState
from tests.fake_syncfeed import CATEGORIES, FakeSyncFeed, motion_feed, toezegging

from .sync_support import run, seed_server, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake() -> Iterator[FakeSyncFeed]:
    with seed_server(page_size=50) as server:
        server.add("Toezegging", toezegging(nummer="TZ202504-001"))
        yield server


def mirror() -> list[tuple]:
    return list(FeedEntity.objects.order_by("guid").values_list("guid", "bijgewerkt", "deleted", "fields", "refs", "mirrored_at"))


def test_a_second_run_reads_only_what_is_new_and_writes_nothing(fake):
    first = run(fake)
    assert (first.created, first.errors) == (13, 0)
    before, events, raw = snapshot(), Event.objects.count(), mirror()
    cursors = dict(SyncState.objects.values_list("entity", "cursor"))
    requests = len(fake.requests)

    second = run(fake)
    assert (second.entities, second.created, second.updated, second.withdrawn, second.errors) == (0, 0, 0, 0, 0)
    assert snapshot() == before and Event.objects.count() == events and mirror() == raw
    assert dict(SyncState.objects.values_list("entity", "cursor")) == cursors
    assert len(fake.requests) - requests == len(CATEGORIES)  # one empty page per category


def test_re_touched_entities_without_a_change_write_nothing_and_emit_nothing(fake):
    run(fake)
    before, events, raw = snapshot(), Event.objects.count(), mirror()
    for category in ("Zaak", "Besluit", "Stemming", "Document", "Toezegging"):
        for entry in fake.entries(category):
            fake.retouch(entry.guid)  # same content, a new bijgewerkt, a new token
    again = run(fake)
    assert again.entities > 0 and again.skipped == again.entities and again.mirrored == 0
    assert (again.created, again.updated) == (0, 0)
    assert snapshot() == before and Event.objects.count() == events and mirror() == raw


def test_reading_everything_again_keeps_every_row(fake):
    run(fake)
    before, events, raw = snapshot(), Event.objects.count(), mirror()
    again = run(fake, full=True)
    assert again.entities == again.skipped == FeedEntity.objects.count()
    assert snapshot() == before and Event.objects.count() == events and mirror() == raw


def test_a_real_change_among_re_touched_ones_is_the_only_write(fake):
    run(fake)
    (guid,) = fake.find("Zaak", nummer="2025Z06902")
    for entry in fake.entries("Zaak"):
        fake.retouch(entry.guid)
    fake.revise(guid, onderwerp="Motie van het lid Paternotte c.s. (herzien)")
    events = Event.objects.count()
    again = run(fake)
    assert (again.mirrored, again.updated) == (1, 1)
    assert Event.objects.count() == events + 1
    assert Motion.objects.get(zaak_id=guid).title.endswith("(herzien)")


def test_a_larger_feed_of_generated_motions_is_idempotent_too():
    with FakeSyncFeed(page_size=250) as fake:
        fake.add_many(motion_feed(400, seed=3, roll_call_every=11).items())
        first = run(fake)
        assert first.created == 400 and first.errors == 0
        before = snapshot()
        ids = dict(Motion.objects.values_list("zaak_id", "pk"))
        again = run(fake, full=True)
        assert (again.created, again.updated, again.mirrored) == (0, 0, 0)
        assert snapshot() == before
        assert dict(Motion.objects.values_list("zaak_id", "pk")) == ids


def test_an_entity_changed_while_a_run_is_under_way_is_not_lost(fake):
    """The feed appends a changed entity at its end: a run that follows rel=next reads it, or, when the
    run had already fetched the page after it, the next run does. Never skipped."""
    (guid,) = fake.find("Zaak", nummer="2025Z06902")
    changed = []

    def change_once(report):
        if report.category == "Zaak" and not changed:
            changed.append(fake.revise(guid, onderwerp="Motie (gewijzigd tijdens de run)"))

    run(fake, on_page=change_once)
    run(fake)
    assert changed and Motion.objects.get(zaak_id=guid).title == "Motie (gewijzigd tijdens de run)"
    assert SyncState.objects.get(entity="feed:Zaak").cursor == str(changed[0].token)
