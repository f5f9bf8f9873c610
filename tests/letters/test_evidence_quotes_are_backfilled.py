"""Citations read before evidence carried its quote get the quote from their letter's text."""

import importlib

from django.apps import apps

from letters.ingest import ingest_letter
from letters.models import Citation

from .documents import SEED_LETTER

backfill = importlib.import_module("letters.migrations.0010_quote_suggestion_evidence")


def test_the_migration_fills_in_the_quotes(db):
    letter = ingest_letter(SEED_LETTER)
    citation = Citation.objects.get(letter=letter, key="35207-83")
    expected = [e["quote"] for e in citation.suggestion_evidence]
    assert expected and all(expected)
    stripped = [{k: v for k, v in e.items() if k != "quote"} for e in citation.suggestion_evidence]
    Citation.objects.filter(pk=citation.pk).update(suggestion_evidence=stripped)

    backfill.add_quotes(apps, None)

    citation.refresh_from_db()
    assert [e["quote"] for e in citation.suggestion_evidence] == expected
    assert [e["quote"] for e in citation.suggestion_evidence] == [letter.text[e["start"] : e["end"]] for e in citation.suggestion_evidence]
