"""What the open-data mirror shares: the page statistics, the error class, and pure parsing helpers.

No I/O here apart from logging; ``mapping`` (Zaak → Motion) and ``toezeggingen`` (Toezegging →
Commitment) build on it.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import cast

from ..models import Event, Kamerstuk

logger = logging.getLogger("motions.opendata")

_logged_unknown: set[tuple[str, str]] = set()


def log_unknown(kind: str, value: str) -> None:
    """Log an unknown enumeration value once per process, not once per row."""
    if (kind, value) not in _logged_unknown:
        _logged_unknown.add((kind, value))
        logger.warning("unknown %s value from open data: %r (stored as raw text)", kind, value)


class MappingError(ValueError):
    """An entity we cannot map (no key, no id): counted as an error, never guessed."""


_MAX_MESSAGES = 50


@dataclass
class SyncStats:
    pages: int = 0
    entities: int = 0  # feed entries read
    mirrored: int = 0  # raw rows written (new or changed)
    skipped: int = 0  # raw rows re-sent without a change: not written, not projected
    pending: int = 0  # motion Zaken still waiting for their Document or dossier
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    withdrawn: int = 0
    errors: int = 0
    resolved: int = 0
    messages: list[str] = field(default_factory=list)
    # Unsaved change-feed rows of this page; never summed into a run's total (memory stays flat).
    events: list[Event] = field(default_factory=list, repr=False)

    def add(self, other: SyncStats) -> None:
        self.pages += other.pages
        self.entities += other.entities
        self.mirrored += other.mirrored
        self.skipped += other.skipped
        self.pending += other.pending
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.withdrawn += other.withdrawn
        self.errors += other.errors
        self.resolved += other.resolved
        self.messages = (self.messages + other.messages)[-_MAX_MESSAGES:]

    def add_with_events(self, other: SyncStats) -> None:
        """``add``, keeping ``other``'s events (within one page, where they are written with it)."""
        self.add(other)
        self.events.extend(other.events)

    def error(self, message: str) -> None:
        self.errors += 1
        if len(self.messages) < _MAX_MESSAGES:
            self.messages.append(message)
        logger.warning("%s", message)

    @property
    def rows(self) -> int:
        return self.created + self.updated + self.unchanged + self.withdrawn + self.errors

    def as_dict(self) -> dict[str, int]:
        return {
            "pages": self.pages, "entities": self.entities, "mirrored": self.mirrored, "skipped": self.skipped, "pending": self.pending,
            "created": self.created, "updated": self.updated, "withdrawn": self.withdrawn,
            "unchanged": self.unchanged, "errors": self.errors, "resolved": self.resolved,
        }


# --- Parsing helpers (pure) -------------------------------------------------------------


def parse_datetime(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    text = value.strip().replace("Z", "+00:00")
    # OData sends 7 fractional digits; Python reads at most 6.
    text = re.sub(r"(\.\d{6})\d+", r"\1", text)
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return None


def parse_date(value: str | None) -> dt.date | None:
    """The calendar date as the source meant it (``2025-04-09T00:00:00+02:00`` is 9 April)."""
    moment = parse_datetime(value)
    return moment.date() if moment else None


def moment_of(value: str | None) -> float:
    """For ordering only: seconds since the epoch, 0 when unknown (offsets differ across DST)."""
    moment = parse_datetime(value)
    return moment.timestamp() if moment and moment.tzinfo else 0.0


_ISO_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$")
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def api_instant(value: str) -> int:
    """A feed timestamp with a zone (an entry's ``<updated>``) as integer nanoseconds since the epoch,
    exact to its 100 ns ticks (``datetime`` keeps only microseconds). Raises ValueError otherwise."""
    m = _ISO_RE.match(value.strip())
    if not m:
        raise ValueError(f"not an ISO 8601 timestamp with a time zone: {value!r}")
    year, month, day, hour, minute, second, frac, tz = m.groups()
    base = dt.datetime(
        int(year), int(month), int(day), int(hour), int(minute), int(second or 0),
        tzinfo=dt.timezone.utc if tz == "Z" else dt.datetime.strptime(tz, "%z").tzinfo,
    )
    seconds = (base - _EPOCH) // dt.timedelta(seconds=1)
    return seconds * 1_000_000_000 + int((frac or "").ljust(9, "0"))


def instant_or_zero(value: str) -> int:
    """An ``ApiGewijzigdOp`` as nanoseconds, exact to its 100 ns ticks; 0 when it is not one."""
    try:
        return api_instant(value)
    except ValueError:
        return 0


def parse_uuid(value: object) -> uuid.UUID | None:
    if not value:
        return None
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


# Fractie_Id and Persoon_Id repeat on every vote of a page: parse each once.
shared_uuid = functools.lru_cache(maxsize=16_384)(parse_uuid)

_GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def deleted_ids(entities: Iterable[dict], entity_set: str, stats: SyncStats) -> list[uuid.UUID]:
    """The Ids of a page of deleted rows; a row without a valid Id is counted as an error."""
    ids = []
    for entity in entities:
        row_id = parse_uuid(entity.get("Id"))
        if row_id is None:
            stats.error(f"deleted {entity_set} {entity.get('Nummer') or '?'} without a valid Id")
        else:
            ids.append(row_id)
    return ids


def guid_text(value: object) -> str | None:
    """A GUID as lower-case text, or None: for ids that are only stored, never compared as objects.
    Validating with a regular expression is several times cheaper than building a ``uuid.UUID``."""
    if isinstance(value, str) and _GUID.fullmatch(value):
        return value.lower()
    return None


def clean(value: object) -> str:
    """Text with runs of white space collapsed; '' for None."""
    if not value:
        return ""
    text = str(value)
    if "  " in text or "\n" in text or "\t" in text or text[:1].isspace() or text[-1:].isspace():
        return " ".join(text.split())
    return text


def live(rows: object) -> list[dict]:
    """The rows of an expanded navigation property (a list or one entity) that are not deleted."""
    if isinstance(rows, dict):
        rows = [rows]
    if not rows:
        return []
    return [r for r in cast(Iterable[object], rows) if isinstance(r, dict) and not r.get("Verwijderd")]


_KINDS = {
    "motie": Kamerstuk.Kind.MOTIE,
    "amendement": Kamerstuk.Kind.AMENDEMENT,
    "gewijzigd amendement": Kamerstuk.Kind.AMENDEMENT,
    "brief regering": Kamerstuk.Kind.BRIEF_REGERING,
    "initiatiefnota": Kamerstuk.Kind.INITIATIEFNOTA,
    "voorstel van wet": Kamerstuk.Kind.WETSVOORSTEL,
    "wetsvoorstel": Kamerstuk.Kind.WETSVOORSTEL,
}


def kind_for_soort(soort: str | None) -> str:
    """Document.Soort (about 110 values, new ones appear) → our coarse kind; unknown ones are 'overig'."""
    text = " ".join((soort or "").lower().split())
    if not text:
        return Kamerstuk.Kind.ONBEKEND
    if text in _KINDS:
        return _KINDS[text]
    if text.startswith("motie"):  # "Motie (gewijzigd/nader)"
        return Kamerstuk.Kind.MOTIE
    if "amendement" in text:
        return Kamerstuk.Kind.AMENDEMENT
    if text.startswith("verslag"):
        return Kamerstuk.Kind.VERSLAG
    return Kamerstuk.Kind.OVERIG


def person_name(persoon: dict | None) -> str:
    if not persoon:
        return ""
    return " ".join(p for p in (persoon.get("Initialen"), persoon.get("Tussenvoegsel"), persoon.get("Achternaam")) if p)
