"""Categories arrive in any order (a Stemming before its Besluit, a Besluit before its Zaak, a Zaak before its
dossier): when the missing part arrives the records that reference it are completed, and the domain ends
up the same as when everything arrives at once. ``manage.py reproject`` rebuilds it from the mirror alone."""

from __future__ import annotations

import json
import random
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from motions.models import Event, FeedEntity, Motion, Sponsorship, StatusChange, Vote
from tests.fake_syncfeed import CATEGORIES, FakeSyncFeed, seed_entities

from .sync_support import SEED_KEYS, run

pytestmark = pytest.mark.django_db


def domain() -> dict:
    """The domain by stable keys (primary keys depend on arrival order)."""
    result = {}
    for m in Motion.objects.select_related("kamerstuk__dossier", "replaces__kamerstuk"):
        result[m.kamerstuk.key] = {
            "zaak": str(m.zaak_id), "title": m.title, "outcome": (m.outcome, m.outcome_raw), "vote_date": str(m.vote_date),
            "appreciatie": (m.kabinetsappreciatie, m.kabinetsappreciatie_raw), "status": m.status, "withdrawn": m.withdrawn,
            "replaces": m.replaces.kamerstuk.key if m.replaces else None, "dossier": m.kamerstuk.dossier.title,
            "paper": (m.kamerstuk.kind_raw, m.kamerstuk.document_number, str(m.kamerstuk.source_id)),
            "submitters": [(s.member.full_name, s.party.abbreviation if s.party else None, s.role) for s in Sponsorship.objects.filter(motion=m).select_related("member", "party").order_by("order")],
            "votes": sorted((str(v.source_id), v.choice, v.seats, v.party.abbreviation if v.party else None) for v in Vote.objects.filter(motion=m).select_related("party")),
            "history": list(StatusChange.objects.filter(motion=m).values_list("new_status", flat=True)),
        }
    return result


def mirror_in(order: list[str], *, one_run_per_category: bool) -> dict:
    entities = seed_entities()
    with FakeSyncFeed(page_size=40) as fake:
        for category in order:
            for c, updated, xml in entities:
                if c == category:
                    fake.add(c, xml, updated=updated)
        if one_run_per_category:
            for category in order:
                run(fake, [category])
        else:
            run(fake, order)
        run(fake)
    return domain()


@pytest.fixture
def reference(db) -> dict:
    """The domain after one run in the default order, rolled back so the test starts empty."""
    with transaction.atomic():
        result = mirror_in(list(CATEGORIES), one_run_per_category=False)
        transaction.set_rollback(True)
    assert not Motion.objects.exists()
    return result


def test_the_reference_run_has_every_seed_motion_complete(reference):
    assert sorted(reference) == sorted(SEED_KEYS)
    assert all(m["submitters"] and m["dossier"] for m in reference.values())
    assert reference["35207-98"]["replaces"] == "35207-88"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_categories_one_run_at_a_time_in_a_random_order_converge(reference, seed):
    order = list(CATEGORIES)
    random.Random(seed).shuffle(order)
    assert mirror_in(order, one_run_per_category=True) == reference


def test_the_reverse_order_converges_votes_before_decisions_before_motions_before_dossiers(reference):
    order = ["Stemming", "Besluit", "ZaakActor", "Zaak", "DocumentVersie", "Document", "Kamerstukdossier"]
    order += [c for c in CATEGORIES if c not in order]
    assert mirror_in(order, one_run_per_category=True) == reference
    # Each motion was announced once, when it became complete, however many pages touched it.
    created = list(Event.objects.filter(kind="motion_created").values_list("motion_id", flat=True))
    assert len(created) == len(set(created)) == 12


def test_a_late_part_completes_only_the_records_that_reference_it(reference):
    """The Kamerstukdossier arriving last re-projects the Zaken and Documents that point at it, found
    through the reference index: a fixed number of queries, no scan of the mirror."""
    entities = seed_entities()
    with FakeSyncFeed(page_size=250) as fake:
        for c, updated, xml in entities:
            if c != "Kamerstukdossier":
                fake.add(c, xml, updated=updated)
        run(fake)
        assert Motion.objects.count() == 12  # keyed by their publication identifiers meanwhile
        for c, updated, xml in entities:
            if c == "Kamerstukdossier":
                fake.add(c, xml, updated=updated)
        with CaptureQueriesContext(connection) as ctx:
            stats = run(fake, ["Kamerstukdossier"])
        assert stats.mirrored == 3 and stats.errors == 0
        scans = [q for q in ctx.captured_queries if q["sql"].startswith("SELECT") and "motions_feedentity" in q["sql"] and "WHERE" not in q["sql"]]
        assert not scans
    assert domain() == reference


def test_reproject_rebuilds_the_domain_from_the_mirror_alone(reference):
    with FakeSyncFeed(page_size=100) as fake:
        for c, updated, xml in seed_entities():
            fake.add(c, xml, updated=updated)
        run(fake)
        requests = len(fake.requests)
        # Lose the domain, keep the mirror.
        Vote.objects.all().delete()
        Sponsorship.objects.all().delete()
        Motion.objects.update(outcome="", outcome_raw="", vote_date=None, kabinetsappreciatie="", kabinetsappreciatie_raw="", replaces=None)
        out, err = StringIO(), StringIO()
        call_command("reproject", stdout=out, stderr=err)
        assert len(fake.requests) == requests  # nothing downloaded
    counts = json.loads(out.getvalue())
    assert counts["updated"] == 12 and counts["errors"] == 0 and counts["pending"] == 0
    assert "Zaak: 12 projected" in err.getvalue()
    assert domain() == reference
    again = StringIO()
    call_command("reproject", "--category", "zaak", stdout=again, stderr=StringIO())
    assert json.loads(again.getvalue())["updated"] == 0  # nothing left to change
    assert FeedEntity.objects.filter(category="Zaak").count() == 12
