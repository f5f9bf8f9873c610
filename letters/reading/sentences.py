"""The one sentence splitter: where a sentence around an offset begins and ends.

Dutch letters are full of abbreviations (nr., c.s., bijv.), initials (Th.C. de Graaf) and dates that
end in a full stop; a stop ends a sentence only where the next word opens one. The excerpt stored
with a citation, the answer reader's sentence and the footnote's "sentence that points to it" are
all cut here.
"""

from __future__ import annotations

import bisect
import re

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


def _cuts(text: str, start: int, end: int) -> tuple[list[int], list[int]]:
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
    return starts, ends


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentences of text[start:end], in order, as spans without surrounding spaces."""
    starts, ends = _cuts(text, start, end)
    return [strip_span(text, s, e) for s, e in zip(starts, ends)]


def sentence_in(text: str, start: int, end: int, offset: int) -> tuple[int, int]:
    """The sentence of text[start:end] that contains offset."""
    starts, ends = _cuts(text, start, end)
    index = max(0, bisect.bisect_right(starts, offset) - 1)
    return starts[index], ends[index]


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of text[start:end] without the white space at either end."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
