"""Done when (issue 16): after sync_opendata against a fake SyncFeed serving real PDF letters, each
letter is in Motietracker with sender, ministry and date; the motions it cites show it as a suggested
answer with excerpt and suggested status; an unreadable file is listed with its reason; a second
sync fetches nothing."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from letters.harvest import harvest_summary
from letters.models import Citation, Harvest, Letter
from tests.fake_syncfeed import decision, one_motion, toezegging
from tests.letters.documents import make_blank_pdf

from .harvest_support import LetterFeed, add_letter, letter_pdf

pytestmark = pytest.mark.django_db

BODY = [
    "Geachte voorzitter,",
    "Met deze brief informeer ik uw Kamer over de uitvoering van de motie van het lid Boswijk c.s. (Kamerstuk 35 207, nr. 101). "
    "De regering heeft de gevraagde analyse uitgevoerd en met deze brief beschouw ik de motie als afgedaan.",
    "Over de motie met zaaknummer 2025Z07351 informeer ik uw Kamer voor de zomer.",
    "De minister van Buitenlandse Zaken,",
    "C.C.J. Veldkamp",
]


def sync(fake: LetterFeed, capture) -> list[str]:
    out, err = StringIO(), StringIO()
    with capture(execute=True):
        call_command("sync_opendata", "--base-url", fake.base_url, stdout=out, stderr=err)
    return json.loads(out.getvalue().strip().splitlines()[-1])


def test_a_synced_letter_arrives_with_sender_ministry_date_and_suggested_answers(ministries, settings, django_capture_on_commit_callbacks):
    settings.LETTER_HARVEST_BACKOFF = 0.0
    with LetterFeed(page_size=50) as fake:
        fake.add_many(one_motion(volgnummer=101, decisions=[decision()]).entities)
        fake.add_many(one_motion(volgnummer=102, nummer="2025Z07351", decisions=[decision()]).entities)
        letter_in_feed = add_letter(fake, letter_pdf(BODY), nummer="2025D16691", volgnummer=500)
        scanned = add_letter(fake, make_blank_pdf(), nummer="2025D16692", volgnummer=501)
        fake.add("Toezegging", toezegging(nummer="TZ202504-001", kamerbriefNakoming="Kamerbrief 2025D16691"))

        sync(fake, django_capture_on_commit_callbacks)

        letter = Letter.objects.get(document_number="2025D16691")
        assert str(letter.document_id) == letter_in_feed.document
        assert (letter.sender_function, letter.sender_name, letter.ministry.name) == ("minister van Buitenlandse Zaken", "C.C.J. Veldkamp", "Buitenlandse Zaken")
        assert letter.date.isoformat() == "2025-06-02"
        assert letter.title == "Brief over de uitvoering van moties"
        assert letter.kamerstuk.key == "35207-500"
        assert letter.uploaded_by is None and letter.state == Letter.State.DONE
        cited = {c.key: c for c in letter.citations.all()}
        assert "35207-500" not in cited  # never a citation of itself
        answer = cited["35207-101"]
        assert (answer.target, answer.review, answer.source) == (Citation.Target.MOTION, Citation.Review.SUGGESTED, Citation.Source.TEXT)
        assert answer.excerpt.startswith("Met deze brief informeer ik uw Kamer over de uitvoering van de motie")
        assert answer.suggested_status == Citation.Suggestion.AFGEDAAN
        by_number = cited["35207-102"]
        assert (by_number.target, by_number.source, by_number.raw) == (Citation.Target.MOTION, Citation.Source.NUMBER, "2025Z07351")
        assert "2025Z07351" in by_number.excerpt
        fulfilled = letter.citations.get(source=Citation.Source.COMMITMENT)
        assert fulfilled.commitment.number == "TZ202504-001" and fulfilled.review == Citation.Review.SUGGESTED

        failed = Harvest.objects.get(document=scanned.document)
        assert failed.state == Harvest.State.FAILED and "no text layer" in failed.reason
        summary = harvest_summary()
        assert summary["counts"]["done"] == 1 and summary["counts"]["failed"] == 1
        assert [h.document_number for h in summary["failures"]] == ["2025D16692"]
        fetched = len(fake.resource_requests())
        assert fetched == 2

        page = Client().get(f"/brieven/{letter.pk}/")
        assert page.status_code == 200
        html = page.content.decode()
        assert "Geachte voorzitter," in html and "Geachte voorzitter,</a>" not in html  # open-data links are not marked in the body
        assert "2025Z07351</a>" in html  # a number in the text is
        assert html.count("TZ202504-001") >= 1  # the commitment is among what the letter answers

        counts = sync(fake, django_capture_on_commit_callbacks)
        assert counts["mirrored"] == 0
        assert len(fake.resource_requests()) == fetched  # the second sync fetches nothing
        assert Letter.objects.count() == 1


def test_a_word_letter_is_harvested_too(ministries, settings, django_capture_on_commit_callbacks):
    from .harvest_support import DOCX, letter_docx

    with LetterFeed() as fake:
        fake.add_many(one_motion(volgnummer=101, decisions=[decision()]).entities)
        add_letter(fake, letter_docx(BODY), nummer="2025D16693", volgnummer=502, content_type=DOCX)
        sync(fake, django_capture_on_commit_callbacks)
    letter = Letter.objects.get()
    assert (letter.format, letter.original_filename, letter.document_number) == ("docx", "2025D16693.docx", "2025D16693")
    assert letter.citations.get(key="35207-101").review == Citation.Review.SUGGESTED
