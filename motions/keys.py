"""Keys of Kamerstukken: the one place that parses and formats them.

A key is the officielebekendmakingen identifier without ``kst-``:
``35207-83``, ``36600-V-31`` (budget chapter V), ``21501-20-2243`` (sub-dossier 20),
``33328-AI`` (Eerste Kamer papers number with letters), ``23987-(R1601)-14`` (a rijkswet's
dossier carries its R-number as toevoeging), ``36700-XII-18e`` (a number with a letter suffix). Lookups also accept
``kst-35207-83`` and the way letters write it: ``35 207, nr. 83``,
``Kamerstuk 36 600 V, nr. 31``, ``21 501-20, nr. 2243``, ``35207 nr. 83``.

No Django imports: the citation parser and the sync use it too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["InvalidKey", "PaperKey", "parse_key", "format_key", "parse_dossier_key", "format_dossier_key"]


class InvalidKey(ValueError):
    """A string that is not a Kamerstuk key; the message says why, for users."""


# A toevoeging is a roman budget chapter (V, XVII), a letter (A, B: funds, Eerste Kamer)
# or a sub-dossier number (20 in 21501-20).
_TOEVOEGING = r"(?:[A-Za-z]{1,6}|\d{1,3}|\([Rr]\d{3,4}\))"
_NUMBER = r"(?:\d{1,6}[a-h]?|[A-Za-z]{1,3})"

# The canonical form and kst- form: 35207-83, 36600-V-31, 21501-20-2243, kst-33328-AI.
_CANONICAL = re.compile(
    rf"^(?:kst-)?(?P<dossier>\d{{1,6}})(?:-(?P<toevoeging>{_TOEVOEGING}))?-(?P<number>{_NUMBER})$",
    re.IGNORECASE,
)
# Free text: "35 207, nr. 83", "Kamerstuk 36 600 V, nr. 31", "21 501-20, nr. 2243", "35207 nr. 83",
# "36600-V nr. 31", "kamerstukken 35 207 nr 83".
_FREE = re.compile(
    rf"""^(?:kamerstuk(?:ken)?\s+)?
        (?P<dossier>\d{{1,3}}(?:[ \u00a0.]?\d{{3}})?|\d{{1,6}})
        (?:(?:\s*-\s*|\s+)(?P<toevoeging>{_TOEVOEGING}))?
        \s*,?\s*
        (?:nr\.?|nummer|no\.?)\s*
        (?P<number>{_NUMBER})\.?$""",
    re.IGNORECASE | re.VERBOSE,
)
_DOSSIER = re.compile(
    rf"^(?:kst-)?(?P<dossier>\d{{1,3}}(?:[ \u00a0.]?\d{{3}})?|\d{{1,6}})(?:(?:\s*-\s*|\s+)(?P<toevoeging>{_TOEVOEGING}))?$",
    re.IGNORECASE,
)


@dataclass(frozen=True, order=True)
class PaperKey:
    dossier: str  # digits only, no leading zeros
    toevoeging: str  # "" when none; roman chapters and letters upper-case
    number: str  # ondernummer: digits without leading zeros, or upper-case letters

    def __str__(self) -> str:
        return format_key(self.dossier, self.toevoeging, self.number)

    @property
    def dossier_key(self) -> str:
        return format_dossier_key(self.dossier, self.toevoeging)

    @property
    def kst_id(self) -> str:
        return f"kst-{self}"


def _norm_dossier(raw: str) -> str:
    digits = re.sub(r"[\s.\u00a0]", "", raw)
    if not digits.isdigit():
        raise InvalidKey(f"dossier number {raw!r} is not a number")
    value = int(digits)
    if value <= 0:
        raise InvalidKey("dossier number must be positive")
    return str(value)


def _norm_toevoeging(raw: str | None) -> str:
    # Sub-dossier numbers stay as written: the official identifiers spell 21501-02 with its zero.
    if not raw:
        return ""
    return raw.strip().upper()


def _norm_number(raw: str) -> str:
    raw = raw.strip()
    digits = raw.rstrip("abcdefghABCDEFGH") if raw[:1].isdigit() else raw
    if digits.isdigit():
        value = int(digits)
        if value <= 0:
            raise InvalidKey("the paper number (nr.) must be positive")
        # "nr. 18e": the suffix stays lower case, as the papers print it.
        return str(value) + raw[len(digits) :].lower()
    return raw.upper()


def format_dossier_key(dossier: str | int, toevoeging: str | None = "") -> str:
    toevoeging = _norm_toevoeging(toevoeging or "")
    return f"{int(dossier)}-{toevoeging}" if toevoeging else str(int(dossier))


def format_key(dossier: str | int, toevoeging: str | None, number: str | int) -> str:
    """``format_key(36600, "V", 31) == "36600-V-31"``."""
    return f"{format_dossier_key(dossier, toevoeging)}-{_norm_number(str(number))}"


def parse_key(value: str) -> PaperKey:
    """Parse any accepted spelling of a Kamerstuk key; raise InvalidKey otherwise."""
    if not isinstance(value, str):
        raise InvalidKey("a key must be text")
    text = " ".join(value.strip().split())
    if not text:
        raise InvalidKey("empty key")
    if len(text) > 80:
        raise InvalidKey("key is too long")
    match = _CANONICAL.match(text) or _FREE.match(text)
    if match is None:
        raise InvalidKey(
            f"{value.strip()[:40]!r} is not a Kamerstuk key; expected e.g. 35207-83, 36600-V-31, "
            "21501-20-2243 or '35 207, nr. 83'"
        )
    return PaperKey(
        dossier=_norm_dossier(match["dossier"]),
        toevoeging=_norm_toevoeging(match["toevoeging"]),
        number=_norm_number(match["number"]),
    )


def parse_dossier_key(value: str) -> tuple[str, str]:
    """``"36600-V"`` → ``("36600", "V")``; ``"35 207"`` → ``("35207", "")``."""
    text = " ".join((value or "").strip().split())
    match = _DOSSIER.match(text)
    if match is None:
        raise InvalidKey(f"{text[:40]!r} is not a dossier; expected e.g. 35207, 36600-V or 21501-20")
    return _norm_dossier(match["dossier"]), _norm_toevoeging(match["toevoeging"])


def official_citation(value: str | PaperKey) -> str:
    """How letters and budget annexes cite a paper: ``Kamerstuk 26 150, nr. 227``,
    ``Kamerstuk 36 600 V, nr. 31``, ``Kamerstuk 21 501-20, nr. 2243``."""
    key = value if isinstance(value, PaperKey) else parse_key(value)
    digits = key.dossier
    dossier = f"{digits[:-3]} {digits[-3:]}" if len(digits) > 3 else digits
    if key.toevoeging:
        # A sub-dossier is joined with a hyphen (21 501-20); a budget chapter or letter follows a space.
        dossier += f"-{key.toevoeging}" if key.toevoeging.isdigit() else f" {key.toevoeging}"
    return f"Kamerstuk {dossier}, nr. {key.number}"
