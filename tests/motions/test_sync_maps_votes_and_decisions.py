"""Keys, decisions, votes and appreciations the seed motions do not show, built in the register's shapes."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator

import pytest

from motions.models import Event, Member, Motion, Vote
from motions.opendata.sync import sync
from tests.fake_odata import MEMBERS, FakeOData, make_besluit, make_stemming, make_zaak

from .sync_support import client_for

pytestmark = pytest.mark.django_db

SUBMITTERS = [("D.G. Boswijk", "CDA", "Indiener"), ("J.M. Paternotte", "D66", "Medeindiener")]


@pytest.fixture
def fake() -> Iterator[FakeOData]:
    with FakeOData(page_size=250) as server:
        server.add("Kamerstukdossier", [])
        yield server


def run(fake: FakeOData, *zaken: dict, replace: bool = False):
    if replace:
        fake.set_rows("Zaak", list(zaken))
    else:
        fake.add("Zaak", list(zaken))
    with client_for(fake) as client:
        return sync("motions", client=client)


def motion(title: str = "Motie over iets", **kwargs) -> dict:
    kwargs.setdefault("dossier", 35207)
    kwargs.setdefault("toevoeging", None)
    kwargs.setdefault("volgnummer", 101)
    kwargs.setdefault("submitters", SUBMITTERS)
    return make_zaak(title=title, **kwargs)


def test_a_sub_dossier_motion_gets_the_key_with_its_toevoeging(fake):
    run(fake, motion(dossier=21501, toevoeging="20", volgnummer=2301))
    assert Motion.objects.by_key("21501-20-2301").exists()
    assert Motion.objects.by_key("kst-21501-20-2301").get().kamerstuk.dossier.key == "21501-20"


def test_volgnummer_minus_one_takes_the_key_from_the_publication_identifier(fake):
    stats = run(fake, motion(volgnummer=98, document_volgnummer=-1, soort_document="Motie (gewijzigd/nader)"))
    assert stats.errors == 0
    assert Motion.objects.by_key("35207-98").get().kamerstuk.kind_raw == "Motie (gewijzigd/nader)"


def test_a_roll_call_is_recorded_per_member_with_the_register_ids(fake):
    roll_call = make_besluit(
        stemmingssoort="Hoofdelijk",
        stemmingen=[
            make_stemming(fractie="D66", persoon="J.M. Paternotte", soort="Voor", grootte=9),
            make_stemming(fractie="CDA", persoon="D.G. Boswijk", soort="Voor", grootte=5),
            make_stemming(fractie="PVV", persoon="G. Wilders", soort="Tegen", grootte=37),
            make_stemming(fractie="SGP", persoon="C. Stoffer", soort="Niet deelgenomen", grootte=3),
        ],
    )
    run(fake, motion(besluiten=[roll_call]))
    votes = {v.member.full_name: (v.choice, v.seats, v.party.abbreviation) for v in Vote.objects.select_related("member", "party")}
    assert votes == {
        "J.M. Paternotte": ("voor", 1, "D66"),
        "D.G. Boswijk": ("voor", 1, "CDA"),
        "G. Wilders": ("tegen", 1, "PVV"),
        "C. Stoffer": ("niet_deelgenomen", 1, "SGP"),
    }
    assert str(Member.objects.get(surname="Stoffer").source_id) == MEMBERS["C. Stoffer"][1]
    assert Member.objects.get(surname="Wilders").source_id is not None  # a member who only voted


def test_a_vote_cast_by_mistake_is_noted(fake):
    besluit = make_besluit(stemmingen=[make_stemming(fractie="PVV", grootte=37), make_stemming(fractie="SP", soort="Voor", grootte=5, vergissing=True)])
    run(fake, motion(besluiten=[besluit]))
    assert Vote.objects.get(party__abbreviation="SP").mistake is True
    assert Vote.objects.get(party__abbreviation="PVV").mistake is False


def test_a_later_decision_supersedes_an_earlier_one_by_its_vote_day(fake):
    # The March decision was edited last (later GewijzigdOp); the April vote still stands.
    held = make_besluit(soort="Stemmen - aangehouden", tekst="Aangehouden.", vote_date="2025-03-11T00:00:00+01:00", gewijzigd_op="2025-05-01T10:00:00+02:00")
    adopted = make_besluit(vote_date="2025-04-15T00:00:00+02:00", gewijzigd_op="2025-04-15T16:39:14.48+02:00", stemmingen=[make_stemming(fractie="PVV", grootte=37)])
    run(fake, motion(besluiten=[held, adopted]))
    m = Motion.objects.get()
    assert (m.outcome, m.vote_date) == ("aangenomen", dt.date(2025, 4, 15))
    assert m.votes.count() == 1


def test_postponing_the_vote_leaves_the_outcome_as_it_was(fake):
    adopted = make_besluit(vote_date="2025-04-15T00:00:00+02:00")
    postponed = make_besluit(soort="Stemmen - uitstellen", tekst="Uitgesteld.", vote_date="2025-04-22T00:00:00+02:00")
    run(fake, motion(besluiten=[adopted, postponed]), motion(volgnummer=102, besluiten=[postponed]))
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
    run(fake, motion(kabinetsappreciatie=raw))
    assert Motion.objects.get().kabinetsappreciatie == normalised


def test_an_unknown_appreciation_is_stored_raw_and_logged_once(fake, caplog):
    with caplog.at_level(logging.WARNING, logger="motions.opendata"):
        stats = run(fake, motion(kabinetsappreciatie="Nog in beraad"), motion(volgnummer=102, kabinetsappreciatie="Nog in beraad"))
    assert stats.created == 2 and stats.errors == 0
    assert set(Motion.objects.values_list("kabinetsappreciatie", "kabinetsappreciatie_raw")) == {("onbekend", "Nog in beraad")}
    assert sum("Nog in beraad" in r.getMessage() for r in caplog.records) <= 1


def test_an_amended_motion_is_linked_even_when_the_original_arrives_later(fake):
    original = motion(volgnummer=88, api_gewijzigd_op="2025-04-16T12:00:00.5Z")
    amended = motion(volgnummer=98, api_gewijzigd_op="2025-04-16T11:00:00.5Z", soort_document="Motie (gewijzigd/nader)", vervangen_vanuit=original["Id"])
    original["VervangenDoor"] = [{k: v for k, v in amended.items() if not isinstance(v, (list, dict))}]
    run(fake, amended, original)
    by_key = {m.kamerstuk.key: m for m in Motion.objects.select_related("kamerstuk")}
    assert by_key["35207-98"].replaces_id == by_key["35207-88"].pk
    assert by_key["35207-88"].outcome == "vervallen"


def test_a_vote_that_arrives_later_updates_the_motion_and_the_feed(fake):
    pending = motion(besluiten=[], api_gewijzigd_op="2025-04-09T10:00:00.1Z")
    run(fake, pending)
    m = Motion.objects.get()
    assert (m.outcome, m.status) == ("ingediend", "")
    voted = motion(besluiten=[make_besluit(vote_date="2025-04-15T00:00:00+02:00", stemmingen=[make_stemming(fractie="CDA", grootte=5)])], api_gewijzigd_op="2025-04-16T08:00:00.2Z")
    stats = run(fake, voted, replace=True)
    assert (stats.created, stats.updated) == (0, 1)
    m.refresh_from_db()
    assert (m.outcome, m.status, m.vote_date) == ("aangenomen", "open", dt.date(2025, 4, 15))
    assert Motion.objects.count() == 1 and m.votes.count() == 1
    event = Event.objects.get(kind="vote_recorded")
    assert event.motion_id == m.pk and event.payload["outcome"] == "aangenomen" and event.payload["key"] == "35207-101"
