"""A file whose body is shorter than its contentLength, or a 500 on Resources/<id>, is retried with
backoff; when it stays wrong the harvest fails with the reason, and the next letter goes on."""

from __future__ import annotations

import pytest

from letters.models import Harvest, Letter

from .harvest_fixtures import BODY, sync_and_harvest
from .harvest_support import LetterFeed, add_letter, letter_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.LETTER_HARVEST_BACKOFF = 0.0
    settings.LETTER_HARVEST_ATTEMPTS = 3


def test_a_short_body_once_is_fetched_again_and_read(ministries, django_capture_on_commit_callbacks):
    with LetterFeed() as fake:
        add_letter(fake, letter_pdf(BODY), nummer="2025D00001")
        fake.resource_faults = ["short"]
        sync_and_harvest(fake, django_capture_on_commit_callbacks)
        assert len(fake.resource_requests()) == 2
    harvest = Harvest.objects.get()
    assert harvest.state == Harvest.State.DONE and harvest.downloads == 1
    assert Letter.objects.get().size == len(letter_pdf(BODY))


def test_a_500_twice_then_the_file(ministries, django_capture_on_commit_callbacks):
    with LetterFeed() as fake:
        add_letter(fake, letter_pdf(BODY), nummer="2025D00002")
        fake.resource_faults = [500, "reset"]
        sync_and_harvest(fake, django_capture_on_commit_callbacks)
        assert len(fake.resource_requests()) == 3
    assert Harvest.objects.get().state == Harvest.State.DONE
    assert Letter.objects.get().document_number == "2025D00002"


def test_a_body_that_stays_short_fails_with_its_reason_and_the_next_letter_goes_on(ministries, django_capture_on_commit_callbacks):
    pdf = letter_pdf(BODY)
    with LetterFeed() as fake:
        add_letter(fake, pdf, nummer="2025D00003", content_length=len(pdf) + 100)
        add_letter(fake, letter_pdf(BODY + ["Een tweede brief."]), nummer="2025D00004", volgnummer=501)
        sync_and_harvest(fake, django_capture_on_commit_callbacks)
    failed = Harvest.objects.get(document_number="2025D00003")
    assert failed.state == Harvest.State.FAILED
    assert f"the body has {len(pdf):,} bytes where contentLength says {len(pdf) + 100:,} (after 3 attempts)" in failed.reason
    assert Harvest.objects.get(document_number="2025D00004").state == Harvest.State.DONE
    assert list(Letter.objects.values_list("document_number", flat=True)) == ["2025D00004"]


def test_a_500_that_stays_fails_and_is_retried_only_by_hand(ministries, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    with LetterFeed() as fake:
        add_letter(fake, letter_pdf(BODY), nummer="2025D00005")
        fake.resource_faults = [500, 500, 500]
        sync_and_harvest(fake, django_capture_on_commit_callbacks)
        harvest = Harvest.objects.get()
        assert harvest.state == Harvest.State.FAILED and "the server answered 500 (after 3 attempts)" in harvest.reason
        sync_and_harvest(fake, django_capture_on_commit_callbacks)  # nothing new: not retried
        assert len(fake.resource_requests()) == 3
        call_command("harvest_letters", "--retry-failed", stdout=open("/dev/null", "w"), stderr=open("/dev/null", "w"))
        assert len(fake.resource_requests()) == 4
    harvest.refresh_from_db()
    assert harvest.state == Harvest.State.DONE and harvest.attempts == 2
