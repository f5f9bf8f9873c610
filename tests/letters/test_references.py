"""The citation parser: which papers a letter's text cites, as what, and where."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from letters.reading.citations import (
    MAX_RANGE,
    ContextHint,
    Reference,
    _scan,
    context_hint,
    extract_references,
    normalise_session,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEED_TEXT = (FIXTURES / "seed-letter-china-strategie.txt").read_text(encoding="utf-8")
SEED_EXPECTED = json.loads((FIXTURES / "seed-letter-china-strategie.expected.json").read_text(encoding="utf-8"))


def read(text: str) -> list[Reference]:
    # The strict scan lets a bug raise instead of being skipped, as extract_references would.
    refs = _scan(text, strict=True)
    assert refs == extract_references(text)
    return refs


def summary(ref: Reference) -> tuple[Any, ...]:
    return (ref.kind, ref.key, ref.submitters, ref.chamber, ref.session, ref.number, ref.item)


def ref(
    kind: str,
    key: str | None,
    *submitters: str,
    ch: str | None = None,
    sess: str | None = None,
    nr: str | None = None,
    item: str | None = None,
) -> tuple[Any, ...]:
    number = nr if nr is not None else (key or "").rsplit("-", 1)[-1]
    return (kind, key, tuple(submitters), ch, sess, number, item)


K, M, A = "kamerstuk", "motie", "amendement"

# (text, expected references, spans as text or None to skip the span check)
CASES: list[Any] = [
    # --- Kamerstuk, dossier written with or without a thousands space --------------------------
    ("Kamerstuk 36 696, nr. 1", [ref(K, "36696-1")], ["Kamerstuk 36 696, nr. 1"]),
    ("Kamerstuk 35207, nr. 95", [ref(K, "35207-95")], ["Kamerstuk 35207, nr. 95"]),
    ("zie Kamerstuk 35 207, nr. 81.", [ref(K, "35207-81")], ["Kamerstuk 35 207, nr. 81"]),
    ("kamerstuk 35207 nr 95", [ref(K, "35207-95")], ["kamerstuk 35207 nr 95"]),
    ("Kamerstuk 35\u00a0207, nr.\u00a083", [ref(K, "35207-83")], ["Kamerstuk 35\u00a0207, nr.\u00a083"]),
    ("Kamerstuk 35\u202f207, nr. 83", [ref(K, "35207-83")], None),
    ("Kamerstuk 35.207, nr. 83", [ref(K, "35207-83")], None),
    ("Kamerstuk 35207,nr.83", [ref(K, "35207-83")], ["Kamerstuk 35207,nr.83"]),
    ("Kamerstuk 35 207, nummer 83", [ref(K, "35207-83")], None),
    ("Kamerstuk 35 207, Nr. 83", [ref(K, "35207-83")], None),
    ("Kamerstuk 35 207, nr. 083", [ref(K, "35207-83", nr="83")], None),
    ("Kamerstuk 8 100, nr. 3", [ref(K, "8100-3")], None),
    ("Kamerstukken 35 207, nr. 83", [ref(K, "35207-83")], None),
    ("De brief (Kamerstuk 35 207, nr. 81) is verstuurd.", [ref(K, "35207-81")], ["Kamerstuk 35 207, nr. 81"]),
    ("35 207, nr. 83", [ref(K, "35207-83")], ["35 207, nr. 83"]),
    ("35207 nr. 94", [ref(K, "35207-94")], ["35207 nr. 94"]),
    ("Kamerstuk\n35 207,\nnr. 83", [ref(K, "35207-83")], None),
    # --- chamber and session ----------------------------------------------------------------------
    (
        "Kamerstukken II, vergaderjaar 2021-2022, 32852, nr. 224",
        [ref(K, "32852-224", ch="II", sess="2021-2022")],
        ["Kamerstukken II, vergaderjaar 2021-2022, 32852, nr. 224"],
    ),
    ("Kamerstukken II 2023/24, 36 410, nr. 5", [ref(K, "36410-5", ch="II", sess="2023-2024")], None),
    ("Kamerstukken II 2023–2024, 36 410, nr. 5", [ref(K, "36410-5", ch="II", sess="2023-2024")], None),
    ("Kamerstukken II 2023-24, 36 410, nr. 5", [ref(K, "36410-5", ch="II", sess="2023-2024")], None),
    ("Kamerstukken II 2023/2024, 36 410, nr. 5", [ref(K, "36410-5", ch="II", sess="2023-2024")], None),
    ("Kamerstukken II 1999/00, 26 800 V, nr. 2", [ref(K, "26800-V-2", ch="II", sess="1999-2000")], None),
    ("Kamerstukken I 2023/24, 36 410, nr. A", [ref(K, "36410-A", ch="I", sess="2023-2024")], None),
    ("Kamerstuk II 2023/24 36 410 nr. 5", [ref(K, "36410-5", ch="II", sess="2023-2024")], None),
    ("Kamerstukken II 2023/25, 36 410, nr. 5", [ref(K, "36410-5", ch="II")], None),
    ("Kamerstukken II, 36 410, nr. 5", [ref(K, "36410-5", ch="II")], None),
    # --- toevoeging: budget chapter, sub-dossier, Eerste Kamer letters ---------------------------
    ("Kamerstuk 36 600 V, nr. 31", [ref(K, "36600-V-31")], ["Kamerstuk 36 600 V, nr. 31"]),
    ("Kamerstuk 36 600 XVII, nr. 8", [ref(K, "36600-XVII-8")], None),
    ("Kamerstuk 36 600-V, nr. 31", [ref(K, "36600-V-31")], None),
    ("Kamerstuk 36 600 B, nr. 4", [ref(K, "36600-B-4")], None),
    ("Kamerstuk 36 200 IXB, nr. 2", [ref(K, "36200-IXB-2")], None),
    ("Kamerstuk 21 501-20, nr. 2243", [ref(K, "21501-20-2243")], ["Kamerstuk 21 501-20, nr. 2243"]),
    ("Kamerstuk 21 501–20, nr. 2243", [ref(K, "21501-20-2243")], None),
    ("Kamerstuk 21 501-02, nr. 2830", [ref(K, "21501-02-2830")], None),
    ("21 501-32, nr. 1500", [ref(K, "21501-32-1500")], ["21 501-32, nr. 1500"]),
    ("Kamerstukken I 2023/24, 36 600 B, K", [ref(K, "36600-B-K", ch="I", sess="2023-2024")], None),
    ("Kamerstukken I 2012/13, 33 328, AI", [ref(K, "33328-AI", ch="I", sess="2012-2013")], None),
    ("Kamerstukken I 2012/13, 33 328, nr. AI", [ref(K, "33328-AI", ch="I", sess="2012-2013")], None),
    ("zie 33 328, nr. AI", [ref(K, "33328-AI", ch="I")], ["33 328, nr. AI"]),  # letters: Eerste Kamer
    # --- hyphenated keys ----------------------------------------------------------------------------
    ("(Kamerstuk 35207-95)", [ref(K, "35207-95")], ["Kamerstuk 35207-95"]),
    ("Kamerstuk 21501-20-2068", [ref(K, "21501-20-2068")], ["Kamerstuk 21501-20-2068"]),
    ("Kamerstuk 36600-V-31", [ref(K, "36600-V-31")], None),
    ("zie kst-35207-83.html", [ref(K, "35207-83")], ["kst-35207-83"]),
    ("https://zoek.officielebekendmakingen.nl/kst-21501-20-2243.html", [ref(K, "21501-20-2243")], None),
    ("kst-33328-AI", [ref(K, "33328-AI")], None),
    ("kst-36600-B-K", [ref(K, "36600-B-K")], None),
    ("Gewijzigde motie (t.v.v. 36800-32)", [ref(M, "36800-32")], ["36800-32"]),  # the replaced motion
    ("motie 35207-95 van het lid Boswijk", [ref(M, "35207-95", "Boswijk")], ["35207-95"]),
    ("amendement 36600-V-12", [ref(A, "36600-V-12")], None),
    ("over de vuilstort bij Lagun (t.v.v. 36800-IV-9)", [ref(K, "36800-IV-9")], ["36800-IV-9"]),
    # --- the Kamer's "op stuk nr. X (dossier)" ---------------------------------------------------------
    ("de Kamer middels de motie op stuk nr. 214 (26 150) erkent", [ref(M, "26150-214")], ["op stuk nr. 214 (26 150)"]),
    ("de motie op stuk nr. 31 (36 600 V) van het lid Boswijk", [ref(M, "36600-V-31", "Boswijk")], None),
    ("zoals gevraagd op stuk nr. 5 (35207)", [ref(K, "35207-5")], ["op stuk nr. 5 (35207)"]),
    # --- motions and their submitters ---------------------------------------------------------------
    (
        "Conform de motie 35 207, nr. 83 van het lid Paternotte c.s., spreekt Nederland zich uit",
        [ref(M, "35207-83", "Paternotte")],
        ["35 207, nr. 83"],
    ),
    ("waaronder motie Van der Burg-Paternotte 35 207 nr. 94", [ref(M, "35207-94", "Van der Burg", "Paternotte")], ["35 207 nr. 94"]),
    ("conform motie 35 207, nr. 89 van de leden Van Baarle en Paternotte inzetten", [ref(M, "35207-89", "Van Baarle", "Paternotte")], None),
    ("ter uitvoering van de motie Boswijk (Kamerstuk 21 501-20, nr. 2243), naar", [ref(M, "21501-20-2243", "Boswijk")], ["Kamerstuk 21 501-20, nr. 2243"]),
    ("de motie-Boswijk c.s. (Kamerstuk 35207, nr. 95)", [ref(M, "35207-95", "Boswijk")], None),
    ("de motie Boswijk c.s. (Kamerstuk 35207, nr. 95)", [ref(M, "35207-95", "Boswijk")], None),
    ("Conform motie 35 207, nr. 92 van het lid Kahraman c.s.", [ref(M, "35207-92", "Kahraman")], None),
    ("conform de motie 35 207, nr. 98 van het lid Van der Lee c.s. zal", [ref(M, "35207-98", "Van der Lee")], None),
    ("de motie van het lid Van der Lee (Kamerstuk 35 207, nr. 98)", [ref(M, "35207-98", "Van der Lee")], None),
    ("de motie van het lid van der Lee (Kamerstuk 35 207, nr. 98)", [ref(M, "35207-98", "Van der Lee")], None),
    ("de motie van het Lid De Roon (Kamerstuk 35 207, nr. 70)", [ref(M, "35207-70", "De Roon")], None),
    ("de motie van de leden Paternotte, Boswijk en Van Weel (Kamerstuk 35 207, nr. 84)", [ref(M, "35207-84", "Paternotte", "Boswijk", "Van Weel")], None),
    ("de motie van het lid Yesilgöz-Zegerius c.s. (Kamerstuk 36 600, nr. 5)", [ref(M, "36600-5", "Yesilgöz-Zegerius")], None),
    ("motie 36 600, nr. 5 van het lid Yesilgöz-Zegerius", [ref(M, "36600-5", "Yesilgöz-Zegerius")], None),
    ("de motie van het lid Paternotte (D66) (Kamerstuk 35 207, nr. 83)", [ref(M, "35207-83", "Paternotte")], None),
    ("de motie-Van Baarle/Paternotte (Kamerstuk 35 207, nr. 89)", [ref(M, "35207-89", "Van Baarle", "Paternotte")], None),
    ("Motie 35 207, nr. 83 is uitgevoerd.", [ref(M, "35207-83")], None),
    (
        "Uitvoering van de motie van het lid Boswijk c.s. over een analyse van de risico's van elektrische "
        "auto's voor de nationale veiligheid (Kamerstuk 21501-20-2068)",
        [ref(M, "21501-20-2068", "Boswijk")],
        ["Kamerstuk 21501-20-2068"],
    ),
    ("het amendement van het lid Dassen (Kamerstuk 36 600 V, nr. 12)", [ref(A, "36600-V-12", "Dassen")], ["Kamerstuk 36 600 V, nr. 12"]),
    ("Amendement 36 600 V, nr. 12 van de leden Dassen en Bikker", [ref(A, "36600-V-12", "Dassen", "Bikker")], None),
    ("de recente motie 26 150, nr. 227 van het lid Paternotte c.s., blijft", [ref(M, "26150-227", "Paternotte")], None),
    # --- a paper that is not introduced as a motion stays a paper ------------------------------------
    ("De motie is aangenomen. Zie Kamerstuk 35 207, nr. 81.", [ref(K, "35207-81")], None),
    ("de motie over de brief van 3 maart (Kamerstuk 35 207, nr. 81)", [ref(K, "35207-81")], None),
    ("de motie over het rapport (Kamerstuk 35 207, nr. 81)", [ref(K, "35207-81")], None),
    ("van het lid Yesilgöz-Zegerius (Kamerstuk 36 600, nr. 5)", [ref(K, "36600-5")], None),
    ("de motie Boswijk (Kamerstuk 36 600 V, nr. 31) en Kamerstuk 35207, nr. 95", [ref(M, "36600-V-31", "Boswijk"), ref(K, "35207-95")], None),
    # --- several papers at once ------------------------------------------------------------------------
    (
        "Kamerstuk 36 600 V, nr. 31 en Kamerstuk 35207, nr. 95",
        [ref(K, "36600-V-31"), ref(K, "35207-95")],
        ["Kamerstuk 36 600 V, nr. 31", "Kamerstuk 35207, nr. 95"],
    ),
    (
        "de moties Boswijk (Kamerstuk 36 600 V, nr. 31 en Kamerstuk 35207, nr. 95)",
        [ref(M, "36600-V-31", "Boswijk"), ref(M, "35207-95", "Boswijk")],
        None,
    ),
    ("moties 35 207, nrs. 83 en 89", [ref(M, "35207-83"), ref(M, "35207-89")], ["35 207, nrs. 83", "89"]),
    (
        "de moties van de leden Kahraman (Kamerstuk 35 207, nr. 92) en Van Baarle (Kamerstuk 35 207, nr. 89)",
        [ref(M, "35207-92", "Kahraman"), ref(M, "35207-89", "Van Baarle")],
        None,
    ),
    ("35 207, nrs. 83, 89 en 93", [ref(K, "35207-83"), ref(K, "35207-89"), ref(K, "35207-93")], ["35 207, nrs. 83", "89", "93"]),
    (
        "Kamerstuk 36 600 V, nrs. 12 t/m 15",
        [ref(K, "36600-V-12"), ref(K, "36600-V-13"), ref(K, "36600-V-14"), ref(K, "36600-V-15")],
        ["Kamerstuk 36 600 V, nrs. 12", "12 t/m 15", "12 t/m 15", "15"],
    ),
    ("Kamerstuk 36 600 V, nrs. 12 tot en met 14", [ref(K, "36600-V-12"), ref(K, "36600-V-13"), ref(K, "36600-V-14")], None),
    ("Kamerstuk 36 600 V, nrs. 12-14", [ref(K, "36600-V-12"), ref(K, "36600-V-13"), ref(K, "36600-V-14")], None),
    ("Kamerstuk 35 207, nr. 83 en nr. 89", [ref(K, "35207-83"), ref(K, "35207-89")], None),
    ("Kamerstuk 35 207, nr. 83 en 89", [ref(K, "35207-83"), ref(K, "35207-89")], None),
    ("Kamerstuk 35 207, nrs. 83 & 89", [ref(K, "35207-83"), ref(K, "35207-89")], None),
    ("Kamerstukken II 2023/24, 36 410, nrs. 5 en 6", [ref(K, "36410-5", ch="II", sess="2023-2024"), ref(K, "36410-6", ch="II", sess="2023-2024")], None),
    (
        "Kamerstukken II 2022/23, 36 200 V, nr. 3; 36 200 V, nr. 4",
        [ref(K, "36200-V-3", ch="II", sess="2022-2023"), ref(K, "36200-V-4", ch="II", sess="2022-2023")],
        None,
    ),
    ("moties 35 207, nrs. 83 en 89 van de leden Van Baarle en Paternotte", [ref(M, "35207-83", "Van Baarle", "Paternotte"), ref(M, "35207-89", "Van Baarle", "Paternotte")], None),
    ("35 207, nrs. 83 en 36 600 V, nr. 31", [ref(K, "35207-83"), ref(K, "36600-V-31")], None),
    ("Kamerstuk 35 207, nrs. 1 t/m 500", [ref(K, "35207-1"), ref(K, "35207-500")], None),
    # --- trailing words are not part of the citation ----------------------------------------------------
    ("Kamerstuk 30 821, nr. 249, bijlage", [ref(K, "30821-249")], ["Kamerstuk 30 821, nr. 249"]),
    ("Kamerstuk 30 821, nr. 249, p. 4", [ref(K, "30821-249")], ["Kamerstuk 30 821, nr. 249"]),
    (
        "Kamerstukken II, vergaderjaar 2021-2022, 32852, nr. 224, 9 december 2022.",
        [ref(K, "32852-224", ch="II", sess="2021-2022")],
        ["Kamerstukken II, vergaderjaar 2021-2022, 32852, nr. 224"],
    ),
    ("35 207, nrs. 83 en 89, 9 december 2022", [ref(K, "35207-83"), ref(K, "35207-89")], ["35 207, nrs. 83", "89"]),
    ("Kamerstuk 35207, nr. 95 en 12 december", [ref(K, "35207-95")], ["Kamerstuk 35207, nr. 95"]),
    ("Kamerstuk 35 207, nr. 5 - 2024", [ref(K, "35207-5")], None),
    # --- Handelingen, Aanhangsel, Staatscourant ------------------------------------------------------------
    ("Handelingen II 2023/24, nr. 45, item 12", [ref("handelingen", None, ch="II", sess="2023-2024", nr="45", item="12")], ["Handelingen II 2023/24, nr. 45, item 12"]),
    ("Handelingen II, vergaderjaar 2023-2024, nr. 45, item 12.", [ref("handelingen", None, ch="II", sess="2023-2024", nr="45", item="12")], None),
    ("Hand. I 2023/24, nr. 7", [ref("handelingen", None, ch="I", sess="2023-2024", nr="7")], ["Hand. I 2023/24, nr. 7"]),
    ("Aanhangsel Handelingen II 2024/25, nr. 1234", [ref("aanhangsel", None, ch="II", sess="2024-2025", nr="1234")], ["Aanhangsel Handelingen II 2024/25, nr. 1234"]),
    ("Aanhangsel van de Handelingen II 2019/20, nr. 4046", [ref("aanhangsel", None, ch="II", sess="2019-2020", nr="4046")], None),
    ("Aanh. Hand. II 2024/25, nr. 1234", [ref("aanhangsel", None, ch="II", sess="2024-2025", nr="1234")], None),
    ("Stcrt. 2024, 12345", [ref("staatscourant", None, nr="12345")], ["Stcrt. 2024, 12345"]),
    ("Staatscourant 2024, nr. 12345", [ref("staatscourant", None, nr="12345")], ["Staatscourant 2024, nr. 12345"]),
    ("h-tk-20232024-4-26", [ref("handelingen", None, ch="II", sess="2023-2024", nr="4", item="26")], None),
    ("ah-tk-20192020-4046", [ref("aanhangsel", None, ch="II", sess="2019-2020", nr="4046")], None),
    ("stcrt-2024-12345", [ref("staatscourant", None, nr="12345")], None),
    # --- markup around citations, as in the plain-text export of a Word letter -------------------------
    ("ingediend.[footnoteRef:2]  [2:  Kamerstuk 36 696, nr. 1.] ", [ref(K, "36696-1")], ["Kamerstuk 36 696, nr. 1"]),
    ("meegenomen[footnoteRef:12]. [12:  Kamerstuk 36 600 V, nr. 31 en Kamerstuk 35207, nr. 95] ", [ref(K, "36600-V-31"), ref(K, "35207-95")], None),
    ("[18:    Conform motie 35 207, nr. 92 van het lid Kahraman c.s.] ", [ref(M, "35207-92", "Kahraman")], None),
    ("[bookmark: _Hlk194063789]Kamerstuk 35207, nr. 95", [ref(K, "35207-95")], None),
    ("twee moties Boswijk[footnoteRef:3] [3:  Kamerstuk 35207, nr. 95]", [ref(K, "35207-95")], None),
    # --- not citations ---------------------------------------------------------------------------------------
    ("In 2024 bedroeg de handelsrelatie met China EUR 90 miljard.", [], None),
    ("De dialoog staat gepland op 11 november 2025.", [], None),
    ("Tijdens de 60e VN-Mensenrechtenraad en het 2022 OHCHR-rapport", [], None),
    ("https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=OJ:L_202403015", [], None),
    ("die van 23 september tot 3 oktober plaatsvond", [], None),
    ("artikel 12, lid 3, van de wet", [], None),
    ("zie nr. 1 van de lijst", [], None),
    ("Nederland is het nummer 1 investeringsland voor China.", [], None),
    ("Bel 070-3486486 of 06 12345678.", [], None),
    # A Zaak number is a citation of its own kind (resolved to a paper by the caller); the rest is not.
    (
        "het verzoek van 3 april 2025 (2025Z06543), kenmerk 2025-0000123456, 12.345 bedrijven",
        [("zaak", None, (), None, None, "2025Z06543", None)],
        ["2025Z06543"],
    ),
    ("Postbus 20061, 2500 EB Den Haag", [], None),
    ("Stb. 2023, nr. 45 en Trb. 2019, nr. 12", [], None),
    ("Kamerstuk 36600-V is de begroting.", [], None),
    ("zie de Kamerstukken II 2023-2024.", [], None),
    ("nrs. 83 en 89", [], None),
    ("Het Kamerstukdossier 35 207 over China", [], None),
    ("12345-67 is een zaaknummer", [], None),
    ("Handelingen II, p. 1234", [], None),
    ("de motie op stuk nr. 214 is aangenomen", [], None),
    ("Kamerstuk nr. 5 (35 207)", [], None),
    ("in de Staatscourant van 2024 12 maart", [], None),
]


@pytest.mark.parametrize(("text", "expected", "spans"), CASES, ids=[c[0][:60] for c in CASES])
def test_table(text: str, expected: list[tuple[Any, ...]], spans: list[str] | None) -> None:
    refs = read(text)
    assert [summary(r) for r in refs] == expected
    if spans is not None:
        assert [text[r.start : r.end] for r in refs] == spans


def test_the_table_covers_enough_cases() -> None:
    assert len(CASES) >= 80


# --- behaviours, one sentence each --------------------------------------------------------------------


def test_it_reads_a_sub_dossier() -> None:
    (found,) = read("Kamerstuk 21 501-20, nr. 2243")
    assert (found.dossier, found.toevoeging, found.number, found.key) == ("21501", "20", "2243", "21501-20-2243")


def test_it_reads_a_roman_budget_chapter() -> None:
    (found,) = read("Kamerstuk 36 600 V, nr. 31")
    assert (found.dossier, found.toevoeging, found.number) == ("36600", "V", "31")
    assert found.identifier == "kst-36600-V-31"


def test_it_reads_an_eerste_kamer_letter_code() -> None:
    (found,) = read("Kamerstukken I 2012/13, 33 328, AI")
    assert (found.key, found.chamber, found.session) == ("33328-AI", "I", "2012-2013")


def test_it_needs_the_eerste_kamer_for_a_letter_without_nr() -> None:
    assert read("Kamerstukken II 2012/13, 33 328, AI") == []
    assert read("Kamerstuk 35207, EU-beleid") == []


def test_it_splits_a_double_barrelled_motion_name_into_two_members() -> None:
    (found,) = read("motie Van der Burg-Paternotte 35 207 nr. 94")
    assert found.kind == "motie"
    assert found.submitters == ("Van der Burg", "Paternotte")


def test_it_keeps_a_hyphenated_surname_after_het_lid() -> None:
    (found,) = read("motie 36 600, nr. 5 van het lid Yesilgöz-Zegerius c.s.")
    assert found.submitters == ("Yesilgöz-Zegerius",)


def test_it_does_not_take_cs_for_a_name() -> None:
    (found,) = read("motie 35 207, nr. 83 van het lid Paternotte c.s.")
    assert found.submitters == ("Paternotte",)


def test_it_normalises_het_lid_whatever_the_capitals() -> None:
    lower = read("motie 35 207, nr. 83 van het lid Idsinga")
    upper = read("motie 35 207, nr. 83 van het Lid Idsinga")
    assert lower[0].submitters == upper[0].submitters == ("Idsinga",)


def test_it_expands_a_range_with_a_span_for_each_number() -> None:
    text = "Kamerstuk 36 600 V, nrs. 12 t/m 15"
    refs = read(text)
    assert [r.number for r in refs] == ["12", "13", "14", "15"]
    assert all(0 <= r.start < r.end <= len(text) for r in refs)
    assert len({(r.start, r.end, r.key) for r in refs}) == 4


def test_it_caps_a_long_range_at_its_end_points() -> None:
    refs = read(f"Kamerstuk 35 207, nrs. 1 t/m {MAX_RANGE + 10}")
    assert [r.number for r in refs] == ["1", str(MAX_RANGE + 10)]
    refs = read(f"Kamerstuk 35 207, nrs. 1 t/m {MAX_RANGE}")
    assert len(refs) == MAX_RANGE


def test_it_caps_a_long_list() -> None:
    text = "Kamerstuk 35 207, nrs. " + ", ".join(str(n) for n in range(1, 400)) + " en 400"
    refs = read(text)
    assert 1 <= len(refs) <= 50


def test_a_plural_motion_phrase_carries_over_to_joined_designations() -> None:
    refs = read("de moties Boswijk (Kamerstuk 36 600 V, nr. 31 en Kamerstuk 35207, nr. 95)")
    assert [(r.kind, r.submitters) for r in refs] == [("motie", ("Boswijk",)), ("motie", ("Boswijk",))]


def test_a_singular_motion_phrase_does_not_carry_over() -> None:
    refs = read("de motie 35 207, nr. 83 en Kamerstuk 35 207, nr. 81")
    assert [r.kind for r in refs] == ["motie", "kamerstuk"]


def test_the_motion_word_must_be_in_the_same_phrase() -> None:
    refs = read("Over die moties is veel gezegd. Het kabinet verwijst naar Kamerstuk 35 207, nr. 81.")
    assert refs[0].kind == "kamerstuk"


def test_key_is_none_for_handelingen_aanhangsel_and_staatscourant() -> None:
    refs = read("Handelingen II 2023/24, nr. 45, item 12; Aanhangsel Handelingen II 2024/25, nr. 1234; Stcrt. 2024, 12345")
    assert [r.kind for r in refs] == ["handelingen", "aanhangsel", "staatscourant"]
    assert [r.key for r in refs] == [None, None, None]
    assert [r.identifier for r in refs] == ["h-tk-20232024-45-12", "ah-tk-20242025-1234", "stcrt-2024-12345"]
    assert refs[2].dossier == "2024"  # a Staatscourant number restarts every year


def test_a_handelingen_citation_without_item_has_no_identifier() -> None:
    (found,) = read("Handelingen II 2023/24, nr. 45")
    assert found.item is None and found.identifier is None


def test_references_come_in_order_of_appearance() -> None:
    text = "Stcrt. 2024, 1; Kamerstuk 35 207, nr. 2; Handelingen II 2023/24, nr. 3; motie 35 207, nr. 4"
    refs = read(text)
    assert [r.start for r in refs] == sorted(r.start for r in refs)
    assert [r.number for r in refs] == ["1", "2", "3", "4"]


def test_it_never_raises_on_odd_input() -> None:
    for text in ["", "nr.", "Kamerstuk", "Kamerstukken II 2023/", "motie-", "\x00" * 10, "35 207, nrs. 1 t/m", "kst-", "h-tk-"]:
        assert isinstance(extract_references(text), list)
    assert extract_references(None) == []  # type: ignore[arg-type]
    assert extract_references(b"Kamerstuk 35207, nr. 95") == []  # type: ignore[arg-type]


def test_a_pathological_input_returns() -> None:
    # Long runs of what the grammar looks for, with nothing that completes a citation: no
    # catastrophic backtracking may make these hang. (No timing is asserted; they must return.)
    n = 100_000
    texts = [
        "1" * n,
        "1 " * (n // 2),
        "nr. " * (n // 4),
        "12 345 " * (n // 7),
        "12 345, nr. " * (n // 12),
        "motie " * (n // 6) + "35 207, nr. 1",
        "van het lid Van " * (n // 16),
        "Kamerstukken II 2023/24, " * (n // 25),
        "35 207, nrs. " + "1, " * (n // 3),
        "motie Van der Van der Van der " * (n // 30) + "35 207, nr. 1",
        "Kamerstuk" + " " * n + "x",
        "35 207" + "\u00a0" * n + ",x",
        "Handelingen II 2023/24" + " " * n + "x",
        "35 207, nr. 1 van het lid Boswijk" + " " * n,
        "A" * n,
        "toezegging" + " a" * (n // 2),
        "motie-" * (n // 6),
    ]
    for text in texts:
        refs = _scan(text, strict=True)
        assert all(0 <= r.start < r.end <= len(text) for r in refs)
        hint = context_hint(text)
        assert hint is None or 0 <= hint.start < hint.end <= len(text)


# --- normalise_session ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2023/24", "2023-2024"),
        ("2021–2022", "2021-2022"),
        ("2021-2022", "2021-2022"),
        ("2023-24", "2023-2024"),
        ("1999/00", "1999-2000"),
        ("2023 / 2024", "2023-2024"),
        ("20232024", "2023-2024"),
        ("2023/25", None),
        ("2023-2023", None),
        ("2023", None),
        ("nonsense", None),
        ("", None),
    ],
)
def test_normalise_session(raw: str, expected: str | None) -> None:
    assert normalise_session(raw) == expected


# --- the seed letter ----------------------------------------------------------------------------------


def test_the_seed_fixture_is_a_copy_of_the_shared_corpus() -> None:
    shared = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "seed-letter-china-strategie.txt"
    if not shared.exists():
        pytest.skip("../shared is not next to this checkout")
    assert shared.read_text(encoding="utf-8") == SEED_TEXT


def test_it_finds_every_paper_the_seed_letter_cites() -> None:
    keys = {r.key for r in read(SEED_TEXT)}
    expected = {m["key"] for m in SEED_EXPECTED["motions"]}
    expected |= set(SEED_EXPECTED["other_papers"])
    expected |= {c["cited_paper"] for c in SEED_EXPECTED["commitments"]}
    expected |= {a["key"] for a in SEED_EXPECTED["ambiguous"]}
    assert expected <= keys


def test_it_reads_nothing_in_the_seed_letters_non_references() -> None:
    refs = read(SEED_TEXT)
    for phrase in SEED_EXPECTED["not_references"]:
        at = SEED_TEXT.find(phrase)
        assert at >= 0, phrase
        while at >= 0:
            overlapping = [SEED_TEXT[r.start : r.end] for r in refs if r.start < at + len(phrase) and at < r.end]
            assert overlapping == [], phrase
            at = SEED_TEXT.find(phrase, at + 1)


def test_it_reads_the_seed_letters_motions_with_their_submitters() -> None:
    by_key = {r.key: r for r in read(SEED_TEXT)}
    for motion in SEED_EXPECTED["motions"]:
        if "footnote 12" in motion.get("via", ""):
            continue  # their meaning comes from the body sentence: see the context_hint tests
        found = by_key[motion["key"]]
        assert (found.kind, found.submitters) == ("motie", tuple(motion["submitters"])), motion["key"]
    assert (by_key["21501-20-2243"].kind, by_key["21501-20-2243"].submitters) == ("motie", ("Boswijk",))


def test_footnote_12s_papers_are_plain_papers_to_the_parser() -> None:
    by_key = {r.key: r for r in read(SEED_TEXT)}
    assert by_key["36600-V-31"].kind == "kamerstuk"
    assert by_key["35207-95"].kind == "kamerstuk"


def test_the_seed_letters_other_papers_are_not_motions() -> None:
    by_key = {r.key: r for r in read(SEED_TEXT)}
    for key in SEED_EXPECTED["other_papers"] + ["32852-333"]:
        assert by_key[key].kind == "kamerstuk", key


def _sentence_before_marker(marker: str) -> str:
    end = SEED_TEXT.index(marker)
    start = max(SEED_TEXT.rfind(". ", 0, end), SEED_TEXT.rfind("\n", 0, end)) + 1
    return SEED_TEXT[start:end]


def test_context_hint_reads_the_body_sentence_of_footnote_12() -> None:
    sentence = _sentence_before_marker("[footnoteRef:12]")
    hint = context_hint(sentence)
    assert hint is not None
    assert (hint.kind, hint.submitters) == ("motie", ("Boswijk",))
    assert sentence[hint.start : hint.end] == "moties Boswijk"


def test_context_hint_reads_the_commitment_of_footnote_7() -> None:
    sentence = _sentence_before_marker("[footnoteRef:7]")
    hint = context_hint(sentence)
    assert hint is not None
    assert (hint.kind, hint.submitters) == ("toezegging", ("Idsinga",))
    assert sentence[hint.start : hint.end] == "toezegging aan het Lid Idsinga"


def test_context_hint_leaves_a_hint_to_the_earlier_marker() -> None:
    # Footnote 8 follows footnote 7 in the same sentence: the commitment belongs to footnote 7.
    assert context_hint(_sentence_before_marker("[footnoteRef:8]")) is None


def test_context_hint_is_none_without_a_motion_or_commitment() -> None:
    assert context_hint(_sentence_before_marker("[footnoteRef:6]")) is None


# --- context_hint ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "submitters", "decided_by"),
    [
        ("In dit vervolgonderzoek worden ook de verzoeken van de twee opvolgende moties Boswijk meegenomen", "motie", ("Boswijk",), "moties Boswijk"),
        (
            "Over de status en voortgang van de kabinetsinzet op economische veiligheid is uw Kamer recent conform de toezegging aan het Lid Idsinga",
            "toezegging",
            ("Idsinga",),
            "toezegging aan het Lid Idsinga",
        ),
        ("Dit volgt uit de motie van het lid Van der Lee c.s.", "motie", ("Van der Lee",), "motie van het lid Van der Lee c.s."),
        ("Dit volgt uit de moties van de leden Van Baarle en Paternotte", "motie", ("Van Baarle", "Paternotte"), "moties van de leden Van Baarle en Paternotte"),
        ("zoals gevraagd in de motie-Boswijk c.s.", "motie", ("Boswijk",), "motie-Boswijk c.s."),
        ("conform de motie Van der Burg-Paternotte", "motie", ("Van der Burg", "Paternotte"), "motie Van der Burg-Paternotte"),
        ("conform de motie 35 207, nr. 83 van het lid Paternotte c.s.", "motie", ("Paternotte",), None),
        ("conform de Boswijk-motie", "motie", ("Boswijk",), "Boswijk-motie"),
        ("Conform de motie", "motie", (), "motie"),
        ("conform de toezeggingen aan de leden Kahraman en De Roon", "toezegging", ("Kahraman", "De Roon"), None),
        ("conform toezegging het lid Dassen", "toezegging", ("Dassen",), "toezegging het lid Dassen"),
        ("conform de toezegging aan het lid Dassen", "toezegging", ("Dassen",), None),
        ("conform de toezegging gedaan tijdens het debat", "toezegging", (), "toezegging"),
        ("de toezegging die de minister tijdens het commissiedebat deed aan het lid Dassen", "toezegging", ("Dassen",), None),
        ("zoals toegezegd aan het lid Dassen", "toezegging", ("Dassen",), None),
        ("de motie Boswijk en de toezegging aan het lid Idsinga", "toezegging", ("Idsinga",), None),
        ("de toezegging aan het lid Idsinga en de motie Boswijk", "motie", ("Boswijk",), None),
    ],
)
def test_context_hint(text: str, kind: str, submitters: tuple[str, ...], decided_by: str | None) -> None:
    hint = context_hint(text)
    assert isinstance(hint, ContextHint)
    assert (hint.kind, hint.submitters) == (kind, submitters)
    assert 0 <= hint.start < hint.end <= len(text)
    if decided_by is not None:
        assert text[hint.start : hint.end] == decided_by


@pytest.mark.parametrize(
    "text",
    [
        "Uw Kamer is laatstelijk in het najaar van 2024 geïnformeerd over de voortgang.",
        "",
        "Het kabinet promotie emotie.",
        "conform de toezegging aan het Lid Idsinga[footnoteRef:7] verder geïnformeerd.",
    ],
)
def test_context_hint_is_none(text: str) -> None:
    assert context_hint(text) is None


def test_context_hint_never_raises() -> None:
    assert context_hint(None) is None  # type: ignore[arg-type]
    assert context_hint("motie " * 10_000) is not None
    assert context_hint("toezegging " + "woord " * 20_000) is not None
