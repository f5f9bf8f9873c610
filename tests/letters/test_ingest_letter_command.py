import json
import os
import sqlite3
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from letters.models import Citation, Letter
from motions.models import Kamerstuk

from .documents import SEED_LETTER, make_blank_pdf

ROOT = Path(__file__).resolve().parents[2]


def test_it_prints_one_json_object(demo):
    out = StringIO()
    call_command("ingest_letter", str(SEED_LETTER), "--title", "Kabinetsreactie", "--date", "2025-10-03", "--json", stdout=out)
    payload = json.loads(out.getvalue())
    assert payload["letter"]["title"] == "Kabinetsreactie"
    assert payload["letter"]["sender"] == "De minister van Buitenlandse Zaken, D.M. van Weel"
    assert len(payload["letter"]["sha256"]) == 64
    by_key = {c["key"]: c for c in payload["citations"]}
    assert by_key["35207-94"]["target"] == "motion"
    assert by_key["35207-94"]["submitters"] == ["Van der Burg", "Paternotte"]
    assert by_key["32852-333"]["target"] == "commitment"
    assert by_key["36696-1"]["target"] == "paper"
    assert set(by_key["35207-83"]) == {"raw", "kind", "key", "target", "submitters", "excerpt", "section", "suggestion"}
    assert Letter.objects.get().date.isoformat() == "2025-10-03"


def test_it_prints_a_readable_summary(demo):
    out = StringIO()
    call_command("ingest_letter", str(SEED_LETTER), stdout=out)
    text = out.getvalue()
    assert "11 motions:" in text and "1 commitments:" in text
    assert "35207-89 (Van Baarle, Paternotte) — Mensenrechten" in text


def test_a_file_it_cannot_read_fails_with_one_line_and_saves_nothing(db, tmp_path):
    blank = tmp_path / "scan.pdf"
    blank.write_bytes(make_blank_pdf())
    with pytest.raises(CommandError, match="no text layer"):
        call_command("ingest_letter", str(blank))
    assert Letter.objects.count() == 0 and Citation.objects.count() == 0 and Kamerstuk.objects.count() == 0


@pytest.mark.parametrize(
    "content, message",
    [(b"", "empty"), (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "PNG"), (b"PK\x03\x04garbage", "ZIP")],
)
def test_the_command_exits_non_zero_with_one_clear_line(tmp_path, content, message):
    path = tmp_path / "letter.docx"
    path.write_bytes(content)
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=120)
    result = subprocess.run(
        [sys.executable, "manage.py", "ingest_letter", str(path)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, env=env,
    )
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and message in lines[0], result.stderr
    with sqlite3.connect(tmp_path / "db.sqlite3") as conn:
        assert conn.execute("SELECT count(*) FROM letters_letter").fetchone() == (0,)


def test_a_missing_file_and_a_bad_date_are_clear_errors(db, tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        call_command("ingest_letter", str(tmp_path / "nope.txt"))
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("ingest_letter", str(SEED_LETTER), "--date", "3 oktober")


def test_the_json_says_whether_the_letter_existed_and_carries_each_suggestion(demo):
    first, again = StringIO(), StringIO()
    call_command("ingest_letter", str(SEED_LETTER), "--json", stdout=first)
    call_command("ingest_letter", str(SEED_LETTER), "--json", stdout=again)
    new, old = json.loads(first.getvalue()), json.loads(again.getvalue())
    assert (new["created"], old["created"]) == (True, False)
    assert new["letter"]["id"] == old["letter"]["id"] and Letter.objects.count() == 1
    by_key = {c["key"]: c for c in new["citations"]}
    citation = Citation.objects.get(key="35207-83")
    suggestion = by_key["35207-83"]["suggestion"]
    assert suggestion["status"] == citation.suggested_status and suggestion["status"]
    assert suggestion["confidence"] == citation.suggestion_confidence
    assert suggestion["accepted_by_staff"] is None
    text = Letter.objects.get().text
    assert suggestion["evidence"] and all(e["quote"] == text[e["start"] : e["end"]] and e["quote"] for e in suggestion["evidence"])
    assert by_key["36696-1"]["suggestion"] is None  # a paper, not a motion: nothing to suggest
    assert old["citations"] == new["citations"] and new["mentions"] == []
