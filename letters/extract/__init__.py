"""Turn a letter file into text plus structure (paragraphs, headings, footnotes, signature), with offsets.

Pure Python on purpose: no Django, no I/O beyond reading the bytes handed in, so the pipeline, the
management command and the tests all call the same two functions, `extract_bytes` and `extract_file`.

Every reader (plain text, .docx, PDF, officielebekendmakingen XML, HTML) reduces its format to one
intermediate `_Draft`: body paragraphs in which a footnote marker is a private-use sentinel
(``\\ue000KEY\\ue001``), plus the footnote texts. `_assemble` alone turns a draft into offsets, so the
offset arithmetic, the signature/date finders and the heading heuristic exist once for all formats.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from .assemble import _assemble, _Draft
from .docx import _read_docx
from .letter import (
    MAX_UNCOMPRESSED_BYTES,
    ExtractedLetter,
    ExtractionError,
    Footnote,
    Heading,
    Signature,
)
from .markup import _read_html, _read_xml
from .pdf import _read_pdf
from .sniff import _LABELS, _check_pdf_opens, _one_line, _sniff
from .text import _read_text

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



_READERS: dict[str, Callable[[Any], _Draft]] = {
    "text": _read_text,
    "docx": _read_docx,
    "pdf": _read_pdf,
    "xml": _read_xml,
    "html": _read_html,
}

__all__ = ["MAX_UNCOMPRESSED_BYTES", "ExtractedLetter", "ExtractionError", "Footnote", "Heading", "Signature", "detect_format", "extract_bytes", "extract_file"]
