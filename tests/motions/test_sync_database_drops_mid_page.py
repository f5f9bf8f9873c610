"""The database connection drops in the middle of a sync page: that page is rolled back, the pages
before it stay, and the rerun loses nothing and doubles nothing (change-feed events included).

Real PostgreSQL: once the first page is committed, the backend serving our connection is terminated
(pg_terminate_backend) from a second connection just before one of the second page's statements.
"""

from __future__ import annotations

import psycopg
import pytest
from django.db import InterfaceError, OperationalError, connection

from motions.models import Event, Motion, Sponsorship, Vote
from motions.opendata.mapping import parse_zaak
from motions.opendata.state import SyncLease, SyncState
from motions.opendata.sync import sync
from tests.fake_odata import FakeOData, make_motions

from .sync_support import client_for

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PAGE = 20


class KillOnPageTwo:
    """An execute wrapper, armed after the first committed page, that terminates this connection's
    server process before the first statement containing ``fragment``."""

    def __init__(self, fragment: str) -> None:
        self.fragment, self.armed, self.fired = fragment, False, False

    def on_page(self, report) -> None:
        if report.stream == "motions" and report.number == 1:
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
        'INSERT INTO "motions_motion"',  # the page's motions
        'INSERT INTO "motions_event"',  # its change-feed rows, after the votes went in by COPY
        'UPDATE "motions_syncstate"',  # its cursor, the last write of the page
    ],
)
def test_a_dropped_connection_rolls_back_the_page_and_the_rerun_loses_and_doubles_nothing(fragment):
    zaken = make_motions(3 * PAGE, seed=11)
    expected_votes = sum(len(parse_zaak(z).votes) for z in zaken)
    expected_sponsors = sum(len({(a.persoon_id, a.name) for a in parse_zaak(z).actors}) for z in zaken)
    with FakeOData(page_size=PAGE) as fake:
        fake.add("Zaak", zaken)
        fake.add("Kamerstukdossier", [])
        killer = KillOnPageTwo(fragment)
        with client_for(fake) as client:
            with connection.execute_wrapper(killer), pytest.raises((OperationalError, InterfaceError)):
                sync("motions", client=client, on_page=killer.on_page)
        assert killer.fired
        connection.close()  # what the task does before its retry

        # The first page stands, the second is gone entirely, and the cursor says so.
        assert Motion.objects.count() == PAGE
        assert Event.objects.filter(kind=Event.Kind.MOTION_CREATED).count() == PAGE
        state = SyncState.objects.get(entity="motions")
        assert state.cursor == zaken[PAGE - 1]["ApiGewijzigdOp"]
        assert not SyncLease.objects.exclude(holder="").exists()  # released on a fresh connection

        with client_for(fake) as client:
            stats = sync("motions", client=client)
        assert stats.created == 2 * PAGE and stats.errors == 0

        zaak_ids = [str(z["Id"]).lower() for z in zaken]
        assert sorted(str(z) for z in Motion.objects.values_list("zaak_id", flat=True)) == sorted(zaak_ids)
        assert Vote.objects.count() == expected_votes
        assert Sponsorship.objects.count() == expected_sponsors
        created = list(Event.objects.filter(kind=Event.Kind.MOTION_CREATED).values_list("motion_id", flat=True))
        assert len(created) == len(set(created)) == 3 * PAGE  # one creation event per motion, no repeats
        seqs = list(Event.objects.order_by("seq").values_list("seq", flat=True))
        assert len(seqs) == len(set(seqs))

        # And a third run finds nothing to do.
        events = Event.objects.count()
        with client_for(fake) as client:
            again = sync("motions", client=client)
        assert again.created == again.updated == again.withdrawn == 0
        assert Event.objects.count() == events
