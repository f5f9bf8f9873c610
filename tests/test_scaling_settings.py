"""What running on several machines needs in code: a read replica router and storage by setting."""

import os
import subprocess
import sys
from pathlib import Path

from django.core.files.base import ContentFile
from django.test import RequestFactory, override_settings

from tracker.db_router import REPLICA, ReplicaReadsMiddleware, ReplicaRouter

ROOT = Path(__file__).resolve().parent.parent


def route_during(method: str, path: str) -> str | None:
    seen = {}

    def view(request):
        seen["db"] = ReplicaRouter().db_for_read(None)
        return None

    request = getattr(RequestFactory(), method.lower())(path)
    ReplicaReadsMiddleware(view)(request)
    return seen["db"]


@override_settings(DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}, REPLICA: {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}})
def test_api_and_feed_reads_go_to_the_replica_and_everything_else_to_the_primary():
    assert route_during("GET", "/api/v1/motions/") == REPLICA
    assert route_during("GET", "/feeds/changes.atom") == REPLICA
    assert route_during("POST", "/api/v1/motions/35207-83/status/") is None
    assert route_during("GET", "/admin/") is None
    assert route_during("GET", "/moties/") is None
    assert ReplicaRouter().db_for_read(None) is None  # outside a request
    assert ReplicaRouter().db_for_write(None) == "default"
    assert ReplicaRouter().allow_migrate(REPLICA, "motions") is False


def test_without_a_replica_everything_uses_the_primary():
    assert route_during("GET", "/api/v1/motions/") is None


def test_a_configured_replica_serves_the_reads_of_a_running_app(tmp_path):
    """A second connection from DATABASE_REPLICA_URL (here the same SQLite file) answers API reads."""
    db = tmp_path / "app.sqlite3"
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": f"sqlite:///{db}", "DATABASE_REPLICA_URL": f"sqlite:///{db}"}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=180)
    script = (
        "from django.db import connections; from django.test.utils import CaptureQueriesContext; "
        "from tracker.db_router import _use_replica; from motions.models import Motion; "
        "ctx = CaptureQueriesContext(connections['replica']); ctx.__enter__(); "
        "token = _use_replica.set(True); Motion.objects.count(); _use_replica.reset(token); "
        "Motion.objects.count(); ctx.__exit__(None, None, None); "
        "print('replica-queries', len(ctx.captured_queries))"
    )
    result = subprocess.run([sys.executable, "manage.py", "shell", "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    line = [x for x in result.stdout.splitlines() if x.startswith("replica-queries")][0]
    assert line == "replica-queries 1", result.stdout  # the marked read, and only that one


def test_letters_are_stored_through_the_storage_api_so_object_storage_works(db, settings):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    from letters.ingest import process_letter, store_letter
    from tests.letters.documents import SEED_LETTER

    letter, created = store_letter(SEED_LETTER.read_bytes(), "brief.txt")
    assert created
    processed = process_letter(letter.pk)
    assert processed.state == "done" and processed.citations.count() > 10
    assert letter.file.storage.__class__.__name__ == "InMemoryStorage"


def test_behind_pgbouncer_django_uses_no_server_side_cursors():
    script = "from django.conf import settings; print(settings.DATABASES['default']['DISABLE_SERVER_SIDE_CURSORS'])"
    outputs = {}
    for flag in ("0", "1"):
        env = {**os.environ, "DEBUG": "1", "DATABASE_URL": "postgres://app@pgbouncer:6432/motietracker", "DB_BEHIND_POOLER": flag}
        result = subprocess.run([sys.executable, "-c", f"import django, os; os.environ['DJANGO_SETTINGS_MODULE']='tracker.settings'; django.setup(); {script}"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        outputs[flag] = result.stdout.strip()
    assert outputs == {"0": "False", "1": "True"}
