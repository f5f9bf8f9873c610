"""The fan-out cursor moves in the transaction that writes the deliveries: running it again, losing
the cursor, or running two at once never makes a second delivery for a (subscriber, event) pair
and never skips one. Subscribers hear only of events after they confirmed."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from alerts.fanout import fan_out
from alerts.models import Delivery, FanoutCursor, Subscription
from motions.events import emit
from motions.models import Event, Motion

from .conftest import follow


def caught_up() -> int:
    """Fan out what is already there (load_demo's backfill history, which sends nothing)."""
    seen = 0
    while (result := fan_out(limit=1000)).events:
        seen += result.events
    return seen


def status_event(motion, new: str) -> Event:
    return emit(Event.Kind.STATUS_CHANGED, motion=motion, payload={"key": motion.kamerstuk.key, "old": "open", "new": new})


@pytest.mark.django_db
def test_running_it_again_or_from_scratch_adds_nothing(motion):
    history = caught_up()
    follow("a@example.org", "motion", motion)
    follow("b@example.org", "dossier", motion.kamerstuk.dossier)
    last = [status_event(motion, s) for s in ("in_uitvoering", "deels_afgedaan", "afgedaan")][-1]
    first = fan_out()
    assert first.events == 3 and first.deliveries == 6 and first.seq == last.seq
    assert FanoutCursor.objects.get().seq == last.seq
    assert fan_out().events == 0

    FanoutCursor.objects.all().delete()  # a lost cursor replays from the start …
    replay = fan_out()
    assert replay.events == history + 3 and replay.deliveries == 0  # … and meets the unique (subscriber, event) pairs
    assert Delivery.objects.count() == 6


@pytest.mark.django_db
def test_a_subscriber_hears_only_of_what_happens_after_confirming(motion):
    status_event(motion, "in_uitvoering")
    late = follow("late@example.org", "motion", motion)
    Subscription.objects.filter(pk=late.pk).update(confirmed_at=timezone.now())  # after the event, before the fan-out ran
    assert fan_out().deliveries == 0
    status_event(motion, "afgedaan")
    assert fan_out().deliveries == 1


@pytest.mark.django_db
def test_events_are_taken_in_batches_in_order(motion):
    caught_up()
    follow("a@example.org", "motion", motion)
    emitted = [status_event(motion, f"s{i}").seq for i in range(7)]
    seqs = []
    while (result := fan_out(limit=3)).events:
        seqs.append(result.seq)
    assert len(seqs) == 3 and seqs == sorted(seqs)
    assert list(Delivery.objects.order_by("id").values_list("event__seq", flat=True)) == sorted(emitted)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_fan_outs_at_once_take_each_event_once(demo, tasks_not_run):
    motion = Motion.objects.select_related("kamerstuk").get(kamerstuk__key="35207-83")
    confirmed = timezone.now() - timezone.timedelta(minutes=1)
    rows = [Subscription(email=f"s{i}@example.org", subject_kind="motion", motion=motion, confirmed_at=confirmed) for i in range(200)]
    for row in rows:
        row.subject_key = row.compute_subject_key()
    Subscription.objects.bulk_create(rows)
    for i in range(40):
        status_event(motion, f"s{i}")

    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def worker() -> None:
        try:
            barrier.wait()
            while fan_out(limit=5).events:
                pass
        except BaseException as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    assert Delivery.objects.count() == 200 * 40
    assert Delivery.objects.values("subscription", "event").distinct().count() == 200 * 40
    assert FanoutCursor.objects.get().seq == Event.objects.order_by("-seq").first().seq
