"""A second sync with no change upstream changes nothing: same rows, same keys, same timestamps."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from motions.models import Event, Motion
from motions.opendata.state import SyncState
from motions.opendata.sync import sync
from tests.fake_odata import FakeOData, make_motions, make_toezegging

from .sync_support import client_for, fixture_rows, seed_server, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake() -> Iterator[FakeOData]:
    with seed_server(fixture_rows("toezegging")) as server:
        yield server


def run(fake: FakeOData, **options):
    with client_for(fake) as client:
        return sync("all", client=client, **options)


def test_a_second_run_reads_only_what_changed_and_writes_nothing(fake):
    first = run(fake)
    assert (first.created, first.errors) == (16, 0)
    before, events = snapshot(), Event.objects.count()
    cursors = dict(SyncState.objects.values_list("entity", "cursor"))
    requests = len(fake.requests)

    second = run(fake)
    assert (second.created, second.updated, second.withdrawn, second.errors) == (0, 0, 0, 0)
    assert snapshot() == before and Event.objects.count() == events
    assert dict(SyncState.objects.values_list("entity", "cursor")) == cursors
    assert len(fake.requests) - requests == 4  # one empty page per stream


def test_reading_everything_again_counts_every_row_unchanged_and_keeps_the_rows(fake):
    run(fake)
    before = snapshot()
    cursor = SyncState.objects.get(entity="motions").cursor

    again = run(fake, since="2000-01-01T00:00:00Z")
    assert again.as_dict() | {"pages": 0} == {"pages": 0, "created": 0, "updated": 0, "withdrawn": 0, "unchanged": 16, "errors": 0, "resolved": 0}
    assert snapshot() == before  # primary keys, fields and updated_at alike
    assert SyncState.objects.get(entity="motions").cursor == cursor  # never moved backwards


def test_a_larger_sync_of_generated_motions_is_idempotent_too():
    with FakeOData(page_size=250) as fake:
        fake.add("Zaak", make_motions(600, seed=3))
        fake.add("Toezegging", [make_toezegging(nummer=f"TZ2025{i:05d}", tekst=f"Toezegging {i}", api_gewijzigd_op=f"2025-04-11T09:12:{i % 60:02d}.1234567Z") for i in range(30)])
        fake.add("Kamerstukdossier", [])
        first = run(fake)
        assert first.created == 630 and first.errors == 0
        before = snapshot()
        ids = dict(Motion.objects.values_list("zaak_id", "pk"))

        again = run(fake, since="2000-01-01T00:00:00Z")
        assert (again.created, again.updated, again.unchanged) == (0, 0, 630)
        assert snapshot() == before
        assert dict(Motion.objects.values_list("zaak_id", "pk")) == ids
