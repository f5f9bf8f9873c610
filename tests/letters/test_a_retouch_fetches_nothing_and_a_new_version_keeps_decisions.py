"""A Document sent again with only a new bijgewerkt fetches nothing; a new DocumentVersie fetches
the new file and reads it again, keeping what staff confirmed."""

from __future__ import annotations

import pytest

from letters.models import Citation, Harvest, Letter
from letters.review import confirm_response
from tests.fake_syncfeed import decision, one_motion

from .harvest_fixtures import BODY, sync_and_harvest
from .harvest_support import LetterFeed, add_letter, letter_pdf, new_version

pytestmark = pytest.mark.django_db


def test_a_retouched_document_fetches_nothing(ministries, django_capture_on_commit_callbacks):
    with LetterFeed() as fake:
        built = add_letter(fake, letter_pdf(BODY), nummer="2025D00021")
        sync_and_harvest(fake, django_capture_on_commit_callbacks)
        assert len(fake.resource_requests()) == 1
        fake.retouch(built.document)
        for actor in built.actors:
            fake.retouch(actor)
        sync_and_harvest(fake, django_capture_on_commit_callbacks)
        assert len(fake.resource_requests()) == 1
    harvest = Harvest.objects.get()
    # The mirror writes nothing for a version that differs only in bijgewerkt, so the re-touch does
    # not even queue the letter again: one attempt, one download.
    assert harvest.state == Harvest.State.DONE and harvest.attempts == 1 and harvest.downloads == 1


def test_a_new_version_is_read_again_and_keeps_the_confirmation(ministries, staff_user, django_capture_on_commit_callbacks):
    with LetterFeed() as fake:
        fake.add_many(one_motion(volgnummer=101, decisions=[decision()]).entities)
        fake.add_many(one_motion(volgnummer=103, decisions=[decision()]).entities)
        built = add_letter(fake, letter_pdf(BODY), nummer="2025D00022")
        sync_and_harvest(fake, django_capture_on_commit_callbacks)
        letter = Letter.objects.get()
        first = letter.citations.get(key="35207-101")
        confirm_response(first, by=staff_user)
        revised = BODY[:2] + ["Ook de motie van het lid Paternotte (Kamerstuk 35 207, nr. 103) is uitgevoerd."] + BODY[2:]
        new_version(fake, built, letter_pdf(revised))
        sync_and_harvest(fake, django_capture_on_commit_callbacks)
        assert len(fake.resource_requests()) == 2
    again = Letter.objects.get()
    assert again.pk == letter.pk and again.version_number == 2 and again.sha256 != letter.sha256
    assert again.citations.get(key="35207-101").review == Citation.Review.CONFIRMED
    assert again.citations.get(key="35207-103").review == Citation.Review.SUGGESTED


def test_an_uploaded_letter_later_harvested_is_one_letter(ministries, django_capture_on_commit_callbacks):
    from letters.ingest import ingest_letter

    pdf = letter_pdf(BODY)
    uploaded = ingest_letter(pdf)
    with LetterFeed() as fake:
        add_letter(fake, pdf, nummer="2025D00023")
        sync_and_harvest(fake, django_capture_on_commit_callbacks)
    letter = Letter.objects.get()
    assert letter.pk == uploaded.pk and letter.document_number == "2025D00023" and letter.sender_name == "C.C.J. Veldkamp"
