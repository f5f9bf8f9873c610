"""A sync from the local fake SyncFeed fills the seed motions (real records, flattened into SyncFeed entities)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from motions.models import Dossier, Event, FeedEntity, FeedReference, Kamerstuk, Member, Motion, Sponsorship, StatusChange, Vote
from motions.opendata.state import SyncState
from tests.fake_syncfeed import FakeSyncFeed

from .sync_support import SEED_KEYS, motions_by_key, run, seed_server

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake() -> Iterator[FakeSyncFeed]:
    with seed_server(page_size=50) as server:
        yield server


@pytest.fixture
def synced(fake):
    return run(fake)


def test_every_seed_motion_arrives_once_under_its_printed_key(synced):
    assert synced.created == 12 and synced.errors == 0 and synced.updated == 0 and synced.pending == 0
    assert sorted(motions_by_key()) == sorted(SEED_KEYS)
    assert Motion.objects.count() == Kamerstuk.objects.count() == 12
    assert {d.key for d in Dossier.objects.all()} == {"35207", "36600-V", "26150"}
    assert Dossier.objects.get(number=36600, toevoeging="V").title.startswith("Vaststelling van de begrotingsstaat van het Ministerie van Buitenlandse Zaken (V)")


def test_every_entity_is_in_the_raw_mirror_with_its_references(synced, fake):
    served = sum(len(fake.entries(c)) for c in ("Zaak", "ZaakActor", "Document", "DocumentVersie", "Kamerstukdossier", "Besluit", "Stemming"))
    assert synced.entities == served == FeedEntity.objects.count() == synced.mirrored
    besluit = FeedEntity.objects.filter(category="Besluit").first()
    votes = FeedReference.objects.filter(target=besluit.guid, category="Stemming", name="besluit")
    assert votes.count() == FeedEntity.objects.filter(category="Stemming", refs__besluit=[str(besluit.guid)]).count() > 0
    zaak = FeedEntity.objects.get(category="Zaak", nummer="2024Z19048")
    assert zaak.fields["kabinetsappreciatie"] == "Ontijdig" and zaak.fields["citeertitel"] is None
    assert zaak.bijgewerkt == "2024-11-26T16:11:18.0600000" and zaak.updated == "2025-03-25T09:30:24.8664551Z" and not zaak.deleted


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
    assert lee.tussenvoegsel == "van der" and lee.source_id is not None
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


def test_new_motions_reach_the_change_feed_once(synced):
    created = Event.objects.filter(kind="motion_created")
    assert created.count() == 12
    assert {e.payload["key"] for e in created} == set(SEED_KEYS)
    # The motion was created when its key was complete; the pages after it updated nothing news-worthy twice.
    assert Event.objects.filter(kind="vote_recorded").count() + Event.objects.filter(kind="motion_updated").count() <= Event.objects.count()


def test_each_category_keeps_its_skiptoken_and_follows_next_to_the_end(synced, fake):
    for category in ("Zaak", "Stemming"):
        state = SyncState.objects.get(entity=f"feed:{category}")
        assert state.cursor == str(fake.entries(category)[-1].token)
        assert state.finished_at is not None and state.next_url == ""
    stemming_requests = [r for r in fake.requests if "category=Stemming" in r]
    assert len(stemming_requests) == 4  # 147 entities at 50 a page, then the empty page that says "caught up"
    assert all("User-Agent" in h and h["User-Agent"].startswith("Motietracker/") for h in fake.headers)
