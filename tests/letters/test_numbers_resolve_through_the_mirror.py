"""Zaak numbers and document numbers in a letter resolve through the raw mirror to the paper they name:
Zaak.nummer → the Zaak's own Document → key; Document.documentNummer → key; unknown numbers → nothing."""

from __future__ import annotations

import pytest

from letters.sources import Resolved, find_numbers, resolve_numbers
from motions.opendata.mirror import FeedEntity
from tests.fake_syncfeed import FakeSyncFeed, _guid, entity, one_motion
from tests.motions.sync_support import run

pytestmark = pytest.mark.django_db


def test_zaak_and_document_numbers_name_their_paper():
    with FakeSyncFeed() as fake:
        built = one_motion(dossier=21501, toevoeging="20", volgnummer=2068, nummer="2025Z07351")
        fake.add_many(built.entities)
        # A letter attached to the same case must not win over the motion's own Document.
        dossier = _guid("dossier", hash((21501, "20")) & 0xFFFFFFF)  # the motion's dossier, as one_motion makes it
        fake.add("Document", entity("Document", zaak=built.zaak, kamerstukdossier=dossier, soort="Brief regering", documentNummer="2025D00001", volgnummer=2100, onderwerp="Brief"))
        run(fake)
    motion_document = FeedEntity.objects.get(guid=built.document).nummer
    found = resolve_numbers(["2025Z07351", motion_document, "2025D00001", "2024D00000"])
    assert found == {
        "2025Z07351": Resolved("21501-20-2068", True), motion_document: Resolved("21501-20-2068", True), "2025D00001": Resolved("21501-20-2100", False),
    }


def test_numbers_are_found_in_the_text_in_their_written_forms():
    text = "Zie zaak 2025Z07351, brief 2024D49861 en 2024 D 49862; niet 12025Z073510 of 2025Z0735."
    assert [n for _, _, n in find_numbers(text)] == ["2025Z07351", "2024D49861", "2024D49862"]
    start, end, _ = find_numbers(text)[0]
    assert text[start:end] == "2025Z07351"
