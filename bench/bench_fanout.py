"""Fan-out of one status change to 10,000 subscribers: time to queue (write the deliveries), time to
render the 10,000 messages, time to send them through the claim (locmem backend), and queries.

    python bench/bench_fanout.py                       # PostgreSQL: BENCH_DATABASE_URL or motietracker_bench_alerts
    BENCH_DATABASE_URL=sqlite:////tmp/fanout.sqlite3 python bench/bench_fanout.py
    python bench/bench_fanout.py --subscribers 1000

Needs only the demo data (loaded when missing); the database is created when it does not exist.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import setup_django  # noqa: E402

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/motietracker_bench_alerts"
BENCH_DOMAIN = "bench.invalid"


def ensure_database(url: str) -> None:
    if not url.startswith("postgres"):
        return
    import psycopg
    from urllib.parse import urlparse

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = psycopg.connect(host=parsed.hostname or "127.0.0.1", port=parsed.port or 5432, user=parsed.username or "postgres", password=parsed.password, dbname="postgres", autocommit=True)
    with admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')


def main() -> list[str]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    ensure_database(url)
    setup_django(url)

    from django.conf import settings
    from django.core import mail
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from alerts.delivery import EVENT_RELATED, SUBSCRIPTION_RELATED, send_emails
    from alerts.fanout import fan_out_all, fan_out
    from alerts.messages import event_email
    from alerts.models import Delivery, FanoutCursor, Subscription
    from motions.events import emit, last_seq
    from motions.models import Event, Motion

    from tracker.celery import app

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from collections import deque

    connection.queries_log = deque(maxlen=1_000_000)  # count every query, not Django's last 9,000
    # Queueing means publishing the sending tasks; an in-memory broker keeps them from running
    # here (eagerly) so each step is measured on its own.
    app.conf.update(task_always_eager=False, broker_url="memory://")
    mail.outbox = []
    call_command("migrate", verbosity=0)
    if not Motion.objects.filter(kamerstuk__key="35207-83").exists():
        from motions.demo import load_demo

        load_demo()
    motion = Motion.objects.select_related("kamerstuk__dossier").get(kamerstuk__key="35207-83")

    # A clean slate for the bench's own rows; history (events) is append-only and stays.
    Delivery.objects.filter(subscription__email__endswith=BENCH_DOMAIN).delete()
    Subscription.objects.filter(email__endswith=BENCH_DOMAIN).delete()
    fan_out_all()  # catch up with whatever is there, so only our event is measured
    FanoutCursor.objects.update_or_create(name="events", defaults={"seq": last_seq()})

    confirmed = timezone.now() - timezone.timedelta(minutes=1)
    subjects = [("motion", {"motion": motion}), ("dossier", {"dossier": motion.kamerstuk.dossier}), ("ministry", {"ministry": motion.ministry})]
    rows = []
    for i in range(args.subscribers):
        kind, fields = subjects[i % len(subjects)]
        row = Subscription(email=f"s{i}@{BENCH_DOMAIN}", subject_kind=kind, confirmed_at=confirmed, language="en" if i % 4 == 0 else "nl", **fields)
        row.subject_key = row.compute_subject_key()
        rows.append(row)
    Subscription.objects.bulk_create(rows, batch_size=2000)

    emit(Event.Kind.STATUS_CHANGED, motion=motion, payload={"key": motion.kamerstuk.key, "title": motion.title[:300], "old": "open", "new": "in_uitvoering", "reason": "Benchmark."})

    with CaptureQueriesContext(connection) as queue_queries:
        started = time.perf_counter()
        result = fan_out()
        queue_seconds = time.perf_counter() - started
    assert len(result.emails) == args.subscribers, (len(result.emails), args.subscribers)

    # Rendering as the sender does it: batches of 100 loaded with their relations, then each message built.
    ids = result.emails
    with CaptureQueriesContext(connection) as render_queries:
        started = time.perf_counter()
        size = 0
        for start in range(0, len(ids), 100):
            batch = Delivery.objects.filter(pk__in=ids[start : start + 100]).select_related(*SUBSCRIPTION_RELATED, *EVENT_RELATED).order_by("pk")
            rendered: dict = {}
            for delivery in batch:
                size += len(event_email(delivery, rendered).message().as_bytes())
        render_seconds = time.perf_counter() - started

    with CaptureQueriesContext(connection) as send_queries:
        started = time.perf_counter()
        for start in range(0, len(ids), 100):
            send_emails(ids[start : start + 100])
        send_seconds = time.perf_counter() - started
    assert len(mail.outbox) == args.subscribers

    n = args.subscribers
    batches = (n + 99) // 100
    return [
        f"database: {connection.vendor}; subscribers: {n:,}",
        f"queue (fan-out: {result.deliveries:,} deliveries written, {batches} tasks published)   {queue_seconds * 1000:9.1f} ms   {len(queue_queries.captured_queries):4d} queries",
        f"render {n:,} messages (text + HTML, MIME)    {render_seconds * 1000:9.1f} ms   {len(render_queries.captured_queries):4d} queries   {render_seconds / n * 1000:.2f} ms/message, {size / n / 1024:.1f} KiB/message",
        f"send {n:,} through the claim (locmem)        {send_seconds * 1000:9.1f} ms   {len(send_queries.captured_queries):4d} queries   (1 per batch of 100 + claim and mark per message)",
    ]


if __name__ == "__main__":
    for line in main():
        print(line)
