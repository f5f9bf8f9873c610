"""Members' names as letters write them: the patterns the citation reader, the footnote hint and
the mention finder use for submitters, and turning what they match into surnames.

Pure (no Django, no I/O), like the rest of letters/reading/. Decisions that are not obvious from the
code:

* Submitters: in motie-naming (``motie Van der Burg-Paternotte``, before the number) a hyphen or slash
  separates members, as is the convention for naming motions; after ``van het lid`` / ``van de leden``
  a hyphen belongs to one surname (``van het lid Yesilgöz-Zegerius``). A tussenvoegsel written in lower
  case at the start of a surname is capitalised (``het lid van der Lee`` → ``Van der Lee``), as a
  surname standing alone is written. ``c.s.`` and a party in brackets are not names.
* Submitters: where a slash separates members (``motie-Versnel-Schmitz/Van Heemst``) a hyphen
  belongs to a double-barrelled name; without one, ``merge_known_names`` lets the register decide.
  Initials and a first name before a lower-case tussenvoegsel are dropped (``Th.C. de Graaf`` →
  ``De Graaf``, ``Inge van Dijk`` → ``Van Dijk``); ``Remco Dijkstra`` keeps the first name that
  tells two members apart.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["merge_known_names"]

# --- building blocks -------------------------------------------------------------------------

_H = r"[^\S\r\n]"  # whitespace within a line (includes no-break spaces)
_HY = r"[\-\u2010\u2011\u2013]"  # hyphen as typed, or as Word replaces it
# Python's re has no \p{Lu}; every upper-case Latin letter up to Latin Extended-B covers member names.
_UPPER = "".join(c for c in map(chr, range(0x41, 0x250)) if c.isupper())
_CAPWORD = rf"[{_UPPER}][^\W\d_]*(?:['’][^\W\d_]+)*"
_TUSSEN = (
    r"(?:[Vv]an|[Dd]e[nr]?|[Tt]e[nr]?|[Ii]n|[Oo]p|['’]t|[Vv]on|[Ll][ae]|[Ee]l|[Aa]l|[Dd][aiu]|[Dd]e[ls]|[Dd]os)"
)
_PARTY = rf"(?:{_H}*+\([^()\n]{{1,25}}\))?"
# "Th.C. de Graaf", "M.B. Vos", "Inge van Dijk": initials, or a first name before a lower-case
# tussenvoegsel, are not part of the name the register files a member under.
_INITIALS = r"(?:(?:[A-Z][a-z]?\.[^\S\r\n]?){1,4}[^\S\r\n]*+)"
_FIRST = r"(?:[A-Z][a-zé]+[^\S\r\n]++(?=(?:van|de|der|den|ter|te|in|op|von)\b))"
# One member in motie-naming: no hyphen inside, because there it separates members.
_NAME_M = rf"{_INITIALS}?{_FIRST}?(?:{_TUSSEN}{_H}++)*{_CAPWORD}(?:{_H}++{_CAPWORD})?"
# One member after "het lid": a hyphen belongs to the surname.
_NAME_L = rf"{_INITIALS}?{_FIRST}?(?:{_TUSSEN}{_H}++)*{_CAPWORD}(?:{_HY}{_CAPWORD})*(?:{_H}++{_CAPWORD}(?:{_HY}{_CAPWORD})*)?"
_LIST_SEP = rf"(?:{_H}*+,{_H}*+|{_H}++en{_H}++|{_H}*+&{_H}*+)"
_NAMES_M = rf"{_NAME_M}{_PARTY}(?:(?:{_LIST_SEP}|{_H}*+[/\-\u2010\u2011]{_H}*+){_NAME_M}{_PARTY})*"
_NAMES_L = rf"{_NAME_L}{_PARTY}(?:{_LIST_SEP}{_NAME_L}{_PARTY})*"
_CS = rf"(?:{_H}*+,?{_H}*+c\.{_H}?s\b\.?)"
# "van van het lid": a doubled word, as typed in haste, is still the same phrase.
_LID = rf"(?:(?:van|door){_H}++)++(?:(?:het|de){_H}++)++(?:[Ll]id|[Ll]eden)"

# The submitters of a motion in motie-naming: "motie-Boswijk c.s.", "moties Boswijk en Van Dijk".
_MOTIE_NAMES = re.compile(rf"(?:{_HY}|{_H}++)(?P<names>{_NAMES_M}){_CS}?")
# The members after "van het lid"/"van de leden": ", van het lid Paternotte c.s.".
_LID_NAMES = re.compile(rf"{_H}*+,?{_H}*+{_LID}{_H}++(?P<names>{_NAMES_L}){_CS}?")
_STRIP_PARTY = re.compile(r"\([^()]*\)")
_SPLIT_L = re.compile(rf"{_H}*+(?:,|&|\ben\b){_H}*+")
_SPLIT_M = re.compile(rf"{_H}*+(?:,|&|/|{_HY}|\ben\b){_H}*+")
_SPLIT_SLASH = re.compile(rf"{_H}*+(?:,|&|/|\ben\b){_H}*+")


# --- from the text to surnames ---------------------------------------------------------------

_LEADING_INITIALS = re.compile(r"^(?:[A-Z][a-z]?\.\s?)+\s*")
_LEADING_FIRST_NAME = re.compile(r"^[A-Z][a-zé]+\s+(?=(?:van|de|der|den|ter|te|in|op|von)\b)")
_TUSSEN_WORDS = frozenset({"van", "de", "der", "den", "ter", "te", "ten", "in", "op", "von", "la", "le", "el", "al", "da", "di", "du", "del", "des", "dos"})


def _clean_name(part: str) -> str:
    """"Th.C. de Graaf" → "De Graaf"; "Inge van Dijk" → "Van Dijk"; "Van der Lee" stays."""
    name = " ".join(part.split())
    if "." in name:
        name = _LEADING_INITIALS.sub("", name)
    first = _LEADING_FIRST_NAME.match(name) if " " in name else None
    if first is not None and first[0].split()[0].lower() not in _TUSSEN_WORDS:
        name = name[first.end() :]
    return name[0].upper() + name[1:] if name else ""


def _names(raw: str, split: re.Pattern[str]) -> tuple[str, ...]:
    out: list[str] = []
    stripped = _STRIP_PARTY.sub(" ", raw) if "(" in raw else raw
    if split is _SPLIT_M and "/" in stripped:
        # "motie-Versnel-Schmitz/Van Heemst": where a slash separates the members, a hyphen is
        # inside a double-barrelled surname. Without a slash the hyphen separates members
        # ("motie Van der Burg-Paternotte"); merge_known_names corrects that with the register.
        split = _SPLIT_SLASH
    for part in split.split(stripped):
        name = _clean_name(part)
        if name:
            out.append(name)
    return tuple(out)


def merge_known_names(names: tuple[str, ...], is_member: Callable[[str], bool]) -> tuple[str, ...]:
    """Join two names the motie-naming split at a hyphen when together they are one member.

    ``motie-Versnel-Schmitz c.s.`` reads as ("Versnel", "Schmitz"); when the register knows a
    member "Versnel-Schmitz" (and ``is_member`` says so) it is one person. Pure: the caller
    brings the register.
    """
    out: list[str] = []
    i = 0
    while i < len(names):
        if i + 1 < len(names):
            joined = f"{names[i]}-{names[i + 1]}"
            if is_member(joined):
                out.append(joined)
                i += 2
                continue
        out.append(names[i])
        i += 1
    return tuple(out)
