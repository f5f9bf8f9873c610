"""The change-feed contract under real concurrency (PostgreSQL): a reader polling with the cursor it
was given sees every committed event exactly once, in seq order, while writers commit out of the
order in which they started — some sleep inside their transaction after emitting, so transactions
that started later would commit first if events were ordered by id or time.
"""

from __future__ import annotations

import random
import threading
import time

import pytest
from django.db import connection, transaction
from rest_framework.test import APIClient

from motions.events import emit
from motions.models import Event, Motion, Status
from motions.services import TRANSITIONS, InvalidTransition, ReasonRequired, record_status

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WRITERS = 6
WRITES_EACH = 8


def test_a_polling_reader_sees_exactly_the_committed_events_in_order(django_user_model, settings):
    from django.core.cache import cache
    from io import StringIO

    from django.core.management import call_command

    from motions.models import Ministry
    from tests.conftest import make_staff

    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None}}
    cache.clear()
    call_command("load_demo", "--no-staff-user", stdout=StringIO())
    staff = make_staff(django_user_model, "writer", Ministry.objects.get(abbreviation="BZ"))
    motions = list(Motion.objects.adopted().values_list("pk", flat=True))
    start_seq = Event.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    stop = threading.Event()
    errors: list[BaseException] = []
    rolled_back = 0
    lock = threading.Lock()

    def writer(index: int) -> None:
        nonlocal rolled_back
        rng = random.Random(index)
        try:
            for n in range(WRITES_EACH):
                motion = Motion.objects.get(pk=rng.choice(motions))
                try:
                    with transaction.atomic():
                        roll = rng.random()
                        if roll < 0.5:
                            targets = sorted(TRANSITIONS[motion.status or Status.OPEN])
                            record_status(motion, to=rng.choice(targets), by=staff, reason=f"w{index}-{n}")
                        elif roll < 0.8:
                            # As the sync does: lock (update) the motion first, emit last (motions.events).
                            Motion.objects.select_for_update().get(pk=motion.pk)
                            emit(Event.Kind.MOTION_UPDATED, motion=motion, payload={"writer": index, "n": n})
                        else:
                            emit(Event.Kind.RESPONSE_ADDED, letter_id=index, payload={"writer": index, "n": n})
                        # Hold the transaction open after emitting: later-started writers queue behind
                        # the counter lock or, if ordering were by id/time, would commit first.
                        time.sleep(rng.choice([0, 0, 0.01, 0.05, 0.15]))
                        if rng.random() < 0.15:
                            raise _Rollback()
                except _Rollback:
                    with lock:
                        rolled_back += 1
                except (InvalidTransition, ReasonRequired):
                    pass
        except BaseException as exc:  # surfaced by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    seen: list[int] = []
    polls = 0

    def reader() -> None:
        nonlocal polls
        client = APIClient()
        cursor = ""
        try:
            while True:
                finished = stop.is_set()
                response = client.get("/api/v1/changes/", {"since": cursor, "limit": 7} if cursor else {"limit": 7})
                assert response.status_code == 200, response.content
                body = response.json()
                seen.extend(e["seq"] for e in body["events"])
                cursor = body["next"]
                polls += 1
                if finished and not body["has_more"]:
                    return  # one full pass after the writers stopped
                if not body["has_more"]:
                    time.sleep(0.005)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    reader_thread = threading.Thread(target=reader)
    writers = [threading.Thread(target=writer, args=(i,)) for i in range(WRITERS)]
    reader_thread.start()
    for t in writers:
        t.start()
    for t in writers:
        t.join(timeout=120)
    stop.set()
    reader_thread.join(timeout=60)

    assert not errors, errors
    committed = list(Event.objects.order_by("seq").values_list("seq", flat=True))
    assert len(seen) == len(set(seen)), "an event was seen twice"
    assert seen == sorted(seen), "events came out of seq order"
    assert set(seen) == set(committed), f"missed {sorted(set(committed) - set(seen))[:10]}, phantom {sorted(set(seen) - set(committed))[:10]}"
    assert len(committed) > start_seq + WRITERS  # the writers did write
    assert committed == list(range(committed[0], committed[-1] + 1)), "rolled-back numbers are given back: no gaps"
    assert polls > 5


class _Rollback(Exception):
    pass
