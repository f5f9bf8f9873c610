"""A confirmed answering letter and a vote result reach the motion's followers; a suggestion that
staff have not confirmed does not."""

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings

from alerts.models import Delivery
from motions.events import emit
from motions.models import Event

from .conftest import follow

pytestmark = pytest.mark.django_db

SEED_LETTER = Path(__file__).resolve().parents[2] / "letters" / "fixtures" / "seed-letter-china-strategie.txt"


def test_a_confirmed_answer_is_sent_with_the_letter_and_its_words(motion, bz_staff, mailoutbox, fan_out, django_capture_on_commit_callbacks):
    from letters.ingest import ingest_letter
    from letters.models import Citation
    from letters.review import confirm_response

    follow("a@example.org", "motion", motion)
    letter = ingest_letter(SEED_LETTER, title="Kabinetsreactie China-strategie", date=dt.date(2025, 10, 3))
    fan_out()
    assert not mailoutbox  # suggested responses are staff's business, not yet news

    citation = Citation.objects.filter(letter=letter, kamerstuk__key="35207-83", target="motion").first()
    with django_capture_on_commit_callbacks(execute=True):
        confirm_response(citation, by=bz_staff)
    fan_out()
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.subject == "[Motietracker] 35207-83: antwoord van de regering"
    assert "De regering antwoordt in de brief ‘Kabinetsreactie China-strategie’." in message.body
    assert f"{settings.SITE_URL}/brieven/{letter.pk}/" in message.body
    assert citation.excerpt[:40] in message.body
    assert Delivery.objects.get().event.kind == "response_confirmed"


def test_a_vote_result_is_sent(motion, mailoutbox, fan_out):
    follow("a@example.org", "dossier", motion.kamerstuk.dossier)
    emit(Event.Kind.VOTE_RECORDED, motion=motion, payload={"key": "35207-83", "outcome": "aangenomen"})
    fan_out()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "[Motietracker] 35207-83: stemming: aangenomen"
    assert "aangenomen" in mailoutbox[0].body


def test_other_kinds_of_event_send_nothing(motion, mailoutbox, fan_out):
    follow("a@example.org", "motion", motion)
    emit(Event.Kind.ASSIGNED, motion=motion, payload={"key": "35207-83"})
    emit(Event.Kind.MOTION_UPDATED, motion=motion, payload={"key": "35207-83"})
    result = fan_out()
    # Every event fanned out (the demo's backfill history and these two), and none sent anything.
    assert result.events == Event.objects.count() and not mailoutbox and not Delivery.objects.exists()
