"""The documented pg_dump / pg_restore commands (docs/BACKUP.md) work against the local PostgreSQL."""

import shutil
import subprocess
import uuid

import psycopg
import pytest
from django.db import connection

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

TABLES = ["motions_motion", "motions_statuschange", "motions_event", "letters_letter", "letters_citation", "motions_vote"]


def counts(dbname: str) -> dict[str, int]:
    with psycopg.connect(f"host=127.0.0.1 user=postgres dbname={dbname}") as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def test_pg_dump_and_pg_restore_round_trip(tmp_path):
    from io import StringIO

    from django.core.management import call_command

    call_command("load_demo", "--no-staff-user", stdout=StringIO())
    assert shutil.which("pg_dump") and shutil.which("pg_restore")
    source = connection.settings_dict["NAME"]
    dump = tmp_path / "motietracker.dump"
    # The commands of docs/BACKUP.md, with this machine's host and database names.
    subprocess.run(["pg_dump", "-h", "127.0.0.1", "-U", "postgres", "-Fc", "-f", str(dump), source], check=True, timeout=120)
    target = f"restore_{uuid.uuid4().hex[:8]}"
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", target], check=True, timeout=60)
    try:
        subprocess.run(["pg_restore", "-h", "127.0.0.1", "-U", "postgres", "--no-owner", "-d", target, str(dump)], check=True, timeout=120)
        assert counts(target) == counts(source)
        assert counts(target)["letters_citation"] > 0 and counts(target)["motions_statuschange"] > 0
        # The append-only trigger came along with the data.
        with psycopg.connect(f"host=127.0.0.1 user=postgres dbname={target}") as conn:
            with pytest.raises(psycopg.errors.RaiseException):
                conn.execute("UPDATE motions_statuschange SET reason = 'x'")
    finally:
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", target], timeout=60)
