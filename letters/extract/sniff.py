"""Which format a file has, decided from its content, and the cheap checks run on upload."""

from __future__ import annotations

import codecs
import io
import os
import re
import zipfile
from typing import Any

from .letter import MAX_UNCOMPRESSED_BYTES, ExtractionError

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
