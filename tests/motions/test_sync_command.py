"""``manage.py sync_opendata``: a line per page, one JSON line of counts, one clear line when it fails."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from motions.models import Commitment, Motion
from motions.opendata.state import Lease, SyncState
from tests.fake_odata import FakeOData

from .sync_support import fixture_rows, seed_server

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def fake() -> Iterator[FakeOData]:
    with seed_server(fixture_rows("toezegging")) as server:
        yield server


def command(fake: FakeOData, *args: str) -> tuple[list[str], dict]:
    out, err = StringIO(), StringIO()
    call_command("sync_opendata", "--base-url", fake.base_url, *args, stdout=out, stderr=err)
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 1  # stdout is the JSON line and nothing else
    return err.getvalue().strip().splitlines(), json.loads(lines[0])


def test_it_reports_each_page_and_ends_with_one_json_line_of_counts(fake):
    progress, counts = command(fake)
    assert counts == {"pages": 6, "created": 16, "updated": 0, "withdrawn": 0, "unchanged": 0, "errors": 0, "resolved": 0}
    assert progress[0] == "motions page 1: 5 rows, +5 created, 0 updated, 0 withdrawn, 0 unchanged, 0 errors (cursor 2025-04-15T14:39:17.355174Z)"
    assert [line.split(": ")[0] for line in progress] == [
        "motions page 1", "motions page 2", "motions page 3", "motions:deleted page 1",
        "commitments page 1", "commitments:deleted page 1",
    ]
    _, again = command(fake)
    assert again == {"pages": 4, "created": 0, "updated": 0, "withdrawn": 0, "unchanged": 0, "errors": 0, "resolved": 0}


def test_max_pages_stops_each_stream_and_the_next_run_continues(fake):
    _, first = command(fake, "--entity", "motions", "--max-pages", "1")
    assert (first["pages"], first["created"]) == (2, 5)  # one page of motions, one of deletions
    assert SyncState.objects.get(entity="motions").next_url
    _, second = command(fake, "--entity", "motions")
    assert (second["created"], second["unchanged"]) == (7, 0)
    assert Motion.objects.count() == 12 and not Commitment.objects.exists()


def test_since_and_until_bound_a_run_and_a_gap_never_moves_the_cursor(fake):
    _, early = command(fake, "--entity", "motions", "--until", "2025-04-15T14:39:17.35Z")
    assert early["created"] == 4  # 36600-V-31, 35207-88, -83 and -84
    cursor = SyncState.objects.get(entity="motions").cursor
    assert cursor == "2025-04-15T14:39:17.3454758Z"

    _, late = command(fake, "--entity", "motions", "--since", "2025-06-01")  # local midnight; leaves a gap
    assert late["created"] == 3  # 35207-95, -94 and 26150-227
    assert SyncState.objects.get(entity="motions").cursor == cursor

    _, rest = command(fake, "--entity", "motions")  # from the cursor: fills the gap, rereads the rest
    assert (rest["created"], rest["unchanged"]) == (5, 3)
    assert Motion.objects.count() == 12
    assert SyncState.objects.get(entity="motions").cursor == "2025-09-18T20:51:50.7140459Z"


@pytest.mark.parametrize(
    "args, message",
    [
        (["--since", "gisteren"], "--since must be an ISO 8601 date or timestamp"),
        (["--until", "2025-13-01"], "--until must be an ISO 8601 date or timestamp"),
        (["--since", "2025-05-01", "--until", "2025-04-01"], "--until must lie after --since"),
        (["--max-pages", "0"], "--max-pages must be at least 1"),
    ],
)
def test_bad_arguments_fail_with_one_clear_line(fake, args, message):
    with pytest.raises(CommandError, match=message):
        command(fake, *args)
    assert not fake.requests


def test_a_404_stops_at_once_with_one_line_and_saves_nothing(fake):
    fake.faults = ["404"]
    with pytest.raises(CommandError) as raised:
        command(fake)
    assert "\n" not in str(raised.value) and "404" in str(raised.value)
    assert len(fake.requests) == 1  # not retried
    assert not Motion.objects.exists()
    assert "404" in SyncState.objects.get(entity="motions").last_error


def test_it_refuses_to_run_beside_another_sync(fake):
    held = Lease.acquire("opendata")
    with pytest.raises(CommandError, match="another open-data sync is running"):
        command(fake)
    held.release()
    _, counts = command(fake)
    assert counts["created"] == 16


def test_the_command_exits_non_zero_with_one_line_on_stderr(tmp_path):
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "LOG_LEVEL": "WARNING"}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=180)
    with FakeOData() as empty:  # no entity sets at all: every request is a 404
        result = subprocess.run(
            [sys.executable, "manage.py", "sync_opendata", "--base-url", empty.base_url],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
        )
    assert result.returncode != 0 and result.stdout == ""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("CommandError: OData request failed: 404"), result.stderr
