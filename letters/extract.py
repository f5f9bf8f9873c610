"""Turn a letter file into text plus structure (paragraphs, headings, footnotes, signature), with offsets.

Pure Python on purpose: no Django, no I/O beyond reading the bytes handed in, so the pipeline, the
management command and the tests all call the same two functions, `extract_bytes` and `extract_file`.

Every reader (plain text, .docx, PDF, officielebekendmakingen XML, HTML) reduces its format to one
intermediate `_Draft`: body paragraphs in which a footnote marker is a private-use sentinel
(``\\ue000KEY\\ue001``), plus the footnote texts. `_assemble` alone turns a draft into offsets, so the
offset arithmetic, the signature/date finders and the heading heuristic exist once for all formats.
"""

from __future__ import annotations

import bisect
import codecs
import contextlib
import datetime
import io
import math
import os
import re
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024


class ExtractionError(Exception):
    """The file cannot be read as a letter. ``str(error)`` is one line fit to show the uploader."""


@dataclass(frozen=True)
class Heading:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Footnote:
    number: str
    start: int  # span of the footnote's text inside ExtractedLetter.text, after body_end
    end: int
    ref_offset: int | None  # where its marker stood in the body (the marker itself is removed)


@dataclass(frozen=True)
class Signature:
    function: str
    name: str


@dataclass
class ExtractedLetter:
    text: str
    body_end: int
    format: str
    paragraphs: list[tuple[int, int]]
    headings: list[Heading]
    footnotes: list[Footnote]
    signature: Signature | None
    title: str | None
    date: datetime.date | None

    def footnote_at(self, offset: int) -> Footnote | None:
        if offset <= self.body_end:
            return None
        for footnote in self.footnotes:
            if footnote.start <= offset <= footnote.end:
                return footnote
        return None

    def heading_for(self, offset: int) -> str | None:
        if offset > self.body_end:
            # A footnote belongs to the section of the sentence that points at it.
            footnote = self.footnote_at(offset)
            if footnote is None or footnote.ref_offset is None:
                return None
            offset = footnote.ref_offset
        index = bisect.bisect_right([h.start for h in self.headings], offset) - 1
        return self.headings[index].text if index >= 0 else None

    def sentence_span(self, offset: int) -> tuple[int, int]:
        start, end = self._block_at(offset)
        return _sentence_in(self.text, start, end, offset)

    def marker_sentence(self, footnote: Footnote) -> tuple[int, int] | None:
        if footnote.ref_offset is None:
            return None
        return self.sentence_span(footnote.ref_offset)

    def _block_at(self, offset: int) -> tuple[int, int]:
        blocks = self.paragraphs + [(f.start, f.end) for f in self.footnotes]
        if not blocks:
            return (0, len(self.text))
        blocks.sort()
        for start, end in blocks:
            if start <= offset <= end:
                return (start, end)
        # An offset on a paragraph break belongs to the paragraph that follows it.
        following = [b for b in blocks if b[0] > offset]
        return following[0] if following else blocks[-1]


# --------------------------------------------------------------------------------------------------
# Public entry points


def extract_file(path: str | os.PathLike[str]) -> ExtractedLetter:
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise ExtractionError(f"cannot read {os.fspath(path)}: {exc.strerror or exc}") from exc
    return extract_bytes(data, os.path.basename(os.fspath(path)))


def detect_format(data: bytes, filename: str = "") -> str:
    """The format the content has ("text", "docx", "pdf", "xml", "html"), or ExtractionError.

    Cheap enough to run on upload, before a letter is stored: wrong types, empty files and zip
    bombs are refused there, and the heavy extraction runs later in a task.
    """
    kind = _sniff(data, filename)[0]
    if kind == "pdf":
        _check_pdf_opens(data)
    return kind


def extract_bytes(data: bytes, filename: str = "") -> ExtractedLetter:
    """Detect the format from the content (the file name only decides XML versus HTML) and extract."""
    kind, payload = _sniff(data, filename)
    reader: Callable[[Any], _Draft] = _READERS[kind]
    try:
        draft = reader(payload)
    except ExtractionError:
        raise
    except Exception as exc:
        # python-docx, pypdf and lxml raise many unrelated exception types on damaged input; the
        # uploader needs one line, and the caller one exception type.
        raise ExtractionError(f"the {_LABELS[kind]} could not be read ({_one_line(exc)})") from exc
    return _assemble(draft)


# --------------------------------------------------------------------------------------------------
# Format detection

_LABELS = {"text": "text file", "docx": ".docx file", "pdf": "PDF", "xml": "XML file", "html": "HTML file"}

# Checked before any decoding so that a renamed image or archive gets a message naming what it is.
_BINARY_MAGIC: list[tuple[bytes, str]] = [
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word .doc file or a password-protected Office file"),
    (b"{\\rtf", "an RTF file; save it as .docx or PDF"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "a program (ELF executable)"),
    (b"MZ", "a Windows program"),
]

_HTML_START_RE = re.compile(r"\s*(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html\b)", re.I | re.S)
_XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>", re.S)
_HTMLISH_RE = re.compile(r"<(?:html|body|head|p|div|h[1-6]|br|table|span)\b", re.I)


def _sniff(data: bytes, filename: str) -> tuple[str, Any]:
    if not data.strip(b" \t\r\n\x00"):
        raise ExtractionError("the file is empty")
    if b"%PDF-" in data[:1024]:
        return "pdf", data
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        _check_docx_zip(data)
        return "docx", data
    for magic, what in _BINARY_MAGIC:
        if data.startswith(magic):
            raise ExtractionError(f"unsupported file type: looks like {what}")
    if data[8:12] == b"WEBP" and data.startswith(b"RIFF"):
        raise ExtractionError("unsupported file type: looks like a WebP image")
    text = _decode_text(data)
    if not text.lstrip().startswith("<"):
        return "text", text
    return _sniff_markup(text, os.path.splitext(filename)[1].lower())


def _sniff_markup(text: str, extension: str) -> tuple[str, Any]:
    body = _XML_DECL_RE.sub("", text.lstrip("\ufeff"), count=1)
    if _HTML_START_RE.match(body):
        return "html", body
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(body, parser)
    except (etree.XMLSyntaxError, ValueError) as exc:  # ValueError: a broken <?xml … encoding=…
        if extension in (".html", ".htm") or _HTMLISH_RE.search(body[:5000]):
            return "html", body
        raise ExtractionError(f"the XML is not well-formed ({_one_line(exc)})") from exc
    if not isinstance(root.tag, str):
        raise ExtractionError("the XML has no document element")
    local = etree.QName(root).localname.lower()
    # An XHTML page or a bare fragment parses as XML too; only then does the extension decide.
    if local == "html" or (extension in (".html", ".htm", ".xhtml") and local in _HTML_ROOTS):
        return "html", body
    return "xml", root


_HTML_ROOTS = {"html", "body", "div", "article", "section", "main", "p"}

_C0_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")  # \t \n \r and \f are allowed; \f becomes a break


def _decode_text(data: bytes) -> str:
    boms = [
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ]
    for bom, encoding in boms:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise ExtractionError(f"not valid {encoding.upper().replace('-SIG', '')} text") from exc
            break
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            # Windows-1252 is what Dutch "plain text" from older Office exports is; it is accepted only
            # when every byte maps and no control bytes show up, which random binary data rarely passes.
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError as exc:
                raise ExtractionError("not valid UTF-8 text (nor Windows-1252)") from exc
            if _C0_RE.search(text):
                raise ExtractionError("not valid UTF-8 text (looks like binary data)") from None
    if _C0_RE.search(text):
        raise ExtractionError("unsupported file type: binary data, not text")
    return text


def _check_docx_zip(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ExtractionError("unsupported file type: a damaged ZIP archive") from exc
    names = {info.filename for info in infos}
    if "word/document.xml" not in names:
        if "mimetype" in names and "content.xml" in names:
            raise ExtractionError("unsupported file type: an OpenDocument file; save it as .docx or PDF")
        if any(name.startswith("xl/") for name in names):
            raise ExtractionError("unsupported file type: an Excel workbook, not a Word .docx file")
        if any(name.startswith("ppt/") for name in names):
            raise ExtractionError("unsupported file type: a PowerPoint file, not a Word .docx file")
        raise ExtractionError("unsupported file type: a ZIP archive that is not a Word .docx file")
    # zipfile never yields more than a member's declared file_size, so the declared sizes bound what
    # python-docx will inflate (it reads every part into memory); the ratio catches a member that is
    # suspiciously repetitive even below the total limit.
    total = sum(info.file_size for info in infos)
    bomb = total > MAX_UNCOMPRESSED_BYTES or any(
        info.file_size > 2 * 1024 * 1024 and info.file_size > 200 * max(info.compress_size, 1)
        for info in infos
    )
    if bomb:
        raise ExtractionError(
            f"the .docx expands to more than {MAX_UNCOMPRESSED_BYTES // (1024 * 1024)} MB (zip bomb?)"
        )


_PDF_TEXT_OPERATOR_RE = re.compile(rb"(?:^|[\s\]\)>])(?:Tj|TJ)(?=[\s\[(<]|$)")


def _check_pdf_opens(data: bytes) -> None:
    """Refuse at upload, cheaply, a PDF that needs a password or draws no text at all (a scan);
    a PDF pypdf cannot even open is left to the extraction, which marks the letter failed."""
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import DependencyError

    try:
        reader = PdfReader(io.BytesIO(data))
        encrypted = reader.is_encrypted
    except Exception:
        return
    if encrypted:
        try:
            opened = reader.decrypt("")
        except (DependencyError, NotImplementedError) as exc:
            raise ExtractionError("the PDF is encrypted with a method this server cannot open") from exc
        except Exception:
            return
        if opened == PasswordType.NOT_DECRYPTED:
            raise ExtractionError("the PDF is encrypted (it needs a password)")
    try:
        draws_text = any(_pdf_draws_text(page, page.get("/Resources"), set()) for page in reader.pages)
    except Exception:
        return
    if not draws_text:
        raise ExtractionError("the PDF has no text layer (scanned?)")


def _pdf_draws_text(page, resources, seen: set[int]) -> bool:
    """Whether a page's content (or a form XObject it uses) has a text-showing operator."""
    contents = page.get_contents() if hasattr(page, "get_contents") else page
    if contents is not None and _PDF_TEXT_OPERATOR_RE.search(contents.get_data()):
        return True
    resources = resources.get_object() if resources is not None else None
    xobjects = resources.get("/XObject") if resources is not None else None
    for ref in (xobjects.get_object().values() if xobjects is not None else []):
        key = getattr(ref, "idnum", None) or id(ref)
        if key in seen or len(seen) > 1000:
            continue
        seen.add(key)
        form = ref.get_object()
        if form.get("/Subtype") == "/Form" and _pdf_draws_text(form, form.get("/Resources"), seen):
            return True
    return False


def _one_line(exc: BaseException) -> str:
    message = " ".join(str(exc).split())[:160]
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


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


_ABBREVIATIONS = frozenset(
    """nr. nrs. jl. c.s. o.a. bijv. bv. b.v. vgl. zgn. z.g. m.b.t. i.v.m. t.a.v. t.b.v. m.i.v. i.p.v.
    o.b.v. n.a.v. e.d. e.a. enz. etc. resp. d.d. d.w.z. a.s. mr. dr. drs. ir. ing. prof. mw. mevr. dhr.
    art. artt. blz. pag. p. par. hfst. incl. excl. ca. vs. bijl. red. jr. sr. st. min. z.s.m. i.c.
    o.i.d. m.n. t.z.t. n.v.t. nl. jo. lid. sub.""".split()
)
# These abbreviations also end sentences ("… van het lid Van der Lee c.s. Zo werken we …"); after them a
# new sentence starts only with a word that typically opens one.
_MAY_END_SENTENCE = frozenset("jl. c.s. e.a. e.d. enz. etc. a.s.".split())
_SENTENCE_OPENERS = frozenset(
    """De Het Een Dit Dat Deze Die Zo Ook In Op Met Voor Bij Daarnaast Daarom Daarbij Daarmee Daartoe
    Verder Voorts Wel Maar Ik Wij We Er Hier Hierbij Hiermee Hiervoor Om Als Na Tijdens Naast Tevens
    Bovendien Tegelijkertijd Alle Ten Conform Uw Onze Mijn Zij Hij Vanuit Via Over Uit Door Tot
    Vooralsnog Inmiddels Momenteel Echter Kortom Graag U Wat Waar Wanneer Hoe Welke Zoals Omdat Indien
    Mede Gelet Gezien Sinds Vanaf Binnen Buiten""".split()
)
_INITIALS_RE = re.compile(r"(?:[A-Z][a-z]?\.)+")
_BOUNDARY_RE = re.compile(r"[.?!]+[\"”’'»)\]]*(\s+)")
_OPENING_QUOTES = "\"“‘'«„"


def _is_boundary(text: str, punct_end: int, token_start: int, next_start: int) -> bool:
    following = text[next_start] if next_start < len(text) else ""
    if not following or not (following.isupper() or following in _OPENING_QUOTES):
        return False
    token = text[token_start:punct_end].lstrip("([\"'“‘«")
    if not token.endswith(".") or token.endswith(".."):
        return True
    if _INITIALS_RE.fullmatch(token):
        return False
    lowered = token.lower()
    if lowered in _ABBREVIATIONS:
        if lowered not in _MAY_END_SENTENCE:
            return False
        next_word = re.match(r"[^\s,;:.]+", text[next_start:])
        return bool(next_word and next_word.group() in _SENTENCE_OPENERS)
    return True


def _sentence_in(text: str, start: int, end: int, offset: int) -> tuple[int, int]:
    """The sentence of text[start:end] that contains offset; the span has no surrounding spaces."""
    starts = [start]
    ends: list[int] = []
    segment = text[start:end]
    for match in _BOUNDARY_RE.finditer(segment):
        punct_end = start + match.start(1)
        next_start = start + match.end(1)
        if next_start >= end:
            continue
        token_start = max(text.rfind(" ", start, punct_end) + 1, start)
        if _is_boundary(text, punct_end, token_start, next_start):
            ends.append(punct_end)
            starts.append(next_start)
    ends.append(end)
    index = max(0, bisect.bisect_right(starts, offset) - 1)
    return starts[index], ends[index]


# --------------------------------------------------------------------------------------------------
# Plain text (including Word's "save as text" markup of the seed letter)

_BOOKMARK_RE = re.compile(r"\[bookmark:[^\]\n]*\]")
_FOOTNOTE_REF_RE = re.compile(r"\[footnoteRef:\s*(\d+)\]")
_FOOTNOTE_BLOCK_START_RE = re.compile(r"\[(\d{1,4}):(?=\s)")
_BLANK_LINES_RE = re.compile(r"\n(?:[^\S\n]*\n)+")
_CONJUNCTION_RE = re.compile(r"(?:en|of|en/of|tot|noch|als|dan\s+wel|t/m)\b")


def _read_text(text: str) -> _Draft:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = _SENTINELS_RE.sub(" ", text)
    text = _BOOKMARK_RE.sub("", text)
    notes: list[_Note] = []
    if _FOOTNOTE_REF_RE.search(text):
        text, notes = _cut_footnote_blocks(text)
        text = _FOOTNOTE_REF_RE.sub(lambda m: _marker(m[1]), text)
    blocks = [block for block in _BLANK_LINES_RE.split(text) if block.strip()]
    # Word's text export writes one line per paragraph; hard-wrapped text has short lines only.
    unwrapped = max((len(line) for line in text.split("\n")), default=0) > 200
    paras: list[_Para] = []
    for block in blocks:
        lines = [line for line in block.split("\n") if line.strip()]
        if unwrapped:
            paras.extend(_Para(line) for line in lines)
        else:
            paras.append(_Para(_join_lines(lines)))
    return _Draft("text", paras, notes, guess_headings=True)


def _cut_footnote_blocks(text: str) -> tuple[str, list[_Note]]:
    """Remove every "[N: …]" footnote block (brackets may nest, as in URLs) and return its text."""
    notes: list[_Note] = []
    seen: set[str] = set()
    kept: list[str] = []
    position = 0
    while match := _FOOTNOTE_BLOCK_START_RE.search(text, position):
        depth, index = 0, match.start()
        close = -1
        while index < len(text):
            char = text[index]
            if char == "[":
                depth += 1
            elif char == "]":
                depth -= 1
                if depth == 0:
                    close = index
                    break
            index += 1
        if close < 0:  # unbalanced: the block runs to the end of its line
            line_end = text.find("\n", match.end())
            close = len(text) if line_end < 0 else line_end
        number = match[1]
        kept.append(text[position : match.start()])
        if number not in seen:
            seen.add(number)
            notes.append(_Note((number,), number, text[match.end() : close]))
        position = close + 1
    kept.append(text[position:])
    return "".join(kept), notes


def _join_lines(lines: list[str]) -> str:
    """Join the lines of one paragraph, undoing end-of-line hyphenation where it is safe.

    "verdien-/vermogen" → "verdienvermogen", but "innovatie-/en" keeps its hyphen (a Dutch elided
    compound) and "EU-/lidstaten" or "2021-/2022" keep theirs without a space.
    """
    out = ""
    for line in (line.strip() for line in lines):
        if not line:
            continue
        if not out:
            out = line
        elif out.endswith("\u00ad"):
            out = out[:-1] + line
        elif len(out) >= 2 and out.endswith("-") and out[-2].isalnum():
            if line[0].islower() and not _CONJUNCTION_RE.match(line):
                out = out + line if (out[-2].isupper() or out[-2].isdigit()) else out[:-1] + line
            elif line[0].isupper() or line[0].isdigit():
                out += line
            else:
                out += " " + line
        else:
            out += " " + line
    return out


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


# --------------------------------------------------------------------------------------------------
# XML and HTML share a tree walker: block elements become paragraphs, everything else is inline text.


class _TreeWalker:
    blocks: frozenset[str] = frozenset()
    headings: frozenset[str] = frozenset()
    skipped: frozenset[str] = frozenset()
    spaced: frozenset[str] = frozenset()  # inline elements whose neighbours need a space between them

    def __init__(self) -> None:
        self.paras: list[_Para] = []
        self.buffer: list[str] = []
        self.heading_depth = 0
        self.block_depth = 0

    def name(self, element: Any) -> str:
        raise NotImplementedError  # each subclass knows its own tag naming

    def special(self, element: Any, name: str) -> bool:
        """Handle an element entirely (footnotes, markers, line breaks); True when handled."""
        return False

    def is_heading(self, element: Any, name: str) -> bool:
        return name in self.headings

    def flush(self) -> None:
        raw = "".join(self.buffer)
        self.buffer = []
        if raw.strip():
            self.paras.append(_Para(raw, self.heading_depth > 0))

    def walk(self, element: Any) -> None:
        if not isinstance(element.tag, str):
            return
        name = self.name(element)
        if name in self.skipped or self.special(element, name):
            return
        # Inside a heading, nested "blocks" (<kop><nr/><titel/></kop>) are parts of one line.
        is_block = name in self.blocks and self.heading_depth == 0
        heading = is_block and self.is_heading(element, name)
        if is_block:
            self.flush()
            self.block_depth += 1
            self.heading_depth += heading
        if element.text:
            self.buffer.append(element.text)
        for child in element:
            self.walk(child)
            if child.tail:
                self.buffer.append(child.tail)
        if name in self.spaced:
            self.buffer.append(" ")
        if is_block:
            self.flush()
            self.block_depth -= 1
            self.heading_depth -= heading


def _plain_text(element: Any, skip: Callable[[Any], bool] = lambda e: False) -> str:
    """All text under element, with a space between elements, skipping subtrees where skip() says so."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str) and not skip(child):
                parts.append(" ")
                walk(child)
                parts.append(" ")
            if child.tail:
                parts.append(child.tail)

    walk(element)
    return " ".join("".join(parts).split())


def _local(element: Any) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


# --------------------------------------------------------------------------------------------------
# officielebekendmakingen XML (<officiele-publicatie>, <kamerstuk>, …)


class _OfficialXmlWalker(_TreeWalker):
    blocks = frozenset(
        """al tussenkop kop titel subtitel dossiernummer stuknr datumtekst dagtekening functie naam li
        row tekstregel aanhef slotformulering plaats considerans.al wie p para adres""".split()
    )
    headings = frozenset({"tussenkop", "kop", "titel", "subtitel"})
    skipped = frozenset({"metadata", "meta", "kamerstukkop", "noot.nr", "nootnr"})
    spaced = frozenset({"nr", "titel", "label", "li.nr", "entry", "voornaam", "tussenvoegsel", "achternaam"})
    notelists = frozenset({"noten", "voetnoten", "noot.lijst", "notes"})

    def __init__(self) -> None:
        super().__init__()
        self.notes: list[_Note] = []
        self.signature: Signature | None = None
        self.auto_number = 0

    def name(self, element: Any) -> str:
        return _local(element)

    def is_heading(self, element: Any, name: str) -> bool:
        # The paper's own title is ExtractedLetter.title, not a section of the letter.
        parent = element.getparent()
        if name == "titel" and parent is not None and _local(parent) in ("dossier", "stuk"):
            return False
        return name in self.headings

    def special(self, element: Any, name: str) -> bool:
        if name == "noot":
            self.note(element)
            return True
        if name in ("nootref", "notenref", "noot-ref", "noteref"):
            refid = element.get("refid") or element.get("ref") or element.get("idref")
            number = element.get("nr") or _plain_text(element)
            if refid:
                self.buffer.append(_marker("id:" + refid))
            elif number:
                self.buffer.append(_marker("nr:" + number))
            return True
        if name == "ondertekening" and self.signature is None:
            functions = element.xpath(".//*[local-name()='functie']")
            people = element.xpath(".//*[local-name()='naam']")
            if functions and people and _plain_text(people[0]):
                self.signature = Signature(_plain_text(functions[0]).rstrip(" ,"), _plain_text(people[0]))
        return False

    def note(self, element: Any) -> None:
        number_element = next(
            (child for child in element if _local(child) in ("noot.nr", "nootnr", "nr")), None
        )
        number = element.get("nr") or (_plain_text(number_element) if number_element is not None else "")
        if not number:
            self.auto_number += 1
            number = str(self.auto_number)
        note_id = element.get("id") or f"auto-{len(self.notes)}"
        text = _plain_text(element, skip=lambda e: e is number_element or _local(e) == "noot")
        self.notes.append(_Note(("id:" + note_id, "nr:" + number), number, text))
        parent = element.getparent()
        # A note inside running text stands where its marker is; one in a list of notes does not.
        if self.block_depth > 0 and (parent is None or _local(parent) not in self.notelists):
            self.buffer.append(_marker("id:" + note_id))


def _read_xml(root: Any) -> _Draft:
    walker = _OfficialXmlWalker()
    walker.walk(root)
    walker.flush()

    def first(path: str) -> Any:
        found = root.xpath(path)
        return found[0] if found else None

    title_element = first("//*[local-name()='stuk']/*[local-name()='titel']")
    if title_element is None:
        title_element = first("//*[local-name()='dossier']/*[local-name()='titel']")
    title = _plain_text(title_element, skip=lambda e: _local(e) == "noot") if title_element is not None else None
    date = None
    iso = first(
        "//*[local-name()='dagtekening' or local-name()='datumtekst']//*[local-name()='datum']/@isodatum"
    )
    if iso:
        try:
            date = datetime.date.fromisoformat(str(iso)[:10])
        except ValueError:
            date = None
    return _Draft("xml", walker.paras, walker.notes, title=title, date=date, signature=walker.signature)


# --------------------------------------------------------------------------------------------------
# HTML (an officielebekendmakingen page or a saved Kamerbrief)

_HTML_DROP = ("script", "style", "nav", "noscript", "template", "svg", "form", "button", "iframe", "object",
              "header", "footer", "head")
_FOOTNOTE_LABEL_RE = re.compile(r"^\[?(\d{1,3}|[*†‡])\]?$")
_LEADING_LABEL_RE = re.compile(r"^\s*\[?\d{1,3}\]?[.)]?\s+")


class _HtmlWalker(_TreeWalker):
    blocks = frozenset(
        """p li h1 h2 h3 h4 h5 h6 dd dt blockquote td th caption pre div section article main body ul ol
        table tr address figcaption aside""".split()
    )
    headings = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

    def __init__(self, refs: dict[Any, str], note_containers: set[Any]) -> None:
        super().__init__()
        self.refs = refs
        self.note_containers = note_containers

    def name(self, element: Any) -> str:
        return _local(element)

    def special(self, element: Any, name: str) -> bool:
        if element in self.note_containers:
            return True
        if element in self.refs:
            self.buffer.append(_marker(self.refs[element]))
            return True
        if name == "br":
            self.buffer.append(_LINE_BREAK)
            return True
        return False


def _read_html(markup: str) -> _Draft:
    import lxml.html

    document: Any = lxml.html.document_fromstring(markup)
    title_element = document.find(".//title")
    title = title_element.text_content() if title_element is not None else None
    for element in list(document.iter(*_HTML_DROP)):
        if element.getparent() is not None:
            element.drop_tree()
    refs, notes, containers = _html_footnotes(document)
    walker = _HtmlWalker(refs, containers)
    body = document.find("body")
    walker.walk(body if body is not None else document)
    walker.flush()
    return _Draft("html", walker.paras, notes, title=title)


def _html_footnotes(document: Any) -> tuple[dict[Any, str], list[_Note], set[Any]]:
    """Footnote references (element → key), the notes, and the elements that hold the notes.

    A reference is a short numeric link to an anchor later in the page; back-links point backwards,
    which keeps a "1 ↩" link in the list of notes from turning body text into a footnote.
    """
    order = {element: index for index, element in enumerate(document.iter())}
    refs: dict[Any, str] = {}
    notes: list[_Note] = []
    containers: set[Any] = set()
    for link in document.iter("a"):
        href = link.get("href") or ""
        label = _FOOTNOTE_LABEL_RE.match(link.text_content().strip())
        if not href.startswith("#") or label is None:
            continue
        targets = document.xpath("//*[@id=$t or @name=$t]", t=href[1:])
        if not targets or order.get(targets[0], -1) <= order[link]:
            continue
        container = targets[0]
        while container is not None and _local(container) not in ("li", "p", "div", "dd", "aside", "td"):
            container = container.getparent()
        if container is None or container in containers:
            continue
        text = _plain_text(container, skip=lambda e: _local(e) == "a" and (e.get("href") or "").startswith("#"))
        notes.append(_Note((href[1:],), label[1], _LEADING_LABEL_RE.sub("", text)))
        containers.add(container)
        parent = link.getparent()
        # <sup><a>1</a></sup>: the whole superscript is the marker.
        only_child = _local(parent) == "sup" and len(parent) == 1 and not (parent.text or "").strip()
        refs[parent if only_child else link] = href[1:]
    return refs, notes, containers


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


_READERS: dict[str, Callable[[Any], _Draft]] = {
    "text": _read_text,
    "docx": _read_docx,
    "pdf": _read_pdf,
    "xml": _read_xml,
    "html": _read_html,
}

