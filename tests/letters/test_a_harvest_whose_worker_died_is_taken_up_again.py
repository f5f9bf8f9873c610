"""Resumable: a harvest row is written with the mirror page, so a worker that dies mid-letter (the
row left running) or a broker that was down (never queued) loses nothing: the sweep queues it again
and the letter arrives once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from letters.models import Harvest, Letter
from letters.tasks import requeue_harvests

from .harvest_fixtures import BODY, sync_and_harvest
from .harvest_support import LetterFeed, add_letter, letter_pdf

pytestmark = pytest.mark.django_db


def test_the_sweep_takes_up_a_dead_workers_letter_and_a_never_queued_one(ministries, django_capture_on_commit_callbacks):
    with LetterFeed() as fake:
        add_letter(fake, letter_pdf(BODY), nummer="2025D00031", volgnummer=531)
        add_letter(fake, letter_pdf(BODY + ["Nog een brief."]), nummer="2025D00032", volgnummer=532)
        with django_capture_on_commit_callbacks(execute=False):  # the page commits, its jobs never reach a worker
            from tests.motions.sync_support import run

            run(fake)
        assert Harvest.objects.filter(state=Harvest.State.QUEUED).count() == 2
        # One worker took the first letter and was killed before it finished.
        long_ago = timezone.now() - dt.timedelta(hours=1)
        Harvest.objects.filter(document_number="2025D00031").update(state=Harvest.State.RUNNING, attempts=1, updated_at=long_ago)
        assert requeue_harvests() == 2
        assert requeue_harvests() == 0  # nothing left over: idempotent
        assert len(fake.resource_requests()) == 2
    assert sorted(Letter.objects.values_list("document_number", flat=True)) == ["2025D00031", "2025D00032"]
    assert dict(Harvest.objects.values_list("document_number", "attempts")) == {"2025D00031": 2, "2025D00032": 1}
