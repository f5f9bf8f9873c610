"""Letters in every format the pipeline reads, generated on the fly for tests.

Paragraphs are plain strings or ("heading", text); inside a paragraph the token ``[^N]`` stands for a
reference to footnote N. Each builder writes that as its format really does it: a w:footnoteReference
in Word, a superscript in a PDF, a <noot> in officielebekendmakingen XML, a linked <sup> in HTML.
"""

from __future__ import annotations

import datetime
import functools
import io
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEED_LETTER = FIXTURES / "seed-letter-china-strategie.txt"
SEED_HEADINGS = ("Economische weerbaarheid", "Taiwan", "Mensenrechten")

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES_RELTYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
FOOTNOTES_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"

Paragraph = str | tuple[str, str]
_REF_RE = re.compile(r"\[\^(\d+)\]")


def _split(paragraph: Paragraph) -> tuple[bool, str]:
    if isinstance(paragraph, tuple):
        kind, text = paragraph
        if kind != "heading":
            raise ValueError(f"unknown paragraph kind {kind!r}")
        return True, text
    return False, paragraph


# ------------------------------------------------------------------------------------------------
# Word


def _text_run_xml(text: str) -> str:
    pieces = []
    for index, part in enumerate(text.split("\t")):
        if index:
            pieces.append("<w:tab/>")
        if part:
            pieces.append(f'<w:t xml:space="preserve">{escape(part)}</w:t>')
    return f"<w:r>{''.join(pieces)}</w:r>" if pieces else ""


def _footnotes_xml(footnotes: dict[int, str]) -> bytes:
    # Word always writes the two separator "footnotes" (ids -1 and 0) before the real ones.
    parts = [
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{W_NS}">',
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
        'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>',
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
        'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>',
    ]
    for number, text in footnotes.items():
        parts.append(
            f'<w:footnote w:id="{number}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f"<w:footnoteRef/></w:r>{_text_run_xml(text)}</w:p></w:footnote>"
        )
    parts.append("</w:footnotes>")
    return "".join(parts).encode("utf-8")


def make_docx(
    paragraphs: Sequence[Paragraph],
    footnotes: dict[int, str] | None = None,
    *,
    headings_style: bool = True,
    title: str | None = None,
    footnote_start: int = 1,
    custom_marks: dict[int, str] | None = None,
) -> bytes:
    """A .docx with real Word footnotes: footnotes.xml, its relationship and content type, and
    w:footnoteReference runs in the body. ``headings_style=False`` writes headings as bold Normal
    paragraphs instead of "Heading 1". ``footnote_start`` is Word's w:numStart (first displayed number);
    ``custom_marks`` gives footnotes a mark of their own ("*") instead of a number, as Word's
    "Custom mark" does. A "\n" in a paragraph is a line break (w:br) inside it.
    """
    import docx
    from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    for paragraph in paragraphs:
        is_heading, text = _split(paragraph)
        if is_heading and headings_style:
            block = document.add_paragraph(style="Heading 1")
        else:
            block = document.add_paragraph()
        for index, piece in enumerate(_REF_RE.split(text)):
            if index % 2:
                mark = (custom_marks or {}).get(int(piece))
                reference = (
                    f'<w:footnoteReference w:customMarkFollows="1" w:id="{piece}"/><w:t>{escape(mark)}</w:t>'
                    if mark
                    else f'<w:footnoteReference w:id="{piece}"/>'
                )
                block._p.append(
                    parse_xml(
                        f'<w:r {nsdecls("w")}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>{reference}</w:r>'
                    )
                )
            elif piece:
                run = block.add_run(piece)
                if is_heading and not headings_style:
                    run.bold = True
    if footnotes:
        part = Part(
            PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES, _footnotes_xml(footnotes), document.part.package
        )
        document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
    if footnote_start != 1:
        # w:footnotePr comes first in w:sectPr (after header/footer references, which there are none of).
        sect_pr = document.element.body.find(f"{{{W_NS}}}sectPr")
        sect_pr.insert(
            0, parse_xml(f'<w:footnotePr {nsdecls("w")}><w:numStart w:val="{footnote_start}"/></w:footnotePr>')
        )
    if title is not None:
        document.core_properties.title = title
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _cut_blocks(text: str) -> tuple[str, dict[int, str]]:
    """Split the seed letter's "[N: …]" footnote blocks (brackets may nest) from the body."""
    footnotes: dict[int, str] = {}
    body: list[str] = []
    position = 0
    for match in re.finditer(r"\[(\d+):", text):
        if match.start() < position:
            continue
        depth = 0
        for index in range(match.start(), len(text)):
            depth += {"[": 1, "]": -1}.get(text[index], 0)
            if depth == 0:
                break
        body.append(text[position : match.start()])
        footnotes[int(match[1])] = text[match.end() : index]
        position = index + 1
    body.append(text[position:])
    return "".join(body), footnotes


def seed_letter_paragraphs() -> tuple[list[Paragraph], dict[int, str]]:
    """The seed letter's body paragraphs (with [^N] references) and footnotes, markup removed but
    whitespace left as Word had it, so the .docx reader has to normalise it like the .txt reader."""
    text = SEED_LETTER.read_text(encoding="utf-8")
    text = re.sub(r"\[bookmark: [^\]]*\]", "", text)
    text, footnotes = _cut_blocks(text)
    text = re.sub(r"\[footnoteRef:(\d+)\]", r"[^\1]", text)
    paragraphs: list[Paragraph] = []
    for block in re.split(r"\n\s*\n", text):
        if not block.strip():
            continue
        if block.strip() in SEED_HEADINGS:
            paragraphs.append(("heading", block.strip()))
        else:
            paragraphs.append(block.strip("\n"))
    return paragraphs, footnotes


def seed_letter_as_docx() -> bytes:
    """The seed letter as Word would hold it: real footnotes, headings as Heading 1, no bookmarks.

    The letter's footnotes are numbered 2–18 (its footnote 1 was not exported), so the section starts
    footnote numbering at 2, as Word's w:numStart does.
    """
    paragraphs, footnotes = seed_letter_paragraphs()
    numbers = sorted(footnotes)
    if numbers != list(range(numbers[0], numbers[0] + len(numbers))):
        raise ValueError("the seed letter's footnote numbers are not consecutive")
    return make_docx(paragraphs, footnotes, footnote_start=numbers[0])


@functools.lru_cache(maxsize=1)
def make_zip_bomb_docx() -> bytes:
    """A well-formed .docx whose document.xml inflates to 60 MB of spaces (about 60 KB compressed)."""
    source = zipfile.ZipFile(io.BytesIO(make_docx(["Boem."])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                bomb.writestr(info, source.read(info.filename))
        with bomb.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(f'<?xml version="1.0"?><w:document xmlns:w="{W_NS}"><w:body>'.encode())
            block = b" " * (1024 * 1024)
            for _ in range(60):
                member.write(block)
            member.write(b"<w:p><w:r><w:t>Boem.</w:t></w:r></w:p></w:body></w:document>")
    return out.getvalue()


# ------------------------------------------------------------------------------------------------
# PDF


def make_pdf(
    paragraphs: Sequence[Paragraph],
    *,
    encrypt_password: str | None = None,
    footnotes: dict[int, str] | None = None,
) -> bytes:
    """A text PDF made with reportlab: headings in Helvetica-Bold 14, body in Helvetica 10 with space
    between paragraphs, ``[^N]`` as an 8 pt superscript, and the footnotes in 8 pt at the bottom of
    the first page (so footnotes are only realistic for a letter that fits on one page).

    ``encrypt_password=""`` encrypts with an empty user password (opens without asking, as many
    government PDFs do); any other string is a password the reader must know.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.utils import simpleSplit
    from reportlab.platypus import Paragraph as Flowable
    from reportlab.platypus import SimpleDocTemplate

    styles = getSampleStyleSheet()
    body = ParagraphStyle("Body", parent=styles["Normal"], fontSize=10, leading=12, spaceAfter=10)
    heading = ParagraphStyle("Kop", parent=styles["Heading2"], fontSize=14, leading=17, spaceBefore=6)
    width = A4[0] - 144
    note_lines: list[tuple[str, bool]] = []
    for number, text in (footnotes or {}).items():
        for index, line in enumerate(simpleSplit(f"{number} {text}", "Helvetica", 8, width)):
            note_lines.append((line, index == 0))

    def draw_footnotes(canvas, _doc) -> None:  # type: ignore[no-untyped-def]
        canvas.saveState()
        y = 40 + 10 * len(note_lines)
        for line, _first in note_lines:
            canvas.setFont("Helvetica", 8)
            canvas.drawString(72, y, line)
            y -= 10
        canvas.restoreState()

    encrypt = None
    if encrypt_password is not None:
        encrypt = StandardEncryption(encrypt_password, ownerPassword="eigenaar-wachtwoord", strength=128)
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out, pagesize=A4, bottomMargin=72 + 10 * len(note_lines), encrypt=encrypt, title="", author=""
    )
    story = []
    for paragraph in paragraphs:
        is_heading, text = _split(paragraph)
        markup = _REF_RE.sub(r"<super>\1</super>", escape(text))
        story.append(Flowable(markup, heading if is_heading else body))
    document.build(story, onFirstPage=draw_footnotes)
    return out.getvalue()


def make_blank_pdf() -> bytes:
    """A one-page PDF with a drawing and no text layer, like a scan without OCR."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4)
    canvas.rect(72, 72, 300, 500, fill=1)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


# ------------------------------------------------------------------------------------------------
# officielebekendmakingen XML and HTML


def make_xml_letter(
    paragraphs: Sequence[Paragraph],
    footnotes: dict[int, str] | None = None,
    *,
    title: str = "BRIEF VAN DE MINISTER VAN BUITENLANDSE ZAKEN",
    dossier: tuple[str, str] = ("36 696", "Initiatiefnota van de leden Boswijk en Paternotte"),
    signature: tuple[str, str, str] | None = ("De minister van Buitenlandse Zaken,", "D.M.", "van Weel"),
    date: datetime.date | None = datetime.date(2025, 10, 3),
    notes_as_list: bool = False,
) -> bytes:
    """A Kamerbrief as officielebekendmakingen publishes it: <kamerstuk> with <dossier>, <stuk>, <al>
    paragraphs, <tussenkop> headings, <noot> footnotes and an <ondertekening>. Footnotes sit inline
    where their marker is (as KOOP writes them), or with ``notes_as_list`` in a <noten> list at the
    end with <nootref refid=…/> markers in the text."""
    notes = footnotes or {}

    def note(match: re.Match[str]) -> str:
        number = int(match[1])
        if notes_as_list:
            return f'<nootref refid="n{number}"/>'
        return (
            f'<noot id="n{number}" type="voet"><noot.nr>{number}</noot.nr>'
            f"<noot.al>{escape(notes[number])}</noot.al></noot>"
        )

    body = []
    for paragraph in paragraphs:
        is_heading, text = _split(paragraph)
        inner = _REF_RE.sub(note, escape(text))
        body.append(f"<tussenkop>{inner}</tussenkop>" if is_heading else f"<al>{inner}</al>")
    dagtekening = ""
    if date is not None:
        months = "januari februari maart april mei juni juli augustus september oktober november december".split()
        dagtekening = (
            f'<dagtekening>Den Haag, <datum isodatum="{date.isoformat()}">{date.day} '
            f"{months[date.month - 1]} {date.year}</datum></dagtekening>"
        )
    ondertekening = ""
    if signature is not None:
        function, initials, surname = signature
        ondertekening = (
            f"<ondertekening><functie>{escape(function)}</functie><naam><voornaam>{escape(initials)}"
            f"</voornaam><achternaam>{escape(surname)}</achternaam></naam></ondertekening>"
        )
    note_list = ""
    if notes_as_list and notes:
        note_list = "<noten>" + "".join(
            f'<noot id="n{n}" type="voet"><noot.nr>{n}</noot.nr><noot.al>{escape(t)}</noot.al></noot>'
            for n, t in notes.items()
        ) + "</noten>"
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<officiele-publicatie xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <metadata><meta name="DC.title" content="{escape(title)}"/></metadata>
  <kamerstuk>
    <kamerstukkop>
      <tekstregel inhoud="vergaderjaar">Vergaderjaar 2025-2026</tekstregel>
      <tekstregel inhoud="kamernummer">2</tekstregel>
    </kamerstukkop>
    <dossier><dossiernummer><dossiernr>{escape(dossier[0])}</dossiernr></dossiernummer>
      <titel>{escape(dossier[1])}</titel></dossier>
    <stuk>
      <stuknr>Nr. <ondernummer kamer="2">2</ondernummer></stuknr>
      <titel>{escape(title)}</titel>
      <algemeen><brief>
        <aanhef><al>Aan de Voorzitter van de Tweede Kamer der Staten-Generaal</al></aanhef>
        {dagtekening}
        <vrije-tekst><tekst status="goed">
          {''.join(body)}
        </tekst></vrije-tekst>
        {ondertekening}
      </brief></algemeen>
      {note_list}
    </stuk>
  </kamerstuk>
</officiele-publicatie>
"""
    return xml.encode("utf-8")


def make_html_letter(
    paragraphs: Sequence[Paragraph],
    footnotes: dict[int, str] | None = None,
    *,
    title: str = "Kabinetsreactie op de initiatiefnota over een nieuwe China-strategie",
    signature: tuple[str, str] | None = ("De minister van Buitenlandse Zaken,", "D.M. van Weel"),
) -> bytes:
    """A saved Kamerbrief page: navigation and scripts around the letter, <h2> headings, <p>
    paragraphs, footnote references as <sup><a href="#fnN">N</a></sup> and the notes in an ordered
    list with back-links, as Markdown and publishing tools render them."""
    notes = footnotes or {}

    def ref(match: re.Match[str]) -> str:
        number = match[1]
        return f'<sup id="fnref{number}"><a href="#fn{number}" class="footnote-ref">{number}</a></sup>'

    body = []
    for paragraph in paragraphs:
        is_heading, text = _split(paragraph)
        inner = _REF_RE.sub(ref, escape(text))
        body.append(f"<h2>{inner}</h2>" if is_heading else f"<p>{inner}</p>")
    if signature is not None:
        body.append(f"<p>{escape(signature[0])}<br><br>{escape(signature[1])}</p>")
    note_items = "".join(
        f'<li id="fn{n}"><p>{escape(t)} <a href="#fnref{n}" class="footnote-back">↩</a></p></li>'
        for n, t in notes.items()
    )
    html = f"""<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>{escape(title)}</title>
<style>p {{ margin: 0 }}</style><script>console.log("analytics");</script></head>
<body>
<nav><a href="/">Home</a> &gt; <a href="/kamerstukken">Kamerstukken</a></nav>
<main><article>
<h1>{escape(title)}</h1>
{''.join(body)}
</article>
{'<section class="footnotes"><hr><ol>' + note_items + '</ol></section>' if notes else ''}
</main>
<footer>Rijksoverheid | Privacy | Cookies</footer>
</body></html>
"""
    return html.encode("utf-8")
