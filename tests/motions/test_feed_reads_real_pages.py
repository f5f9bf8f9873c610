"""The client reads real SyncFeed pages (tests/fixtures/syncfeed/real/, copies of ../shared/syncfeed/samples/real/):
prefixed elements, references after the fields, nil values, deletion versions, the next link."""

from __future__ import annotations

import uuid

import httpx
import pytest

from motions.opendata.feed import SyncFeedClient

from .sync_support import SYNCFEED_FIXTURES

REAL = SYNCFEED_FIXTURES / "real"
SHARED_REAL = SYNCFEED_FIXTURES.parents[3] / "shared" / "syncfeed" / "samples" / "real"


def read(name: str):
    body = (REAL / name).read_bytes()
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=body, headers={"Content-Type": "application/atom+xml"}))
    with SyncFeedClient("https://gegevensmagazijn.tweedekamer.nl/SyncFeed/2.0/", transport=transport) as client:
        return client.fetch_page(client.feed_url("X", 1))


def test_a_real_besluit_page_is_read_by_namespace_whatever_the_element_order():
    page = read("besluit_page_2026.xml")
    (besluit,) = page.entities
    assert besluit.category == "Besluit" and besluit.guid == uuid.UUID("19aa93ac-2300-4845-86ac-fc7cffc0cbb3")
    assert besluit.bijgewerkt == "2026-09-10T13:40:40.9030000" and besluit.updated == "2026-09-10T11:40:48.4533341Z" and not besluit.deleted
    assert besluit.refs == {"agendapunt": ["4db5b95f-eda3-46be-afa9-91e720642e3a"], "zaak": ["19214682-5078-4587-801f-dcd3d666a273"]}  # zaak came last
    assert besluit.fields["status"] == "Voorstel" and besluit.fields["besluitSoort"] is None and besluit.fields["agendapuntZaakBesluitVolgorde"] == "1"
    assert besluit.skiptoken == 26600361
    assert page.next_url.endswith("skiptoken=26609580&category=Besluit") and page.skiptoken == 26609580


@pytest.mark.parametrize("name", ["stemming_page_2019.xml", "activiteit_page_2026.xml"])
def test_other_real_pages_read_every_entry(name):
    page = read(name)
    text = (REAL / name).read_text(encoding="utf-8")
    assert len(page.entities) == text.count("<entry>") > 0 and not page.errors
    assert all(e.bijgewerkt for e in page.entities)


def test_the_copies_match_the_shared_originals():
    if not SHARED_REAL.exists():
        pytest.skip("../shared/syncfeed is not next to this checkout; the copies are tested above")
    for path in REAL.glob("*.xml"):
        assert path.read_bytes() == (SHARED_REAL / path.name).read_bytes(), path.name
