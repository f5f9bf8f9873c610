"""What the sentence before a footnote marker calls the footnote's papers: "… de twee opvolgende
moties Boswijk[footnoteRef:3]" says the papers in footnote 3 are motions by Boswijk.

Pure (no Django, no I/O), like the rest of letters/reading/. ``toegezegd`` is a commitment only when
the government promised the Kamer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .names import _CAPWORD, _CS, _H, _HY, _LID_NAMES, _LIST_SEP, _MOTIE_NAMES, _NAMES_L, _SPLIT_L, _SPLIT_M, _names

__all__ = ["ContextHint", "context_hint"]


@dataclass(frozen=True, slots=True)
class ContextHint:
    kind: str  # "motie" or "toezegging"
    submitters: tuple[str, ...]
    start: int
    end: int


_HINT_TRIGGER = re.compile(
    rf"\b(?:(?P<m>[Mm]oties?)|(?P<t>[Tt]oezegging(?:en)?|[Tt]oegezegd)|(?P<cm>{_CAPWORD}){_HY}[Mm]oties?)\b"
)
_HINT_DESIG = re.compile(
    rf"{_H}*+\(?{_H}*+(?:[Kk]amerstuk(?:ken)?{_H}++)?\d[\d \u00a0.]*+(?:[A-Z]+\b)?(?:{_HY}[\dA-Z]+)*"
    rf"(?:{_H}*+,?{_H}*+[Nn]rs?\.?{_H}*+[\dA-Z]+(?:{_LIST_SEP}[\dA-Z]+)*)?{_H}*+\)?"
)
# "toezegging aan het lid X", "toezeggingen aan de leden X en Y", "toezegging (aan) het lid X", and a
# few words in between ("toezegging die de minister in het debat deed aan het lid X").
_HINT_TOEZEGGING = re.compile(
    rf"(?:{_H}++[^\W\d][\w'’\-]*){{0,8}}?{_H}++(?:aan{_H}++)?(?:het|de){_H}++(?:[Ll]id|[Ll]eden)"
    rf"{_H}++(?P<names>{_NAMES_L}){_CS}?"
)
_FOOTNOTE_MARKER = re.compile(r"\[footnoteRef:\d+\]")
# "toegezegd" is a commitment (toezegging) only when the government promised the Kamer: "heb ik uw
# Kamer toegezegd", "zoals toegezegd in het debat", "het kabinet heeft toegezegd". Not when the
# European Commission promised the member states, or a company its customers.
_TO_THE_KAMER = re.compile(r"\b(?:[Uu]w{_H}++Kamer|[Dd]e{_H}++(?:Tweede{_H}++|Eerste{_H}++)?Kamer|het{_H}++[Ll]id|de{_H}++leden|Kamerleden|Kamerlid)\b".replace("{_H}", _H))
_BY_THE_GOVERNMENT = re.compile(
    r"\b(?:[Ii]k|[Ww]ij|[Hh]et{_H}++kabinet|[Dd]e{_H}++regering|[Dd]e{_H}++(?:minister|staatssecretaris|minister-president)|"
    r"mijn{_H}++ambtsvoorganger|[Zz]oals{_H}++(?:eerder{_H}++|reeds{_H}++)?toegezegd)\b".replace("{_H}", _H)
)
_OTHER_PROMISERS = re.compile(
    r"\b(?:Commissie|[Ll]idstaten|[Ll]idstaat|Raad|Verenigde{_H}++Staten|China|NAVO|VN|[Gg]emeenten|[Pp]rovincies|[Bb]edrijven|[Bb]edrijf|[Pp]artijen)\b".replace("{_H}", _H)
)


def _promised_to_the_kamer(sentence: str) -> bool:
    if _TO_THE_KAMER.search(sentence):
        return True
    return _BY_THE_GOVERNMENT.search(sentence) is not None and _OTHER_PROMISERS.search(sentence) is None


def context_hint(text: str) -> ContextHint | None:
    """What the sentence before a footnote marker calls the footnote's papers, or None.

    ``text`` is the sentence up to the marker. The hint nearest the end wins. A hint followed by
    another ``[footnoteRef:N]`` marker belongs to that earlier footnote, so it is not returned.
    """
    if not isinstance(text, str) or not text:
        return None
    try:
        return _context_hint(text)
    except Exception:  # noqa: BLE001
        # Same reasoning as extract_references: a hint is advice, never a reason to fail ingestion.
        return None


def _context_hint(text: str) -> ContextHint | None:
    last: re.Match[str] | None = None
    for last in _HINT_TRIGGER.finditer(text):  # noqa: B007 - only the hint nearest the marker counts
        pass
    if last is None:
        return None
    start = last.start()
    end = last.end()
    names: tuple[str, ...] = ()
    if last["cm"] is not None:
        kind = "motie"
        names = _names(last["cm"], _SPLIT_M)
    elif last["m"] is not None:
        kind = "motie"
        m = _MOTIE_NAMES.match(text, end)
        if m is not None:
            names, end = _names(m["names"], _SPLIT_M), m.end()
        else:
            pos = end
            desig = _HINT_DESIG.match(text, pos)
            if desig is not None and desig.end() > pos + 1:
                pos = desig.end()
            lid = _LID_NAMES.match(text, pos)
            if lid is not None:
                names, end = _names(lid["names"], _SPLIT_L), lid.end()
    else:
        kind = "toezegging"
        if last["t"].lower() == "toegezegd" and not _promised_to_the_kamer(text):
            return None
        m = _HINT_TOEZEGGING.match(text, end)
        if m is not None:
            names, end = _names(m["names"], _SPLIT_L), m.end()
    if _FOOTNOTE_MARKER.search(text, end):
        return None
    return ContextHint(kind, names, start, end)
