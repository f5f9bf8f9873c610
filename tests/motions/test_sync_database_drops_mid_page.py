"""The database connection drops in the middle of a sync page: that page is rolled back, the pages
before it stay, and the rerun loses nothing and doubles nothing (change-feed events included).

Real PostgreSQL: once the first Zaak page is committed, the backend serving our connection is terminated
(pg_terminate_backend) from a second connection just before one of the second page's statements: the
raw mirror's upsert, its references (COPY), the projected motions, the change feed, the cursor.
"""

from __future__ import annotations

import psycopg
import pytest
from django.db import InterfaceError, OperationalError, connection

from motions.models import Event, FeedEntity, FeedReference, Motion, Sponsorship, Vote
from motions.opendata.state import SyncLease, SyncState
from tests.fake_syncfeed import FakeSyncFeed, motion_feed

from .sync_support import run

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PAGE = 20


class KillOnPageTwo:
    """An execute wrapper, armed after the first committed page, that terminates this connection's
    server process before the first statement containing ``fragment``."""

    def __init__(self, fragment: str) -> None:
        self.fragment, self.armed, self.fired = fragment, False, False

    def on_page(self, report) -> None:
        if report.category == "Zaak" and report.number == 1:
            self.armed = True

    def __call__(self, execute, sql, params, many, context):
        if self.armed and not self.fired and self.fragment in sql:
            self.fired = True
            pid = context["connection"].connection.info.backend_pid
            with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as admin:
                admin.execute("SELECT pg_terminate_backend(%s)", [pid])
        return execute(sql, params, many, context)


@pytest.mark.parametrize(
    "fragment",
    [
        'INSERT INTO "motions_feedentity"',  # the page's raw rows
        'INSERT INTO "motions_motion"',  # the page's motions
        'INSERT INTO "motions_event"',  # its change-feed rows, after the votes went in by COPY
        'UPDATE "motions_syncstate"',  # its cursor, the last write of the page
    ],
)
def test_a_dropped_connection_rolls_back_the_page_and_the_rerun_loses_and_doubles_nothing(fragment):
    feed = motion_feed(3 * PAGE, seed=11, roll_call_every=5)
    with FakeSyncFeed(page_size=PAGE) as fake:
        fake.add_many(feed.items())
        killer = KillOnPageTwo(fragment)
        with connection.execute_wrapper(killer), pytest.raises((OperationalError, InterfaceError)):
            run(fake, on_page=killer.on_page)
        assert killer.fired
        connection.close()  # what the task does before its retry

        # The first Zaak page stands, the second is gone entirely, and the cursor says so.
        assert Motion.objects.count() == PAGE
        assert FeedEntity.objects.filter(category="Zaak").count() == PAGE
        assert Event.objects.filter(kind=Event.Kind.MOTION_CREATED).count() == PAGE
        state = SyncState.objects.get(entity="feed:Zaak")
        assert state.cursor == str(fake.entries("Zaak")[PAGE - 1].token)
        assert not SyncLease.objects.exclude(holder="").exists()  # released on a fresh connection

        stats = run(fake)
        assert stats.created == 2 * PAGE and stats.errors == 0

        assert sorted(str(z) for z in Motion.objects.values_list("zaak_id", flat=True)) == sorted(feed.zaak_guids)
        assert Vote.objects.count() == len(feed.entities["Stemming"])
        assert Sponsorship.objects.count() == len(feed.entities["ZaakActor"])
        assert FeedEntity.objects.count() == feed.count()
        assert FeedReference.objects.count() == sum(x.count(' ref="') for _, x in feed.items())
        created = list(Event.objects.filter(kind=Event.Kind.MOTION_CREATED).values_list("motion_id", flat=True))
        assert len(created) == len(set(created)) == 3 * PAGE  # one creation event per motion, no repeats
        seqs = list(Event.objects.order_by("seq").values_list("seq", flat=True))
        assert len(seqs) == len(set(seqs))

        # And a third run finds nothing to do.
        events = Event.objects.count()
        again = run(fake)
        assert again.created == again.updated == again.withdrawn == again.mirrored == 0
        assert Event.objects.count() == events
