"""letters.extract: a letter file in, text with paragraphs, headings, footnotes and signature out.

No database and no Django: run with ``pytest -p no:django tests/letters/test_extract.py``.
"""

from __future__ import annotations

import codecs
import datetime
import io
import random
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from letters.extract import (
    MAX_UNCOMPRESSED_BYTES,
    ExtractedLetter,
    ExtractionError,
    Signature,
    extract_bytes,
    extract_file,
)
from tests.letters import documents

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEED_TXT = FIXTURES / "seed-letter-china-strategie.txt"
MOTION_XML = FIXTURES / "letters" / "kst-35207-83.xml"

LETTER: list[documents.Paragraph] = [
    "Geachte voorzitter,",
    "Op 12 februari jl. hebben de leden Boswijk (CDA) en Paternotte (D66) de initiatiefnota ingediend.[^1] "
    "Het kabinet reageert hierbij op de nota en gaat in op drie onderwerpen.",
    ("heading", "Taiwan"),
    "Conform de motie 35 207, nr. 83 van het lid Paternotte c.s., spreekt Nederland zich uit tegen "
    "destabiliserende acties. In dit vervolgonderzoek worden ook de verzoeken van de twee opvolgende "
    "moties Boswijk meegenomen[^2]. De Kamer zal in december verder worden geïnformeerd.",
]
NOTES = {1: "Kamerstuk 36 696, nr. 1.", 2: "Kamerstuk 36 600 V, nr. 31 en Kamerstuk 35207, nr. 95"}
SIGNED: list[documents.Paragraph] = [*LETTER, "De minister van Buitenlandse Zaken,", "D.M. van Weel"]


@pytest.fixture(scope="module")
def seed() -> ExtractedLetter:
    return extract_file(SEED_TXT)


def footnote_text(letter: ExtractedLetter, number: str) -> str:
    footnote = next(f for f in letter.footnotes if f.number == number)
    return letter.text[footnote.start : footnote.end]


def marker_sentence_text(letter: ExtractedLetter, number: str) -> str:
    footnote = next(f for f in letter.footnotes if f.number == number)
    span = letter.marker_sentence(footnote)
    assert span is not None
    return letter.text[span[0] : span[1]]


def paragraph_texts(letter: ExtractedLetter) -> list[str]:
    return [letter.text[start:end] for start, end in letter.paragraphs]


def sentence_around(letter: ExtractedLetter, needle: str) -> str:
    start, end = letter.sentence_span(letter.text.index(needle))
    return letter.text[start:end]


# --- the seed letter as plain text ------------------------------------------------------------------


def test_seed_letter_loses_all_word_markup(seed: ExtractedLetter) -> None:
    assert seed.format == "text"
    for markup in ("[bookmark", "_Hlk", "[footnoteRef", "[2:", "[18:"):
        assert markup not in seed.text
    assert seed.text.startswith("Geachte voorzitter,\n\nOp 12 februari jl.")
    assert "  " not in seed.text


def test_seed_letter_footnotes_are_numbered_2_to_18_in_marker_order(seed: ExtractedLetter) -> None:
    # The export has footnotes 2–18 (17 of them); footnote 1 was not part of the exported text.
    assert [f.number for f in seed.footnotes] == [str(n) for n in range(2, 19)]
    offsets = [f.ref_offset for f in seed.footnotes]
    assert all(offset is not None and offset < seed.body_end for offset in offsets)
    assert offsets == sorted(offsets)  # type: ignore[type-var]


def test_seed_letter_footnote_texts(seed: ExtractedLetter) -> None:
    assert footnote_text(seed, "2") == "Kamerstuk 36 696, nr. 1."
    assert footnote_text(seed, "8") == "Kamerstuk 30 821, nr. 302"
    assert footnote_text(seed, "12") == "Kamerstuk 36 600 V, nr. 31 en Kamerstuk 35207, nr. 95"
    assert footnote_text(seed, "13") == "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=OJ:L_202403015"
    assert footnote_text(seed, "18") == "Conform motie 35 207, nr. 92 van het lid Kahraman c.s."
    assert footnote_text(seed, "4").startswith("Zie bijvoorbeeld Dreigingsbeeld hybride")
    assert footnote_text(seed, "4").endswith("Openbaar jaarverslag 2024, MIVD")


def test_seed_letter_footnotes_follow_the_body(seed: ExtractedLetter) -> None:
    assert seed.text[seed.body_end : seed.body_end + 2] == "\n\n"
    assert seed.text[: seed.body_end].endswith("D.M. van Weel")
    assert seed.paragraphs[-1][1] == seed.body_end
    for footnote in seed.footnotes:
        assert footnote.start > seed.body_end
        assert seed.footnote_at(footnote.start + 1) == footnote
    assert seed.footnote_at(10) is None


def test_footnote_12_marker_sentence_names_the_two_boswijk_motions(seed: ExtractedLetter) -> None:
    assert marker_sentence_text(seed, "12") == (
        "In dit vervolgonderzoek worden ook de verzoeken van de twee opvolgende moties Boswijk meegenomen."
    )


def test_footnote_7_marker_sentence_is_the_commitment_to_idsinga(seed: ExtractedLetter) -> None:
    sentence = marker_sentence_text(seed, "7")
    assert "toezegging aan het Lid Idsinga" in sentence
    assert sentence.startswith("Over de status en voortgang")
    assert sentence.endswith("verder geïnformeerd.")


def test_footnote_markers_are_removed_where_they_stood(seed: ExtractedLetter) -> None:
    footnote_2 = seed.footnotes[0]
    assert seed.text[: footnote_2.ref_offset].endswith("ingediend.")
    assert "ingediend." in marker_sentence_text(seed, "2")
    assert "maatschappelijk middenveld" in marker_sentence_text(seed, "18")


def test_seed_letter_headings(seed: ExtractedLetter) -> None:
    assert [h.text for h in seed.headings] == ["Economische weerbaarheid", "Taiwan", "Mensenrechten"]
    for heading in seed.headings:
        assert seed.text[heading.start : heading.end] == heading.text
        assert (heading.start, heading.end) in seed.paragraphs


def test_heading_for_a_citation_is_its_section(seed: ExtractedLetter) -> None:
    assert seed.heading_for(seed.text.index("35 207, nr. 83")) == "Taiwan"
    assert seed.heading_for(seed.text.index("35 207, nr. 89")) == "Mensenrechten"
    assert seed.heading_for(seed.text.index("Geachte voorzitter")) is None


def test_heading_for_a_footnote_is_the_section_of_its_marker(seed: ExtractedLetter) -> None:
    footnote_12 = next(f for f in seed.footnotes if f.number == "12")
    footnote_18 = next(f for f in seed.footnotes if f.number == "18")
    assert seed.heading_for(footnote_12.start) == "Economische weerbaarheid"
    assert seed.heading_for(footnote_18.start + 5) == "Mensenrechten"


def test_seed_letter_signature(seed: ExtractedLetter) -> None:
    assert seed.signature == Signature("De minister van Buitenlandse Zaken", "D.M. van Weel")
    assert seed.title is None
    assert seed.date is None


def test_sentence_span_keeps_a_motion_citation_with_c_s_in_one_sentence(seed: ExtractedLetter) -> None:
    sentence = sentence_around(seed, "35 207, nr. 83")
    assert sentence.startswith("Conform de motie 35 207, nr. 83 van het lid Paternotte c.s., spreekt")
    assert sentence.endswith("die de status quo bedreigen.")


def test_sentence_span_does_not_split_at_dutch_abbreviations_initials_or_numbers() -> None:
    letter = extract_bytes(
        (
            "Zie o.a. Kamerstuk 35 207, nr. 83 en bijv. de brief van 13 december jl. over China. "
            "Minister D.M. van Weel en J.M. de Vries schreven t/m 3.5 procent groei. "
            "Is dat genoeg? Nee! “Het is nooit genoeg,” zei hij. Dat was het."
        ).encode()
    )
    sentences = []
    position = 0
    while position < len(letter.text):
        start, end = letter.sentence_span(position)
        sentences.append(letter.text[start:end])
        position = end + 1
    assert sentences == [
        "Zie o.a. Kamerstuk 35 207, nr. 83 en bijv. de brief van 13 december jl. over China.",
        "Minister D.M. van Weel en J.M. de Vries schreven t/m 3.5 procent groei.",
        "Is dat genoeg?",
        "Nee!",
        "“Het is nooit genoeg,” zei hij.",
        "Dat was het.",
    ]


def test_sentence_span_ends_at_a_paragraph_break_and_splits_after_c_s_before_a_new_sentence() -> None:
    letter = extract_bytes(
        b"Conform de motie 35 207, nr. 87 van het lid Van der Lee c.s. Zo werken we samen\n\n"
        b"met Taiwan in een werkgroep."
    )
    assert sentence_around(letter, "nr. 87") == "Conform de motie 35 207, nr. 87 van het lid Van der Lee c.s."
    assert sentence_around(letter, "Zo werken") == "Zo werken we samen"
    assert sentence_around(letter, "Taiwan") == "met Taiwan in een werkgroep."


# --- the seed letter as a Word file ----------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_docx_bytes() -> bytes:
    return documents.seed_letter_as_docx()


def test_seed_letter_docx_holds_real_word_footnotes(seed_docx_bytes: bytes) -> None:
    import docx

    archive = zipfile.ZipFile(io.BytesIO(seed_docx_bytes))
    footnotes = etree.fromstring(archive.read("word/footnotes.xml"))
    ids = [f.get(f"{{{documents.W_NS}}}id") for f in footnotes]
    assert ids[:2] == ["-1", "0"] and ids[2:] == [str(n) for n in range(2, 19)]
    rels = etree.fromstring(archive.read("word/_rels/document.xml.rels"))
    assert documents.FOOTNOTES_RELTYPE in {rel.get("Type") for rel in rels}
    content_types = archive.read("[Content_Types].xml").decode()
    assert 'PartName="/word/footnotes.xml"' in content_types
    assert documents.FOOTNOTES_CONTENT_TYPE in content_types
    body = archive.read("word/document.xml").decode()
    assert body.count("<w:footnoteReference ") == 17
    assert "bookmark" not in body and "footnoteRef:" not in body
    assert docx.Document(io.BytesIO(seed_docx_bytes)).paragraphs[0].text.strip() == "Geachte voorzitter,"


def test_seed_letter_docx_extracts_exactly_like_the_text_export(
    seed: ExtractedLetter, seed_docx_bytes: bytes
) -> None:
    letter = extract_bytes(seed_docx_bytes, "china-strategie.docx")
    assert letter.format == "docx"
    assert paragraph_texts(letter) == paragraph_texts(seed)
    assert letter.text == seed.text
    assert letter.footnotes == seed.footnotes  # numbers, texts and marker positions
    assert letter.headings == seed.headings
    assert letter.signature == seed.signature


# --- generated Word files -------------------------------------------------------------------------


def test_docx_headings_footnotes_and_title() -> None:
    letter = extract_bytes(documents.make_docx(SIGNED, NOTES, title="Kabinetsreactie China"), "brief.docx")
    assert letter.title == "Kabinetsreactie China"
    assert [h.text for h in letter.headings] == ["Taiwan"]
    assert [(f.number, letter.text[f.start : f.end]) for f in letter.footnotes] == [
        ("1", NOTES[1]),
        ("2", NOTES[2]),
    ]
    assert marker_sentence_text(letter, "2").endswith("twee opvolgende moties Boswijk meegenomen.")
    assert letter.signature == Signature("De minister van Buitenlandse Zaken", "D.M. van Weel")
    assert letter.heading_for(letter.footnotes[1].start) == "Taiwan"


def test_docx_short_bold_paragraph_is_a_heading() -> None:
    letter = extract_bytes(documents.make_docx(LETTER, NOTES, headings_style=False))
    assert [h.text for h in letter.headings] == ["Taiwan"]


def test_docx_footnotes_are_numbered_in_the_order_word_shows_them() -> None:
    paragraphs = ["Eerst noot B.[^7] Daarna noot A.[^3]"]
    letter = extract_bytes(documents.make_docx(paragraphs, {3: "Tekst A.", 7: "Tekst B."}))
    assert [(f.number, letter.text[f.start : f.end]) for f in letter.footnotes] == [
        ("1", "Tekst B."),
        ("2", "Tekst A."),
    ]
    assert letter.text.startswith("Eerst noot B. Daarna noot A.\n\n")


def test_docx_footnote_with_a_custom_mark_keeps_its_mark_and_does_not_take_a_number() -> None:
    paragraphs = ["Eerste noot.[^1] Sternoot.[^2] Tweede genummerde noot.[^3]"]
    footnotes = {1: "Een.", 2: "Ster.", 3: "Twee."}
    letter = extract_bytes(documents.make_docx(paragraphs, footnotes, custom_marks={2: "*"}))
    assert [(f.number, letter.text[f.start : f.end]) for f in letter.footnotes] == [
        ("1", "Een."),
        ("*", "Ster."),
        ("2", "Twee."),
    ]
    assert "*" not in letter.text[: letter.body_end]


def test_docx_signature_written_with_line_breaks_in_one_paragraph() -> None:
    paragraphs: list[documents.Paragraph] = [
        "Het kabinet informeert uw Kamer hierbij over de voortgang van de uitvoering van de moties.",
        "De minister van Buitenlandse Zaken,\n\n\nD.M. van Weel",
    ]
    letter = extract_bytes(documents.make_docx(paragraphs))
    assert letter.signature == Signature("De minister van Buitenlandse Zaken", "D.M. van Weel")
    assert paragraph_texts(letter)[1:] == ["De minister van Buitenlandse Zaken,", "D.M. van Weel"]


# --- PDF ------------------------------------------------------------------------------------------


def test_pdf_paragraphs_heading_and_signature() -> None:
    letter = extract_bytes(documents.make_pdf([*SIGNED, "Datum 3 oktober 2025"]), "brief.pdf")
    assert letter.format == "pdf"
    texts = paragraph_texts(letter)
    assert texts[0] == "Geachte voorzitter,"
    assert texts[2] == "Taiwan"
    assert texts[3].startswith("Conform de motie 35 207, nr. 83") and texts[3].endswith("geïnformeerd.")
    assert [h.text for h in letter.headings] == ["Taiwan"]
    assert letter.signature == Signature("De minister van Buitenlandse Zaken", "D.M. van Weel")
    assert letter.date == datetime.date(2025, 10, 3)


def test_pdf_footnotes_at_the_page_bottom_are_matched_to_superscript_markers() -> None:
    letter = extract_bytes(documents.make_pdf(LETTER, footnotes=NOTES))
    assert [(f.number, letter.text[f.start : f.end]) for f in letter.footnotes] == [
        ("1", NOTES[1]),
        ("2", NOTES[2]),
    ]
    assert marker_sentence_text(letter, "1").endswith("de initiatiefnota ingediend.")
    assert marker_sentence_text(letter, "2").endswith("twee opvolgende moties Boswijk meegenomen.")
    assert "meegenomen2" not in letter.text


def test_seed_letter_as_a_multi_page_pdf_extracts_like_the_text_export(seed: ExtractedLetter) -> None:
    paragraphs, footnotes = documents.seed_letter_paragraphs()
    letter = extract_bytes(documents.make_pdf(paragraphs, footnotes=footnotes))
    assert paragraph_texts(letter) == paragraph_texts(seed)
    assert letter.footnotes == seed.footnotes
    assert letter.headings == seed.headings
    assert letter.signature == seed.signature


def test_pdf_superscripts_without_a_footnote_stay_in_the_text() -> None:
    letter = extract_bytes(documents.make_pdf(["Een zin met een los cijfer.[^4] En nog een zin."]))
    assert letter.footnotes == []
    assert letter.text == "Een zin met een los cijfer.4 En nog een zin."


def test_pdf_that_opens_with_the_empty_password_is_read() -> None:
    letter = extract_bytes(documents.make_pdf(LETTER, encrypt_password=""))
    assert "Conform de motie 35 207, nr. 83" in letter.text


def test_pdf_that_needs_a_password_is_refused() -> None:
    with pytest.raises(ExtractionError, match="encrypted"):
        extract_bytes(documents.make_pdf(LETTER, encrypt_password="geheim"))


def test_pdf_without_text_layer_is_refused() -> None:
    with pytest.raises(ExtractionError, match=r"no text layer \(scanned\?\)"):
        extract_bytes(documents.make_blank_pdf(), "scan.pdf")


def test_hard_wrapped_lines_are_joined_and_dehyphenated_but_dutch_compounds_keep_their_hyphen() -> None:
    letter = extract_bytes(
        b"Het gaat om het innovatie-\nen verdien-\nvermogen van EU-\nlidstaten in 2021-\n2022.\n"
    )
    assert letter.text == "Het gaat om het innovatie- en verdienvermogen van EU-lidstaten in 2021-2022."


# --- archives that are not letters ----------------------------------------------------------------


def test_zip_bomb_docx_is_refused_before_it_is_inflated() -> None:
    bomb = documents.make_zip_bomb_docx()
    assert len(bomb) < 1024 * 1024
    assert sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(bomb)).infolist()) > MAX_UNCOMPRESSED_BYTES
    started = time.monotonic()
    with pytest.raises(ExtractionError, match=r"zip bomb"):
        extract_bytes(bomb, "brief.docx")
    assert time.monotonic() - started < 1


def test_zip_that_is_not_a_docx_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("brief.txt", "Geachte voorzitter,")
    with pytest.raises(ExtractionError, match="ZIP archive that is not a Word .docx"):
        extract_bytes(out.getvalue(), "brief.docx")


# --- officielebekendmakingen XML ------------------------------------------------------------------


def test_xml_letter_with_inline_noten_tussenkoppen_and_ondertekening() -> None:
    letter = extract_bytes(documents.make_xml_letter(LETTER, NOTES), "kst-36696-2.xml")
    assert letter.format == "xml"
    assert letter.title == "BRIEF VAN DE MINISTER VAN BUITENLANDSE ZAKEN"
    assert letter.date == datetime.date(2025, 10, 3)
    assert letter.signature == Signature("De minister van Buitenlandse Zaken", "D.M. van Weel")
    assert [h.text for h in letter.headings] == ["Taiwan"]
    assert [(f.number, letter.text[f.start : f.end]) for f in letter.footnotes] == [
        ("1", NOTES[1]),
        ("2", NOTES[2]),
    ]
    assert marker_sentence_text(letter, "2").endswith("twee opvolgende moties Boswijk meegenomen.")
    assert "Vergaderjaar" not in letter.text  # the kamerstukkop is letterhead, not letter
    assert "D.M. van Weel" in letter.text


def test_xml_letter_with_a_list_of_noten_and_nootref_markers() -> None:
    letter = extract_bytes(documents.make_xml_letter(LETTER, NOTES, notes_as_list=True))
    assert [(f.number, letter.text[f.start : f.end]) for f in letter.footnotes] == [
        ("1", NOTES[1]),
        ("2", NOTES[2]),
    ]
    assert marker_sentence_text(letter, "1").endswith("de initiatiefnota ingediend.")


def test_real_motion_publication_xml() -> None:
    letter = extract_file(MOTION_XML)
    assert letter.format == "xml"
    assert "verzoekt het kabinet zich altijd uit te spreken tegen Chinese escalatie" in letter.text
    assert letter.title == "MOTIE VAN HET LID PATERNOTTE C.S."
    assert letter.date == datetime.date(2025, 4, 9)
    assert letter.footnotes == []
    assert "Van der Lee" in paragraph_texts(letter)


def test_malformed_xml_is_refused() -> None:
    with pytest.raises(ExtractionError, match="not well-formed"):
        extract_bytes(b"<?xml version='1.0'?><kamerstuk><al>open", "kst.xml")


# --- HTML -----------------------------------------------------------------------------------------


def test_html_letter_with_linked_footnotes() -> None:
    letter = extract_bytes(documents.make_html_letter(LETTER, NOTES), "brief.html")
    assert letter.format == "html"
    assert letter.title == "Kabinetsreactie op de initiatiefnota over een nieuwe China-strategie"
    for noise in ("analytics", "Home", "Privacy", "↩"):
        assert noise not in letter.text
    assert "Taiwan" in [h.text for h in letter.headings]
    assert letter.heading_for(letter.text.index("35 207, nr. 83")) == "Taiwan"
    assert [(f.number, letter.text[f.start : f.end]) for f in letter.footnotes] == [
        ("1", NOTES[1]),
        ("2", NOTES[2]),
    ]
    assert marker_sentence_text(letter, "2").endswith("twee opvolgende moties Boswijk meegenomen.")
    assert letter.signature == Signature("De minister van Buitenlandse Zaken", "D.M. van Weel")


def test_xhtml_is_read_as_html_even_though_it_is_well_formed_xml() -> None:
    page = b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body><p>Tekst.</p></body></html>'
    assert extract_bytes(page, "brief.xml").format == "html"


# --- what the file is, decided by its content -----------------------------------------------------


def test_pdf_named_txt_is_read_as_pdf() -> None:
    assert extract_bytes(documents.make_pdf(LETTER), "brief.txt").format == "pdf"


def test_docx_named_pdf_is_read_as_docx() -> None:
    assert extract_bytes(documents.make_docx(LETTER), "brief.pdf").format == "docx"


@pytest.mark.parametrize("filename", ["brief.docx", "brief.png", ""])
def test_png_is_refused_whatever_its_name(filename: str) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(64))
    with pytest.raises(ExtractionError, match="unsupported file type: looks like a PNG image"):
        extract_bytes(png, filename)


@pytest.mark.parametrize("data", [b"", b" \r\n\t "])
def test_empty_file_is_refused(data: bytes) -> None:
    with pytest.raises(ExtractionError, match="the file is empty"):
        extract_bytes(data, "brief.txt")


def test_random_bytes_are_refused() -> None:
    with pytest.raises(ExtractionError):
        extract_bytes(random.Random(20251003).randbytes(4096), "brief.docx")


def test_binary_data_with_control_bytes_is_refused() -> None:
    with pytest.raises(ExtractionError, match="binary data"):
        extract_bytes(b"Geachte voorzitter,\x00\x01\x02", "brief.txt")


def test_windows_1252_text_is_decoded() -> None:
    letter = extract_bytes("Het ministerie van Financiën – “concept”.".encode("cp1252"))
    assert letter.text == "Het ministerie van Financiën – “concept”."


def test_invalid_utf8_that_is_not_windows_1252_either_is_refused() -> None:
    with pytest.raises(ExtractionError, match="not valid UTF-8"):
        extract_bytes(b"Financi\xebn \x81\x8d\x90")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_text_with_bom_is_decoded(encoding: str) -> None:
    bom = codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE
    letter = extract_bytes(bom + "Geachte voorzitter,\r\n\r\nVeiligheid in Zuid-Holland.".encode(encoding))
    assert paragraph_texts(letter) == ["Geachte voorzitter,", "Veiligheid in Zuid-Holland."]


def test_utf8_bom_is_not_part_of_the_text() -> None:
    assert extract_bytes(codecs.BOM_UTF8 + "Één zin.".encode()).text == "Één zin."


def test_missing_file_gives_an_extraction_error(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError, match="cannot read"):
        extract_file(tmp_path / "bestaat-niet.pdf")


# --- signature, date and headings in plain text ---------------------------------------------------


def test_first_of_two_signatories_is_the_signature() -> None:
    text = (
        "Geachte voorzitter,\n\nHet kabinet informeert uw Kamer hierbij over de stand van zaken.\n\n"
        "De Minister voor Buitenlandse Handel en Ontwikkelingshulp,\n\n\nR.J. Klever\n\n"
        "De staatssecretaris van Economische Zaken,\n\nJ. Jansen\n"
    )
    letter = extract_bytes(text.encode())
    assert letter.signature == Signature("De Minister voor Buitenlandse Handel en Ontwikkelingshulp", "R.J. Klever")
    assert letter.headings == []


def test_letter_date_from_datum_or_den_haag_line() -> None:
    assert extract_bytes(b"Datum 3 oktober 2025\n\nGeachte voorzitter,").date == datetime.date(2025, 10, 3)
    den_haag = b"Den Haag, 11 november 2025\n\nGeachte voorzitter,"
    assert extract_bytes(den_haag).date == datetime.date(2025, 11, 11)
    assert extract_bytes(b"Op 3 oktober 2025 vond overleg plaats.").date is None


def test_letterhead_lines_and_salutation_are_not_headings() -> None:
    text = (
        "Datum 3 oktober 2025\n\nBetreft Kabinetsreactie op de initiatiefnota over een nieuwe China-strategie\n\n"
        "Geachte voorzitter,\n\nHet kabinet ziet dat de invloed van China toeneemt. Dat vraagt om beleid.\n\n"
        "Economische weerbaarheid\n\nHet kabinet onderkent de risico's en uitdagingen van de relatie met China."
    )
    letter = extract_bytes(text.encode())
    assert [h.text for h in letter.headings] == ["Economische weerbaarheid"]


# --- robustness -----------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=2048),
        st.builds(lambda tail: b"%PDF-1.4\n" + tail, st.binary(max_size=1024)),
        st.builds(lambda tail: b"PK\x03\x04" + tail, st.binary(max_size=1024)),
        st.builds(lambda tail: b"<?xml version='1.0'?><" + tail, st.binary(max_size=512)),
        st.text(max_size=500).map(str.encode),
    ),
    st.sampled_from(["", "brief.txt", "brief.docx", "brief.pdf", "brief.xml", "brief.html"]),
)
def test_any_bytes_either_extract_or_raise_extraction_error(data: bytes, filename: str) -> None:
    try:
        letter = extract_bytes(data, filename)
    except ExtractionError as error:
        assert str(error) and "\n" not in str(error)
        return
    assert isinstance(letter, ExtractedLetter)
    assert letter.body_end <= len(letter.text)
