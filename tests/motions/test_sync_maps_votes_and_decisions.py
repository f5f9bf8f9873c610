"""Keys, decisions, votes and appreciations the seed motions do not show, built as SyncFeed entities."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator

import pytest

from motions.models import Event, Member, Motion, Vote
from tests.fake_syncfeed import KNOWN_PEOPLE, BuiltMotion, FakeSyncFeed, decision, one_motion, vote

from .sync_support import run

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake() -> Iterator[FakeSyncFeed]:
    with FakeSyncFeed(page_size=250) as server:
        yield server


def sync_motions(fake: FakeSyncFeed, *motions: BuiltMotion):
    for m in motions:
        fake.add_many(m.entities)
    return run(fake)


def test_a_sub_dossier_motion_gets_the_key_with_its_toevoeging(fake):
    sync_motions(fake, one_motion(dossier=21501, toevoeging="20", volgnummer=2301))
    assert Motion.objects.by_key("21501-20-2301").exists()
    assert Motion.objects.by_key("kst-21501-20-2301").get().kamerstuk.dossier.key == "21501-20"


def test_the_key_never_comes_from_the_zaak_volgnummer(fake):
    built = one_motion(volgnummer=101)
    fake.add_many(built.entities)
    fake.revise(built.zaak, volgnummer=7)  # Zaak.volgnummer is not the paper number
    run(fake)
    assert Motion.objects.get().kamerstuk.key == "35207-101"


def test_volgnummer_minus_one_takes_the_key_from_the_publication_identifier(fake):
    stats = sync_motions(fake, one_motion(volgnummer=98, document_volgnummer=-1, identifier="kst-35207-98", soort_document="Motie (gewijzigd/nader)"))
    assert stats.errors == 0
    assert Motion.objects.by_key("35207-98").get().kamerstuk.kind_raw == "Motie (gewijzigd/nader)"


def test_a_roll_call_is_recorded_per_member_with_the_register_ids(fake):
    roll_call = decision(stemmingssoort="Hoofdelijk", votes=[
        vote("D66", persoon="J.M. Paternotte", grootte=1), vote("CDA", persoon="D.G. Boswijk", grootte=1),
        vote("PVV", persoon="G. Wilders", soort="Tegen", grootte=1), vote("SGP", persoon="C. Stoffer", soort="Niet deelgenomen", grootte=1),
    ])
    sync_motions(fake, one_motion(decisions=[roll_call]))
    votes = {v.member.full_name: (v.choice, v.seats, v.party.abbreviation) for v in Vote.objects.select_related("member", "party")}
    assert votes == {
        "J.M. Paternotte": ("voor", 1, "D66"),
        "D.G. Boswijk": ("voor", 1, "CDA"),
        "G. Wilders": ("tegen", 1, "PVV"),
        "C. Stoffer": ("niet_deelgenomen", 1, "SGP"),
    }
    assert str(Member.objects.get(surname="Stoffer").source_id) == KNOWN_PEOPLE["C. Stoffer"][0]


def test_a_vote_cast_by_mistake_is_noted(fake):
    sync_motions(fake, one_motion(decisions=[decision(votes=[vote("PVV", grootte=37), vote("SP", grootte=5, vergissing=True)])]))
    assert Vote.objects.get(party__abbreviation="SP").mistake is True
    assert Vote.objects.get(party__abbreviation="PVV").mistake is False


def test_a_later_decision_supersedes_an_earlier_one_by_its_vote_day(fake):
    # The March decision was edited last (later bijgewerkt); the April vote still stands.
    held = decision("Stemmen - aangehouden", "Aangehouden.", vote_date="2025-03-11T00:00:00", bijgewerkt_at="2025-05-01T10:00:00.0000000")
    adopted = decision(vote_date="2025-04-15T00:00:00", bijgewerkt_at="2025-04-15T16:39:14.4800000", votes=[vote("PVV", grootte=37)])
    sync_motions(fake, one_motion(decisions=[held, adopted]))
    m = Motion.objects.get()
    assert (m.outcome, m.vote_date) == ("aangenomen", dt.date(2025, 4, 15))
    assert m.votes.count() == 1


def test_postponing_the_vote_leaves_the_outcome_as_it_was(fake):
    adopted = decision(vote_date="2025-04-15T00:00:00")
    postponed = decision("Stemmen - uitstellen", "Uitgesteld.", vote_date="2025-04-22T00:00:00")
    sync_motions(fake, one_motion(decisions=[adopted, postponed]), one_motion(volgnummer=102, decisions=[postponed]))
    assert Motion.objects.by_key("35207-101").get().outcome == "aangenomen"
    assert Motion.objects.by_key("35207-102").get().outcome == "ingediend"


@pytest.mark.parametrize(
    "raw, normalised",
    [
        ("Ontraden, tenzij gewijzigd", "ontraden_tenzij_gewijzigd"),
        ("Ontraden tenzij gewijzigd", "ontraden_tenzij_gewijzigd"),
        ("Ontijdig", "ontijdig"),
        ("Overbodig", "overbodig"),
        ("Niet beschikbaar bij gewijzigde moties en/of amendementen", "niet_beschikbaar"),
        (None, ""),
    ],
)
def test_kabinetsappreciatie_spellings_are_normalised(fake, raw, normalised):
    sync_motions(fake, one_motion(kabinetsappreciatie=raw))
    assert Motion.objects.get().kabinetsappreciatie == normalised


def test_an_unknown_appreciation_is_stored_raw_and_logged_once(fake, caplog):
    with caplog.at_level(logging.WARNING, logger="motions.opendata"):
        stats = sync_motions(fake, one_motion(kabinetsappreciatie="Nog in beraad"), one_motion(volgnummer=102, kabinetsappreciatie="Nog in beraad"))
    assert stats.created == 2 and stats.errors == 0
    assert set(Motion.objects.values_list("kabinetsappreciatie", "kabinetsappreciatie_raw")) == {("onbekend", "Nog in beraad")}
    assert sum("Nog in beraad" in r.getMessage() for r in caplog.records) <= 1


@pytest.mark.parametrize("original_first", [True, False])
def test_an_amended_motion_is_linked_both_ways_whichever_arrives_first(fake, original_first):
    original = one_motion(volgnummer=88)
    amended = one_motion(volgnummer=98, soort_document="Motie (gewijzigd/nader)", vervangen_vanuit=original.zaak)
    first, second = (original, amended) if original_first else (amended, original)
    sync_motions(fake, first)
    sync_motions(fake, second)
    by_key = {m.kamerstuk.key: m for m in Motion.objects.select_related("kamerstuk")}
    assert by_key["35207-98"].replaces_id == by_key["35207-88"].pk
    assert list(by_key["35207-88"].replaced_by.all()) == [by_key["35207-98"]]
    assert by_key["35207-88"].outcome == "vervallen"


def test_a_vote_that_arrives_later_updates_the_motion_and_the_feed(fake):
    built = one_motion(decisions=[decision(vote_date="2025-04-15T00:00:00", votes=[vote("CDA", grootte=5)])])
    later = built.of("Activiteit", "Agendapunt", "Besluit", "Stemming", "Fractie")
    fake.add_many([e for e in built.entities if e not in later])
    run(fake)
    m = Motion.objects.get()
    assert (m.outcome, m.status) == ("ingediend", "")
    fake.add_many(later)
    stats = run(fake)
    assert (stats.created, stats.updated) == (0, 1)
    m.refresh_from_db()
    assert (m.outcome, m.status, m.vote_date) == ("aangenomen", "open", dt.date(2025, 4, 15))
    assert Motion.objects.count() == 1 and m.votes.count() == 1
    event = Event.objects.get(kind="vote_recorded")
    assert event.motion_id == m.pk and event.payload["outcome"] == "aangenomen" and event.payload["key"] == "35207-101"
