"""Toezeggingen from the register become commitments; the register's status counts only once."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator

import pytest

from motions.models import Commitment, Event, Member, Ministry, StatusChange
from motions.services import assign, record_status
from tests.fake_syncfeed import FakeSyncFeed, entity, toezegging

from .sync_support import run

pytestmark = pytest.mark.django_db

BOSWIJK, CDA = "1e8aa099-9c94-432d-bff7-ac9fe20ff3ff", "62c1a13c-85ff-40ed-90f7-a9546d61f869"


def boswijk() -> str:
    return entity("Persoon", BOSWIJK, initialen="D.G.", achternaam="Boswijk", functie="Tweede Kamerlid", fractielabel="CDA")


def cda() -> str:
    return entity("Fractie", CDA, afkorting="CDA", naamNl="Christen-Democratisch Appèl", aantalZetels=5)


@pytest.fixture
def fake(ministries) -> Iterator[FakeSyncFeed]:
    with FakeSyncFeed(page_size=3) as server:
        server.add("Persoon", boswijk())
        server.add("Fractie", cda())
        server.add("Toezegging", toezegging(
            "0d6b8344-b3ab-5a1d-a7cf-4ccaaf8cf15b", nummer="TZ202502-071", tekst="De minister zegt toe de Kamer voor de zomer per brief te informeren.",
            datum_nakoming="2025-07-01T00:00:00", persoon=BOSWIJK, fractie=CDA, aanmaakdatum="2025-02-13T00:00:00",
        ))
        for i, ministerie in enumerate(["Infrastructuur en Waterstaat", "Buitenlandse Zaken", "Buitenlandse Zaken"]):
            server.add("Toezegging", toezegging(nummer=f"TZ202509-01{i}", tekst=f"Toezegging {i}", ministerie=ministerie, datum_nakoming=None))
        yield server


def test_the_register_fields_land_on_the_commitment(fake):
    stats = run(fake, ["Persoon", "Fractie", "Toezegging"])
    assert (stats.created, stats.errors) == (4, 0)
    c = Commitment.objects.get(number="TZ202502-071")
    assert c.text == "De minister zegt toe de Kamer voor de zomer per brief te informeren."
    assert (c.minister, c.minister_function) == ("C.C.J. Veldkamp", "minister van Buitenlandse Zaken")
    assert c.ministry == Ministry.objects.get(abbreviation="BZ")  # found by name, not created again
    assert (c.made_on, c.deadline) == (dt.date(2025, 2, 13), dt.date(2025, 7, 1))
    assert c.made_to_member.surname == "Boswijk" and str(c.made_to_member.source_id) == BOSWIJK
    assert c.made_to_party.abbreviation == "CDA" and c.made_to_raw == "D.G. Boswijk (CDA)"
    assert str(c.source_id) == "0d6b8344-b3ab-5a1d-a7cf-4ccaaf8cf15b" and c.withdrawn is False
    assert Commitment.objects.get(number="TZ202509-010").ministry.abbreviation == "IenW"
    assert Event.objects.filter(kind="commitment_created").count() == 4


def test_the_person_arriving_after_the_commitment_completes_it(ministries):
    with FakeSyncFeed() as fake:
        fake.add("Toezegging", toezegging(nummer="TZ202504-001", persoon=BOSWIJK, fractie=CDA))
        run(fake, ["Toezegging"])
        c = Commitment.objects.get()
        assert c.made_to_member is None and c.made_to_party is None
        fake.add("Persoon", boswijk())
        fake.add("Fractie", cda())
        stats = run(fake, ["Persoon", "Fractie"])
    c.refresh_from_db()
    assert stats.updated == 1 and c.made_to_member.surname == "Boswijk" and c.made_to_party.abbreviation == "CDA"
    assert Event.objects.filter(kind="commitment_created").count() == 1


@pytest.mark.parametrize(
    "raw, status",
    [("Openstaand", "open"), ("Voldaan", "afgedaan"), ("Deels Voldaan", "deels_afgedaan"), ("Vervallen", "vervallen"), ("Afgedaan", "afgedaan"), ("Deels Afgedaan", "deels_afgedaan")],
)
def test_a_new_commitment_starts_at_the_registers_status_with_a_history_row(raw, status):
    with FakeSyncFeed() as fake:
        fake.add("Toezegging", toezegging(nummer="TZ202504-001", tekst="Brief voor de zomer", status=raw))
        run(fake, ["Toezegging"])
    c = Commitment.objects.get()
    assert (c.status, c.source_status_raw) == (status, raw)
    (change,) = StatusChange.objects.filter(commitment=c)
    assert (change.old_status, change.new_status, change.reason, change.by) == ("", status, "Status volgens het toezeggingenregister", None)


def test_an_unknown_status_is_kept_raw_logged_once_and_starts_open(caplog):
    with FakeSyncFeed() as fake, caplog.at_level(logging.WARNING, logger="motions.opendata"):
        for i in range(3):
            fake.add("Toezegging", toezegging(nummer=f"TZ202504-00{i}", tekst=f"Toezegging {i}", status="In behandeling"))
        stats = run(fake, ["Toezegging"])
    assert stats.created == 3 and stats.errors == 0
    assert set(Commitment.objects.values_list("status", "source_status_raw")) == {("open", "In behandeling")}
    assert sum("In behandeling" in r.getMessage() for r in caplog.records) <= 1


def test_staff_own_status_deadline_and_ministry_after_the_first_sync(fake, django_user_model):
    run(fake)
    staff = django_user_model.objects.create_superuser("coordinator", "c@example.org", "a-long-test-password")
    c = Commitment.objects.get(number="TZ202502-071")
    record_status(c, to="in_uitvoering", by=staff, reason="Onderzoek loopt")
    assign(c, by=staff, deadline=dt.date(2025, 9, 1), ministry=Ministry.objects.get(abbreviation="DEF"), owner=staff)
    history = list(StatusChange.objects.filter(commitment=c).values_list("pk", flat=True))

    fake.revise(str(c.source_id), status="Voldaan", datumNakoming="2025-12-31T00:00:00", ministerie="Financiën", tekst="Nieuwe tekst")
    stats = run(fake)
    assert stats.updated == 1
    after = Commitment.objects.get(pk=c.pk)
    assert (after.status, after.source_status_raw, after.text) == ("in_uitvoering", "Voldaan", "Nieuwe tekst")
    assert (after.deadline, after.ministry.abbreviation, after.owner) == (dt.date(2025, 9, 1), "DEF", staff)
    assert list(StatusChange.objects.filter(commitment=c).values_list("pk", flat=True)) == history


def test_a_commitment_to_a_party_alone_names_the_party():
    sgp = "a0000000-0000-4000-8000-000000000001"
    with FakeSyncFeed() as fake:
        fake.add("Fractie", entity("Fractie", sgp, afkorting="SGP", naamNl="Staatkundig Gereformeerde Partij", aantalZetels=3))
        fake.add("Toezegging", toezegging(nummer="TZ202504-001", tekst="Aan de fractie", fractie=sgp))
        run(fake)
    c = Commitment.objects.get()
    assert c.made_to_member is None and c.made_to_party.abbreviation == "SGP" and c.made_to_raw == "SGP"
    assert not Member.objects.exists()
