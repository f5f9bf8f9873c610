"""Zaak and document numbers in a letter: citations of their own kind, resolved to papers through
our tables and a lookup (the open-data mirror plugs in as ``settings.LETTERS_ZAAK_LOOKUP``)."""

from letters.ingest import ingest_letter, resolve_zaak_numbers
from letters.models import Citation
from motions.models import Dossier, Kamerstuk, Motion

LETTER = (
    "Geachte voorzitter,\n\n"
    "Met deze brief reageer ik op de motie met zaaknummer 2019Z07809 en op het verzoek van de "
    "commissie (2024Z12345). Ook stuur ik de stukken van zaak 2024Z99999 mee.\n"
).encode()


def motion(key: str, zaak: str = "", document: str = "") -> Motion:
    dossier_number, number = key.split("-")
    dossier, _ = Dossier.objects.get_or_create(number=int(dossier_number), toevoeging="")
    paper = Kamerstuk.objects.create(dossier=dossier, number=number, key=key, kind=Kamerstuk.Kind.MOTIE, document_number=document)
    return Motion.objects.create(kamerstuk=paper, title=f"Motie {key}", zaak_number=zaak)


def test_a_zaak_number_we_know_links_its_motion(db):
    known = motion("35000-131", zaak="2019Z07809")
    letter = ingest_letter(LETTER)
    by_number = {c.number: c for c in letter.citations.all()}
    cited = by_number["2019Z07809"]
    assert (cited.kind, cited.key, cited.kamerstuk_id, cited.target) == ("zaak", "35000-131", known.kamerstuk_id, "motion")
    assert cited.review == Citation.Review.SUGGESTED
    unknown = by_number["2024Z12345"]
    assert (unknown.kind, unknown.key, unknown.kamerstuk_id, unknown.target) == ("zaak", "2024Z12345", None, "other")


def test_the_lookup_resolves_what_our_tables_do_not_know(db, settings):
    asked: list[list[str]] = []

    def mirror(numbers):
        asked.append(list(numbers))
        return {"2024Z12345": "36410-12", "2024Z99999": "not a key"}

    resolved = resolve_zaak_numbers({"2024Z12345", "2024Z99999"}, lookup=mirror)
    assert resolved == {"2024Z12345": "36410-12"}
    assert asked == [["2024Z12345", "2024Z99999"]]

    settings.LETTERS_ZAAK_LOOKUP = "tests.letters.test_letter_links_zaak_numbers.fixed_lookup"
    letter = ingest_letter(LETTER)
    cited = letter.citations.get(number="2024Z12345")
    assert (cited.key, cited.kamerstuk.key, cited.kamerstuk.is_placeholder) == ("36410-12", "36410-12", True)
    assert letter.citations.get(number="2024Z99999").kamerstuk_id is None


def test_our_tables_answer_before_the_lookup_is_asked(db):
    motion("35000-131", document="2019D15913")

    def mirror(numbers):
        raise AssertionError(f"asked for {numbers}")

    assert resolve_zaak_numbers({"2019D15913"}, lookup=mirror) == {"2019D15913": "35000-131"}


def fixed_lookup(numbers):
    return {n: "36410-12" for n in numbers if n == "2024Z12345"}
