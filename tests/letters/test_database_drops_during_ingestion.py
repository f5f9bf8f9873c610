"""The database connection drops in the middle of ingestion: rolled back, retried, nothing lost or doubled.

Real PostgreSQL: the backend serving our connection is terminated (pg_terminate_backend) from a second
connection just before the citations are written.
"""

import psycopg
import pytest
from django.db import InterfaceError, OperationalError, connection

from letters.ingest import process_letter, store_letter
from letters.models import Citation, Letter
from motions.models import Event, Kamerstuk

from .documents import SEED_LETTER

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def kill_before(fragment: str):
    """An execute wrapper that terminates this connection's server process before a query runs."""

    def wrapper(execute, sql, params, many, context):
        if fragment in sql:
            pid = context["connection"].connection.info.backend_pid
            with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as admin:
                admin.execute("SELECT pg_terminate_backend(%s)", [pid])
        return execute(sql, params, many, context)

    return wrapper


def test_a_dropped_connection_rolls_back_and_the_retry_links_everything_once():
    letter, _ = store_letter(SEED_LETTER.read_bytes(), "brief.txt")
    with connection.execute_wrapper(kill_before('INSERT INTO "letters_citation"')):
        with pytest.raises((OperationalError, InterfaceError)):
            process_letter(letter.pk)
    connection.close()  # what Celery's Django fix-up does before the retry

    assert Citation.objects.filter(letter=letter).count() == 0
    assert not Kamerstuk.objects.filter(is_placeholder=True).exists()  # the placeholders went with it
    assert not Event.objects.filter(letter_id=letter.pk).exists()
    assert Letter.objects.get(pk=letter.pk).state == "processing"  # visible to requeue_letters

    process_letter(letter.pk)
    letter.refresh_from_db()
    assert letter.state == "done"
    keys = list(Citation.objects.filter(letter=letter).values_list("key", flat=True))
    assert len(keys) == 21 and len(set(zip(keys, Citation.objects.filter(letter=letter).values_list("start", flat=True)))) == 21
    assert Event.objects.filter(letter_id=letter.pk, kind="response_added").count() == 13  # 12 motions (2243 unknown yet) and the commitment
