"""``manage.py harvest_letters``: the backfill of what the mirror holds (``--since``, ``--limit``), a
progress line with the rate and an estimate, one JSON line of counts, and a clear error for bad input."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from letters.models import Harvest, Letter
from tests.motions.sync_support import run

from .harvest_fixtures import BODY
from .harvest_support import LetterFeed, add_letter, letter_pdf

pytestmark = pytest.mark.django_db


def command(*args: str) -> tuple[list[str], dict]:
    out, err = StringIO(), StringIO()
    call_command("harvest_letters", *args, stdout=out, stderr=err)
    return err.getvalue().strip().splitlines(), json.loads(out.getvalue().strip())


def test_it_backfills_what_the_mirror_holds_with_since_and_limit(ministries, django_capture_on_commit_callbacks):
    with LetterFeed() as fake:
        add_letter(fake, letter_pdf(BODY + ["Oud."]), nummer="2024D00061", volgnummer=561, datum="2024-03-01T00:00:00")
        add_letter(fake, letter_pdf(BODY + ["Nieuw een."]), nummer="2025D00062", volgnummer=562, datum="2025-06-01T00:00:00")
        add_letter(fake, letter_pdf(BODY + ["Nieuw twee."]), nummer="2025D00063", volgnummer=563, datum="2025-06-02T00:00:00")
        add_letter(fake, letter_pdf(BODY + ["Geen brief."]), nummer="2025D00064", volgnummer=564, soort="Motie")
        with django_capture_on_commit_callbacks(execute=False):
            run(fake)  # mirrored; the jobs the pages queued never ran
        Harvest.objects.all().delete()  # as before the harvest existed: a backfill

        progress, counts = command("--since", "2025-01-01", "--limit", "1")
        assert progress[0] == "1 letter(s) to harvest"
        assert progress[-1].startswith("queued 0, done 1, failed 0, ") and "letters/s" in progress[-1]
        assert (counts["to_harvest"], counts["done"], counts["letters"]) == (1, 1, 1)
        assert list(Letter.objects.values_list("document_number", flat=True)) == ["2025D00062"]

        progress, counts = command("--since", "2025-01-01")
        assert (counts["to_harvest"], counts["done"]) == (1, 2)
        progress, counts = command()
        assert (counts["to_harvest"], counts["done"]) == (1, 3)
        progress, counts = command()
        assert counts["to_harvest"] == 0 and len(fake.resource_requests()) == 3  # the Motie is not a letter
    assert sorted(Letter.objects.values_list("document_number", flat=True)) == ["2024D00061", "2025D00062", "2025D00063"]


@pytest.mark.parametrize(("args", "message"), [
    (["--since", "gisteren"], "--since: 'gisteren' is not a date (YYYY-MM-DD)"),
    (["--limit", "0"], "--limit must be at least 1"),
])
def test_bad_input_is_one_clear_line_and_changes_nothing(args, message):
    with pytest.raises(CommandError, match="^" + message.replace("(", r"\(").replace(")", r"\)") + "$"):
        command(*args)
    assert not Harvest.objects.exists()
