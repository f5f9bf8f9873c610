"""The read model: the public API body of every motion, commitment and dossier, stored as one row.

A detail is then one indexed read (``read``) instead of six queries and a serialisation. The rows
are rebuilt by ``rebuild`` inside the transaction of every change that affects them: every event
(``motions.events.emit`` → ``touch``) and the changes that write no event (names from the sync, a
letter read again, admin edits) call ``motions.events.touch``, whose signal lands in ``on_change``.

What a stored body leaves to the reader (``Stored``):
- the host: links are stored against ``READ_BASE`` and the request's scheme and host go in its place;
- who changed a status: the public sees the ministry, staff the person (``staff`` holds the names);
- the date: a body with a deadline still ahead is right until that day (``fresh_until``); a read after
  it builds the row again (``overdue`` turned), as does a read of an item that has no row yet.

One way to build a body: the builders below, used by the rebuild, by ``rebuild_read_model`` and by
those repairs alike. The ETag is the version in clear plus a digest of the public body, so it changes
exactly when the body does.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from contextlib import nullcontext
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import DatabaseError, connections, router, transaction
from django.db.models import OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from rest_framework.utils.encoders import JSONEncoder

from api import serializers as s
from common.http import make_etag, version_etag
from letters.models import Citation
from motions.models import (
    READ_BASE,
    Commitment,
    Dossier,
    Kamerstuk,
    Motion,
    ReadRow,
    StatusChange,
)

CHUNK = 400  # ids per batch: well inside SQLite's parameter limit
Kind = ReadRow.Kind


@dataclass
class Built:
    kind: str
    key: str
    object_id: int
    body: str
    etag: str
    staff: list
    fresh_until: dt.date | None
    dossier_id: int | None = None  # a motion's dossier (whose row its change drops)

    def row(self) -> ReadRow:
        return ReadRow(kind=self.kind, key=self.key, object_id=self.object_id, body=self.body, etag=self.etag, staff=self.staff, fresh_until=self.fresh_until, page_nl="", page_en="", built_at=timezone.now())


def dumps(data: Any) -> str:
    """As the API's JSONRenderer writes it (compact, UTF-8)."""
    return json.dumps(data, cls=JSONEncoder, ensure_ascii=False, separators=(",", ":"))


def _context(today: dt.date) -> dict[str, Any]:
    # No request: the public representation (``sees_staff`` is false), links against READ_BASE.
    return {"_base": READ_BASE, "_today": today}


def _seal(data: dict[str, Any], version: int | None) -> tuple[str, str]:
    """The body's text and its ETag (the body carries its own ETag as ``etag`` where it has one)."""
    has_etag = "etag" in data
    if has_etag:
        data["etag"] = ""
    text = dumps(data)
    etag = version_etag(version, text) if version is not None else make_etag(text)
    if has_etag:
        data["etag"] = etag
        text = dumps(data)
    return text, etag


def _fresh_until(deadline: dt.date | None, today: dt.date) -> dt.date | None:
    # ``overdue`` (and the page's "termijn verstreken") turn the day after the deadline.
    return deadline if deadline is not None and today <= deadline else None


def staff_name(username: str | None, first: str | None, last: str | None) -> str | None:
    """``history[].by`` as staff see it: the person's name, else the username; null for the sync."""
    if not username:
        return None
    return f"{first or ''} {last or ''}".strip() or username


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    ordered = sorted(set(ids))
    for at in range(0, len(ordered), CHUNK):
        yield ordered[at : at + CHUNK]


# --- Motions ---------------------------------------------------------------------------------------

# The detail's child rows for a batch of motions, as plain SQL (portable: PostgreSQL and SQLite);
# the first column is the motion's id. ``api.serializers.motion_detail`` reads the rest in this order.
CHILD_SQL = {
    "submitters": """
        SELECT s.motion_id, m.slug, m.initials, m.tussenvoegsel, m.surname, s.role, sp.abbreviation, mp.abbreviation
        FROM motions_sponsorship s JOIN motions_member m ON m.id = s.member_id
        LEFT JOIN motions_party sp ON sp.id = s.party_id LEFT JOIN motions_party mp ON mp.id = m.party_id
        WHERE s.motion_id IN ({ids}) ORDER BY s.motion_id, s."order", s.id""",
    "votes": """
        SELECT v.motion_id, p.abbreviation, mp.abbreviation, m.tussenvoegsel, m.surname, v.choice, v.seats, v.mistake
        FROM motions_vote v LEFT JOIN motions_party p ON p.id = v.party_id
        LEFT JOIN motions_member m ON m.id = v.member_id LEFT JOIN motions_party mp ON mp.id = m.party_id
        WHERE v.motion_id IN ({ids}) ORDER BY v.motion_id, v.id""",
    "history": """
        SELECT h.motion_id, h.at, h.old_status, h.new_status, h.reason, u.username, u.first_name, u.last_name, h.deadline, h.citation_id, l.id, l.title, l.date, mi.name
        FROM motions_statuschange h LEFT JOIN auth_user u ON u.id = h.by_id
        LEFT JOIN motions_staffprofile sp ON sp.user_id = u.id LEFT JOIN motions_ministry mi ON mi.id = sp.ministry_id
        LEFT JOIN letters_citation c ON c.id = h.citation_id LEFT JOIN letters_letter l ON l.id = c.letter_id
        WHERE h.motion_id IN ({ids}) ORDER BY h.motion_id, h.at, h.id""",
    "replaced_by": """
        SELECT m.replaces_id, k.key FROM motions_motion m JOIN motions_kamerstuk k ON k.id = m.kamerstuk_id
        WHERE m.replaces_id IN ({ids}) ORDER BY m.replaces_id, m.id""",
}

RESPONSE_COLUMNS = (
    "kamerstuk_id", "id", "letter_id", "letter__title", "letter__date", "excerpt", "section", "review",
    "suggested_status", "suggestion_confidence", "suggestion_evidence", "suggested_deadline", "suggested_deadline_text", "suggestion_accepted",
)


def _child_rows(motions: Sequence[Motion]) -> dict[int, dict[str, list]]:
    connection = connections[router.db_for_read(Motion) or "default"]
    ids = [m.pk for m in motions]
    placeholders = ", ".join(["%s"] * len(ids))
    out: dict[int, dict[str, list]] = defaultdict(lambda: {name: [] for name in (*CHILD_SQL, "responses")})
    with connection.cursor() as cursor:
        for name, sql in CHILD_SQL.items():
            cursor.execute(sql.format(ids=placeholders), ids)
            for row in cursor.fetchall():
                # submitters keep their motion id (``submitters_by_motion`` groups by it)
                out[row[0]][name].append(row if name == "submitters" else (row[1] if name == "replaced_by" else row[1:]))
    by_paper = {m.kamerstuk_id: m.pk for m in motions}
    responses = Citation.objects.responses().filter(kamerstuk_id__in=list(by_paper)).order_by("kamerstuk_id", "-letter__date", "letter_id", "start").values_list(*RESPONSE_COLUMNS)
    for paper_id, *row in responses:
        out[by_paper[paper_id]]["responses"].append(tuple(row))
    if connection.vendor != "postgresql":
        for rows in out.values():
            _typed(rows)
    return out


def _typed(out: dict[str, list]) -> None:
    """SQLite hands back dates as text and booleans as integers; the builders want Python values."""
    from django.utils.dateparse import parse_date, parse_datetime

    def when(value):
        parsed = parse_datetime(value) if isinstance(value, str) else value
        # SQLite stores UTC without an offset.
        return parsed.replace(tzinfo=dt.timezone.utc) if isinstance(parsed, dt.datetime) and timezone.is_naive(parsed) else parsed

    def day(value):
        return parse_date(value) if isinstance(value, str) else value

    out["votes"] = [(*r[:6], bool(r[6])) for r in out["votes"]]
    out["history"] = [(when(r[0]), *r[1:7], day(r[7]), r[8], r[9], r[10], day(r[11]), *r[12:]) for r in out["history"]]


def build_motions(ids: Iterable[int], today: dt.date | None = None) -> list[Built]:
    """The stored rows of these motions, built now (missing ids are left out)."""
    today = today or timezone.localdate()
    context = _context(today)
    built = []
    replaces = Subquery(Kamerstuk.objects.filter(motion__id=OuterRef("replaces_id")).order_by().values("key")[:1])
    for chunk in _chunks(ids):
        motions = list(Motion.objects.select_related("kamerstuk", "ministry").defer("search_vector").annotate(replaces_key=replaces).filter(pk__in=chunk).order_by())
        if not motions:
            continue
        children = _child_rows(motions)
        for motion in motions:
            rows = children[motion.pk]
            motion.__dict__["api_etag"] = ""
            data = s.motion_detail(motion, **rows, context=context)
            body, etag = _seal(data, motion.version)
            staff = [staff_name(username, first, last) for _at, _old, _new, _reason, username, first, last, *_rest in rows["history"]]
            built.append(Built(Kind.MOTION, motion.kamerstuk.key, motion.pk, body, etag, staff, _fresh_until(motion.deadline, today), motion.kamerstuk.dossier_id))
    return built


# --- Commitments and dossiers ----------------------------------------------------------------------

HISTORY = Prefetch("status_changes", queryset=StatusChange.objects.select_related("by__staff_profile__ministry", "citation__letter").order_by("at", "id"))


def build_commitments(ids: Iterable[int], today: dt.date | None = None) -> list[Built]:
    today = today or timezone.localdate()
    context = _context(today)
    built = []
    for chunk in _chunks(ids):
        commitments = list(Commitment.objects.select_related("ministry", "made_to_member", "made_to_party", "kamerstuk").prefetch_related(HISTORY).filter(pk__in=chunk).order_by())
        responses: dict[int, list] = defaultdict(list)
        for citation in Citation.objects.responses().filter(commitment_id__in=chunk, target=Citation.Target.COMMITMENT).select_related("letter").order_by("commitment_id", "-letter__date", "letter_id", "start"):
            responses[citation.commitment_id].append(citation)
        for commitment in commitments:
            commitment.__dict__.update(api_responses=responses[commitment.pk], api_etag="")
            data = dict(s.CommitmentDetailSerializer(commitment, context=context).data)
            body, etag = _seal(data, commitment.version)
            staff = [staff_name(h.by.get_username(), h.by.first_name, h.by.last_name) if h.by else None for h in commitment.status_changes.all()]
            built.append(Built(Kind.COMMITMENT, str(commitment.pk), commitment.pk, body, etag, staff, _fresh_until(commitment.deadline, today)))
    return built


def build_dossiers(ids: Iterable[int], today: dt.date | None = None) -> list[Built]:
    context = _context(today or timezone.localdate())
    built = []
    for chunk in _chunks(ids):
        for dossier in Dossier.objects.filter(pk__in=chunk).order_by():
            papers = Kamerstuk.objects.filter(dossier=dossier).exclude(kind=Kamerstuk.Kind.MOTIE).select_related("dossier").annotate(motion_id_api=Coalesce("motion__id", Value(0))).order_by("date", "id")
            motions = Motion.objects.filter(kamerstuk__dossier=dossier).select_related("kamerstuk").only("kamerstuk__key", "title", "submitted_on", "outcome", "status").order_by("-submitted_on", "-id")
            dossier.__dict__.update(api_papers=list(papers), api_motions=list(motions))
            body, etag = _seal(dict(s.DossierDetailSerializer(dossier, context=context).data), None)
            built.append(Built(Kind.DOSSIER, dossier.key, dossier.pk, body, etag, [], None))
    return built


BUILDERS: dict[str, Callable[[Iterable[int], dt.date | None], list[Built]]] = {Kind.MOTION: build_motions, Kind.COMMITMENT: build_commitments, Kind.DOSSIER: build_dossiers}


# --- Writing ---------------------------------------------------------------------------------------


def store(kind: str, ids: Iterable[int], built: list[Built]) -> None:
    """Upsert the built rows; drop the rows of ids that no longer exist (a placeholder that went)."""
    ids = set(ids)
    if built:
        ReadRow.objects.bulk_create(
            [b.row() for b in built],
            update_conflicts=True,
            unique_fields=["kind", "key"],
            update_fields=["object_id", "body", "etag", "staff", "fresh_until", "page_nl", "page_en", "built_at"],
        )
    gone = ids - {b.object_id for b in built}
    if gone:
        ReadRow.objects.filter(kind=kind, object_id__in=gone).delete()


def rebuild(*, motions: Iterable[int] = (), commitments: Iterable[int] = (), dossiers: Iterable[int] = (), today: dt.date | None = None) -> int:
    """Build and store the rows of these motions and commitments; returns how many.

    Their dossiers' rows (and those of ``dossiers``) are dropped instead, in the same transaction,
    and built on their next read: a dossier lists every paper and motion it holds (thousands, for
    the largest), too much to build again inside every status change of one of its motions. A row
    is thus always right or absent, never stale."""
    motions, commitments, dossiers = set(motions), set(commitments), set(dossiers)
    count = 0
    with nullcontext() if transaction.get_connection().in_atomic_block else transaction.atomic():
        for kind, ids in ((Kind.MOTION, motions), (Kind.COMMITMENT, commitments)):
            if ids:
                built = BUILDERS[kind](ids, today)
                store(kind, ids, built)
                count += len(built)
                dossiers |= {b.dossier_id for b in built if b.dossier_id is not None}
        if dossiers:
            ReadRow.objects.filter(kind=Kind.DOSSIER, object_id__in=dossiers).delete()
    return count


def on_change(sender, motions=(), commitments=(), dossiers=(), **kwargs) -> None:
    """``motions.events.representations_changed``: rebuild in the sender's transaction."""
    rebuild(motions=motions, commitments=commitments, dossiers=dossiers)


# --- Reading ---------------------------------------------------------------------------------------

READ_SQL = "SELECT object_id, body, etag, staff, fresh_until FROM motions_readrow WHERE kind = %s AND key = %s"


@dataclass
class Stored:
    object_id: int
    body: str
    etag: str
    staff: list

    def text(self, base: str, *, staff: bool = False) -> str:
        """The body for a reader: links on ``base`` (scheme and host), names for staff."""
        text = self.body
        # A link is a JSON string that starts with READ_BASE: right after ':', '[' or ','. Text a
        # user wrote holds '"' escaped ('\\"'), so it cannot match.
        for before in (':"', '["', ',"'):
            text = text.replace(before + READ_BASE, before + base)
        if staff and any(self.staff):
            data = json.loads(text)
            for entry, name in zip(data.get("history", []), self.staff):
                entry["by"] = name
            text = dumps(data)
        return text


def _load(connection, kind: str, key: str) -> tuple | None:
    with connection.cursor() as cursor:
        cursor.execute(READ_SQL, [kind, key])
        return cursor.fetchone()


def read(kind: str, key: str, object_id: int | None = None) -> Stored | None:
    """The stored body of an item by its key: one indexed read. Without a row (not built yet) or
    past its ``fresh_until``, the row is built now and kept, if ``object_id`` (or the key) names
    an item that exists; None when none does."""
    connection = connections[router.db_for_read(ReadRow) or "default"]
    found = _load(connection, kind, key)
    today = timezone.localdate()
    if found is not None:
        fresh_until = found[4]
        if isinstance(fresh_until, str):  # SQLite
            fresh_until = dt.date.fromisoformat(fresh_until)
        if fresh_until is None or today <= fresh_until:
            staff = found[3] if isinstance(found[3], list) else json.loads(found[3] or "[]")
            return Stored(found[0], found[1], found[2], staff)
        object_id = found[0]
    if object_id is None:
        object_id = _object_id(kind, key)
        if object_id is None:
            return None
    built = [b for b in BUILDERS[kind]([object_id], today) if b.key == key]
    if not built:
        return None
    _repair(kind, key, built[0], found[2] if found is not None else None)
    b = built[0]
    return Stored(b.object_id, b.body, b.etag, b.staff)


def _object_id(kind: str, key: str) -> int | None:
    if kind == Kind.MOTION:
        return Motion.objects.filter(kamerstuk__key=key).values_list("pk", flat=True).first()
    if kind == Kind.COMMITMENT:
        return int(key) if key.isdigit() and Commitment.objects.filter(pk=int(key)).exists() else None
    number, _, toevoeging = key.partition("-")
    return Dossier.objects.filter(number=int(number), toevoeging=toevoeging).values_list("pk", flat=True).first()


def _repair(kind: str, key: str, built: Built, seen_etag: str | None) -> None:
    """Keep what a read built, without ever overwriting a newer row: insert when there is none, or
    replace exactly the row the read found (a change committed meanwhile has another ETag)."""
    try:
        with transaction.atomic():
            if seen_etag is None:
                ReadRow.objects.bulk_create([built.row()], ignore_conflicts=True)
            else:
                fields = {name: getattr(built.row(), name) for name in ("body", "etag", "staff", "fresh_until", "page_nl", "page_en", "built_at")}
                ReadRow.objects.filter(kind=kind, key=key, etag=seen_etag).update(**fields)
    except DatabaseError:  # a read-only database, a lock: the reader still gets its answer
        pass


def rebuild_all(*, kinds: Iterable[str] = tuple(Kind.values), only_stale: bool = False, progress=None) -> dict[str, int]:
    """Build every row again, a batch per transaction (safe while the site serves: a batch replaces
    whole rows, and a change committed meanwhile rebuilds its own rows in its own transaction).
    ``only_stale``: just the rows whose ``fresh_until`` has passed. ``progress(kind, done, total)``."""
    today = timezone.localdate()
    sources: dict[str, Any] = {
        Kind.MOTION: Motion.objects.order_by("pk"),
        Kind.COMMITMENT: Commitment.objects.order_by("pk"),
        Kind.DOSSIER: Dossier.objects.order_by("pk"),
    }
    done: dict[str, int] = {}
    for kind in kinds:
        if only_stale:
            ids = list(ReadRow.objects.filter(kind=kind, fresh_until__lt=today).order_by("object_id").values_list("object_id", flat=True))
        else:
            ids = list(sources[kind].values_list("pk", flat=True))
        done[kind] = 0
        for at in range(0, len(ids), CHUNK):
            chunk = ids[at : at + CHUNK]
            with transaction.atomic():
                store(kind, chunk, BUILDERS[kind](chunk, today))
            done[kind] += len(chunk)
            if progress is not None:
                progress(kind, done[kind], len(ids))
        if not only_stale:  # rows of items that are gone
            ReadRow.objects.filter(kind=kind).exclude(object_id__in=sources[kind].values("pk")).delete()
    return done
