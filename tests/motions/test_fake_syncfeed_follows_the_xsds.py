"""The fake SyncFeed cannot drift from the contract: its entity elements validate against the official XSDs."""

from __future__ import annotations

import httpx
from lxml import etree

from tests.fake_syncfeed import ATOM, CATEGORIES, XSD_DIR, FakeSyncFeed, brief_2243, decade_feed, entity, load_seed, motion_feed, schema_elements, toezegging


def _schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD_DIR / "tkData-v1-0.xsd")))


def _served_entities(fake: FakeSyncFeed, category: str) -> list[etree._Element]:
    elements = []
    url = fake.base_url + f"Feed?category={category}"
    while url:
        root = etree.fromstring(httpx.get(url, timeout=5).content)
        entries = root.findall(f"{{{ATOM}}}entry")
        elements.extend(next(iter(e.find(f"{{{ATOM}}}content"))) for e in entries)
        nxt = root.find(f"{{{ATOM}}}link[@rel='next']")
        url = nxt.get("href") if entries and nxt is not None else ""
    return elements


def test_every_entity_the_fake_serves_validates_against_the_xsds():
    schema = _schema()
    feed = motion_feed(6, roll_call_every=3)
    with FakeSyncFeed(page_size=7) as fake:
        fake.add_many(feed.items())
        fake.add("Toezegging", toezegging(nummer="TZ202504-001"))
        fake.add("DocumentActor", entity("DocumentActor", document=feed.zaak_guids[0], actorNaam="C.C.J. Veldkamp", functie="minister", relatie="Eerste ondertekenaar"))
        fake.add("Zaak", entity("Zaak", feed.zaak_guids[0], deleted=True))
        fake.load_derived()
        served = 0
        for category in CATEGORIES:
            for element in _served_entities(fake, category):
                assert schema.validate(element), f"{category}: {schema.error_log.last_error}"
                served += 1
    assert served == feed.count() + 3 + 921


def test_the_builder_refuses_an_element_the_xsd_does_not_have():
    try:
        entity("Zaak", nummer="2025Z00001", besluit="x")
    except ValueError as exc:
        assert "besluit" in str(exc)
    else:
        raise AssertionError("an unknown element was accepted")


def test_the_element_order_comes_from_the_xsd():
    names = [name for name, _ in schema_elements("Stemming")]
    assert names[:3] == ["besluit", "persoon", "fractie"]
    assert dict(schema_elements("Stemming"))["besluit"] is True
    assert dict(schema_elements("Stemming"))["soort"] is False


def test_the_seed_motions_the_letter_and_the_generated_decade_validate_too():
    schema = _schema()
    with FakeSyncFeed(page_size=500) as fake:
        load_seed(fake)
        for category, updated, xml in brief_2243():
            fake.add(category, xml, updated=updated)
        served = 0
        for category in CATEGORIES:
            for element in _served_entities(fake, category):
                assert schema.validate(element), f"{category}: {schema.error_log.last_error}"
                served += 1
        assert served == 266 + 3
    with FakeSyncFeed(page_size=500) as fake:
        counts = decade_feed(fake, 60)
        for category in counts:
            elements = _served_entities(fake, category)
            assert len(elements) == counts[category]
            for element in elements:
                assert schema.validate(element), f"{category}: {schema.error_log.last_error}"


def test_the_fake_serves_entities_and_files():
    with FakeSyncFeed() as fake:
        for category, updated, xml in brief_2243():
            fake.add(category, xml, updated=updated)
        (letter,) = fake.find("Document", documentNummer="2025D11739")
        fake.add_resource(letter, b"%PDF-1.4 brief", "application/pdf")
        root = etree.fromstring(httpx.get(fake.base_url + "Feed?category=Document", timeout=5).content)
        entry = root.find(f"{{{ATOM}}}entry")
        assert entry.find(f"{{{ATOM}}}link[@rel='enclosure']").get("href") == fake.base_url + f"Resources/{letter}"
        element = next(iter(entry.find(f"{{{ATOM}}}content")))
        assert element.get("{http://www.tweedekamer.nl/xsd/tkData/v1-0}contentType") == "application/pdf"
        assert element.get("{http://www.tweedekamer.nl/xsd/tkData/v1-0}contentLength") == "28954"
        file = httpx.get(fake.base_url + f"Resources/{letter}", timeout=5)
        assert (file.status_code, file.content, file.headers["content-type"]) == (200, b"%PDF-1.4 brief", "application/pdf")
        one = httpx.get(fake.base_url + f"Entiteiten/{letter}", timeout=5)
        assert one.status_code == 200 and etree.QName(etree.fromstring(one.content)).localname == "document"
        assert httpx.get(fake.base_url + "Resources/00000000-0000-4000-8000-000000000000", timeout=5).status_code == 404
