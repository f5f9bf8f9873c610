"""A sync stopped at any point resumes from its cursor: nothing lost, nothing doubled.

In-process: an interrupt after a page. Out of process: ``manage.py sync_opendata`` killed with SIGKILL
while it waits for a page (the fake SyncFeed stalls that page) and while it writes one; then run again. Both on the test's database backend (a migrated SQLite file, or the PostgreSQL test database).
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

from motions.models import FeedEntity, Motion, Sponsorship, StatusChange, Vote
from motions.opendata.state import SyncLease, SyncState
from tests.fake_syncfeed import FakeSyncFeed, motion_feed

from .sync_support import run

ROOT = Path(__file__).resolve().parents[2]
FEED = motion_feed(60, seed=21, roll_call_every=9)


def expected() -> dict[str, int]:
    return {
        "motions": len(FEED.zaak_guids),
        "submitters": len(FEED.entities["ZaakActor"]),
        "votes": len(FEED.entities["Stemming"]),
        "entities": FEED.count(),
    }


# -- in process ----------------------------------------------------------------------------------


class Interrupted(KeyboardInterrupt):
    pass


@pytest.mark.django_db
def test_an_interrupt_after_a_page_resumes_at_the_next_page():
    with FakeSyncFeed(page_size=49) as fake:
        fake.add_many(FEED.items())

        def stop_after_first_zaak_page(report):
            if report.category == "Zaak":
                raise Interrupted

        with pytest.raises(Interrupted):
            run(fake, on_page=stop_after_first_zaak_page)
        state = SyncState.objects.get(entity="feed:Zaak")
        assert Motion.objects.count() == 49 and state.cursor == str(fake.entries("Zaak")[48].token)
        assert state.next_url and not SyncLease.objects.exclude(holder="").exists()  # released on the way out

        stats = run(fake)
    assert (stats.created, stats.updated) == (11, 0)
    assert Motion.objects.count() == 60 and FeedEntity.objects.count() == expected()["entities"]
    assert Sponsorship.objects.count() == expected()["submitters"] and Vote.objects.count() == expected()["votes"]
    assert StatusChange.objects.count() == Motion.objects.exclude(status="").count()


# -- out of process (SIGKILL) --------------------------------------------------------------------


@pytest.fixture
def database_url(tmp_path) -> str:
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
        return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    url = f"sqlite:///{tmp_path / 'sync.sqlite3'}"
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env_for(url), check=True, timeout=180)
    return url


def env_for(database_url: str) -> dict[str, str]:
    return {**os.environ, "DEBUG": "1", "DATABASE_URL": database_url, "PYTHONUNBUFFERED": "1", "LOG_LEVEL": "WARNING"}


INSPECT = """
import json
from motions.models import Motion, Sponsorship, StatusChange, Vote
from motions.opendata.state import SyncState
from motions.models import FeedEntity, FeedReference
state = SyncState.objects.filter(entity="feed:Stemming").first()
print(json.dumps({
    "entities": FeedEntity.objects.count(), "references": FeedReference.objects.count(),
    "stemmingen": FeedEntity.objects.filter(category="Stemming").count(),
    "motions": Motion.objects.count(), "distinct": Motion.objects.values("zaak_id").distinct().count(),
    "zaak_ids": sorted(str(z) for z in Motion.objects.values_list("zaak_id", flat=True)),
    "submitters": Sponsorship.objects.count(), "votes": Vote.objects.count(),
    "history": StatusChange.objects.count(), "tracked": Motion.objects.exclude(status="").count(),
    "cursor": state.cursor if state else "", "next_url": bool(state and state.next_url),
}))
"""


def inspect(database_url: str) -> dict:
    """The database as another process sees it: what a resumed run will find."""
    out = subprocess.run([sys.executable, "manage.py", "shell", "-c", INSPECT], cwd=ROOT, env=env_for(database_url), capture_output=True, text=True, timeout=120, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def start_sync(fake: FakeSyncFeed, database_url: str) -> tuple[subprocess.Popen, queue.Queue]:
    proc = subprocess.Popen(
        [sys.executable, "manage.py", "sync_opendata", "--base-url", fake.base_url],
        cwd=ROOT, env=env_for(database_url), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stderr], daemon=True).start()  # type: ignore[union-attr]
    return proc, lines


def wait_for_line(lines: queue.Queue, prefix: str, proc: subprocess.Popen, seconds: float = 90) -> str:
    deadline = time.monotonic() + seconds
    seen = []
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.2)
        except queue.Empty:
            if proc.poll() is not None:
                break
            continue
        seen.append(line)
        if line.startswith(prefix):
            return line
    raise AssertionError(f"no {prefix!r} line; stderr was: {''.join(seen)}")


@pytest.fixture
def fake() -> Iterator[FakeSyncFeed]:
    with FakeSyncFeed(page_size=20, stall_seconds=60) as server:
        server.add_many(FEED.items())
        yield server


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("moment", ["waiting for a page", "writing a page"])
def test_a_sync_killed_with_sigkill_resumes_from_its_cursor(fake, database_url, moment):
    second_page = fake.entries("Stemming")[19].token
    if moment == "waiting for a page":
        fake.faults = [("skiptoken", second_page, "stall")]  # page two hangs until the process is gone
    proc, lines = start_sync(fake, database_url)
    try:
        wait_for_line(lines, "Stemming page 1:", proc)  # printed after page one committed
        if moment == "writing a page":
            time.sleep(0.05)  # page two is being read or written now
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    killed = inspect(database_url)
    assert killed["stemmingen"] % 20 == 0 or killed["stemmingen"] == expected()["votes"]  # whole pages only
    if moment == "waiting for a page":
        assert killed["stemmingen"] == 20 and killed["cursor"] == str(second_page) and killed["next_url"]
    fake.faults = []

    again = subprocess.run(
        [sys.executable, "manage.py", "sync_opendata", "--base-url", fake.base_url],
        cwd=ROOT, env=env_for(database_url), capture_output=True, text=True, timeout=180,
    )
    assert again.returncode == 0, again.stderr  # the dead run's lease does not block it
    counts = json.loads(again.stdout.strip().splitlines()[-1])
    assert counts["created"] == 60 - killed["motions"] and counts["errors"] == 0

    final = inspect(database_url)
    assert final["zaak_ids"] == sorted(FEED.zaak_guids)
    assert {k: final[k] for k in ("motions", "submitters", "votes", "entities")} == expected()
    assert final["references"] == sum(x.count(' ref="') for _, x in FEED.items())
    assert final["history"] == final["tracked"]  # one history row per adopted motion: no page applied twice
    assert final["cursor"] == str(fake.entries("Stemming")[-1].token) and not final["next_url"]
