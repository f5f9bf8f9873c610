"""Toezeggingen from the register become commitments; the register's status counts only once."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator

import pytest

from motions.models import Commitment, Event, Member, Ministry, StatusChange
from motions.opendata.sync import sync
from motions.services import assign, record_status
from tests.fake_odata import MEMBERS, FakeOData, make_toezegging

from .sync_support import client_for, fixture_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake(ministries) -> Iterator[FakeOData]:
    with FakeOData(page_size=3) as server:
        server.add("Toezegging", fixture_rows("toezegging"))
        yield server


def run(fake: FakeOData):
    with client_for(fake) as client:
        return sync("commitments", client=client)


def update(fake: FakeOData, nummer: str, at: str = "2025-10-01T08:00:00.5Z", **fields) -> None:
    row = next(r for r in fake.rows("Toezegging") if r["Nummer"] == nummer)
    row.update(fields, ApiGewijzigdOp=at)
    fake.touch()


def test_the_register_fields_land_on_the_commitment(fake):
    stats = run(fake)
    assert (stats.created, stats.errors, stats.pages) == (4, 0, 3)  # 3 + 1 rows, then the deletions page
    c = Commitment.objects.get(number="TZ202502-071")
    assert c.text.startswith("De minister zegt toe de Kamer voor de zomer per brief te informeren")
    assert (c.minister, c.minister_function) == ("C.C.J. Veldkamp", "minister van Buitenlandse Zaken")
    assert c.ministry == Ministry.objects.get(abbreviation="BZ")  # found by name, not created again
    assert (c.made_on, c.deadline) == (dt.date(2025, 2, 13), dt.date(2025, 7, 1))
    assert c.made_to_member.surname == "Boswijk" and str(c.made_to_member.source_id) == MEMBERS["D.G. Boswijk"][1]
    assert c.made_to_party.abbreviation == "CDA" and c.made_to_raw == "D.G. Boswijk (CDA)"
    assert str(c.source_id) == "0d6b8344-b3ab-5a1d-a7cf-4ccaaf8cf15b" and c.withdrawn is False
    assert Commitment.objects.get(number="TZ202509-015").minister == "D.M. van Weel"
    assert Commitment.objects.get(number="TZ202411-102").ministry.abbreviation == "IenW"
    assert Event.objects.filter(kind="commitment_created").count() == 4


@pytest.mark.parametrize(
    "raw, status",
    [("Openstaand", "open"), ("Voldaan", "afgedaan"), ("Deels Voldaan", "deels_afgedaan"), ("Vervallen", "vervallen"), ("Afgedaan", "afgedaan"), ("Deels Afgedaan", "deels_afgedaan")],
)
def test_a_new_commitment_starts_at_the_registers_status_with_a_history_row(raw, status):
    with FakeOData() as fake:
        fake.add("Toezegging", [make_toezegging(nummer="TZ202504-001", tekst="Brief voor de zomer", status=raw)])
        run(fake)
    c = Commitment.objects.get()
    assert (c.status, c.source_status_raw) == (status, raw)
    (change,) = StatusChange.objects.filter(commitment=c)
    assert (change.old_status, change.new_status, change.reason, change.by) == ("", status, "Status volgens het toezeggingenregister", None)


def test_an_unknown_status_is_kept_raw_logged_once_and_starts_open(caplog):
    rows = [make_toezegging(nummer=f"TZ202504-00{i}", tekst=f"Toezegging {i}", status="In behandeling", api_gewijzigd_op=f"2025-04-11T09:12:4{i}.1Z") for i in range(3)]
    with FakeOData() as fake, caplog.at_level(logging.WARNING, logger="motions.opendata"):
        fake.add("Toezegging", rows)
        stats = run(fake)
    assert stats.created == 3 and stats.errors == 0
    assert set(Commitment.objects.values_list("status", "source_status_raw")) == {("open", "In behandeling")}
    assert sum("In behandeling" in r.getMessage() for r in caplog.records) <= 1


def test_staff_own_status_deadline_and_ministry_after_the_first_sync(fake, django_user_model):
    run(fake)
    staff = django_user_model.objects.create_superuser("coordinator", "c@example.org", "a-long-test-password")
    c = Commitment.objects.get(number="TZ202502-071")
    record_status(c, to="in_uitvoering", by=staff, reason="Onderzoek loopt")
    assign(c, by=staff, deadline=dt.date(2025, 9, 1), ministry=Ministry.objects.get(abbreviation="DEF"), owner=staff)
    c.refresh_from_db()
    history = list(StatusChange.objects.filter(commitment=c).values_list("pk", flat=True))

    update(fake, "TZ202502-071", Status="Voldaan", DatumNakoming="2025-12-31T00:00:00+01:00", Ministerie="Financiën", Tekst="Nieuwe tekst")
    stats = run(fake)
    assert stats.updated == 1
    after = Commitment.objects.get(pk=c.pk)
    assert (after.status, after.source_status_raw, after.text) == ("in_uitvoering", "Voldaan", "Nieuwe tekst")
    assert (after.deadline, after.ministry.abbreviation, after.owner) == (dt.date(2025, 9, 1), "DEF", staff)
    assert list(StatusChange.objects.filter(commitment=c).values_list("pk", flat=True)) == history


def test_a_missing_ministry_is_created_once_by_its_name():
    rows = [
        make_toezegging(nummer="TZ202504-001", tekst="Een", ministerie="Ministerie van Justitie en Veiligheid"),
        make_toezegging(nummer="TZ202504-002", tekst="Twee", ministerie="Klimaat en Energie", api_gewijzigd_op="2025-04-11T09:12:45Z"),
        make_toezegging(nummer="TZ202504-003", tekst="Drie", ministerie="Ministerie van Klimaat en Energie", api_gewijzigd_op="2025-04-11T09:12:46Z"),
    ]
    Ministry.objects.create(name="Justitie en Veiligheid", abbreviation="JenV")
    with FakeOData() as fake:
        fake.add("Toezegging", rows)
        run(fake)
    assert Commitment.objects.get(number="TZ202504-001").ministry.abbreviation == "JenV"
    klimaat = Ministry.objects.get(name="Klimaat en Energie")
    assert set(Commitment.objects.filter(ministry=klimaat).values_list("number", flat=True)) == {"TZ202504-002", "TZ202504-003"}
    assert Ministry.objects.count() == 2


def test_a_commitment_to_a_party_alone_names_the_party():
    with FakeOData() as fake:
        fake.add("Toezegging", [make_toezegging(nummer="TZ202504-001", tekst="Aan de fractie", toegezegd_aan_fractie="SGP")])
        run(fake)
    c = Commitment.objects.get()
    assert c.made_to_member is None and c.made_to_party.abbreviation == "SGP" and c.made_to_raw == "SGP"
    assert not Member.objects.exists()
