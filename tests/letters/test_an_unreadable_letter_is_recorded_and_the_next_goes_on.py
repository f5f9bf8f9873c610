"""A file that cannot be read (a scan without text, an encrypted PDF, an old .doc) is recorded with
its reason for staff; the letters after it are harvested."""

from __future__ import annotations

import pytest

from letters.models import Harvest, Letter
from tests.letters.documents import make_blank_pdf, make_pdf

from .harvest_fixtures import BODY, sync_and_harvest
from .harvest_support import LetterFeed, add_letter, letter_pdf

pytestmark = pytest.mark.django_db


def test_unreadable_files_fail_with_their_reason_and_block_nothing(ministries, staff_client, django_capture_on_commit_callbacks):
    with LetterFeed() as fake:
        add_letter(fake, make_blank_pdf(), nummer="2025D00011", volgnummer=511)
        add_letter(fake, make_pdf(BODY, encrypt_password="geheim"), nummer="2025D00012", volgnummer=512)
        add_letter(fake, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, nummer="2025D00013", volgnummer=513, content_type="application/msword")
        add_letter(fake, letter_pdf(BODY), nummer="2025D00014", volgnummer=514)
        sync_and_harvest(fake, django_capture_on_commit_callbacks)
    reasons = dict(Harvest.objects.values_list("document_number", "reason"))
    states = dict(Harvest.objects.values_list("document_number", "state"))
    assert states == {"2025D00011": "failed", "2025D00012": "failed", "2025D00013": "failed", "2025D00014": "done"}
    assert "no text layer" in reasons["2025D00011"] and "OCR is not installed" in reasons["2025D00011"]
    assert "encrypted" in reasons["2025D00012"]
    assert "unsupported file type" in reasons["2025D00013"]
    assert list(Letter.objects.values_list("document_number", flat=True)) == ["2025D00014"]

    page = staff_client.get("/beheer/oogst/")
    assert page.status_code == 200
    text = page.content.decode()
    for number in ("2025D00011", "2025D00012", "2025D00013"):
        assert number in text
    assert "no text layer" in text
