"""Papers a letter cited before the register was synced are filled in, never duplicated; a paper the
register says is not a motion loses its placeholder motion and the letters app is told."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from motions.models import Dossier, Event, Kamerstuk, Motion, StatusChange
from motions.opendata.state import SyncState
from motions.signals import kamerstuk_is_not_a_motion
from tests.fake_syncfeed import FakeSyncFeed, brief_2243

from .sync_support import SEED_KEYS, add_entities, run, seed_server

pytestmark = pytest.mark.django_db


def placeholder(key: str, *, as_motion: bool = True, submitter: str = "Boswijk") -> Kamerstuk:
    """What letter ingestion leaves for a paper it cannot find (letters.ingest, _resolve_papers)."""
    number, _, rest = key.partition("-")
    toevoeging, _, nr = rest.rpartition("-")
    dossier, _ = Dossier.objects.get_or_create(number=int(number), toevoeging=toevoeging)
    paper = Kamerstuk.objects.create(dossier=dossier, number=nr, is_placeholder=True, kind="motie" if as_motion else "onbekend")
    if as_motion:
        Motion.objects.create(kamerstuk=paper, title=f"Motie {submitter} ({key})")
    return paper


@pytest.fixture
def fake() -> Iterator[FakeSyncFeed]:
    with seed_server(page_size=50) as server:
        add_entities(server, brief_2243())
        yield server


@pytest.fixture
def heard() -> Iterator[list]:
    calls: list = []

    def receiver(sender, kamerstuk, **kwargs):
        calls.append((sender, kamerstuk.key))

    kamerstuk_is_not_a_motion.connect(receiver, dispatch_uid="test-heard")
    yield calls
    kamerstuk_is_not_a_motion.disconnect(dispatch_uid="test-heard")


def test_a_placeholder_motion_is_filled_in_place_not_duplicated(fake):
    paper = placeholder("35207-83", submitter="Paternotte")
    motion = paper.motion
    stats = run(fake)
    assert stats.created == 11 and stats.updated == 1
    paper.refresh_from_db()
    motion.refresh_from_db()
    assert not paper.is_placeholder and paper.document_number == "2025D15872" and paper.kind == "motie"
    assert motion.zaak_number == "2025Z06902" and motion.outcome == "aangenomen" and motion.status == "open"
    assert motion.title.startswith("Motie van het lid Paternotte c.s.")
    assert Kamerstuk.objects.filter(key="35207-83").count() == 1 and Motion.objects.count() == 12
    assert Event.objects.filter(kind="motion_created", motion=motion).exists()  # new to subscribers


def test_a_paper_the_register_calls_a_letter_loses_its_placeholder_motion(fake, heard, django_capture_on_commit_callbacks):
    paper = placeholder("21501-20-2243")
    with django_capture_on_commit_callbacks(execute=True):
        stats = run(fake)
    assert stats.resolved == 1
    paper.refresh_from_db()
    assert (paper.kind, paper.kind_raw, paper.is_placeholder) == ("brief_regering", "Brief regering", False)
    assert paper.document_number == "2025D11739" and str(paper.date) == "2025-03-19" and paper.vergaderjaar == "2024-2025"
    assert paper.title.startswith("Uitvoering van de motie van het lid Boswijk c.s.")
    assert str(paper.source_id) == "a67c644c-fa7a-421b-8205-9c4cdc28fd6b"
    assert not Motion.objects.filter(kamerstuk=paper).exists()
    assert heard == [(Kamerstuk, "21501-20-2243")]
    assert paper.dossier.title == "Europese Raad"


def test_the_lookup_is_local_no_request_beyond_the_feed_pages(fake):
    placeholder("21501-20-2243")
    stats = run(fake)
    assert stats.resolved == 1
    assert all("/SyncFeed/2.0/Feed?" in r for r in fake.requests)


def test_the_signal_is_sent_only_after_commit(fake, heard, django_capture_on_commit_callbacks):
    placeholder("21501-20-2243")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run(fake)
    # Nothing is heard before the commit; the signal waits among the on-commit callbacks (with the
    # letter harvest's queueing of the mirrored letter, which also waits for the commit).
    assert heard == [] and len(callbacks) >= 1


def test_a_placeholder_motion_with_a_history_is_left_for_staff(fake, heard, django_capture_on_commit_callbacks):
    paper = placeholder("21501-20-2243")
    StatusChange.objects.create(motion=paper.motion, old_status="", new_status="open", reason="handmatig")
    with django_capture_on_commit_callbacks(execute=True):
        run(fake)
    paper.refresh_from_db()
    assert paper.kind == "brief_regering" and Motion.objects.filter(kamerstuk=paper).exists()
    assert heard == []


def test_a_placeholder_made_after_the_mirror_is_filled_by_the_next_run_without_downloading(fake, heard, django_capture_on_commit_callbacks):
    run(fake)
    pages = len(fake.requests)
    paper = placeholder("21501-20-2243")
    with django_capture_on_commit_callbacks(execute=True):
        stats = run(fake)
    assert stats.resolved == 1 and stats.entities == 0
    assert len(fake.requests) - pages == 13  # one empty page per category: nothing downloaded again
    paper.refresh_from_db()
    assert paper.kind == "brief_regering" and heard == [(Kamerstuk, "21501-20-2243")]


def test_a_paper_the_register_does_not_know_stays_a_placeholder(fake):
    paper = placeholder("21501-20-9999")
    stats = run(fake)
    assert stats.resolved == 0
    paper.refresh_from_db()
    assert paper.is_placeholder and Motion.objects.filter(kamerstuk=paper).exists()
    assert SyncState.objects.get(entity="placeholders").last_stats == {"looked_up": 1, "resolved": 0}


def test_the_seed_letter_and_the_sync_meet_without_duplicates(fake, django_capture_on_commit_callbacks):
    from letters.ingest import ingest_letter
    from letters.models import Citation
    from tests.letters.documents import SEED_LETTER

    letter = ingest_letter(SEED_LETTER)
    placeholders = set(Kamerstuk.objects.filter(is_placeholder=True).values_list("key", flat=True))
    assert {"35207-83", "21501-20-2243"} <= placeholders
    papers_before = Kamerstuk.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        run(fake)
    keys = list(Kamerstuk.objects.values_list("key", flat=True))
    assert len(keys) == len(set(keys)) and len(keys) == papers_before + 1  # only 35207-88, which the letter does not cite
    for key in SEED_KEYS:
        assert Motion.objects.get(kamerstuk__key=key).zaak_id is not None, key
    assert not Motion.objects.filter(kamerstuk__key="21501-20-2243").exists()
    citation = letter.citations.get(key="21501-20-2243")
    assert citation.target == Citation.Target.PAPER and citation.kind == "motie"  # the letter's words stay
