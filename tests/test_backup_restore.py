"""export_data and import_data round-trip every row with its keys, history and files."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from letters.ingest import ingest_letter
from letters.models import Letter
from letters.review import confirm_response
from motions.models import Event, Motion, StatusChange
from tests.letters.documents import SEED_LETTER
from tracker.backup import BackupError, backup_models, export_data, import_data


def snapshot() -> dict:
    result = {}
    for model in backup_models():
        rows = list(model._base_manager.order_by("pk").values())
        for row in rows:
            row.pop("search_vector", None)
        result[model._meta.label_lower] = rows
    return result


@pytest.fixture
def history(bz_staff):
    letter = ingest_letter(SEED_LETTER, title="Kabinetsreactie")
    confirm_response(letter.citations.get(key="35207-94"), by=bz_staff, status="in_uitvoering", reason="volgens de brief")
    return letter


@pytest.mark.django_db(transaction=True)  # flush inside a test transaction is refused by PostgreSQL
def test_a_backup_restores_every_row_key_history_and_file(history):
    before = snapshot()
    file_bytes = Letter.objects.get().file.read()
    buffer = io.StringIO()
    counts = export_data(buffer)
    assert counts["motions.statuschange"] == StatusChange.objects.count() > 0
    # Wipe everything (as a fresh database would be), then restore.
    from django.core.management import call_command as cc

    cc("flush", "--no-input", verbosity=0)
    Letter.objects.all()  # the file on disk stays; the restore writes its own copy
    buffer.seek(0)
    restored = import_data(buffer)
    assert restored["motions.motion"] == counts["motions.motion"]
    assert snapshot()["motions.motion"] == before["motions.motion"]
    assert snapshot()["motions.statuschange"] == before["motions.statuschange"]
    assert snapshot()["motions.event"] == before["motions.event"]
    assert snapshot()["letters.citation"] == before["letters.citation"]
    letter = Letter.objects.get()
    assert letter.file.read() == file_bytes
    # The restored database carries on where the old one stopped.
    motion = Motion.objects.by_key("35207-94").get()
    assert motion.status == "in_uitvoering" and StatusChange.objects.filter(motion=motion).count() == 2
    new = Motion.objects.by_key("35207-83").get()
    from motions.services import record_status
    from django.contrib.auth import get_user_model

    record_status(new, to="in_uitvoering", by=get_user_model().objects.get(username="bz"))
    assert Event.objects.order_by("-seq").first().seq == max(e["seq"] for e in before["motions.event"]) + 1


def test_restoring_into_a_database_with_data_is_refused(history):
    buffer = io.StringIO()
    export_data(buffer)
    buffer.seek(0)
    with pytest.raises(BackupError, match="not empty"):
        import_data(buffer)


@pytest.mark.parametrize("content, message", [("", "first line"), ("{}\n", "format"), ('{"format": "motietracker-backup", "version": 9}\n', "version")])
def test_a_file_that_is_not_a_backup_is_one_clear_error(db, tmp_path, content, message):
    path = tmp_path / "backup.jsonl"
    path.write_text(content)
    with pytest.raises(CommandError, match=message):
        call_command("import_data", str(path))


def test_the_commands_write_and_read_files(history, tmp_path):
    path = tmp_path / "backup.jsonl"
    call_command("export_data", str(path), stderr=io.StringIO())
    lines = path.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["format"] == "motietracker-backup"
    assert any('"model": "letters.letter"' in line and "file_content" in line for line in lines)
