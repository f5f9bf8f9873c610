"""What extraction gives: a letter's text with its headings, footnotes and signature, by offset."""

from __future__ import annotations

import bisect
import datetime
from dataclasses import dataclass

from letters.reading.sentences import sentence_in

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
        return sentence_in(self.text, start, end, offset)

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
