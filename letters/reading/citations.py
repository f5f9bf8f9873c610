"""Find citations of parliamentary papers in the text of a government letter.

A pure function over text (no Django, no I/O) so that it can be fuzzed and benchmarked alone.
``extract_references(text)`` returns every Kamerstuk, motie, amendement, Handelingen, Aanhangsel and
Staatscourant citation with its span. Submitters' names are read by ``names.py``; what the sentence
before a footnote marker says of its papers (``context_hint``) by ``hints.py``; both are importable
from here too.

Decisions that are not obvious from the code:

* A span covers the paper's designation only: ``Kamerstuk 21 501-20, nr. 2243``, ``35 207, nr. 83``,
  ``Handelingen II 2023/24, nr. 45, item 12``. The words that make it a motion (``motie Boswijk``,
  ``van het lid Paternotte c.s.``) and trailing words (``, bijlage``, ``, p. 4``, a date) are left out.
* Several numbers under one designation (``35 207, nrs. 83, 89 en 93``) give one Reference each: the
  first spans the designation up to its number (``35 207, nrs. 83``), each later one just its own
  number (``89``). The inner numbers of a range (``nrs. 12 t/m 15``: 13 and 14) have no token of their
  own, so they share the span of the range words ``12 t/m 15``; that is the only case where two
  References share a span, and ``(start, end, key)`` is still unique. A range longer than
  ``MAX_RANGE`` numbers, or one that runs backwards, yields only its two end points.
* ``key`` is the officielebekendmakingen identifier without ``kst-`` for papers (``35207-83``,
  ``36600-V-31``, ``21501-20-2243``, ``33328-AI``) and ``None`` for Handelingen, Aanhangsel and
  Staatscourant, so that a caller that resolves keys to Kamerstukken never makes a placeholder
  Kamerstuk for them; ``identifier`` gives every kind's officielebekendmakingen id
  (``kst-35207-83``, ``h-tk-20232024-45-12``, ``ah-tk-20242025-1234``, ``stcrt-2024-12345``).
  A Staatscourant citation keeps its year in ``dossier`` (its numbers restart every year).
* A sub-dossier toevoeging is kept as written (``21501-02`` stays ``02``): that is how the official
  identifiers spell it (``kst-21501-02-…``).
* The Kamer's own ``de motie op stuk nr. 214 (26 150)`` is read too; its span starts at ``op stuk``.
* ``motie 35207-95``-style hyphenated keys are read only after ``Kamerstuk(ken)``, ``kst-``, ``t.v.v.``,
  ``motie(s)`` or ``amendement(en)``, or in a list of keys as the minutes print them
  (``… aan te houden: 35925-32; 35570-XIV-46; 23908-(R1519)-131``): bare ``12345-67`` is as likely a
  phone or case number.
* Issue 17's forms: one number for several dossiers takes the first dossier's key
  (``(27020, 27021, nr. 45)``); the minutes' ``Zij krijgt nr. 160, was nr. 155 (32123)`` is motion
  32123-160 (span from ``nr.``), with the members of the nearest ``voorgesteld door de leden …``;
  legal styles without ``nr.`` (``Kamerstukken II 2009/10, 32123.VIII, 14``, ``Kamerstuk TK
  32.123XII, 9``, ``Kamerstukken 2, …``) are read only after ``Kamerstuk(ken)``; a rijkswet's
  ``(R1987)`` is its toevoeging; an Eerste Kamer letter number records chamber ``I``; a page then
  ``;`` continues the dossier (``nr. 4, p. 12; nr. 9``). Zaak and document numbers (``2024Z12345``,
  ``2024D12345``) are kinds ``zaak``/``document`` with no key: the caller resolves them.
* ``own_key(text)`` reads the key of the paper a letter itself is, from its header; the caller
  drops citations of it. A bare dossier (without ``Kamerstuk`` before it) must have five digits, so
  ``Stb. 2023, nr. 45`` and ``Trb. 2019, nr. 12`` are not read as papers.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from operator import attrgetter
from typing import NamedTuple

from motions.keys import format_key

from .hints import ContextHint, context_hint
from .names import _CS, _H, _HY, _LID, _LID_NAMES, _MOTIE_NAMES, _NAMES_L, _SPLIT_L, _SPLIT_M, _names, merge_known_names

__all__ = [
    "KINDS",
    "MAX_RANGE",
    "ContextHint",
    "Reference",
    "context_hint",
    "extract_references",
    "merge_known_names",
    "normalise_session",
    "own_key",
]

KINDS = ("kamerstuk", "motie", "amendement", "handelingen", "aanhangsel", "staatscourant", "zaak", "document")
_PAPER_KINDS = frozenset({"kamerstuk", "motie", "amendement"})

# Expanding "nrs. 1 t/m 100000" one by one would let a typo (or hostile input) flood the database.
MAX_RANGE = 50
# The same bound for one designation's explicit list ("nrs. 1, 2, 3, …").
MAX_LIST = 50


class Reference(NamedTuple):
    """One cited paper. ``text[start:end]`` is its designation; see the module docstring for spans.

    A named tuple, not a frozen dataclass: a frozen dataclass's ``__init__`` sets each field through
    ``object.__setattr__`` and made building References a fifth of the parser's time.
    """

    kind: str
    dossier: str | None
    toevoeging: str | None
    number: str
    item: str | None
    chamber: str | None
    session: str | None
    submitters: tuple[str, ...]
    start: int
    end: int

    @property
    def key(self) -> str | None:
        if self.kind not in _PAPER_KINDS or not self.dossier:
            return None
        return format_key(self.dossier, self.toevoeging, self.number)

    @property
    def identifier(self) -> str | None:
        """The officielebekendmakingen id, or None when the citation lacks a part of it."""
        if self.kind in _PAPER_KINDS:
            key = self.key
            return f"kst-{key}" if key else None
        if self.kind in ("zaak", "document"):
            return self.number
        if self.kind == "staatscourant":
            return f"stcrt-{self.dossier}-{self.number}" if self.dossier else None
        if not self.chamber or not self.session:
            return None
        house = "tk" if self.chamber == "II" else "ek"
        years = self.session.replace("-", "")
        if self.kind == "aanhangsel":
            return f"ah-{house}-{years}-{self.number}"
        # A Handelingen page is per agenda item; the meeting number alone names no document.
        return f"h-{house}-{years}-{self.number}-{self.item}" if self.item else None


# --- building blocks (the names' blocks are in names.py) -----------------------------------------

_DSEP = r"[ \u00a0\u2009\u202f.]"  # thousands separator inside a dossier number
_SESSION = r"(?:1[89]|2[0-9])[0-9][0-9]\s*+[\-\u2010-\u2015\u2212/]\s*+[0-9][0-9](?:[0-9][0-9])?(?![0-9])"
_MONTHS = r"(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)"

# Where a citation can start: a dossier-like number, or a word only citations use. Separate passes
# let the regex engine use its literal search for the words and a one-class prefix scan for the
# digits; one pattern for all of them stops at every "k" and digit and costs twice the time.
# The same pass finds Zaak and document numbers ("2024Z12345", "2017D09721"): one more branch
# after two digits costs nothing, a pass of its own would.
#
# It runs over a one-byte view of the text (Latin-1, anything beyond it "?": one byte per
# character, so positions are kept) in which every digit is "0", every letter but Z and D is "a"
# and a no-break space is a space. A pattern that starts with one literal byte lets the engine skip
# with a plain byte scan; one that starts with a class ([0-9]) tests every character and took a
# third of the parser's time. The view only proposes places; the handlers read the real text.
def _view_byte(i: int) -> int:
    c = chr(i)
    if "0" <= c <= "9":
        return ord("0")
    if c in "ZD" or c == "?":
        return i
    if c.isalpha() or c == "_":
        return ord("a")
    if c == "\u00a0":
        return ord(" ")
    return i if i < 128 else ord("?")


_DIGIT_VIEW = bytes(_view_byte(i) for i in range(256))
_FIND_DOSSIER = re.compile(rb"0(?<![a0.,/\-]0)0(?:[ .?]?000(?!0)|00[ZD]00000(?![a0]))")
_FIND_ID = re.compile(rb"-0(?<=a-0)")
# (pattern, how far before its match the citation starts, handler)
_FIND_WORDS = (
    # One literal per pass: an alternation loses the engine's literal scan and costs ten times more.
    (re.compile("amerstuk"), 1, "kw"),  # Kamerstuk(ken), kamerstuk; "KAMERSTUK" is looked up from its dossier
    (re.compile("Hand"), 0, "hand"),  # Handelingen, Hand.; "Aanhangsel"/"Aanh." before it is looked up
    (re.compile("Stcrt|Staatscourant"), 0, "stc"),
    # "de motie op stuk nr. 214 (26 150)" and the minutes' "Zij krijgt nr. 31 (30123)" are found
    # at their bracketed dossier by the digit pass, and read from the words before it.
    # The identifiers "kst-…", "stcrt-…", "h-tk-…" are found in the byte view (see anchors).
)

_PREFIX = rf"""
    (?<!\w)(?P<kw>[Kk]amerstuk(?:ken)?|KAMERSTUK(?:KEN)?)
    (?:{_H}++(?P<ch>I{{1,2}}|[12]|TK|EK|Tweede{_H}++Kamer|Eerste{_H}++Kamer)(?!\w))?
    (?:\s*+,?\s*+(?:vergaderjaar\s++)?(?P<sess>{_SESSION}))?
    \s*+,?\s*+
"""
# A toevoeging: budget chapter ("36 600 V", "32123.VIII", "32.123XII"), sub-dossier ("21 501-20")
# or a rijkswet marker ("32 123 (R1987)", "23987-(R1601)").
_TOEV = rf"""
    (?:(?:{_H}++|{_HY}|\.|(?=[IVX]))(?P<tv>[IVX]{{1,5}}[AB]?|[A-Z])(?!\w)
     | {_HY}(?P<sub>[0-9]{{1,3}})(?![0-9])
     | (?:{_H}++|{_HY})(?P<rw>\(R[0-9]{{3,4}}\)))?
"""
# One number for several dossiers: "(27020, 27021, nr. 45)", "Kamerstukken 29 123 en 29 321, nr. 18";
# the key is the first dossier's.
_MORE_DOSSIERS = rf"(?:(?:{_H}*+,{_H}*+|{_H}++en{_H}++)[0-9][0-9]{_DSEP}?[0-9]{{3}}(?![0-9])(?:{_H}++[IVX]{{1,5}}(?!\w))?)*+"
# A paper number: digits, digits with a letter ("nr. 18e"), or an Eerste Kamer letter code.
_NR = r"[0-9]{1,5}(?:[a-h](?![\w\-]))?(?![0-9])"
_NRPART = rf"\s*+,?\s*+(?P<nrw>[Nn](?:rs?|ummers?)\b\.?|NRS?\b\.?)\s*+(?P<n>{_NR}(?![0-9])|[A-Z]{{1,3}}(?![\w\-]))"
# Legal style without "nr.": "Kamerstukken II 2009/10, 32123.VIII, 14", "Kamerstukken II, 32 123 14".
_BARENR = rf"(?:{_H}*+,{_H}*+|{_H}++)(?!(?:19|20)[0-9]{{2}}(?![0-9]))(?P<bn>[0-9]{{1,4}})(?![0-9]|{_H}*+(?:{_MONTHS}|[/\-\u2013][0-9]|%|procent|euro|miljoen|miljard)|\.[0-9]|,[0-9])"
_HYPHNR = rf"{_HY}(?P<hn>{_NR}|[A-Z]{{1,3}}(?!\w))"
_EKLETTER = r"\s*+,\s*+(?P<ek>[A-Z]{1,3})(?![\w\-])"

_DESIG_KW = re.compile(
    rf"""{_PREFIX}(?P<d>[0-9]{{1,3}}{_DSEP}[0-9]{{3}}|[0-9]{{4,6}}|[0-9]{{2}}-[0-9]{{3}})(?![0-9]){_TOEV}{_MORE_DOSSIERS}
    (?:{_NRPART}|{_HYPHNR}|{_EKLETTER}|{_BARENR})""",
    re.VERBOSE,
)
_DESIG_BARE = re.compile(
    rf"(?P<d>[0-9][0-9]{_DSEP}?[0-9]{{3}})(?![0-9]){_TOEV}{_MORE_DOSSIERS}(?:{_NRPART}|{_HYPHNR}|{_EKLETTER})", re.VERBOSE
)
# The minutes number a motion as it is moved: "Zij krijgt nr. 31 (30123)", "Zij krijgt nr. 160, was
# nr. 155 (32123)"; the span starts at "nr.", the replaced number is not a citation of its own.
_KRIJGT = re.compile(
    rf"""krijgt{_H}++nr\.?{_H}*+(?P<n>[0-9]{{1,5}})(?![0-9])
        (?:{_H}*+,{_H}*+was{_H}++nr\.?{_H}*+[0-9]{{1,5}}(?![0-9]))?{_H}*+
        \({_H}*+(?P<d>[0-9][0-9]{_DSEP}?[0-9]{{3}})(?![0-9]){_TOEV}{_H}*+\)""",
    re.VERBOSE,
)
_NR_BEFORE = re.compile(
    rf"(?<!\w)(?:(?:op{_H}++)?stuk|(?P<w>krijgt)){_H}++nr\.?{_H}*+[0-9]{{1,5}}(?:{_H}*+,{_H}*+was{_H}++nr\.?{_H}*+[0-9]{{1,5}})?{_H}*+\({_H}*+\Z"
)
_CAPS_BEFORE = re.compile(rf"(?<!\w)KAMERSTUK(?:KEN)?(?:{_H}++(?:II?|TK|EK))?[\s,]*+\Z")
_AANH_BEFORE = re.compile(rf"(?<!\w)(?:Aanhangsel(?:{_H}++(?:van{_H}++de|bij{_H}++de|der))?|Aanh\.){_H}*+\Z")
_MOVED_BY = re.compile(rf"voorgesteld{_H}++door{_H}++(?:het|de){_H}++(?:[Ll]id|[Ll]eden){_H}++(?P<names>{_NAMES_L})")
_ZAAK = re.compile(r"((?:19|20)[0-9]{2})([ZD])([0-9]{5})(?!\w)")
# The Kamer's own way of citing within a dossier: "de motie op stuk nr. 214 (26 150)".
_STUK = re.compile(
    rf"""(?<!\w)(?:op{_H}++)?stuk{_H}++nr\.?{_H}*+(?P<n>[0-9]{{1,5}})(?![0-9]){_H}*+
        \({_H}*+(?P<d>[0-9][0-9]{_DSEP}?[0-9]{{3}})(?![0-9]){_TOEV}{_H}*+\)""",
    re.VERBOSE,
)
_KST = re.compile(
    r"(?<![\w\-])kst-(?P<d>[0-9]{4,6})(?:-(?P<tv>[A-Z]{1,5}|[0-9]{1,3}))?-(?P<n>[0-9]{1,5}(?![0-9])|[A-Z]{1,3}(?!\w))"
)
_OID = re.compile(
    r"""(?<![\w\-])
    (?: (?P<p>a?h)-(?P<c>[te]k)-(?P<s>[0-9]{8})-(?P<n>[0-9]{1,5})(?:-(?P<i>[0-9]{1,4}))?
      | stcrt-(?P<y>[0-9]{4})-(?P<sn>[0-9]{1,7}) )(?![0-9])""",
    re.VERBOSE,
)
_HAND = re.compile(
    rf"""
    (?<!\w)(?P<aanh>(?:Aanhangsel(?:{_H}++(?:van{_H}++de|bij{_H}++de|der))?|Aanh\.){_H}*+)?
    (?:Handelingen|Hand\.)
    (?:{_H}*+(?P<ch>I{{1,2}})(?!\w))?
    \s*+,?\s*+(?:vergaderjaar\s++)?(?P<sess>{_SESSION})
    \s*+,?\s*+(?:(?:[Nn]r|[Nn]ummer|vergadering)\b\.?\s*+)?(?P<n>[0-9]{{1,5}})(?![0-9])
    (?:\s*+,\s*+item\s*+(?P<item>[0-9]{{1,4}})(?![0-9]))?
    """,
    re.VERBOSE,
)
_STC = re.compile(
    rf"""
    (?<!\w)(?:Stcrt\.?|Staatscourant)\s*+,?\s*+(?P<y>(?:1[89]|2[0-9])[0-9][0-9])(?![0-9])
    (?:\s*+,\s*+(?:[Nn]r\.?\s*+)?|\s++[Nn]r\.?\s*+)
    (?P<n>[0-9]{{1,7}})(?![0-9])(?!{_H}*+{_MONTHS})
    """,
    re.VERBOSE,
)
# Further numbers under one designation: ", 89", " en 93", " en nr. 95".
_ITEM = re.compile(
    rf"""(?:{_H}*+[,;]{_H}*+(?:en{_H}++)?|\s++(?P<en>en|&){_H}++|{_H}*+&{_H}*+)
        (?P<inr>[Nn]rs?\b\.?\s*+)?
        (?P<v>[0-9]{{1,5}}|[A-Z]{{1,3}})(?![\w\-])
        # not a date ("…, 9 december 2022") and not the next designation's dossier ("; 35207, nr. 95")
        (?!{_H}*+(?:[0-9]|{_MONTHS}))(?!\s*+,?\s*+(?:[Nn]rs?\b|[IVX]+\b))""",
    re.VERBOSE,
)
_PAGE = re.compile(rf"{_H}*+,{_H}*+(?:p|pp|blz|pag)\.{_H}*+[0-9]{{1,4}}(?:{_H}*+[\-\u2013]{_H}*+[0-9]{{1,4}})?(?={_H}*+;)")
_RANGE = re.compile(rf"{_H}*+(?:(?P<words>t/m|tot{_H}++en{_H}++met)|[\-\u2013]){_H}*+(?P<hi>[0-9]{{1,5}})(?![0-9\-])")
_HYPH_TRIGGER = re.compile(
    r"(?:\b[Kk]amerstuk(?:ken)?|\b[Mm]oties?|\b[Aa]mendement(?:en)?|t\.v\.v\.)\s*+\(?\s*+(?:[Nn]r\.?|nummer)?\s*+\Z"
)
# The words that make a designation a motion or an amendment; each search opens with a literal so
# that the engine's fast literal scan finds them. Group "pl" marks the plural.
_TRIGGERS = (
    (re.compile(r"otie(?<=[Mm]otie)(?<!\w[Mm]otie)(?P<pl>s)?\b"), "motie"),
    (re.compile(r"mendement(?<=[Aa]mendement)(?<!\w[Aa]mendement)(?P<pl>en)?\b"), "amendement"),
)
_GAP_LID = re.compile(rf"\s*+,?{_H}*+{_LID}{_H}++(?P<names>{_NAMES_L}){_CS}?")
# "Gewijzigde motie … (t.v.v. 33885, nr. 18)": the replaced motion, cited by the Kamer's title.
_TVV = rf"(?:t\.v\.v\.|ter{_H}++vervanging{_H}++van)\s*+"
_GAP_END = re.compile(rf"\s*+\(?\s*+(?:{_TVV})?")
# A motion's title between "motie … over …" and its designation in brackets, as in the Kamer's own
# document titles; digits or brackets in between mean the bracket may cite something else.
# A title may carry digits ("over het project A27/A12", "over de N35"), not a dossier-like number.
_GAP_TAIL = re.compile(rf",?{_H}++(?:over|inzake|betreffende|die|waarin|om)\b[^()\[\]{{}};!?:]{{0,250}}\(\s*+(?:{_TVV})?")
_GAP_DOSSIER = re.compile(r"[0-9][0-9][ .\u00a0]?[0-9]{3}")
# Words (and a date) between the motion and its bracket: "De Kamer nam de motie van het lid X op
# 2 juli aan (Kamerstuk …)".
_GAP_WORDS = re.compile(
    rf"(?:{_H}++(?:[^\W\d][\w'’\-]*+|[0-9]{{1,2}}{_H}++{_MONTHS}(?:{_H}++[0-9]{{4}})?)){{1,10}}{_H}*+,?{_H}*+\(\s*+"
)
_GAP_DOC_NOUN = re.compile(r"brief|\bnota\b|rapport|verslag|beantwoording|antwoord|notitie|wetsvoorstel", re.I)
# What may stand between two designations that share their "moties …" phrase: "A en B", "A; B",
# and "de moties van de leden X (A) en Y (B)", where each bracket names its own submitter.
_JOIN = re.compile(
    rf"\)?\s*+(?:[,;]\s*+)?(?:(?:en|&|alsmede|of)\s++)?(?:(?:het{_H}++lid{_H}++)?(?P<names>{_NAMES_L}){_CS}?{_H}*+\(\s*+)?"
)
_ROMAN = re.compile(r"[IVX]+")
_LIST_STARTS = frozenset(",;&et-\u2013")
# Marks that a "motie" found before a designation belongs to another sentence or a footnote's markup.
# (An initial's full stop, "motie-M.B. Vos", ends no sentence.)
_GAP_BREAK = re.compile(r"[\[\]]|(?<!c\.s)(?<![\s.\-][A-Z])[.!?]\s+[A-Z0-9]|\n\s*\n")

# How far back "motie" may stand from the designation it introduces.
_TRIGGER_WINDOW = 300


# --- helpers ---------------------------------------------------------------------------------

_SESSION_PAIR = re.compile(r"\s*+([0-9]{4})\s*+[\-\u2010-\u2015\u2212/]\s*+([0-9]{2}|[0-9]{4})\s*+")
_SESSION_COMPACT = re.compile(r"\s*+([0-9]{4})([0-9]{4})\s*+")


def normalise_session(s: str) -> str | None:
    """``"2023/24"`` → ``"2023-2024"``; None unless the two years follow each other."""
    if not isinstance(s, str) or len(s) > 40:
        return None
    m = _SESSION_PAIR.fullmatch(s) or _SESSION_COMPACT.fullmatch(s)
    if m is None:
        return None
    first, second = int(m[1]), m[2]
    if not 1800 <= first <= 2998:
        return None
    expected = first + 1 if len(second) == 4 else (first + 1) % 100
    if int(second) != expected:
        return None
    return f"{first}-{first + 1}"


_NON_DIGITS = re.compile(r"[^0-9]+")


def _digits(raw: str) -> str:
    # "35 207", "35.207", "32-123" → "35207". (str.translate with a table was the slowest step.)
    return raw if raw.isdigit() else _NON_DIGITS.sub("", raw)


def _number(raw: str) -> str:
    # Paper numbers never carry leading zeros ("nr. 083" is paper 83).
    return raw.lstrip("0") or raw


# --- the scanner -----------------------------------------------------------------------------


@dataclass(slots=True)
class _Group:
    """What a designation passes on to one joined to it by "en", "," or ";"."""

    end: int
    kind: str
    plural: bool
    submitters: tuple[str, ...]
    chamber: str | None
    session: str | None
    in_list: bool = False


_CHAMBERS = {"2": "II", "TK": "II", "1": "I", "EK": "I"}
_CHAMBER_WORDS = {"tweede": "II", "eerste": "I"}
# A list of keys as the minutes print them: "35925-32; 35925-29; 21501-32-1188; 2017Z09721".
_TK_BEFORE = re.compile(r"(?:[Kk]amerstuk(?:ken)?\s++(?:II|2|TK)|Tweede\s++Kamer)\b[^()\n]{0,40}\Z")
_LIST_GAP = re.compile(r"\s*+[;,]\s*+(?:en\s++)?")
_LIST_NEXT = re.compile(r"\s*+[;,]\s*+(?:en\s++)?[0-9]{4,6}-[0-9A-Z(]")
_LIST_HEAD = re.compile(r"(?:[Mm]oties|stukken|[Aa]mendementen)\b[^.;:\n]{0,150}:\s*+\Z")


class _Scanner:
    def __init__(self, text: str, *, strict: bool) -> None:
        self.text = text
        self.strict = strict
        self.prev: _Group | None = None
        # Every "motie(s)"/"amendement(en)" in the text, found in one pass when first needed:
        # where each ends (for bisect) and what it says (kind, plural), in order of the text.
        self._trigger_ends: list[int] | None = None
        self.pos = 0  # where the last citation read ends: a look-back never reaches before it
        self._triggers: list[tuple[str, bool]] = []

    def _find_triggers(self) -> list[int]:
        found: list[tuple[int, str, bool]] = []
        for pattern, kind in _TRIGGERS:
            found += [(m.end(), kind, m["pl"] is not None) for m in pattern.finditer(self.text)]
        found.sort()
        self._triggers = [(kind, plural) for _, kind, plural in found]
        self._trigger_ends = [end for end, _, _ in found]
        return self._trigger_ends

    def anchors(self) -> list[tuple[int, str]]:
        text = self.text
        view = text.encode("latin-1", "replace").translate(_DIGIT_VIEW)
        found = [(m.start(), "dos") for m in _FIND_DOSSIER.finditer(view)]
        # "kst-35207-83", "stcrt-2024-12345", "h-tk-20232024-4-26": a word, a hyphen, digits. One
        # literal pass over the view; the look-back finds which identifier (if any) it is.
        for m in _FIND_ID.finditer(view):
            at = m.start()
            if text.startswith("kst", at - 3):
                found.append((at - 3, "kst"))
            elif text.startswith("stcrt", at - 5):
                found.append((at - 5, "oid"))
            elif text.startswith(("h-tk", "h-ek"), at - 4):
                found.append((at - 4, "oid"))
        for pattern, back, kind in _FIND_WORDS:
            found += [(m.start() - back, kind) for m in pattern.finditer(text)]
        found.sort()
        return found

    def run(self) -> list[Reference]:
        out: list[Reference] = []
        pos = 0
        for start, kind in self.anchors():
            if start < pos:
                continue  # inside a citation already read
            self.pos = pos
            try:
                refs, end = self._at(kind, start)
            except Exception:  # noqa: BLE001
                if self.strict:
                    raise
                # Ingesting a letter must not fail on one odd citation: skip it and read on.
                # The tests scan with strict=True so that such a bug still fails the suite.
                refs, end = [], 0
            if refs:
                out += refs
                pos = end
        return out

    def _at(self, kind: str, start: int) -> tuple[list[Reference], int]:
        text = self.text
        if kind == "dos":
            if text[start + 4 : start + 5] in ("Z", "D"):
                return self._zaak(start)
            if "STUK" in text[max(0, start - 20) : start]:
                caps = _CAPS_BEFORE.search(text, max(self.pos, start - 30), start)
                if caps is not None:
                    return self._paper(_DESIG_KW.match(text, caps.start()), bare=False)
            if text[max(0, start - 2) : start].rstrip().endswith("("):
                before = _NR_BEFORE.search(text, max(self.pos, start - 60), start)
                if before is not None:
                    if before["w"] == "krijgt":
                        return self._krijgt(before.start())
                    return self._stuk(before.start())
            return self._paper(_DESIG_BARE.match(text, start), bare=True)
        if kind == "kw":
            return self._paper(_DESIG_KW.match(text, start), bare=False) if start >= 0 else ([], 0)
        if kind == "hand":
            aanh = _AANH_BEFORE.search(text, max(self.pos, start - 30), start)
            return self._hand(aanh.start() if aanh is not None else start)
        if kind == "stc":
            return self._stcrt(start)
        if kind == "kst":
            return self._kst(start)
        # "h-tk-" is found at its "h"; the Aanhangsel's "ah-tk-" starts one character earlier.
        if kind == "oid" and text.startswith("a", start - 1) and text[start] == "h":
            start -= 1
        return self._oid(start)

    # Kamerstukken, moties, amendementen ---------------------------------------------------------

    def _paper(self, m: re.Match[str] | None, *, bare: bool) -> tuple[list[Reference], int]:
        if m is None:
            return [], 0
        text = self.text
        start = m.start()
        d, tv, sub, rw, hn, ek = m.group("d", "tv", "sub", "rw", "hn", "ek")
        dossier = _digits(d)
        toevoeging = tv or sub or rw
        chamber = session = None
        bn = None
        if not bare:
            chamber, sess, bn = m.group("ch", "sess", "bn")
            if chamber:
                chamber = _CHAMBERS.get(chamber) or _CHAMBER_WORDS.get(chamber[:6].lower(), chamber)
            session = normalise_session(sess) if sess else None
        if hn is not None:
            if len(dossier) < 5:
                return [], 0  # "Kamerstukken 2023-2024" is a year pair, not paper 2023-2024
            if not toevoeging and _ROMAN.fullmatch(hn):
                return [], 0  # "36600-V" names budget chapter V's dossier, not a paper in it
            if bare and not (
                _HYPH_TRIGGER.search(text, max(0, start - 40), start) or self._in_key_list(start, m.end())
            ):
                return [], 0
            end = m.end()
            refs, end = self._papers(start, end, dossier, toevoeging, chamber, session, [(hn, start, end)], bare=bare)
            if self.prev is not None:
                self.prev.in_list = bare
            return refs, end
        elif ek is not None:
            # A bare letter after the dossier is an Eerste Kamer convention only: after
            # "Kamerstukken I", in a list that began so, or a code of two letters ("33 802, AB")
            # or one in brackets ("(33 802, C)"), which prose does not write.
            prev = self.prev
            joined = prev is not None and prev.chamber == "I" and start - prev.end <= 6
            bracketed = start > 0 and text[start - 1] == "(" and text[m.end() : m.end() + 1] == ")"
            if chamber != "I" and not (bare and (joined or len(ek) > 1 or bracketed)):
                return [], 0
            if bare and _TK_BEFORE.search(text, max(0, start - 60), start):
                return [], 0  # "Kamerstukken II 2012/13, 33 328, AI" is no Eerste Kamer paper
            end = m.end()
            numbers = [(ek, start, end)]
        elif bn is not None:
            if len(dossier) < 5:
                return [], 0
            end = m.end()
            numbers = [(bn, start, end)]
        else:
            numbers, end = self._numbers(m, start)
        if chamber is None and numbers[0][0].isalpha():
            chamber = "I"  # only the Eerste Kamer numbers its papers with letters
        return self._papers(start, end, dossier, toevoeging, chamber, session, numbers, bare=bare)

    def _in_key_list(self, start: int, end: int) -> bool:
        """Whether a bare "35925-32" stands in a list of keys, as the minutes print them:
        "… moties opnieuw aan te houden: 35925-32; 35925-29; 35570-XIV-46." """
        prev = self.prev
        if prev is not None and prev.in_list and _LIST_GAP.fullmatch(self.text, prev.end, start):
            return True
        return _LIST_NEXT.match(self.text, end) is not None or _LIST_HEAD.search(self.text, max(0, start - 200), start) is not None

    def _zaak(self, start: int) -> tuple[list[Reference], int]:
        m = _ZAAK.match(self.text, start)
        if m is None:
            return [], 0
        kind = "zaak" if m[2] == "Z" else "document"
        ref = Reference(kind, None, None, m[0], None, None, None, (), start, m.end())
        self.prev = _Group(m.end(), kind, False, (), None, None, in_list=True)
        return [ref], m.end()

    def _krijgt(self, start: int) -> tuple[list[Reference], int]:
        m = _KRIJGT.match(self.text, start)
        if m is None:
            return [], 0
        text = self.text
        dossier = _digits(m["d"])
        begin = m.start() + len("krijgt ")
        begin = text.index("nr", begin)
        moved = None
        for moved in _MOVED_BY.finditer(text, max(0, start - 600), start):  # noqa: B007 - the nearest counts
            pass
        # The nearest "voorgesteld door …" before, unless another motion was numbered in between.
        submitters = _names(moved["names"], _SPLIT_L) if moved is not None and "krijgt nr" not in text[moved.end() : start] else ()
        ref = Reference("motie", dossier, m["tv"] or m["sub"] or m["rw"], _number(m["n"]), None, None, None, submitters, begin, m.end())
        self.prev = _Group(m.end(), "motie", False, submitters, None, None)
        return [ref], m.end()

    def _stuk(self, start: int) -> tuple[list[Reference], int]:
        m = _STUK.match(self.text, start)
        if m is None:
            return [], 0
        dossier = _digits(m["d"])
        numbers = [(m["n"], start, m.end())]
        return self._papers(start, m.end(), dossier, m["tv"] or m["sub"] or m["rw"], None, None, numbers, bare=True)

    def _papers(
        self,
        start: int,
        end: int,
        dossier: str,
        toevoeging: str | None,
        chamber: str | None,
        session: str | None,
        numbers: list[tuple[str, int, int]],
        *,
        bare: bool,
    ) -> tuple[list[Reference], int]:
        """References for the numbers of one designation, with what the words around it say."""
        text = self.text
        kind, plural, submitters = self._introduced_by(start)
        prev = self.prev
        join = _JOIN.fullmatch(text, prev.end, start) if prev is not None and start - prev.end <= 80 else None
        if prev is not None and join is not None:
            # "moties Boswijk (Kamerstuk A en Kamerstuk B)": B is a motion too; a bare designation
            # after "Kamerstukken II 2022/23, A; B" shares A's chamber and session.
            if kind == "kamerstuk" and prev.plural:
                kind, plural = prev.kind, True
                submitters = _names(join["names"], _SPLIT_L) if join["names"] else prev.submitters
            if bare and chamber is None and session is None:
                chamber, session = prev.chamber, prev.session
        if not submitters and (text.find("van", end, end + 6) >= 0 or text.find("door", end, end + 7) >= 0):
            after = _LID_NAMES.match(text, end)
            if after is not None:
                submitters = _names(after["names"], _SPLIT_L)
        self.prev = _Group(end, kind, plural, submitters, chamber, session)
        refs = [
            Reference(kind, dossier, toevoeging, _number(num), None, chamber, session, submitters, s, e)
            for num, s, e in numbers
        ]
        return refs, end

    def _numbers(self, m: re.Match[str], start: int) -> tuple[list[tuple[str, int, int]], int]:
        """The paper numbers after "nr."/"nrs.", each with its span: "83", "83, 89 en 93", "12 t/m 15"."""
        text = self.text
        end = m.end()
        numbers = [(m["n"], start, end)]
        # Most designations carry one number: stop unless a separator, "en" or "t/m" follows.
        ahead = text[end : end + 3].lstrip()
        if not ahead or ahead[0] not in _LIST_STARTS:
            return numbers, end
        plural_word = m["nrw"].lower().startswith(("nrs", "nummers"))
        is_digit = m["n"].isdigit()
        last_num_start = m.start("n")
        while len(numbers) < MAX_LIST:
            if is_digit:
                rng = _RANGE.match(text, end)
                if rng is not None:
                    lo, hi = int(numbers[-1][0]), int(rng["hi"])
                    if rng["words"] is not None or lo < hi < lo + MAX_RANGE:  # "nr. 5 - 2024" is no range
                        if lo < hi < lo + MAX_RANGE:
                            numbers.extend((str(n), last_num_start, rng.end()) for n in range(lo + 1, hi))
                        numbers.append((rng["hi"], rng.start("hi"), rng.end()))
                        end = rng.end()
                        continue
            item = _ITEM.match(text, end)
            if item is None:
                # "nr. 4, p. 12; nr. 9": a page, then the next paper of the same dossier.
                page = _PAGE.match(text, end)
                if page is not None:
                    item = _ITEM.match(text, page.end())
                    if item is None or item["inr"] is None:
                        break
            if item is None or item["v"].isdigit() != is_digit:
                break
            if not plural_word and item["inr"] is None and item["en"] is None:
                break  # "nr. 224, 9" may be a date or a page; "nr. 83 en 89" and "nr. 83, nr. 89" are papers
            last_num_start, end = item.span("v")
            numbers.append((item["v"], last_num_start, end))
        return numbers, end

    def _introduced_by(self, start: int) -> tuple[str, bool, tuple[str, ...]]:
        """Whether "motie(s)" or "amendement(en)" introduces the designation that starts here."""
        text = self.text
        ends = self._trigger_ends if self._trigger_ends is not None else self._find_triggers()
        i = bisect_right(ends, start) - 1
        if i < 0:
            return "kamerstuk", False, ()
        pos = ends[i]
        if start - pos > _TRIGGER_WINDOW or _GAP_BREAK.search(text, pos, start):
            return "kamerstuk", False, ()
        kind, plural = self._triggers[i]
        if not text[pos:start].strip(" \u00a0("):
            return kind, plural, ()  # "motie 35 207, nr. 83", "motie (Kamerstuk …)"
        names: tuple[str, ...] = ()
        m = _MOTIE_NAMES.match(text, pos, start)
        if m is not None:
            names = _names(m["names"], _SPLIT_M)
            pos = m.end()
        m = _GAP_LID.match(text, pos, start)
        if m is not None:
            names = names or _names(m["names"], _SPLIT_L)
            pos = m.end()
        if _GAP_END.fullmatch(text, pos, start) is None:
            tail = _GAP_TAIL.fullmatch(text, pos, start) or _GAP_WORDS.fullmatch(text, pos, start)
            if tail is None or _GAP_DOC_NOUN.search(text, pos, start) or _GAP_DOSSIER.search(text, pos, start):
                return "kamerstuk", False, ()
        return kind, plural, names

    # Other identifier forms ---------------------------------------------------------------------

    def _kst(self, start: int) -> tuple[list[Reference], int]:
        m = _KST.match(self.text, start)
        if m is None:
            return [], 0
        ref = Reference(
            "kamerstuk", m["d"], m["tv"], _number(m["n"]), None, None, None, (), start, m.end()
        )
        return [ref], m.end()

    def _oid(self, start: int) -> tuple[list[Reference], int]:
        m = _OID.match(self.text, start)
        if m is None:
            return [], 0
        if m["y"] is not None:
            ref = Reference("staatscourant", m["y"], None, _number(m["sn"]), None, None, None, (), start, m.end())
            return [ref], m.end()
        session = normalise_session(m["s"])
        if session is None:
            return [], 0
        chamber = "II" if m["c"] == "tk" else "I"
        kind = "aanhangsel" if m["p"] == "ah" else "handelingen"
        item = m["i"] if kind == "handelingen" else None
        end = m.end() if kind == "handelingen" else m.end("n")
        ref = Reference(kind, None, None, _number(m["n"]), item, chamber, session, (), start, end)
        return [ref], end

    def _hand(self, start: int) -> tuple[list[Reference], int]:
        m = _HAND.match(self.text, start)
        if m is None:
            return [], 0
        session = normalise_session(m["sess"])
        if session is None:
            return [], 0
        kind = "aanhangsel" if m["aanh"] else "handelingen"
        item = m["item"] if kind == "handelingen" else None
        end = m.end() if item else m.end("n")
        ref = Reference(kind, None, None, _number(m["n"]), item, m["ch"], session, (), start, end)
        return [ref], end

    def _stcrt(self, start: int) -> tuple[list[Reference], int]:
        m = _STC.match(self.text, start)
        if m is None:
            return [], 0
        ref = Reference("staatscourant", m["y"], None, _number(m["n"]), None, None, None, (), start, m.end("n"))
        return [ref], m.end("n")


def _scan(text: str, *, strict: bool) -> list[Reference]:
    # The scan resumes after each citation it reads, so no span is reported twice, and it reads in
    # the text's order; the sort (linear on sorted input) guarantees that order whatever changes.
    refs = _Scanner(text, strict=strict).run()
    refs.sort(key=_span)
    return refs


_span = attrgetter("start", "end")


def extract_references(text: str) -> list[Reference]:
    """Every citation in ``text``, in order of appearance. Never raises."""
    if not isinstance(text, str) or not text:
        return []
    return _scan(text, strict=False)


# --- the letter's own key --------------------------------------------------------------------

# A letter printed as a Kamerstuk names its own key in its header: "35 165 Verkiezingen\nNr. 46 BRIEF
# VAN DE MINISTER …" (tweedekamer.nl, 2022D06725; text extraction may join the lines), or as its
# identifier "kst-21501-02-2377" on a line of its own.
_OWN_HEADER = re.compile(
    rf"""^[^\S\n]*+(?P<d>[0-9]{{1,3}}[ \u00a0]?[0-9]{{3}})(?:(?:{_H}++|{_HY})(?P<tv>[IVX]{{1,5}}[AB]?|[A-Z]|[0-9]{{1,3}}|\(R[0-9]{{3,4}}\)))?
        (?:{_H}++[^\n]{{0,400}}?)?(?:{_H}*+\n\s*+|{_H}++)Nr\.{_H}*+(?P<n>[0-9]{{1,5}}[a-h]?|[A-Z]{{1,3}})(?![\w\-])
        (?=\s++[A-Z]{{2,}}|{_H}*+(?:\n|\Z))""",
    re.VERBOSE | re.MULTILINE,
)
_OWN_KST = re.compile(r"^[^\S\n]*+kst-(?P<d>[0-9]{4,6})(?:-(?P<tv>[A-Z]{1,5}|[0-9]{1,3}|\(R[0-9]{3,4}\)))?-(?P<n>[0-9]{1,5}[a-h]?|[A-Z]{1,3})(?:\.\w+)?[^\S\n]*+$", re.MULTILINE)
# The header stands before the letter's body: "Aan de Voorzitter", "Geachte voorzitter".
_HEADER_LIMIT = 1500


def own_key(text: str) -> str | None:
    """The key of the Kamerstuk that ``text`` itself is, from its header; None when it shows none.

    A letter never cites itself: the caller drops citations of this key.
    """
    if not isinstance(text, str) or not text:
        return None
    head = text[:_HEADER_LIMIT]
    m = _OWN_KST.search(head) or _OWN_HEADER.search(head)
    if m is None:
        return None
    try:
        return format_key(_digits(m["d"]), m["tv"], m["n"])
    except ValueError:
        return None
