"""Reading one extracted letter: every citation with what the letter says about it (motion,
commitment or paper; its sentence, section and footnote) and what it says happened to each.

Pure, like the rest of letters/reading/: the database side (resolving keys, placeholders, writing
citations) is letters/ingest.py. Targets and sources are the values of Citation.Target/Source.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from letters.extract import ExtractedLetter

from .answers import CitationInput, Suggestion, classify
from .citations import Reference, context_hint, extract_references, own_key

# How far (in characters) a "motie …"/"toezegging aan …" phrase may stand before the footnote
# marker or citation it describes; further away it describes something else in the sentence.
HINT_REACH = 80


@dataclass
class Found:
    """One citation as the text says it, before it is written."""

    ref: Reference
    key: str | None
    target: str
    submitters: list[str]
    excerpt: tuple[int, int]
    section: str
    footnote: str
    source: str = "text"  # or footnote, onderwerp, number, commitment (Citation.Source)
    commitment: Any = None  # the Commitment a link from the open data names
    raw: str = ""  # what a link from the open data shows instead of the text at its span


def _hint_for(extracted: ExtractedLetter, sentence: tuple[int, int], upto: int, markers: list[int]):
    """The motie/toezegging phrase that describes what stands at ``upto`` in this sentence."""
    start = sentence[0]
    if upto <= start:
        return None
    hint = context_hint(extracted.text[start:upto])
    if hint is None:
        return None
    hint_end = start + hint.end
    if upto - hint_end > HINT_REACH:
        return None
    # Another footnote marker between the phrase and this place: the phrase belongs to that note.
    if any(hint_end <= m < upto for m in markers):
        return None
    return hint


def find_citations(extracted: ExtractedLetter) -> list[Found]:
    """Every citation with what the letter says about it: motion, commitment or paper.

    The letter's own key (its header, when it is printed as a Kamerstuk) is never a citation.
    """
    text = extracted.text
    markers = sorted(f.ref_offset for f in extracted.footnotes if f.ref_offset is not None)
    found: list[Found] = []
    itself = own_key(text)
    for ref in extract_references(text):
        if itself is not None and ref.key == itself:
            continue
        footnote = extracted.footnote_at(ref.start)
        if footnote is not None and footnote.ref_offset is not None:
            excerpt = extracted.marker_sentence(footnote) or extracted.sentence_span(ref.start)
            hint_place = footnote.ref_offset
        else:
            excerpt = extracted.sentence_span(ref.start)
            hint_place = ref.start
        submitters = list(ref.submitters)
        if ref.kind == "motie":
            target = "motion"
        elif ref.kind == "kamerstuk":
            # "de twee opvolgende moties Boswijk[12]": a footnote inherits the body sentence's words.
            # For a footnote the marker sentence speaks; for a body citation its own sentence does.
            hint = _hint_for(extracted, excerpt if footnote is not None else extracted.sentence_span(ref.start), hint_place, markers)
            if hint is None and footnote is not None:
                # The footnote itself may say it: "Conform motie 35 207, nr. 92 …" is caught by the
                # parser; "zie de toezegging aan het lid X, Kamerstuk …" by a hint inside the note.
                hint = _hint_for(extracted, (footnote.start, footnote.end), ref.start, [])
            if hint is not None and hint.kind == "motie":
                target = "motion"
                submitters = submitters or list(hint.submitters)
            elif hint is not None and hint.kind == "toezegging":
                target = "commitment"
                submitters = submitters or list(hint.submitters)
            else:
                target = "paper"
        elif ref.kind == "amendement":
            target = "paper"
        else:
            target = "other"
        found.append(
            Found(
                ref=ref,
                key=ref.key,
                target=target,
                submitters=submitters,
                excerpt=excerpt,
                section=extracted.heading_for(ref.start) or "",
                footnote=footnote.number if footnote is not None else "",
                source="footnote" if footnote is not None else "text",
            )
        )
    return found


def suggest_answers(extracted: ExtractedLetter, found: list[Found], letter_date: dt.date | None) -> list[Suggestion | None]:
    """What the letter says happened to each motion/commitment it cites (answers.py)."""
    inputs = []
    for f in found:
        footnote = extracted.footnote_at(f.ref.start)
        inputs.append(
            CitationInput(
                start=f.ref.start,
                end=f.ref.end,
                target=str(f.target),
                excerpt_start=f.excerpt[0],
                excerpt_end=f.excerpt[1],
                footnote_ref_offset=footnote.ref_offset if footnote is not None else None,
                key=f.key,
                submitters=tuple(f.submitters),
            )
        )
    return classify(extracted.text, inputs, letter_date=letter_date or extracted.date, paragraphs=extracted.paragraphs)
