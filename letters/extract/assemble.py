"""The intermediate form every reader produces (`_Draft`) and its assembly into offsets, with the
signature, date and heading finders that exist once for all formats."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from .letter import ExtractedLetter, ExtractionError, Footnote, Heading, Signature

# --------------------------------------------------------------------------------------------------
# The intermediate form and its assembly into offsets

_MARK_OPEN, _MARK_CLOSE, _LINE_BREAK = "\ue000", "\ue001", "\ue002"
_SENTINELS_RE = re.compile("[\ue000-\ue002]")
_MARKER_RE = re.compile("\ue000([^\ue000\ue001]*)\ue001")
_INVISIBLE_RE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_WS_RE = re.compile(r"\s+")


def _marker(key: str) -> str:
    return f"{_MARK_OPEN}{key}{_MARK_CLOSE}"


@dataclass
class _Para:
    raw: str  # may contain marker sentinels and explicit line breaks
    heading: bool | None = None  # None: the text heuristic decides, if the draft asks for it


@dataclass
class _Note:
    keys: tuple[str, ...]  # every key a body marker may use for this note
    number: str
    raw: str


@dataclass
class _Draft:
    format: str
    paras: list[_Para]
    notes: list[_Note] = field(default_factory=list)
    title: str | None = None
    date: datetime.date | None = None
    signature: Signature | None = None
    guess_headings: bool = False


def _normalise(raw: str) -> tuple[str, list[tuple[str, int]]]:
    """Collapse whitespace and pull marker sentinels out, keeping each marker's offset.

    A marker lands right after the text before it, never after a space, so that "verstuurd.[m] Naast"
    puts the marker in the sentence it annotates.
    """
    out: list[str] = []
    length = 0
    pending_space = False
    markers: list[tuple[str, int]] = []
    for index, piece in enumerate(_MARKER_RE.split(raw)):
        if index % 2:
            markers.append((piece, length))
            continue
        piece = _INVISIBLE_RE.sub("", _SENTINELS_RE.sub(" ", piece))
        for part_index, chunk in enumerate(_WS_RE.split(piece)):
            if part_index:
                pending_space = True
            if chunk:
                if pending_space and length:
                    out.append(" ")
                    length += 1
                pending_space = False
                out.append(chunk)
                length += len(chunk)
    return "".join(out), markers


def _split_line_breaks(paras: list[_Para]) -> list[_Para]:
    """An explicit line break (<br>, Word's w:br) splits a block of short lines (an address, a
    signature) into paragraphs; inside running text it is only a space."""
    result: list[_Para] = []
    for para in paras:
        if _LINE_BREAK not in para.raw:
            result.append(para)
            continue
        lines = [line for line in para.raw.split(_LINE_BREAK) if _normalise(line)[0] or _MARK_OPEN in line]
        if all(len(_normalise(line)[0]) <= 80 for line in lines):
            result.extend(_Para(line, para.heading) for line in lines)
        else:
            result.append(_Para(para.raw.replace(_LINE_BREAK, " "), para.heading))
    return result


def _assemble(draft: _Draft) -> ExtractedLetter:
    texts: list[str] = []
    flags: list[bool | None] = []
    markers: list[list[tuple[str, int]]] = []
    for para in _split_line_breaks(draft.paras):
        text, found = _normalise(para.raw)
        if not text:
            if found and texts:
                markers[-1].extend((key, len(texts[-1])) for key, _ in found)
            continue
        texts.append(text)
        flags.append(para.heading)
        markers.append(found)

    notes = [(note, _normalise(note.raw)[0]) for note in draft.notes]
    if not texts and not any(text for _, text in notes):
        raise ExtractionError("the file contains no text")

    signature, signature_rows = _find_signature(texts)
    if draft.signature is not None:
        signature = draft.signature
    heading_rows = {i for i, flag in enumerate(flags) if flag}
    if draft.guess_headings:
        heading_rows |= {i for i in _guess_headings(texts) if flags[i] is None}
    heading_rows -= signature_rows

    paragraphs: list[tuple[int, int]] = []
    headings: list[Heading] = []
    first_ref: dict[str, int] = {}
    position = 0
    for i, text in enumerate(texts):
        paragraphs.append((position, position + len(text)))
        if i in heading_rows:
            headings.append(Heading(text, position, position + len(text)))
        for key, local in markers[i]:
            first_ref.setdefault(key, position + local)
        position += len(text) + 2
    body = "\n\n".join(texts)

    def ref_of(note: _Note) -> int | None:
        offsets = [first_ref[key] for key in note.keys if key in first_ref]
        return min(offsets) if offsets else None

    # Referenced notes in the order of their markers, unreferenced ones after, in source order.
    ordered = sorted(
        enumerate(notes),
        key=lambda item: (ref_of(item[1][0]) is None, ref_of(item[1][0]) or 0, item[0]),
    )
    pieces = [body]
    footnotes: list[Footnote] = []
    position = len(body)
    for _, (note, text) in ordered:
        start = position + 2
        footnotes.append(Footnote(note.number, start, start + len(text), ref_of(note)))
        pieces.append(text)
        position = start + len(text)
    full_text = "\n\n".join(pieces) if footnotes else body

    return ExtractedLetter(
        text=full_text,
        body_end=len(body),
        format=draft.format,
        paragraphs=paragraphs,
        headings=headings,
        footnotes=footnotes,
        signature=signature,
        title=_clean_title(draft.title),
        date=draft.date or _find_date(body),
    )


def _clean_title(title: str | None) -> str | None:
    cleaned = " ".join(_INVISIBLE_RE.sub("", _SENTINELS_RE.sub(" ", title or "")).split())
    return cleaned or None


# --------------------------------------------------------------------------------------------------
# Finders shared by all formats: signature, date, headings, sentences

_FUNCTION_RE = re.compile(
    r"^de\s+(?:minister-president|minister|staatssecretaris)\b(?:\s+(?:van|voor)\s+[^,;.]{2,100})?,?$", re.I
)
_FUNCTION_CONTINUED_RE = re.compile(r"^(?:minister|staatssecretaris)\s+(?:van|voor)\s+[^,;.]{2,100},?$", re.I)


def _looks_like_name(text: str) -> bool:
    return (
        len(text) <= 60
        and len(text.split()) <= 7
        and not any(ch.isdigit() for ch in text)
        and not text.endswith((",", ";", ":", "?", "!"))
        and not _FUNCTION_RE.match(text)
    )


def _find_signature(texts: list[str]) -> tuple[Signature | None, set[int]]:
    """The first "De minister … van …," line whose next paragraph is a name (first of several signers)."""
    for i, text in enumerate(texts):
        if len(text) > 160 or not _FUNCTION_RE.match(text):
            continue
        function = [text.rstrip(" ,")]
        j = i + 1
        # "De Minister-President,\nMinister van Algemene Zaken,\n\nM. Rutte"
        while j < len(texts) and _FUNCTION_CONTINUED_RE.match(texts[j]):
            function.append(texts[j].rstrip(" ,"))
            j += 1
        if j < len(texts) and _looks_like_name(texts[j]):
            return Signature(", ".join(function), texts[j]), set(range(i, j + 1))
    return None, set()


_MONTHS = {
    name: number
    for number, name in enumerate(
        "januari februari maart april mei juni juli augustus september oktober november december".split(), 1
    )
}
_DATE_LEAD = r"(?:\bdatum|\bden\s+haag|[’']s-gravenhage|\bdagtekening)"
_DATE_RE = re.compile(_DATE_LEAD + r"[\s,:]{1,6}(\d{1,2})\s+(" + "|".join(_MONTHS) + r")\s+(\d{4})\b", re.I)
_NUMERIC_DATE_RE = re.compile(_DATE_LEAD + r"[\s,:]{1,6}(\d{1,2})[-./](\d{1,2})[-./](\d{4})\b", re.I)


def _find_date(text: str) -> datetime.date | None:
    candidates: list[tuple[int, int, int, int]] = []
    for match in _DATE_RE.finditer(text):
        candidates.append((match.start(), int(match[3]), _MONTHS[match[2].lower()], int(match[1])))
    for match in _NUMERIC_DATE_RE.finditer(text):
        candidates.append((match.start(), int(match[3]), int(match[2]), int(match[1])))
    for _, year, month, day in sorted(candidates):
        try:
            return datetime.date(year, month, day)
        except ValueError:
            continue
    return None


_NOT_HEADING_RE = re.compile(
    r"^(?:geachte|beste|hoogachtend|met\s+vriendelijke\s+groet|datum|betreft|kenmerk|ons\s+kenmerk|"
    r"uw\s+kenmerk|uw\s+brief|onze\s+referentie|uw\s+referentie|bijlage|bijlagen|aan\b|postbus|"
    r"retouradres|pagina|den\s+haag|[’']s-gravenhage)",
    re.I,
)


def _heading_like(text: str) -> bool:
    return (
        len(text) <= 80
        and len(text.split()) <= 8
        and (text[0].isupper() or text[0].isdigit())
        and any(ch.isalpha() for ch in text)
        and text[-1] not in ".,:;!?"
        and not _NOT_HEADING_RE.match(text)
    )


def _guess_headings(texts: list[str]) -> set[int]:
    """A short title-like paragraph followed by a clearly longer paragraph of sentences."""
    found: set[int] = set()
    for i, text in enumerate(texts[:-1]):
        following = texts[i + 1]
        if (
            _heading_like(text)
            and len(following) >= max(40, 2 * len(text))
            and re.search(r"[.?!:;]", following)
        ):
            found.add(i)
    return found
