"""A sync from the local fake OData server fills the seed motions (real records, three pages of five)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from motions.models import Dossier, Event, Kamerstuk, Member, Motion, Sponsorship, StatusChange, Vote
from motions.opendata.state import SyncState
from motions.opendata.sync import sync
from tests.fake_odata import MEMBERS, FakeOData

from .sync_support import SEED_KEYS, client_for, motions_by_key, seed_zaken

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake() -> Iterator[FakeOData]:
    with FakeOData(page_size=5) as server:
        server.add("Zaak", seed_zaken())
        server.add("Kamerstukdossier", [])
        yield server


@pytest.fixture
def synced(fake):
    with client_for(fake) as client:
        return sync("motions", client=client)


def test_every_seed_motion_arrives_once_under_its_printed_key(synced):
    assert synced.created == 12 and synced.errors == 0 and synced.updated == 0
    assert sorted(motions_by_key()) == sorted(SEED_KEYS)
    assert Motion.objects.count() == Kamerstuk.objects.count() == 12
    assert {d.key for d in Dossier.objects.all()} == {"35207", "36600-V", "26150"}
    assert Dossier.objects.get(number=36600, toevoeging="V").title.startswith("Vaststelling van de begrotingsstaat van het Ministerie van Buitenlandse Zaken (V)")


def test_papers_carry_the_registers_document_and_kind(synced):
    paper = Kamerstuk.objects.get(key="35207-83")
    assert paper.kind == "motie" and paper.kind_raw == "Motie" and not paper.is_placeholder
    assert paper.document_number == "2025D15872" and paper.source_id is not None
    assert Kamerstuk.objects.get(key="35207-98").kind_raw == "Motie (gewijzigd/nader)"
    assert Kamerstuk.objects.get(key="36600-V-31").official_url == "https://zoek.officielebekendmakingen.nl/kst-36600-V-31.html"


def test_submitters_keep_their_order_roles_parties_and_register_ids(synced):
    motion = Motion.objects.by_key("35207-83").get()
    rows = list(motion.sponsorships.select_related("member", "party").order_by("order"))
    assert [(s.member.full_name, s.party.abbreviation, s.role) for s in rows[:3]] == [
        ("J.M. Paternotte", "D66", "indiener"),
        ("T.M.T. van der Lee", "GroenLinks-PvdA", "medeindiener"),
        ("I. Kahraman", "NSC", "medeindiener"),
    ]
    assert len(rows) == 11  # the Voortouwcommissie actor is not a submitter
    assert [s.order for s in rows] == list(range(11))
    lee = Member.objects.get(surname="Lee")
    assert lee.tussenvoegsel == "van der" and str(lee.source_id) == MEMBERS["T.M.T. van der Lee"][1]
    # Paternotte submitted several seed motions: one member, not one per motion.
    assert Member.objects.filter(surname="Paternotte").count() == 1
    assert Sponsorship.objects.filter(member__surname="Paternotte").count() >= 5


def test_outcomes_follow_the_decisions_and_a_replaced_motion_lapses(synced):
    by_key = motions_by_key()
    assert {k for k, m in by_key.items() if m.outcome == "aangenomen"} == set(SEED_KEYS) - {"35207-88"}
    original = by_key["35207-88"]
    assert original.outcome == "vervallen" and original.outcome_raw == "vervangen door 2025Z07129"
    assert by_key["35207-98"].replaces_id == original.pk
    assert by_key["35207-83"].outcome_raw == "Stemmen - aangenomen / Aangenomen."
    assert by_key["35207-83"].vote_date == dt.date(2025, 4, 15)
    assert by_key["36600-V-31"].vote_date == dt.date(2024, 11, 26)


def test_votes_are_recorded_per_party_with_their_seats(synced):
    motion = Motion.objects.by_key("35207-83").get()
    votes = {v.party.abbreviation: (v.choice, v.seats) for v in motion.votes.select_related("party")}
    assert len(votes) == 15 and sum(seats for _, seats in votes.values()) == 150
    assert votes["PVV"] == ("voor", 37) and votes["SP"] == ("tegen", 5)
    assert all(v.member_id is None and v.source_id is not None for v in motion.votes.all())
    # 35207-84: only five parties were on the recorded page; the sync keeps what the register sends.
    assert Vote.objects.filter(motion__kamerstuk__key="35207-84").count() == 5


def test_kabinetsappreciatie_is_normalised_and_the_raw_text_kept(synced):
    by_key = motions_by_key()
    assert (by_key["36600-V-31"].kabinetsappreciatie, by_key["36600-V-31"].kabinetsappreciatie_raw) == ("ontijdig", "Ontijdig")
    assert by_key["35207-95"].kabinetsappreciatie == "overbodig"
    assert by_key["35207-84"].kabinetsappreciatie == "ontraden"
    assert by_key["35207-98"].kabinetsappreciatie == "niet_beschikbaar"
    assert by_key["35207-83"].kabinetsappreciatie == "oordeel_kamer"


def test_adopted_motions_start_open_with_one_history_row_and_a_deadline(synced):
    motion = Motion.objects.by_key("35207-83").get()
    assert motion.status == "open" and motion.deadline == dt.date(2025, 4, 15) + dt.timedelta(days=90)
    (change,) = StatusChange.objects.filter(motion=motion)
    assert (change.old_status, change.new_status) == ("", "open") and "2025-04-15" in change.reason
    assert Motion.objects.by_key("35207-88").get().status == ""  # lapsed: nothing to carry out
    assert StatusChange.objects.count() == 11


def test_new_motions_reach_the_change_feed(synced):
    created = Event.objects.filter(kind="motion_created")
    assert created.count() == 12
    assert {e.payload["key"] for e in created} == set(SEED_KEYS)


def test_it_pages_by_cursor_and_never_asks_for_top(synced, fake):
    zaak_requests = [fake.params(i) for i in range(len(fake.requests)) if fake.requests[i].split("?")[0].endswith("/Zaak")]
    assert len(zaak_requests) == 4  # three pages of motions, one (empty) of deletions
    assert all("$top" not in p and "$skip" not in p and p["$orderby"] == "ApiGewijzigdOp,Id" for p in zaak_requests)
    assert "ApiGewijzigdOp" not in zaak_requests[0]["$filter"]  # a first sync reads everything
    assert "ApiGewijzigdOp gt 2025-04-15T14:39:17.355174Z or (ApiGewijzigdOp eq 2025-04-15T14:39:17.355174Z and Id gt " in zaak_requests[1]["$filter"]
    assert zaak_requests[3]["$filter"] == "Soort eq 'Motie' and Verwijderd eq true"
    state = SyncState.objects.get(entity="motions")
    assert state.cursor == "2025-09-18T20:51:50.7140459Z"  # the source's text, all seven digits
    assert state.cursor_id == "201320b5-1a9b-4d28-8c29-3892f6cfb132"  # 26150-227, the last row: breaks ties
    assert state.next_url == "" and state.finished_at is not None
    assert state.last_stats["created"] == 12 and state.last_stats["pages"] == 3
