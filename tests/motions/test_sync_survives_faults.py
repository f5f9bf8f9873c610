"""Every fault the API can throw at a page is survived: after the sync, nothing is lost and nothing doubled."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from motions.models import Kamerstuk, Motion, Sponsorship, StatusChange, Vote
from motions.opendata import TransientError
from motions.opendata.state import SyncState
from motions.opendata.sync import sync
from tests.fake_odata import FakeOData, make_motions

from .sync_support import Sleeps, client_for

pytestmark = pytest.mark.django_db

MOTIONS = make_motions(30, seed=11)


@pytest.fixture
def fake() -> Iterator[FakeOData]:
    with FakeOData(page_size=10, timeout_delay=1.5) as server:
        server.add("Zaak", MOTIONS)
        server.add("Kamerstukdossier", [])
        yield server


def expected_counts() -> dict[str, int]:
    """What the 30 motions hold, counted from the source rows themselves."""
    submitters = sum(1 for z in MOTIONS for a in z["ZaakActor"] if a["Relatie"] in ("Indiener", "Medeindiener"))
    votes = sum(len(b["Stemming"]) for z in MOTIONS for b in z["Besluit"])
    return {"motions": 30, "papers": 30, "submitters": submitters, "votes": votes}


def database_counts() -> dict[str, int]:
    return {"motions": Motion.objects.count(), "papers": Kamerstuk.objects.count(), "submitters": Sponsorship.objects.count(), "votes": Vote.objects.count()}


def assert_complete() -> None:
    assert database_counts() == expected_counts()
    assert set(Motion.objects.values_list("zaak_id", flat=True)) == {__import__("uuid").UUID(z["Id"]) for z in MOTIONS}
    # One history row per adopted motion: a page applied twice would have left two.
    tracked = Motion.objects.exclude(status="").count()
    assert StatusChange.objects.count() == tracked > 0
    state = SyncState.objects.get(entity="motions")
    assert state.cursor == MOTIONS[-1]["ApiGewijzigdOp"] and state.next_url == ""


@pytest.mark.parametrize(
    "fault",
    ["503", "500", "timeout", "truncated", "short_read", "not_json", "no_value", "reset", ("429", 7), ("503", 3)],
    ids=str,
)
def test_a_fault_on_a_middle_page_is_retried_and_the_sync_completes(fake, fault):
    fake.faults = [("request", 1, fault)]  # the second page of motions
    sleeps = Sleeps()
    with client_for(fake, timeout=0.5, sleep=sleeps) as client:
        stats = sync("motions", client=client)
    assert fake.faults == []  # the fault was served
    assert (stats.created, stats.errors) == (30, 0)
    assert_complete()
    assert len(sleeps) == 1
    if isinstance(fault, tuple):
        assert sleeps == [float(fault[1])]  # Retry-After honoured


def test_faults_on_every_page_are_all_survived(fake):
    fake.faults = [("request", 0, "503"), ("request", 2, "reset"), ("request", 4, "truncated"), ("request", 6, ("429", 2))]
    with client_for(fake, timeout=0.5) as client:
        stats = sync("motions", client=client)
    assert stats.created == 30
    assert_complete()


def test_an_outage_longer_than_the_retries_stops_the_run_and_the_next_run_resumes(fake):
    fake.faults = [("request", 1, "503")] + [("request", i, "503") for i in range(2, 5)]
    with client_for(fake, timeout=0.5, max_attempts=3) as client:
        with pytest.raises(TransientError):
            sync("motions", client=client)
    state = SyncState.objects.get(entity="motions")
    assert Motion.objects.count() == 10  # the first page, committed with its cursor
    assert state.cursor == MOTIONS[9]["ApiGewijzigdOp"] and state.next_url and "503" in state.last_error

    with client_for(fake, timeout=0.5) as client:
        stats = sync("motions", client=client)
    assert (stats.created, stats.unchanged) == (20, 0)  # resumed after page one, not from the start
    assert_complete()
