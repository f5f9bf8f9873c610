"""Every periodic job on the beat schedule names a task a worker actually has."""

from django.conf import settings


def test_every_beat_entry_names_a_registered_task():
    from tracker.celery import app

    app.loader.import_default_modules()
    schedule = settings.CELERY_BEAT_SCHEDULE
    expected = {
        "motions.tasks.record_overdue_task",
        "letters.tasks.requeue_letters",
        "alerts.tasks.fan_out_task",
        "alerts.tasks.send_digests_task",
    }
    names = {entry["task"] for entry in schedule.values()}
    assert expected <= names
    missing = sorted(name for name in names if name not in app.tasks)
    assert missing == []


def test_every_beat_entry_is_declared_in_the_settings_module():
    """One place for the schedule: no app adds entries of its own at start-up."""
    from pathlib import Path

    source = (Path(settings.BASE_DIR) / "tracker" / "settings.py").read_text(encoding="utf-8")
    names = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"alerts.tasks.sweep_task", "alerts.tasks.fan_out_task", "alerts.tasks.send_digests_task"} <= names
    assert sorted(name for name in names if f'"{name}"' not in source) == []
