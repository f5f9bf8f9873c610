"""Faults of the feed (429, 503, a cut-off page, a stall, a reset connection) are retried; after each, the
database holds exactly what was served: nothing lost, nothing doubled."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from motions.models import FeedEntity, FeedReference, Kamerstuk, Motion, Sponsorship, StatusChange, Vote
from motions.opendata.feed import TransientError
from motions.opendata.state import SyncState
from tests.fake_syncfeed import CATEGORIES, FakeSyncFeed, motion_feed

from .sync_support import Sleeps, run

pytestmark = pytest.mark.django_db

FEED = motion_feed(30, seed=11, roll_call_every=7)


@pytest.fixture
def fake() -> Iterator[FakeSyncFeed]:
    with FakeSyncFeed(page_size=25, stall_seconds=1.5) as server:
        server.add_many(FEED.items())
        yield server


def middle_page(fake: FakeSyncFeed, category: str = "Stemming") -> int:
    """The skiptoken of the second page of ``category``."""
    return fake.entries(category)[fake.page_size - 1].token


def assert_complete(fake: FakeSyncFeed) -> None:
    served = {e.guid for c in CATEGORIES for e in fake.entries(c)}
    assert {str(g) for g in FeedEntity.objects.values_list("guid", flat=True)} == served
    references = sum(e.xml.count(' ref="') for c in CATEGORIES for e in fake.entries(c))
    assert FeedReference.objects.count() == references
    assert Motion.objects.count() == Kamerstuk.objects.count() == 30
    assert Sponsorship.objects.count() == 60
    assert Vote.objects.count() == len(fake.entries("Stemming"))
    # One history row per adopted motion: a page applied twice would have left two.
    assert StatusChange.objects.count() == Motion.objects.exclude(status="").count() > 0
    for category in ("Stemming", "Zaak"):
        state = SyncState.objects.get(entity=f"feed:{category}")
        assert state.cursor == str(fake.entries(category)[-1].token) and state.next_url == ""


@pytest.mark.parametrize("fault", ["503", "500", "stall", "truncated", "short_read", "reset", ("429", 7), ("503", 3)], ids=str)
def test_a_fault_on_a_middle_page_is_retried_and_the_sync_completes(fake, fault):
    fake.faults = [("skiptoken", middle_page(fake), fault)]
    sleeps = Sleeps()
    stats = run(fake, client_options={"timeout": 0.5, "sleep": sleeps})
    assert fake.faults == []  # the fault was served
    assert (stats.created, stats.errors) == (30, 0)
    assert_complete(fake)
    assert len(sleeps) == 1
    if isinstance(fault, tuple):
        assert sleeps == [float(fault[1])]  # Retry-After honoured


def test_faults_on_many_pages_are_all_survived(fake):
    fake.faults = [("category", "Persoon", "503"), ("category", "Document", "reset"), ("skiptoken", middle_page(fake), "truncated"), ("category", "Zaak", ("429", 2))]
    stats = run(fake, client_options={"timeout": 0.5})
    assert stats.created == 30 and not fake.faults
    assert_complete(fake)


def test_an_outage_longer_than_the_retries_stops_the_run_and_the_next_run_resumes(fake):
    token = middle_page(fake)
    fake.faults = [("skiptoken", token, "503") for _ in range(3)]
    with pytest.raises(TransientError):
        run(fake, client_options={"timeout": 0.5, "max_attempts": 3})
    state = SyncState.objects.get(entity="feed:Stemming")
    assert FeedEntity.objects.filter(category="Stemming").count() == fake.page_size  # the first page, committed with its cursor
    assert state.cursor == str(token) and "503" in state.last_error
    assert not Motion.objects.exists()  # Zaak comes after Stemming: not read yet

    requests = len(fake.requests)
    stats = run(fake)
    first_stemming = next(r for r in fake.requests[requests:] if "category=Stemming" in r)
    assert f"skiptoken={token}" in first_stemming  # resumed after the committed page, not from the start
    assert stats.created == 30
    assert_complete(fake)


def test_a_client_error_is_not_retried(fake):
    fake.faults = [("category", "Persoon", "400")]
    sleeps = Sleeps()
    with pytest.raises(Exception) as raised:
        run(fake, client_options={"sleep": sleeps})
    assert "400" in str(raised.value) and not sleeps and len(fake.requests) == 1


def test_the_polite_pause_spaces_the_requests(fake):
    sleeps = Sleeps()
    run(fake, ["Stemming"], client_options={"pause": 2.0, "sleep": sleeps})
    assert len(sleeps) == len([r for r in fake.requests if "Stemming" in r]) - 1
    assert all(0 < s <= 2.0 for s in sleeps)
