"""Queueing a page's letters and showing the harvest to staff cost a constant number of queries."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from letters.harvest import note_mirror_changes
from letters.models import Harvest
from motions.opendata.mirror import MirroredEntity, store_page

pytestmark = pytest.mark.django_db


def page(n: int, start: int) -> list[MirroredEntity]:
    entities = []
    for i in range(start, start + n):
        document = uuid.uuid4()
        entities.append(MirroredEntity(document, "Document", "2025-06-01T00:00:00", False, {"soort": "Brief regering", "documentNummer": f"2025D{i:05d}"}, {}))
        entities.append(MirroredEntity(uuid.uuid4(), "DocumentActor", "2025-06-01T00:00:00", False, {"functie": "minister"}, {"document": [str(document)]}))
        entities.append(MirroredEntity(uuid.uuid4(), "Document", "2025-06-01T00:00:00", False, {"soort": "Motie"}, {}))
    return entities


def queries_for(entities: list[MirroredEntity], capture) -> int:
    store_page(entities)
    with CaptureQueriesContext(connection) as ctx, capture(execute=False):
        note_mirror_changes(entities)
    return len(ctx.captured_queries)


def test_queueing_a_page_of_letters_costs_the_same_for_3_or_60(django_capture_on_commit_callbacks):
    small = queries_for(page(3, 0), django_capture_on_commit_callbacks)
    large = queries_for(page(60, 100), django_capture_on_commit_callbacks)
    assert small == large <= 4
    assert Harvest.objects.filter(state=Harvest.State.QUEUED).count() == 63


def test_the_staff_page_costs_the_same_for_3_or_60_failures(staff_client):
    def fail(n: int) -> None:
        Harvest.objects.bulk_create([Harvest(document=uuid.uuid4(), document_number=f"2025D9{i:04d}", state=Harvest.State.FAILED, reason="lezen mislukt: the PDF has no text layer (scanned?)") for i in range(n)])

    fail(3)
    with CaptureQueriesContext(connection) as small:
        assert staff_client.get("/beheer/oogst/").status_code == 200
    fail(57)
    with CaptureQueriesContext(connection) as large:
        response = staff_client.get("/beheer/oogst/")
    assert response.content.decode().count("no text layer") == 60
    assert len(small.captured_queries) == len(large.captured_queries)


def test_the_staff_page_is_for_staff_only(client, django_user_model):
    assert client.get("/beheer/oogst/").status_code == 302  # to the login
    user = django_user_model.objects.create_user("lezer", "lezer@example.org", "a-long-test-password")
    client.force_login(user)
    assert client.get("/beheer/oogst/").status_code == 403  # the desk's rule: logged in, not staff
