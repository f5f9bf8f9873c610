"""Word .docx files, with their footnotes."""

from __future__ import annotations

import contextlib
import io
import re
from typing import Any

from .assemble import _LINE_BREAK, _Draft, _heading_like, _marker, _Note, _Para
from .letter import ExtractionError
from .sniff import _one_line

# --------------------------------------------------------------------------------------------------
# Word .docx

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_FOOTNOTES_RELTYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
# Not text of the paragraph: properties, deleted revisions, field codes, and drawings whose text boxes
# would otherwise be read twice (mc:AlternateContent carries a fallback copy).
_DOCX_SKIP = {
    _W + name for name in ("pPr", "rPr", "del", "delText", "instrText", "drawing", "pict", "object", "fldData")
} | {_MC + "AlternateContent"}
_HEADING_STYLE_RE = re.compile(r"^(?:heading|kop)\s*\d+$|^(?:title|titel)$", re.I)


class _DocxNotes:
    """Numbers footnote references in body order, as Word displays them."""

    def __init__(self, start: int) -> None:
        self.next_number = start
        self.numbers: dict[str, str] = {}

    def reference(self, footnote_id: str, custom_mark: str | None) -> str:
        if footnote_id not in self.numbers:
            if custom_mark:
                self.numbers[footnote_id] = custom_mark
            else:
                self.numbers[footnote_id] = str(self.next_number)
                self.next_number += 1
        return _marker(footnote_id)


def _docx_text(element: Any, notes: _DocxNotes | None) -> str:
    parts: list[str] = []
    custom_mark_pending: list[str] = []  # id of a reference whose mark is the next w:t

    def walk(node: Any) -> None:
        for child in node:
            tag = child.tag
            if not isinstance(tag, str) or tag in _DOCX_SKIP:
                continue
            if tag == _W + "t":
                if custom_mark_pending and notes is not None:
                    footnote_id = custom_mark_pending.pop()
                    parts.append(notes.reference(footnote_id, (child.text or "").strip() or None))
                else:
                    parts.append(child.text or "")
            elif tag == _W + "tab":
                parts.append("\t")
            elif tag in (_W + "br", _W + "cr"):
                kind = child.get(_W + "type")
                parts.append(_LINE_BREAK if kind in (None, "textWrapping") else " ")
            elif tag == _W + "noBreakHyphen":
                parts.append("-")
            elif tag == _W + "footnoteReference" and notes is not None:
                footnote_id = child.get(_W + "id", "")
                if child.get(_W + "customMarkFollows") in ("1", "true", "on"):
                    custom_mark_pending.append(footnote_id)
                else:
                    parts.append(notes.reference(footnote_id, None))
            else:
                walk(child)

    walk(element)
    return "".join(parts)


def _read_docx(data: bytes) -> _Draft:
    import docx
    from docx.text.paragraph import Paragraph
    from lxml import etree

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise ExtractionError(f"the .docx file is damaged ({_one_line(exc)})") from exc

    notes = _DocxNotes(_docx_footnote_start(document))
    paras: list[_Para] = []
    story = document._body  # the parent python-docx needs to resolve paragraph styles

    def visit(container: Any) -> None:
        for child in container:
            if child.tag == _W + "p":
                paragraph = Paragraph(child, story)
                paras.append(_Para(_docx_text(child, notes), _docx_is_heading(paragraph)))
            elif child.tag in (_W + "tbl", _W + "tr", _W + "tc", _W + "sdt", _W + "sdtContent", _W + "customXml"):
                visit(child)

    visit(document.element.body)

    note_list: list[_Note] = []
    for rel in document.part.rels.values():
        if rel.reltype != _FOOTNOTES_RELTYPE or rel.is_external:
            continue
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        root = etree.fromstring(rel.target_part.blob, parser)
        for footnote in root.iter(_W + "footnote"):
            if footnote.get(_W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            footnote_id = footnote.get(_W + "id", "")
            paragraphs = [_docx_text(p, None) for p in footnote.iter(_W + "p")]
            number = notes.numbers.get(footnote_id)
            if number is None:
                continue  # never referenced from the body: Word does not show it either
            note_list.append(_Note((footnote_id,), number, " ".join(paragraphs)))

    title = document.core_properties.title or None
    return _Draft("docx", paras, note_list, title=title)


def _docx_footnote_start(document: Any) -> int:
    """Word numbers footnotes from w:numStart (section first, then document settings), else 1."""
    candidates = [document.element.body.find(_W + "sectPr")]
    with contextlib.suppress(Exception):  # a document without a settings part is valid
        candidates.append(document.settings.element)
    for element in candidates:
        if element is None:
            continue
        start = element.find(f"{_W}footnotePr/{_W}numStart")
        if start is not None and (start.get(_W + "val") or "").isdigit():
            return int(start.get(_W + "val"))
    return 1


def _docx_is_heading(paragraph: Any) -> bool:
    style = paragraph.style
    if style is not None and _HEADING_STYLE_RE.match(style.name or ""):
        return True
    p_pr = paragraph._p.pPr
    outline = p_pr.find(_W + "outlineLvl") if p_pr is not None else None
    if outline is not None and (outline.get(_W + "val") or "9") < "9":
        return True
    text = paragraph.text.strip()
    if not text or not _heading_like(text) or len(text.split()) > 10:
        return False
    runs = [run for run in paragraph.runs if run.text.strip()]
    return bool(runs) and all(_docx_bold(run, style) for run in runs)


def _docx_bold(run: Any, paragraph_style: Any) -> bool:
    if run.bold is not None:
        return bool(run.bold)
    for style in (run.style, paragraph_style):
        while style is not None:
            if style.font.bold is not None:
                return bool(style.font.bold)
            style = style.base_style
    return False
