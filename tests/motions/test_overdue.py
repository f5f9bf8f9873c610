import datetime as dt

from django.core import mail

from motions.models import Event, Motion, OverdueNotice
from motions.tasks import record_overdue_task, send_overdue_reminder
from motions.services import assign, record_overdue, record_status


def test_querysets_find_overdue_and_due_soon_items(demo):
    today = dt.date(2025, 8, 1)  # the seed motions' deadline was 14 July 2025
    overdue = set(Motion.objects.overdue(today).values_list("kamerstuk__key", flat=True))
    assert "35207-83" in overdue and "26150-227" not in overdue
    assert set(Motion.objects.due_within(30, dt.date(2025, 7, 1)).values_list("kamerstuk__key", flat=True)) >= {"35207-83"}
    assert not Motion.objects.overdue(dt.date(2025, 7, 14)).filter(kamerstuk__key="35207-83").exists()  # due today is not overdue


def test_finished_items_are_never_overdue(bz_staff):
    m = Motion.objects.by_key("35207-83").get()
    record_status(m, to="afgedaan", by=bz_staff)
    assert not Motion.objects.overdue(dt.date(2030, 1, 1)).filter(pk=m.pk).exists()


def test_the_daily_job_is_idempotent(demo):
    today = dt.date(2025, 8, 1)
    first = record_overdue(today)
    events = Event.objects.filter(kind="overdue").count()
    assert len(first) == Motion.objects.overdue(today).count() > 0
    assert record_overdue(today) == []  # same day again: nothing new
    assert OverdueNotice.objects.count() == len(first)
    assert Event.objects.filter(kind="overdue").count() == events


def test_a_moved_deadline_that_passes_again_is_a_new_notice(bz_staff):
    m = Motion.objects.by_key("35207-83").get()
    record_overdue(dt.date(2025, 8, 1))
    assign(m, by=bz_staff, deadline=dt.date(2025, 9, 1))
    new = record_overdue(dt.date(2025, 9, 2))
    assert [n.motion_id for n in new] == [m.pk]


def test_the_reminder_goes_to_the_owner_once(bz_staff, django_capture_on_commit_callbacks):
    bz_staff.email = "bz@example.org"
    bz_staff.save()
    m = Motion.objects.by_key("35207-83").get()
    assign(m, by=bz_staff, owner=bz_staff, deadline=dt.date(2000, 1, 1))
    with django_capture_on_commit_callbacks(execute=True):
        record_overdue_task()
    sent = [msg for msg in mail.outbox if "35207-83" in msg.subject]
    assert len(sent) == 1 and sent[0].to == ["bz@example.org"]
    notice = OverdueNotice.objects.get(motion=m)
    assert notice.reminded is not None
    assert send_overdue_reminder(notice.pk) is False  # claimed: a retry or a second worker sends nothing
    assert len([msg for msg in mail.outbox if "35207-83" in msg.subject]) == 1
