"""Every periodic job on the beat schedule names a task a worker actually has."""

from django.conf import settings


def test_every_beat_entry_names_a_registered_task():
    from tracker.celery import app

    app.loader.import_default_modules()
    schedule = settings.CELERY_BEAT_SCHEDULE
    expected = {
        "motions.reminders.record_overdue_task",
        "letters.tasks.requeue_letters",
        "alerts.tasks.fan_out_task",
        "alerts.tasks.send_digests_task",
    }
    names = {entry["task"] for entry in schedule.values()}
    assert expected <= names
    missing = sorted(name for name in names if name not in app.tasks)
    assert missing == []
