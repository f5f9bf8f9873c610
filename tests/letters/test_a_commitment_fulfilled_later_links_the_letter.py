"""A Toezegging whose kamerbriefNakoming names a letter harvested before links that letter to the
commitment (source: commitment), as a suggestion; the file is not fetched again."""

from __future__ import annotations

import pytest

from letters.models import Citation, Letter
from tests.fake_syncfeed import toezegging

from .harvest_fixtures import BODY, sync_and_harvest
from .harvest_support import LetterFeed, add_letter, letter_pdf

pytestmark = pytest.mark.django_db


def test_a_later_fulfilment_links_the_letter_to_the_commitment(ministries, django_capture_on_commit_callbacks):
    with LetterFeed() as fake:
        add_letter(fake, letter_pdf(BODY), nummer="2025D00051")
        sync_and_harvest(fake, django_capture_on_commit_callbacks)
        letter = Letter.objects.get()
        assert not letter.citations.filter(source=Citation.Source.COMMITMENT).exists()
        guid = "5f0c6a1e-0000-4000-8000-000000000051"
        fake.add("Toezegging", toezegging(guid, nummer="TZ202505-051"))
        sync_and_harvest(fake, django_capture_on_commit_callbacks)
        assert not letter.citations.filter(source=Citation.Source.COMMITMENT).exists()
        fake.revise(guid, kamerbriefNakoming="Brief van 2 juni 2025 (2025D00051)")
        sync_and_harvest(fake, django_capture_on_commit_callbacks)
        assert len(fake.resource_requests()) == 1
    link = letter.citations.get(source=Citation.Source.COMMITMENT)
    assert (link.commitment.number, link.target, link.review) == ("TZ202505-051", Citation.Target.COMMITMENT, Citation.Review.SUGGESTED)
    assert link.raw == "Nakoming van toezegging TZ202505-051"
