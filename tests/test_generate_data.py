"""The data generator: realistic proportions, every kind of row, deterministic for a seed."""

import json
from io import StringIO

from django.core.management import call_command

from letters.models import Citation, Letter
from motions.models import Event, EventCounter, Kamerstuk, Motion, StatusChange, Vote
from motions.search import search_motions


def run(**kwargs) -> dict:
    out = StringIO()
    call_command("generate_data", *[f"--{k}={v}" for k, v in kwargs.items()], stdout=out, stderr=StringIO())
    return json.loads(out.getvalue())


def fingerprint() -> list:
    return list(Motion.objects.order_by("id").values_list("kamerstuk__key", "title", "outcome", "status", "vote_date", "ministry__name"))


def test_it_fills_every_kind_of_row_in_realistic_proportions(db):
    counts = run(motions=600, letters=60, seed=3)
    assert counts["motions"] == Motion.objects.count() == 600
    adopted = Motion.objects.adopted().count() / 600
    assert 0.3 < adopted < 0.6
    assert Motion.objects.exclude(kamerstuk__dossier__toevoeging="").exists()  # toevoegingen such as V and sub-dossiers
    assert Vote.objects.count() > 600 * 5 and StatusChange.objects.count() > 0
    assert Letter.objects.count() == 60 and Citation.objects.filter(target="motion").count() >= 120
    for citation in Citation.objects.select_related("letter", "kamerstuk")[:50]:
        assert citation.letter.text[citation.start:citation.end] == citation.raw  # spans are true
        assert citation.kamerstuk.key == citation.key
    # Tracked motions only; finished ones have a history ending in their status.
    assert not Motion.objects.exclude(outcome__in=["aangenomen", "overgenomen"]).exclude(status="").exists()
    assert Event.objects.count() == counts["events"] and EventCounter.objects.get(name="events").value == Event.objects.order_by("-seq").first().seq
    assert search_motions(Motion.objects.all(), "stikstofaanpak").exists()
    assert Kamerstuk.objects.filter(key__regex=r"^[0-9]+-[A-Z]+-[0-9]+$").exists()  # budget chapters


def test_the_same_seed_gives_the_same_data(transactional_db):
    run(motions=200, letters=10, seed=7)
    first = fingerprint()
    call_command("flush", "--no-input", stdout=StringIO())
    run(motions=200, letters=10, seed=7)
    assert fingerprint() == first
