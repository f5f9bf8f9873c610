"""README: ``ingest_letter FILE…`` reads several letters in one run, each in its own transaction."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from letters.models import Letter

from .documents import SEED_LETTER

SECOND = "Geachte voorzitter,\n\nHierbij informeer ik u over de uitvoering van de motie 35 207, nr. 95.\n\nDe minister van Buitenlandse Zaken,\n"


def test_two_files_give_two_letters_and_one_json_line_each(demo, tmp_path):
    second = tmp_path / "tweede-brief.txt"
    second.write_text(SECOND, encoding="utf-8")
    out = StringIO()
    call_command("ingest_letter", str(SEED_LETTER), str(second), "--json", stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]
    assert len(lines) == 2
    assert Letter.objects.count() == 2
    assert {c["key"] for c in lines[1]["citations"]} == {"35207-95"}
    assert Letter.objects.get(pk=lines[1]["letter"]["id"]).citations.get().kamerstuk.key == "35207-95"


def test_a_bad_file_among_good_ones_is_named_and_the_others_are_kept(demo, tmp_path):
    second = tmp_path / "tweede-brief.txt"
    second.write_text(SECOND, encoding="utf-8")
    empty = tmp_path / "leeg.txt"
    empty.write_bytes(b"")
    out = StringIO()
    with pytest.raises(CommandError, match=r"1 of 3 files failed: .*leeg.txt"):
        call_command("ingest_letter", str(SEED_LETTER), str(empty), str(second), stdout=out)
    # Each letter is its own unit of work: the good ones are in, the empty one left nothing.
    assert Letter.objects.count() == 2


def test_a_missing_file_stops_the_run_before_anything_is_read(db, tmp_path):
    with pytest.raises(CommandError, match="nope.txt"):
        call_command("ingest_letter", str(SEED_LETTER), str(tmp_path / "nope.txt"))
    assert Letter.objects.count() == 0
