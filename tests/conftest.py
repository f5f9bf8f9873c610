"""Shared fixtures. Tests are plain functions; the database is real (SQLite or PostgreSQL)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"


def pytest_collection_modifyitems(config, items):
    """PostgreSQL-only tests skip on SQLite locally, but never in CI: there they must run."""
    if not config.pluginmanager.hasplugin("django"):
        return
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    in_ci = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
    for item in items:
        if "postgres" in item.keywords:
            if in_ci and os.environ.get("MOTIETRACKER_CI_BACKEND") == "postgresql":
                item.add_marker(pytest.mark.xfail(reason="CI must run this on PostgreSQL", strict=True, run=False))
            else:
                item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL=postgres://…)"))


@pytest.fixture(scope="session", autouse=True)
def _one_request_at_a_time_on_sqlite():
    """On SQLite the test database lives in memory, and the live server's request threads share the
    test's one connection. Two requests at once on it (a page's two chart images) can deadlock
    between SQLite's mutex and the GIL (Django's date functions are Python callbacks): serve one
    request at a time there. PostgreSQL gives each thread its own connection and keeps the threads."""
    from django.conf import settings
    from django.core.servers.basehttp import WSGIServer
    from django.test.testcases import LiveServerThread

    class OneAtATime(WSGIServer):  # answers with "Connection: close", so browsers open new connections
        def __init__(self, *args, connections_override=None, **kwargs):
            super().__init__(*args, **kwargs)

    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        LiveServerThread.server_class = OneAtATime
    yield


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path_factory):
    """Uploaded and generated files go to a temporary folder, never into the developer's var/."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    # The local fake SyncFeed needs no politeness; tests of the pause use a client of their own.
    settings.TK_SYNCFEED_PAUSE = 0.0


@pytest.fixture
def demo(db):
    """The demo data set: the seed letter's motions from real records."""
    from motions.demo import load_demo

    return load_demo()


@pytest.fixture
def staff_user(db, django_user_model):
    return django_user_model.objects.create_superuser("staff", "staff@example.org", "a-long-test-password")


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def ministries(db):
    from motions.demo import ensure_ministries

    return ensure_ministries()


def make_staff(django_user_model, username: str, ministry=None, role: str = "staff"):
    from motions.models import StaffProfile

    user = django_user_model.objects.create_user(username, f"{username}@example.org", "a-long-test-password", is_staff=True)
    StaffProfile.objects.create(user=user, ministry=ministry, role=role)
    return user


@pytest.fixture
def bz_staff(demo, django_user_model):
    """A staff member of Buitenlandse Zaken: the ministry of the seed motions."""
    from motions.models import Ministry

    return make_staff(django_user_model, "bz", Ministry.objects.get(abbreviation="BZ"))


@pytest.fixture
def ezk_staff(demo, django_user_model):
    """A staff member of another ministry."""
    from motions.models import Ministry

    return make_staff(django_user_model, "ez", Ministry.objects.get(abbreviation="EZ"))


@pytest.fixture
def coordinator(demo, django_user_model):
    return make_staff(django_user_model, "coordinator", role="coordinator")
