"""Precision and recall of resolving un-numbered mentions on the labelled set (real minutes and the
seed letter): a wrong link costs more than a missing one, so precision is held higher."""

import json
from io import StringIO
from pathlib import Path

from django.core.management import call_command

from letters.reading.mentions import evaluate

LABELLED = json.loads((Path(__file__).parent / "mentions_labelled.json").read_text(encoding="utf-8"))


def test_precision_and_recall_on_the_labelled_set():
    result = evaluate(LABELLED)
    assert result["mentions"] == 31 and result["found"] == 31
    assert result["wrong"] == 0
    assert result["precision"] >= 0.95
    assert result["recall"] >= 0.7
    # every mention whose gold is "no single motion" stays unlinked
    assert all(r["linked"] is None for r in result["rows"] if r["gold"] is None)


def test_the_command_prints_precision_and_recall():
    out = StringIO()
    call_command("evaluate_mentions", stdout=out)
    text = out.getvalue()
    assert "precision 1.000" in text and "recall 0.769" in text
    out = StringIO()
    call_command("evaluate_mentions", "--json", stdout=out)
    assert json.loads(out.getvalue())["links"] == 20
