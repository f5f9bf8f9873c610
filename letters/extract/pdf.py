"""PDF files: lines with their fonts, page furniture dropped, footnotes found by size and number."""

from __future__ import annotations

import io
import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from .assemble import _Draft, _heading_like, _marker, _normalise, _Note, _Para
from .letter import ExtractionError
from .sniff import _one_line
from .text import _join_lines

# --------------------------------------------------------------------------------------------------
# PDF
#
# pypdf gives text chunks with their font and position. From those: lines; the body font size (the
# size most characters have); footnotes = lines in a smaller size below the page's last body line,
# each starting with its number; markers = digit-only chunks in a smaller size inside body lines,
# kept only when a footnote with that number was found. Paragraph breaks come from vertical gaps
# larger than the usual line spacing, a change of font style, or a short line ending a sentence.
# PDFs that set superscripts in the body size, or put notes in the body size, yield no footnotes:
# the numbers then stay in the text.


@dataclass
class _Chunk:
    text: str
    size: float
    bold: bool


@dataclass
class _Line:
    chunks: list[_Chunk]
    y: float
    page: int

    @property
    def text(self) -> str:
        return "".join(chunk.text for chunk in self.chunks).strip()

    @property
    def style(self) -> tuple[float, bool]:
        weights: Counter[tuple[float, bool]] = Counter()
        for chunk in self.chunks:
            weights[(round(chunk.size * 2) / 2, chunk.bold)] += len(chunk.text.strip())
        return weights.most_common(1)[0][0] if weights else (0.0, False)


_BOLD_FONT_RE = re.compile(r"bold|black|heavy|semibold|demi", re.I)
_PAGE_FURNITURE_RE = re.compile(r"^(?:pagina\s+|page\s+|-\s*)?\d{1,4}(?:\s*(?:van|of|/)\s*\d{1,4})?(?:\s*-)?$", re.I)


def _pdf_page_lines(page: Any, page_number: int) -> list[_Line]:
    lines: list[_Line] = []
    current: list[_Chunk] = []
    current_y: list[float] = []

    def close() -> None:
        if current and "".join(c.text for c in current).strip():
            lines.append(_Line(list(current), current_y[0], page_number))
        current.clear()
        current_y.clear()

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if not text:
            return
        # The text matrix times the current transformation matrix gives the rendered size and place.
        c = tm[2] * cm[0] + tm[3] * cm[2]
        d = tm[2] * cm[1] + tm[3] * cm[3]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = math.hypot(c, d) or 1.0
        font_name = str(font.get("/BaseFont", "")) if font else ""
        for index, part in enumerate(text.split("\n")):
            if index:
                close()
            if part:
                if not current:
                    current_y.append(y)
                current.append(_Chunk(part, abs(size * scale), bool(_BOLD_FONT_RE.search(font_name))))

    page.extract_text(visitor_text=visit)
    close()
    return [line for line in lines if not _PAGE_FURNITURE_RE.match(line.text)]


def _read_pdf(data: bytes) -> _Draft:
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import DependencyError

    try:
        reader = PdfReader(io.BytesIO(data))
    except Exception as exc:
        raise ExtractionError(f"the PDF is damaged ({_one_line(exc)})") from exc
    if reader.is_encrypted:
        # Many government PDFs are "encrypted" only against editing and open with an empty password.
        try:
            opened = reader.decrypt("")
        except (DependencyError, NotImplementedError) as exc:
            raise ExtractionError("the PDF is encrypted with a method this server cannot open") from exc
        if opened == PasswordType.NOT_DECRYPTED:
            raise ExtractionError("the PDF is encrypted (it needs a password)")

    pages = [_pdf_page_lines(page, number) for number, page in enumerate(reader.pages)]
    all_lines = [line for page in pages for line in page]
    if not all_lines:
        raise ExtractionError("the PDF has no text layer (scanned?)")

    sizes: Counter[float] = Counter()
    for line in all_lines:
        for chunk in line.chunks:
            sizes[round(chunk.size * 2) / 2] += len(chunk.text.strip())
    body_size = sizes.most_common(1)[0][0]

    notes: dict[str, list[str]] = {}
    note_lines: set[int] = set()
    for page in pages:
        body_ys = [line.y for line in page if abs(line.style[0] - body_size) < 0.6]
        if not body_ys:
            continue
        lowest_body = min(body_ys)
        current: list[str] | None = None
        for line in sorted(page, key=lambda line: -line.y):
            if line.y >= lowest_body or line.style[0] > body_size * 0.92:
                continue
            number, rest = _pdf_note_start(line)
            if number and number not in notes:
                current = notes[number] = [rest]
            elif current is not None:
                current.append(line.text)
            else:
                continue
            note_lines.add(id(line))

    paras = _pdf_paragraphs(
        [[line for line in page if id(line) not in note_lines] for page in pages], body_size, set(notes)
    )
    note_list = [_Note((number,), number, _join_lines(texts)) for number, texts in notes.items()]
    return _Draft("pdf", paras, note_list, guess_headings=True)


def _pdf_note_start(line: _Line) -> tuple[str | None, str]:
    first = line.chunks[0].text.strip()
    if re.fullmatch(r"\d{1,3}", first) and len(line.chunks) > 1:
        return first, "".join(chunk.text for chunk in line.chunks[1:]).strip()
    match = re.match(r"(\d{1,3})\s+(\S.*)", line.text)
    return (match[1], match[2]) if match else (None, "")


def _pdf_line_raw(line: _Line, body_size: float, note_numbers: set[str]) -> str:
    parts: list[str] = []
    for index, chunk in enumerate(line.chunks):
        stripped = chunk.text.strip()
        is_marker = (
            index > 0
            and stripped in note_numbers
            and chunk.size < body_size * 0.85
            and not line.chunks[index - 1].text.endswith(" ")
        )
        parts.append(_marker(stripped) if is_marker else chunk.text)
    return "".join(parts).strip()


def _pdf_paragraphs(pages: list[list[_Line]], body_size: float, note_numbers: set[str]) -> list[_Para]:
    # Line spacing is the smallest gap that recurs: lines inside a paragraph all share it, while a
    # median would be a paragraph gap in a letter of short paragraphs.
    gaps = Counter(
        round((previous.y - line.y) * 2) / 2
        for page in pages
        for previous, line in zip(page, page[1:], strict=False)
        if previous.style[0] == body_size and line.style[0] == body_size and previous.y > line.y
    )
    recurring = [gap for gap, count in gaps.items() if count >= 2]
    spacing = min(recurring or gaps or [body_size * 1.2])
    lengths = sorted(len(line.text) for page in pages for line in page if line.style[0] == body_size)
    typical_length = lengths[int(len(lengths) * 0.75)] if lengths else 80

    paras: list[_Para] = []
    current: list[_Line] = []

    def close() -> None:
        if current:
            styles = {line.style for line in current}
            emphasised = all(style[1] or style[0] > body_size * 1.1 for style in styles)
            raw = _join_lines([_pdf_line_raw(line, body_size, note_numbers) for line in current])
            text = _normalise(raw)[0]
            heading = True if emphasised and len(current) <= 2 and text and _heading_like(text) else None
            paras.append(_Para(raw, heading))
            current.clear()

    for page in pages:
        for index, line in enumerate(page):
            if current:
                previous = current[-1]
                if index == 0:
                    new_paragraph = bool(re.search(r"[.?!:;]$", previous.text))
                else:
                    gap = previous.y - line.y
                    new_paragraph = (
                        gap < 0
                        or gap > spacing * 1.3
                        or line.style != previous.style
                        or (
                            re.search(r"[.?!:]$", previous.text) is not None
                            and len(previous.text) < typical_length * 0.7
                        )
                    )
                if new_paragraph:
                    close()
            current.append(line)
    close()
    return paras
