"""The daily overdue job and the reminders it queues (imported by MotionsConfig.ready)."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .models import OverdueNotice
from .services import record_overdue


@shared_task
def record_overdue_task() -> int:
    """Record what became overdue today and queue one reminder per new notice. Idempotent."""
    notices = record_overdue()
    for notice in notices:
        transaction.on_commit(lambda pk=notice.pk: send_overdue_reminder.delay(pk))
    return len(notices)


@shared_task(bind=True, max_retries=5, default_retry_delay=300)
def send_overdue_reminder(self, notice_id: int) -> bool:
    """Claim the notice (healthchecks' Flip pattern: only one run wins), then mail the owner."""
    notice = OverdueNotice.objects.select_related("motion__kamerstuk", "motion__owner", "commitment__owner").filter(pk=notice_id).first()
    if notice is None:
        return False
    item = notice.motion or notice.commitment
    owner = getattr(item, "owner", None)
    if owner is None or not owner.email:
        OverdueNotice.objects.filter(pk=notice_id, reminded=None).update(reminded=timezone.now())
        return False
    if not OverdueNotice.objects.filter(pk=notice_id, reminded=None).update(reminded=timezone.now()):
        return False  # another worker sent it
    label = item.kamerstuk.key if notice.motion_id else (item.number or f"toezegging {item.pk}")
    try:
        send_mail(
            subject=f"Termijn verstreken: {label}",
            message=(
                f"De termijn van {label} ({str(item)[:200]}) verstreek op {notice.deadline:%d-%m-%Y}.\n"
                f"Status: {item.get_status_display()}.\n\n{settings.SITE_URL}{item.get_absolute_url()}\n"
            ),
            from_email=None,
            recipient_list=[owner.email],
        )
    except OSError as exc:
        # Un-claim so the retry can send it; the claim only protects against sending twice.
        OverdueNotice.objects.filter(pk=notice_id).update(reminded=None)
        raise self.retry(exc=exc)
    return True
