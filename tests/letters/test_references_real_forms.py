"""The citation forms of issue 17, each read from a sentence of real parliamentary text.

Where a sentence is quoted, the comment names its source on zoek.officielebekendmakingen.nl or
tweedekamer.nl; the legal styles are the forms that law reviews and annexes print, written around a
real dossier.
"""

from __future__ import annotations

from typing import Any

import pytest

from letters.reading.citations import Reference, _scan, extract_references, merge_known_names


def read(text: str) -> list[Reference]:
    refs = _scan(text, strict=True)
    assert refs == extract_references(text)
    return refs


def keys(text: str) -> list[str | None]:
    return [r.key or r.identifier for r in read(text)]


# --- bare keys in the lists of the minutes ----------------------------------------------------------------


def test_it_reads_the_list_of_motions_held_over() -> None:
    # h-tk-20232024-4-26 (Regeling van werkzaamheden, 26 september 2023)
    text = (
        "Op verzoek van een aantal leden stel ik voor de volgende door hen ingediende moties opnieuw aan "
        "te houden: 35925-32; 35925-29; 35570-XIV-46; 35570-46; 21501-32-1188; 21501-08-552; 35300-41."
    )
    assert keys(text) == [
        "35925-32", "35925-29", "35570-XIV-46", "35570-46", "21501-32-1188", "21501-08-552", "35300-41",
    ]


def test_it_reads_a_list_with_a_rijkswet_marker_and_a_zaak_number() -> None:
    # h-tk-20162017-97-8 (Regeling van werkzaamheden)
    approved = (
        "Aangezien voor de volgende stukken de termijn is verstreken, stel ik vast dat wat deze Kamer "
        "betreft, de daarbij ter stilzwijgende goedkeuring overgelegde stukken zijn goedgekeurd: \n\n"
        "34722-1; 33997-95; 23908-(R1519)-131. "
    )
    assert keys(approved) == ["34722-1", "33997-95", "23908-(R1519)-131"]
    (rijkswet,) = [r for r in read(approved) if r.toevoeging]
    assert (rijkswet.dossier, rijkswet.toevoeging, rijkswet.number) == ("23908", "(R1519)", "131")
    lapsed = (
        "Ik stel voor, de volgende stukken van de stand van werkzaamheden af te voeren: \n\n"
        "2017Z09721; 21501-08-692; 21501-08-693; 25087-170."
    )
    refs = read(lapsed)
    assert [(r.kind, r.key or r.identifier) for r in refs] == [
        ("zaak", "2017Z09721"), ("kamerstuk", "21501-08-692"), ("kamerstuk", "21501-08-693"), ("kamerstuk", "25087-170"),
    ]


def test_a_lone_hyphenated_number_outside_a_list_is_not_a_key() -> None:
    assert read("Bel 06-12345678 of zaaknummer 12345-67 voor informatie.") == []
    assert read("Het dossier 35925-32 jaar oud.") == []


# --- one number for several dossiers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key", "span"),
    [
        # the Handelingen's form for a paper in two dossiers
        ("de brief van de minister (27020, 27021, nr. 45);", "27020-45", "27020, 27021, nr. 45"),
        ("Kamerstukken 29 123 en 29 321, nr. 18", "29123-18", "Kamerstukken 29 123 en 29 321, nr. 18"),
    ],
)
def test_one_number_for_several_dossiers_takes_the_first_dossier(text: str, key: str, span: str) -> None:
    (found,) = read(text)
    assert (found.key, text[found.start : found.end]) == (key, span)


# --- the minutes' numbering -------------------------------------------------------------------------------


def test_it_reads_the_number_a_motion_gets_in_the_minutes() -> None:
    # h-tk-19981999-5630-5631 (Stemming motie A4 Midden-Delfland)
    text = (
        "Deze gewijzigde motie is voorgesteld door de leden Van Heemst en Giskes. Naar mij blijkt, wordt "
        "zij voldoende ondersteund.\n\nZij krijgt nr. 49 (26263)."
    )
    (found,) = read(text)
    assert (found.kind, found.key, found.submitters) == ("motie", "26263-49", ("Van Heemst", "Giskes"))
    assert text[found.start : found.end] == "nr. 49 (26263)"


def test_it_reads_the_new_number_of_a_changed_motion() -> None:
    # h-tk-20152016-11-8 (Regeling van werkzaamheden stemmingen)
    text = "Naar mij blijkt, wordt de indiening ervan voldoende ondersteund.\n\nZij krijgt nr. 348, was nr. 347 (32317)."
    (found,) = read(text)
    assert (found.kind, found.key) == ("motie", "32317-348")
    # h-tk-20122013-48-20: the bracketed form of the same
    (found,) = read("In stemming komt de nader gewijzigde motie-Van Tongeren (29984, nr. 383, was nr. 380).")
    assert (found.kind, found.key, found.submitters) == ("motie", "29984-383", ("Van Tongeren",))


# --- legal and older styles -------------------------------------------------------------------------------

LEGAL: list[Any] = [
    ("Kamerstukken II 2009/10, 32123.VIII, 14", "32123-VIII-14", "II", "2009-2010"),
    ("Kamerstukken Tweede Kamer 32-123 XII nr 9", "32123-XII-9", "II", None),
    ("Kamerstuk TK 32.123XII, 9", "32123-XII-9", "II", None),
    ("Kamerstukken 2, 2009-2010, 32123, 14", "32123-14", "II", "2009-2010"),
    ("Kamerstukken II, 32 123 14", "32123-14", "II", None),
    ("Kamerstukken II 1990/91, 21 800 VII, nr. 18e", "21800-VII-18e", "II", "1990-1991"),
    ("Kamerstukken II 2009/10, 32 123 (R1987), nr. 3", "32123-(R1987)-3", "II", "2009-2010"),
    ("KAMERSTUK 36 700 XII, NR. 41", "36700-XII-41", None, None),
]


@pytest.mark.parametrize(("text", "key", "chamber", "session"), LEGAL, ids=[c[0] for c in LEGAL])
def test_it_reads_legal_and_older_styles(text: str, key: str, chamber: str | None, session: str | None) -> None:
    (found,) = read(f"Zie {text}.")
    assert (found.key, found.chamber, found.session) == (key, chamber, session)
    assert f"Zie {text}."[found.start : found.end] == text


def test_a_page_then_a_semicolon_continues_the_dossier() -> None:
    refs = read("Kamerstukken II 2015/16, 34 300 VIII, nr. 4, p. 12; nr. 9")
    assert [r.key for r in refs] == ["34300-VIII-4", "34300-VIII-9"]
    assert {r.session for r in refs} == {"2015-2016"}


def test_a_year_or_an_amount_after_a_dossier_is_no_paper_number() -> None:
    assert read("Kamerstuk 35 207 2023 was het jaar") == []
    assert read("Kamerstukken 2023-2024") == []
    assert read("Kamerstuk 36 410, 12 januari 2024") == []


# --- Eerste Kamer papers numbered by letters --------------------------------------------------------------


def test_an_eerste_kamer_letter_records_the_chamber() -> None:
    # kst-35010-C is the memorie van antwoord "C" in dossier 35 010 (Eerste Kamer)
    (found,) = read("Kamerstukken I 2014/15, 33 802, C")
    assert (found.key, found.chamber, found.session) == ("33802-C", "I", "2014-2015")
    # kst-33506-AB: a two-letter code needs no "Kamerstukken I" before it
    (found,) = read("zie ook 33 506, AB voor het nader schriftelijk overleg")
    assert (found.key, found.chamber) == ("33506-AB", "I")
    (found,) = read("de memorie van antwoord (35 010, C)")
    assert (found.key, found.chamber) == ("35010-C", "I")


def test_a_single_capital_in_prose_is_no_eerste_kamer_paper() -> None:
    assert read("In 2023 groeide de sector met 12 500, A en B bleven gelijk.") == []
    assert read("Kamerstukken II 2012/13, 33 328, AI") == []


# --- Zaak and document numbers ----------------------------------------------------------------------------


def test_zaak_and_document_numbers_are_citations_of_their_own_kind() -> None:
    # tweedekamer.nl: "detail?did=2019D15913&id=2019Z07809" (Gewijzigde motie Belhaj, 35000-X-131)
    refs = read("De gewijzigde motie (zaak 2019Z07809, document 2019D15913) is aangenomen.")
    assert [(r.kind, r.identifier, r.key) for r in refs] == [("zaak", "2019Z07809", None), ("document", "2019D15913", None)]


def test_a_zaak_number_inside_a_longer_code_is_not_read() -> None:
    assert read("kenmerk X2019Z07809 en 2019Z078091") == []


# --- submitters -------------------------------------------------------------------------------------------


def test_a_slash_separates_members_and_a_hyphen_then_belongs_to_the_name() -> None:
    # h-tk-19961997-3369-3373 (stemmingen HSL-Zuid)
    (found,) = read("- de gewijzigde motie-Versnel-Schmitz/Van Heemst over het alternatief FWB2 (22026, nr. 63);")
    assert (found.kind, found.key, found.submitters) == ("motie", "22026-63", ("Versnel-Schmitz", "Van Heemst"))


def test_the_register_decides_a_hyphen_without_a_slash() -> None:
    # h-tk-19961997-3369-3373: "de motie-Versnel-Schmitz c.s. over een diepgefundeerde plaatconstructie"
    (found,) = read("- de motie-Versnel-Schmitz c.s. over een diepgefundeerde plaatconstructie (22026, nr. 41);")
    assert found.submitters == ("Versnel", "Schmitz")
    known = {"Versnel-Schmitz", "Van Heemst"}
    assert merge_known_names(found.submitters, known.__contains__) == ("Versnel-Schmitz",)
    assert merge_known_names(("Van der Burg", "Paternotte"), known.__contains__) == ("Van der Burg", "Paternotte")


@pytest.mark.parametrize(
    ("text", "submitters"),
    [
        ("de motie van het lid Inge van Dijk (Kamerstuk 36 410, nr. 12)", ("Van Dijk",)),
        ("de motie van het lid Th.C. de Graaf (Kamerstuk 27 625, nr. 150)", ("De Graaf",)),
        # h-tk-19961997-3369-3373: "de motie-M.B. Vos over ontmoediging van vliegen … (22026, nr. 33)"
        ("- de motie-M.B. Vos over ontmoediging van vliegen op korte en middellange afstand (22026, nr. 33);", ("Vos",)),
        # h-tk-20192020-31-8-n1: a first name that tells two members apart stays
        ("- de motie-Remco Dijkstra/Postma over het krachtig voortzetten van het project A27/A12 (35300-A, nr. 24);", ("Remco Dijkstra", "Postma")),
        ("de motie van van het lid Boswijk (Kamerstuk 21 501-20, nr. 2243)", ("Boswijk",)),
        ("de motie van het lid Van der Lee (Kamerstuk 35 207, nr. 98)", ("Van der Lee",)),
    ],
)
def test_first_names_initials_and_doubled_words_are_not_names(text: str, submitters: tuple[str, ...]) -> None:
    (found,) = read(text)
    assert (found.kind, found.submitters) == ("motie", submitters)


def test_words_and_a_date_may_stand_between_the_motion_and_its_number() -> None:
    (found,) = read("De Kamer nam de motie van het lid Kuiken op 2 juli 2019 aan (Kamerstuk 35 000 VI, nr. 44).")
    assert (found.kind, found.key, found.submitters) == ("motie", "35000-VI-44", ("Kuiken",))


def test_a_changed_motion_cites_the_one_it_replaces() -> None:
    # tweedekamer.nl 2019D15913: "Gewijzigde motie van het lid Belhaj over het financieel-economische
    # aspect de laagste prioriteit geven (t.v.v. 35000-X-121)"
    (found,) = read("Gewijzigde motie van het lid Belhaj over het financieel-economische aspect de laagste prioriteit geven (t.v.v. 35000-X-121)")
    assert (found.kind, found.key, found.submitters) == ("motie", "35000-X-121", ("Belhaj",))
    (found,) = read("Gewijzigde motie van het lid Omtzigt over een parlementaire enquête (t.v.v. 33885, nr. 18)")
    assert (found.kind, found.key, found.submitters) == ("motie", "33885-18", ("Omtzigt",))


def test_a_letter_between_motion_and_bracket_still_breaks_the_link() -> None:
    (found,) = read("de motie van het lid Kuiken en de brief van de minister aan de Kamer (Kamerstuk 35 000 VI, nr. 44)")
    assert found.kind == "kamerstuk"
