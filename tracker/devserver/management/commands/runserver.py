"""``manage.py runserver`` as ``make run`` uses it: WhiteNoise's runserver (static files as in
production), plus startup lines saying where the site's links point and where mail goes, and
— in DEBUG without a broker — the beat schedule run in this process (tracker.scheduler)."""

from __future__ import annotations

from django.conf import settings
from whitenoise.runserver_nostatic.management.commands.runserver import Command as WhiteNoiseRunserver

from tracker.scheduler import EmbeddedBeat, EmbeddedBeatThread, embedded_schedule

MAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend": "E-mail is not sent: it is printed in this terminal (console backend). Set EMAIL_BACKEND and EMAIL_HOST to send it.",
    "django.core.mail.backends.filebased.EmailBackend": "E-mail is not sent: it is written as files to {path} (file backend).",
    "django.core.mail.backends.locmem.EmailBackend": "E-mail is not sent: it is kept in memory (locmem backend).",
    "django.core.mail.backends.dummy.EmailBackend": "E-mail is thrown away (dummy backend).",
}


def startup_lines(*, scheduler_running: bool) -> list[str]:
    lines = [f"Links in e-mails, List-Unsubscribe headers and the annex point to {settings.SITE_URL}/ (SITE_URL)."]
    mail = MAIL_BACKENDS.get(settings.EMAIL_BACKEND)
    if mail:
        lines.append(mail.format(path=getattr(settings, "EMAIL_FILE_PATH", "?")))
    else:
        lines.append(f"E-mail is sent through {settings.EMAIL_HOST}:{settings.EMAIL_PORT} ({settings.EMAIL_BACKEND}).")
    if scheduler_running:
        lines.append("Scheduled work runs in this process (no broker): " + ", ".join(sorted(embedded_schedule())) + ".")
    elif settings.CELERY_BROKER_URL:
        lines.append("Scheduled work does not run in this process: a broker is configured, so run `make worker` and `make beat`.")
    else:
        lines.append("Scheduled work does not run: EMBEDDED_BEAT is off (webhook retries, digests and the overdue check wait).")
    return lines


class Command(WhiteNoiseRunserver):
    help = WhiteNoiseRunserver.help + " In DEBUG without a broker it also runs the beat schedule in-process."

    def inner_run(self, *args, **options):
        # inner_run runs in the serving process only (not in the autoreloader's watcher).
        thread = self.start_embedded_beat()
        for line in startup_lines(scheduler_running=thread is not None):
            self.stdout.write(line)
        try:
            super().inner_run(*args, **options)
        finally:
            if thread is not None:
                thread.stop()

    def start_embedded_beat(self) -> EmbeddedBeatThread | None:
        if not (settings.DEBUG and not settings.CELERY_BROKER_URL and settings.EMBEDDED_BEAT):
            return None
        thread = EmbeddedBeatThread(EmbeddedBeat(embedded_schedule()))
        thread.start()
        return thread
