"""Without a broker (`make run`), the beat schedule runs inside the development server, so webhook
retries, digests and the overdue check happen; with a broker, `make beat` does it and runserver says so."""

import datetime as dt
from zoneinfo import ZoneInfo

from celery.schedules import crontab
from django.conf import settings
from django.core.management import get_commands

from tracker.celery import app
from tracker.scheduler import EmbeddedBeat, embedded_schedule

RAN: list[str] = []


@app.task(name="tests.scheduler.remember")
def remember(label: str) -> None:
    RAN.append(label)


class Clock:
    def __init__(self) -> None:
        # In the schedule's own time zone: crontab(hour=6) means 06:00 there.
        self.now = dt.datetime(2026, 3, 2, 5, 59, tzinfo=ZoneInfo(settings.CELERY_TIMEZONE))

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += dt.timedelta(**delta)


def test_an_entry_runs_when_its_interval_has_passed_and_not_before():
    RAN.clear()
    clock = Clock()
    beat = EmbeddedBeat({"every-minute": {"task": "tests.scheduler.remember", "schedule": 60.0, "args": ("minute",)}}, clock=clock)
    assert beat.tick() == []
    clock.advance(seconds=30)
    assert beat.tick() == [] and RAN == []
    clock.advance(seconds=31)
    assert beat.tick() == ["every-minute"] and RAN == ["minute"]
    assert beat.tick() == [] and RAN == ["minute"]  # not twice for one interval
    clock.advance(seconds=61)
    beat.tick()
    assert RAN == ["minute", "minute"]


def test_a_crontab_entry_runs_at_its_hour():
    RAN.clear()
    clock = Clock()
    beat = EmbeddedBeat({"at-six": {"task": "tests.scheduler.remember", "schedule": crontab(hour=6, minute=0), "args": ("six",)}}, clock=clock)
    beat.tick()
    assert RAN == []
    clock.advance(minutes=2)  # 06:01
    beat.tick()
    assert RAN == ["six"]


def test_a_failing_task_does_not_stop_the_others(caplog):
    RAN.clear()
    clock = Clock()
    beat = EmbeddedBeat(
        {
            "broken": {"task": "no.such.task", "schedule": 1.0},
            "fine": {"task": "tests.scheduler.remember", "schedule": 1.0, "args": ("fine",)},
        },
        clock=clock,
    )
    clock.advance(seconds=2)
    assert beat.tick() == ["fine"]
    assert RAN == ["fine"]
    assert "no.such.task" in caplog.text


def test_the_embedded_schedule_holds_retries_digests_and_overdue_but_not_the_network_sync(settings, monkeypatch):
    monkeypatch.delenv("OPENDATA_SYNC_MINUTES", raising=False)
    names = set(embedded_schedule())
    assert {"alerts-sweep", "alerts-fan-out", "alerts-digests", "record-overdue", "requeue-letters"} <= names
    assert "opendata-sync" not in names
    monkeypatch.setenv("OPENDATA_SYNC_MINUTES", "15")
    assert "opendata-sync" in embedded_schedule() or "opendata-sync" not in settings.CELERY_BEAT_SCHEDULE


def test_runserver_is_ours_and_starts_the_schedule_only_without_a_broker(settings):
    from tracker.devserver.management.commands.runserver import Command, startup_lines

    assert get_commands()["runserver"] == "tracker.devserver"
    settings.DEBUG = True
    settings.CELERY_BROKER_URL = ""
    thread = Command().start_embedded_beat()
    try:
        assert thread is not None and thread.is_alive()
    finally:
        thread.stop()
        thread.join(timeout=5)
    assert not thread.is_alive()
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/15"
    assert Command().start_embedded_beat() is None
    assert any("make beat" in line for line in startup_lines(scheduler_running=False))
    assert any("alerts-digests" in line for line in startup_lines(scheduler_running=True))
