"""What the letter says happened, as a suggestion staff accept in one click (issue 11)."""

import datetime as dt

import pytest
from django.urls import reverse

from letters.ingest import ingest_letter
from letters.models import Citation
from letters.review import ReviewError, accept_suggestion, confirm_response
from motions.models import Event, Motion, StatusChange

from .documents import SEED_LETTER

DEFERRAL = """Geachte voorzitter,

Tijdens het debat over de begroting is de motie van het lid Paternotte c.s. (Kamerstuk 35 207, nr. 83) aangenomen. Tot mijn spijt kan ik niet binnen de gebruikelijke termijn op deze motie reageren, omdat het onderzoek nog loopt. Ik verwacht uw Kamer in december te informeren.

De minister van Buitenlandse Zaken,

D.M. van Weel
"""


@pytest.fixture
def seed(demo):
    return ingest_letter(SEED_LETTER, title="Kabinetsreactie", date=dt.date(2025, 10, 3))


def test_ingestion_stores_what_the_letter_says_for_each_motion(seed):
    by_key = {c.key: c for c in seed.citations.filter(target__in=["motion", "commitment"])}
    assert by_key["35207-94"].suggested_status == "in_uitvoering"
    assert by_key["26150-227"].suggested_status == "in_uitvoering"
    for key in ("36600-V-31", "35207-95"):
        assert by_key[key].suggested_status == "in_uitvoering"
        assert by_key[key].suggested_deadline == dt.date(2025, 12, 31) and "december" in by_key[key].suggested_deadline_text
    obstacle = by_key["35207-84"].suggestion_obstacle
    assert obstacle and "onvoldoende steun" in seed.text[obstacle["start"] : obstacle["end"]]
    evidence = by_key["35207-94"].suggestion_evidence
    assert evidence and all(0 <= e["start"] < e["end"] <= len(seed.text) for e in evidence)
    assert "blijft het kabinet zich inzetten" in " ".join(seed.text[e["start"] : e["end"]] for e in evidence)
    event = Event.objects.filter(kind="response_added", citation_id=by_key["35207-94"].pk).get()
    assert event.payload["suggested_status"] == "in_uitvoering"


def test_one_click_accepts_the_suggestion_through_the_workflow(client, seed, bz_staff):
    citation = seed.citations.get(key="35207-94")
    client.force_login(bz_staff)
    response = client.post(reverse("admin:letters_response_accept", args=[citation.pk]))
    assert response.status_code == 302
    citation.refresh_from_db()
    assert citation.review == "confirmed" and citation.suggestion_accepted is True
    motion = Motion.objects.by_key("35207-94").get()
    assert motion.status == "in_uitvoering"
    change = StatusChange.objects.filter(motion=motion).latest("id")
    assert change.citation == citation and change.by == bz_staff
    assert "blijft het kabinet zich inzetten" in change.reason  # the evidence, quoted
    # The timeline shows the letter, the evidence and the change.
    body = client.get("/moties/35207-94/").content.decode()
    assert "Kabinetsreactie" in body and "blijft het kabinet zich inzetten" in body
    confirmed = Event.objects.filter(kind="response_confirmed", citation_id=citation.pk).get()
    assert confirmed.payload["suggestion_accepted"] is True


def test_accepting_a_deferral_moves_the_deadline_not_the_status(demo, bz_staff, tmp_path):
    path = tmp_path / "uitstel.txt"
    path.write_text(DEFERRAL, encoding="utf-8")
    letter = ingest_letter(path, title="Uitstelbrief", date=dt.date(2025, 10, 3))
    citation = letter.citations.get(key="35207-83")
    assert citation.suggested_status == "uitstel" and citation.suggested_deadline == dt.date(2025, 12, 31)
    accept_suggestion(citation, by=bz_staff)
    motion = Motion.objects.by_key("35207-83").get()
    assert motion.status == "open" and motion.deadline == dt.date(2025, 12, 31)
    assert Event.objects.filter(kind="assigned", motion=motion).exists()


def test_staff_can_pick_another_status_instead(seed, bz_staff):
    citation = seed.citations.get(key="35207-94")
    confirm_response(citation, by=bz_staff, status="afgedaan", reason="De WHO-deelname is bereikt")
    citation.refresh_from_db()
    assert citation.suggestion_accepted is False
    assert Motion.objects.by_key("35207-94").get().status == "afgedaan"


def test_nothing_is_applied_without_a_person_and_a_mere_mention_cannot_be_accepted(seed, bz_staff, ezk_staff):
    assert Motion.objects.by_key("35207-94").get().status == "open"  # ingestion changed no status
    from motions.services import NotAllowed

    with pytest.raises(NotAllowed):
        accept_suggestion(seed.citations.get(key="35207-94"), by=ezk_staff)
    mention = seed.citations.get(key="35207-94")
    Citation.objects.filter(pk=mention.pk).update(suggested_status="geen")
    with pytest.raises(ReviewError):
        accept_suggestion(mention.pk, by=bz_staff)


def test_the_review_queue_shows_the_suggestion_and_its_evidence(client, seed, bz_staff):
    client.force_login(bz_staff)
    body = client.get(reverse("admin:letters_response_changelist")).content.decode()
    assert "in uitvoering" in body and "<mark>" in body and "Suggestie overnemen" in body
    assert "31-12-2025" in body  # the proposed deadline of a promised report
