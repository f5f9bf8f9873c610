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

from motions.models import FeedEntity, Motion
from motions.opendata.state import Lease, SyncState
from tests.fake_syncfeed import FakeSyncFeed, toezegging

from .sync_support import seed_server

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def fake() -> Iterator[FakeSyncFeed]:
    with seed_server(page_size=100) as server:
        server.add("Toezegging", toezegging(nummer="TZ202504-001"))
        yield server


def command(fake: FakeSyncFeed, *args: str) -> tuple[list[str], dict]:
    out, err = StringIO(), StringIO()
    call_command("sync_opendata", "--base-url", fake.base_url, *args, stdout=out, stderr=err)
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 1  # stdout is the JSON line and nothing else
    return err.getvalue().strip().splitlines(), json.loads(lines[0])


def test_it_reports_each_page_and_ends_with_one_json_line_of_counts(fake, settings):
    settings.TK_SYNCFEED_PAUSE = 0
    progress, counts = command(fake)
    assert {k: counts[k] for k in ("entities", "created", "updated", "withdrawn", "errors", "pending")} == {
        "entities": 267, "created": 13, "updated": 0, "withdrawn": 0, "errors": 0, "pending": 0,
    }
    assert counts["pages"] == len(progress) == len(fake.requests)
    assert progress[0].startswith("Persoon page 1: 0 entities, 0 mirrored, 0 skipped, +0 created")
    zaak = next(line for line in progress if line.startswith("Zaak page 1"))
    assert zaak.startswith("Zaak page 1: 12 entities, 12 mirrored, 0 skipped, +12 created, 0 updated, 0 withdrawn, 0 errors (skiptoken ")
    assert zaak.endswith("/s)")
    _, again = command(fake)
    assert (again["entities"], again["created"], again["updated"], again["mirrored"]) == (0, 0, 0, 0)
    assert again["pages"] == 13  # one empty page per category: caught up


def test_categories_and_max_pages_bound_a_run_and_the_next_run_continues(fake, settings):
    settings.TK_SYNCFEED_PAUSE = 0
    _, first = command(fake, "--category", "Stemming", "--category", "besluit", "--max-pages", "1")
    assert first["pages"] == 2 and first["entities"] == 100 + 11
    assert set(FeedEntity.objects.values_list("category", flat=True)) == {"Stemming", "Besluit"}
    assert not Motion.objects.exists()
    _, second = command(fake)
    assert second["created"] == 13 and Motion.objects.count() == 12
    assert FeedEntity.objects.filter(category="Stemming").count() == len(fake.entries("Stemming"))


def test_full_reads_everything_again_and_writes_nothing_new(fake, settings):
    settings.TK_SYNCFEED_PAUSE = 0
    command(fake)
    _, again = command(fake, "--full")
    assert again["entities"] == 267 and again["skipped"] == 267 and again["mirrored"] == 0
    assert (again["created"], again["updated"]) == (0, 0)


@pytest.mark.parametrize(
    "args, message",
    [
        (["--category", "Zaken"], "unknown category Zaken"),
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
    assert not FeedEntity.objects.exists()
    assert "404" in SyncState.objects.get(entity="feed:Persoon").last_error


def test_it_refuses_to_run_beside_another_sync(fake, settings):
    settings.TK_SYNCFEED_PAUSE = 0
    held = Lease.acquire("opendata")
    with pytest.raises(CommandError, match="another open-data sync is running"):
        command(fake)
    held.release()
    _, counts = command(fake)
    assert counts["created"] == 13


def test_the_command_exits_non_zero_with_one_line_on_stderr(tmp_path):
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "LOG_LEVEL": "WARNING"}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=180)
    with FakeSyncFeed() as fake:
        wrong = fake.base_url.replace("/SyncFeed/2.0/", "/SyncFeed/9.9/")  # every request is a 404
        result = subprocess.run(
            [sys.executable, "manage.py", "sync_opendata", "--base-url", wrong],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
        )
    assert result.returncode != 0 and result.stdout == ""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("CommandError: SyncFeed request failed: 404"), result.stderr
