"""Rows that change while a sync pages through them shift nothing: every row is read, changed ones again.

With ``$skip`` paging (the API's own nextLinks) a row changed on an earlier page moves to the end of the
result and every later row moves one place forward, so the next page starts one row too far and that
row is lost for good. The sync pages by cursor instead.
"""

from __future__ import annotations

import copy
from datetime import datetime, timezone

import pytest

from motions.models import Motion
from motions.opendata.sync import sync
from tests.fake_odata import FakeOData, api_timestamp, make_motions

from .sync_support import client_for

pytestmark = pytest.mark.django_db

LATER = api_timestamp(datetime(2030, 1, 1, tzinfo=timezone.utc), 1)


def change_upstream(fake: FakeOData, rows: list[dict]) -> None:
    """Between page one and page two: row 3 is edited and row 12 deleted."""
    rows[3]["Onderwerp"] += " (gewijzigd)"
    rows[3]["ApiGewijzigdOp"] = LATER  # moves to the end of the result
    rows[12]["Verwijderd"] = True  # leaves the live result: the rows after it move up
    rows[12]["ApiGewijzigdOp"] = LATER
    fake.touch()


def test_skip_paging_would_lose_rows_here():
    rows = make_motions(30, seed=5)
    with FakeOData(page_size=10) as fake, client_for(fake) as client:
        fake.add("Zaak", rows)
        seen = []
        for page in client.pages("Zaak", orderby="ApiGewijzigdOp,Id"):
            seen += [r["Id"] for r in page.items]
            if page.number == 0:
                change_upstream(fake, rows)
    assert rows[10]["Id"] not in seen  # the first row of page two slipped through the gap


def test_a_row_changed_and_a_row_deleted_during_the_run_lose_no_other_row():
    rows = make_motions(30, seed=5)
    original = copy.deepcopy(rows)
    with FakeOData(page_size=10) as fake:
        fake.add("Zaak", rows)
        fake.add("Kamerstukdossier", [])

        with client_for(fake) as client:
            # The change lands after page one was read and before page two is (the sync fetches the
            # next page while it writes the current one, so its on_page would be too late for that).
            get_json, calls = client.get_json, []

            def get_json_changing_upstream(url, **kwargs):
                calls.append(url)
                if len(calls) == 2:
                    change_upstream(fake, rows)
                return get_json(url, **kwargs)

            client.get_json = get_json_changing_upstream
            stats = sync("motions", client=client)
    assert (stats.created, stats.updated, stats.withdrawn) == (29, 1, 0)  # 29 live rows, the edited one read twice
    live = {z["Id"] for i, z in enumerate(original) if i != 12}
    assert {str(z) for z in Motion.objects.values_list("zaak_id", flat=True)} == live
    assert Motion.objects.get(zaak_id=rows[3]["Id"]).title.endswith("(gewijzigd)")
    assert not Motion.objects.filter(zaak_id=rows[12]["Id"]).exists()  # deleted before we saw it: never created
