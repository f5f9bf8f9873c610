"""``sync_opendata`` (without a broker it harvests as each page commits) killed with SIGKILL while a
letter's file is downloading; ``harvest_letters`` then takes up what the dead process left queued or
running, and every letter arrives exactly once. Out of process, on the test's database backend."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from .harvest_fixtures import BODY
from .harvest_support import LetterFeed, add_letter, letter_pdf

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def database_url(tmp_path) -> str:
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
        return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    url = f"sqlite:///{tmp_path / 'harvest.sqlite3'}"
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env_for(url, tmp_path), check=True, timeout=180)
    return url


def env_for(database_url: str, media: Path) -> dict[str, str]:
    return {
        **os.environ, "DEBUG": "1", "DATABASE_URL": database_url, "PYTHONUNBUFFERED": "1", "LOG_LEVEL": "WARNING", "CELERY_BROKER_URL": "",
        "MEDIA_ROOT": str(media / "media"), "TK_SYNCFEED_PAUSE": "0", "LETTER_HARVEST_BACKOFF": "0", "LETTER_HARVEST_STALE_MINUTES": "0",
    }


INSPECT = """
import json
from letters.models import Harvest, Letter
print(json.dumps({
    "letters": sorted(Letter.objects.values_list("document_number", flat=True)),
    "states": dict(Harvest.objects.values_list("document_number", "state")),
    "downloads": dict(Harvest.objects.values_list("document_number", "downloads")),
}))
"""


def inspect(database_url: str, media: Path) -> dict:
    out = subprocess.run([sys.executable, "manage.py", "shell", "-c", INSPECT], cwd=ROOT, env=env_for(database_url, media), capture_output=True, text=True, timeout=120, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.django_db(transaction=True)
def test_a_harvest_killed_while_a_file_downloads_resumes_and_doubles_nothing(database_url, tmp_path):
    with LetterFeed() as fake:
        for n in range(3):
            add_letter(fake, letter_pdf(BODY + [f"Brief nummer {n}."]), nummer=f"2025D0004{n}", volgnummer=540 + n)
        fake.resource_faults = [None, ("stall", 60)]  # the second file hangs until the process is gone
        proc = subprocess.Popen(
            [sys.executable, "manage.py", "sync_opendata", "--base-url", fake.base_url],
            cwd=ROOT, env=env_for(database_url, tmp_path), stdout=subprocess.DEVNULL, stderr=open(tmp_path / "sync.err", "w"),
        )
        try:
            deadline = time.monotonic() + 120
            while len(fake.resource_requests()) < 2 and time.monotonic() < deadline and proc.poll() is None:
                time.sleep(0.05)
            assert len(fake.resource_requests()) == 2, (tmp_path / "sync.err").read_text()[-3000:]
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=10)
        finally:
            if proc.poll() is None:
                proc.kill()
        killed = inspect(database_url, tmp_path)
        assert len(killed["letters"]) == 1  # the first letter is in, whole
        assert sorted(killed["states"].values()) == ["done", "queued", "running"]  # one downloading when killed, one waiting

        again = subprocess.run(
            [sys.executable, "manage.py", "harvest_letters"], cwd=ROOT, env=env_for(database_url, tmp_path), capture_output=True, text=True, timeout=180,
        )
        assert again.returncode == 0, again.stderr
        assert "2 letter(s) to harvest" in again.stderr and "queued 0, done 3, failed 0" in again.stderr
        assert json.loads(again.stdout.strip().splitlines()[-1])["done"] == 3
        final = inspect(database_url, tmp_path)
        assert final["letters"] == ["2025D00040", "2025D00041", "2025D00042"]
        assert set(final["states"].values()) == {"done"} and final["downloads"] == {"2025D00040": 1, "2025D00041": 1, "2025D00042": 1}
        assert len(fake.resource_requests()) == 4  # the killed download once more, the third once
