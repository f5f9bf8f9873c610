"""HTTP for the API done once: ETags and conditional requests, Cache-Control, keyset cursors,
and a JSON parser that refuses oversized bodies.

A leaf module: it imports DRF and Django only, never an app, so the apps' API views can use it
without an import circle (the apps sit below ``tracker`` everywhere else).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db.models import F, Field, Model, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from rest_framework import exceptions, parsers
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

# Anonymous reads may be cached this long by browsers and shared caches; short, because a status
# change should show up soon. Authenticated answers are never stored by anyone but the client.
PUBLIC_MAX_AGE = 30


# --- ETags --------------------------------------------------------------------------------------------


def make_etag(*parts: Any) -> str:
    """A strong ETag (quoted) from whatever identifies a representation's version."""
    digest = hashlib.sha256(json.dumps(parts, default=str, separators=(",", ":")).encode()).hexdigest()[:32]
    return f'"{digest}"'


def version_etag(version: int, *parts: Any) -> str:
    """An ETag that carries the row's version in clear (``"v7-…"``), so If-Match can hand it to the
    workflow service as ``expected_version`` and the check happens inside the locked transaction."""
    return f'"v{int(version)}-{make_etag(*parts)[1:17]}"'


_VERSION_TAG = re.compile(r'^"v(\d{1,9})-[0-9a-f]{16}"$')


def version_of(etag: str) -> int | None:
    match = _VERSION_TAG.match(etag)
    return int(match[1]) if match else None


def _tags(header: str) -> list[str]:
    return [tag.strip() for tag in header.split(",") if tag.strip()]


def none_match(request: Request, etag: str) -> bool:
    """True when If-None-Match names this representation (weak comparison, RFC 9110 13.1.2)."""
    header = request.META.get("HTTP_IF_NONE_MATCH", "")
    if not header:
        return False
    bare = etag.removeprefix("W/")
    return any(tag == "*" or tag.removeprefix("W/") == bare for tag in _tags(header))


def not_modified(etag: str) -> Response:
    response = Response(status=304)
    response["ETag"] = etag
    return response


# --- The base of every API view ------------------------------------------------------------------------


class CachingMixin:
    """Cache-Control and Vary on every answer: public and short for anonymous reads, private and
    not stored for anything authenticated or written."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        if "Cache-Control" not in response:
            anonymous = not request.META.get("HTTP_AUTHORIZATION") and not getattr(getattr(request, "user", None), "is_authenticated", False)
            if request.method in ("GET", "HEAD") and response.status_code in (200, 304) and anonymous:
                response["Cache-Control"] = f"public, max-age={getattr(self, 'max_age', PUBLIC_MAX_AGE)}"
            elif request.method in ("GET", "HEAD") and response.status_code in (200, 304):
                response["Cache-Control"] = "private, no-store"
            else:
                response["Cache-Control"] = "no-store"
        response["Vary"] = "Accept, Accept-Language, Authorization, Cookie"  # messages follow Accept-Language
        return response


# --- If-Match for writes --------------------------------------------------------------------------------


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_code = "precondition_required"
    default_detail = "This change needs an If-Match header with the ETag you last read (GET the item first)."


class PreconditionFailed(exceptions.APIException):
    status_code = 412
    default_code = "precondition_failed"
    default_detail = "The item changed since you read it; GET it again and retry with its new ETag."

    def __init__(self, detail: str | None = None, *, etag: str | None = None):
        super().__init__(detail)
        self.etag = etag


def required_version(request: Request, current_etag: str) -> int:
    """The version the client last read, from If-Match; 428 without it, 412 when it is not current.

    The returned version goes to the service as ``expected_version``, which checks it again under
    the row lock, so a change that lands between this check and the write is still caught (412)."""
    header = request.META.get("HTTP_IF_MATCH", "").strip()
    if not header:
        raise PreconditionRequired()
    tags = _tags(header)
    if "*" in tags:
        raise PreconditionRequired("If-Match: * is not enough here; send the ETag you last read.")
    if current_etag not in tags:
        raise PreconditionFailed(etag=current_etag)
    version = version_of(current_etag)
    assert version is not None, "write targets carry versioned ETags"
    return version


# --- Keyset (cursor) pagination ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SortKey:
    """One way to order a list. ``null_as`` stands in for NULL so the order is total and the
    cursor comparison works on every row (an expression index can follow it)."""

    field: str
    kind: str  # "date", "datetime", "int", "float" or "str"
    descending: bool = True
    null_as: Any = None
    label: str = ""

    def expression(self):
        if self.null_as is None:
            return F(self.field)
        return Coalesce(F(self.field), Value(self.null_as))


def both_ways(field: str, kind: str, null_as: Any = None, *, name: str | None = None) -> dict[str, SortKey]:
    """``?ordering=name`` and ``?ordering=-name`` for one field: ascending and descending."""
    name = name or field
    return {name: SortKey(field, kind, False, null_as), f"-{name}": SortKey(field, kind, True, null_as)}


def _encode(payload: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload, separators=(",", ":")).encode()).decode().rstrip("=")


def _decode(token: str) -> Any:
    if len(token) > 500:
        raise ValueError("too long")
    padded = token + "=" * (-len(token) % 4)
    try:
        return json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (binascii.Error, ValueError, UnicodeError) as exc:
        raise ValueError(str(exc)) from exc


def _to_json(value: Any, kind: str) -> Any:
    if kind in ("date", "datetime"):
        return value.isoformat()
    return value


def _from_json(value: Any, kind: str) -> Any:
    parsed: dt.date | dt.datetime | int | float | str | None
    if kind == "date" and isinstance(value, str):
        parsed = parse_date(value)
    elif kind == "datetime" and isinstance(value, str):
        parsed = parse_datetime(value)
    elif kind == "int" and isinstance(value, int) and not isinstance(value, bool):
        parsed = value
    elif kind == "float" and isinstance(value, (int, float)) and not isinstance(value, bool):
        parsed = float(value)
    elif kind == "str" and isinstance(value, str):
        parsed = value
    else:
        parsed = None
    if parsed is None:
        raise ValueError("bad position")
    return parsed


class KeysetPagination(BasePagination):
    """Cursor pagination over (sort key, id): stable while rows are added or changed, constant
    cost wherever the cursor points (with an index on the same key), ties broken by id.

    Views set ``orderings`` (name → SortKey) and ``default_ordering``; ``?ordering=-name``.
    Unlike DRF's CursorPagination the cursor holds the whole position (value and id), so rows
    sharing a date are neither skipped nor repeated, and NULLs sort as ``null_as``.
    """

    page_size = 50
    max_page_size = 200
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"
    ordering_query_param = "ordering"

    def ordering_for(self, request: Request, view) -> tuple[str, SortKey]:
        orderings: dict[str, SortKey] = view.orderings
        name = request.query_params.get(self.ordering_query_param) or view.default_ordering
        if name not in orderings:
            raise exceptions.ValidationError({self.ordering_query_param: [_("Kies uit: %(choices)s.") % {"choices": ", ".join(sorted(orderings))}]})
        return name, orderings[name]

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw in (None, ""):
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise exceptions.ValidationError({self.page_size_query_param: [_("Een geheel getal van 1 tot en met %(max)s.") % {"max": self.max_page_size}]})
        return int(raw)

    def validate(self, request: Request, view) -> None:
        name, key = self.ordering_for(request, view)
        self.get_page_size(request)
        raw = request.query_params.get(self.cursor_query_param)
        if raw:
            self._position(raw, name, key)

    def paginate_queryset(self, queryset: QuerySet | Sequence[Any], request: Request, view=None) -> list:
        if not isinstance(queryset, QuerySet):
            raise TypeError("KeysetPagination pages a QuerySet: it sorts and filters in the database.")
        name, key = self.ordering_for(request, view)
        size = self.get_page_size(request)
        pk = "-pk" if key.descending else "pk"
        ordered = queryset.annotate(_sort=key.expression()).order_by("-_sort" if key.descending else "_sort", pk)
        raw = request.query_params.get(self.cursor_query_param)
        if raw:
            value, last_pk = self._position(raw, name, key)
            after = "lt" if key.descending else "gt"
            bound = "lte" if key.descending else "gte"
            # The redundant bound lets PostgreSQL start the index scan at the cursor.
            ordered = ordered.filter(**{f"_sort__{bound}": value}).filter(Q(**{f"_sort__{after}": value}) | Q(_sort=value, **{f"pk__{after}": last_pk}))
        rows = list(ordered[: size + 1])
        self.request = request
        self.has_next = len(rows) > size
        rows = rows[:size]
        self.next_cursor = _encode({"o": name, "v": _to_json(rows[-1]._sort, key.kind), "id": rows[-1].pk}) if self.has_next else None
        return rows

    def _position(self, raw: str, name: str, key: SortKey) -> tuple[Any, int]:
        try:
            payload = _decode(raw)
            if not isinstance(payload, dict) or payload.get("o") != name:
                raise ValueError("other ordering")
            last_pk = payload["id"]
            if not isinstance(last_pk, int) or isinstance(last_pk, bool):
                raise ValueError("bad id")
            return _from_json(payload["v"], key.kind), last_pk
        except (ValueError, KeyError, TypeError, OverflowError):
            raise exceptions.ValidationError({self.cursor_query_param: [_("Geen cursor van deze lijst met deze volgorde; gebruik de link 'next' zoals u die kreeg.")]})

    def get_next_link(self) -> str | None:
        if not self.next_cursor:
            return None
        return replace_query_param(self.request.build_absolute_uri(), self.cursor_query_param, self.next_cursor)

    def get_paginated_response(self, data) -> Response:
        return Response({"next": self.get_next_link(), "results": data})

    def get_paginated_response_schema(self, schema: dict) -> dict:
        return {
            "type": "object",
            "required": ["next", "results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri", "description": "The next page, or null on the last one."},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view) -> list[dict]:
        names = sorted(getattr(view, "orderings", {}) or {})
        params = [
            {"name": self.cursor_query_param, "in": "query", "required": False, "description": "Opaque position from a `next` link.", "schema": {"type": "string", "minLength": 1, "maxLength": 500}},
            {"name": self.page_size_query_param, "in": "query", "required": False, "description": f"Rows per page (default {self.page_size}).", "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size}},
        ]
        if names:
            params.append({"name": self.ordering_query_param, "in": "query", "required": False, "description": f"Sort order (default `{view.default_ordering}`); ties are broken by id.", "schema": {"type": "string", "enum": names}})
        return params


def first_page_url(request: Request) -> str:
    return remove_query_param(request.build_absolute_uri(), "cursor")


# --- Opaque change-feed cursors ------------------------------------------------------------------------------


def encode_seq(seq: int) -> str:
    return base64.urlsafe_b64encode(f"seq:{int(seq)}".encode()).decode().rstrip("=")


def decode_seq(token: str) -> int:
    """Inverse of encode_seq; ValueError for anything it did not make."""
    if not token or len(token) > 40:
        raise ValueError("empty or too long")
    try:
        text = base64.urlsafe_b64decode((token + "=" * (-len(token) % 4)).encode("ascii")).decode("ascii")
    except (binascii.Error, UnicodeError) as exc:
        raise ValueError(str(exc)) from exc
    match = re.fullmatch(r"seq:(\d{1,18})", text)
    if match is None:
        raise ValueError("not a cursor")
    return int(match[1])


# --- Query-parameter hygiene -----------------------------------------------------------------------------------


def check_query_params(request: Request) -> None:
    """Refuse, as a 400 naming the parameter, what cannot mean anything before it reaches a query:
    text the database cannot store (NUL) and empty values (``?status=``), which would otherwise
    silently mean "no filter"."""
    bad: dict[str, list[str]] = {}
    for name, values in request.query_params.lists():
        if "\x00" in name or any("\x00" in v for v in values):
            bad[name.replace("\x00", "")] = [_("Bevat een NUL-teken.")]
        elif any(v == "" for v in values):
            bad[name] = [_("Lege waarde; laat de parameter dan weg.")]
    if bad:
        raise exceptions.ValidationError(bad)


# --- Bodies ----------------------------------------------------------------------------------------------------


class LimitedJSONParser(parsers.JSONParser):
    """DRF's JSON parser reads the stream without Django's size check; this one applies it (413)
    and turns undecodable bytes into a 400 instead of an exception."""

    def parse(self, stream, media_type=None, parser_context=None):
        request = (parser_context or {}).get("request")
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        length = request.META.get("CONTENT_LENGTH") if request is not None else None
        if limit is not None and length and length.isdigit() and int(length) > limit:
            raise PayloadTooLarge()
        data = stream.read(limit + 1) if (limit is not None and stream is not None) else (stream.read() if stream is not None else b"")
        if limit is not None and len(data) > limit:
            raise PayloadTooLarge()
        try:
            text = data.decode((parser_context or {}).get("encoding") or settings.DEFAULT_CHARSET)
            return json.loads(text, parse_constant=_no_constants)
        except (ValueError, UnicodeDecodeError) as exc:
            raise exceptions.ParseError(f"The body is not valid JSON: {str(exc)[:120]}")
        except RecursionError:  # [[[[…]]]] nested deeper than the decoder's stack
            raise exceptions.ParseError("The body is not valid JSON: nested too deeply.")


def _no_constants(name: str):
    raise ValueError(f"{name} is not JSON")


class PayloadTooLarge(exceptions.APIException):
    status_code = 413
    default_code = "payload_too_large"
    default_detail = "The request body is larger than this API accepts."


def parse_when(value: str) -> dt.datetime:
    """An ISO date or date-time for filters; naive values are read in the site's time zone.
    Raises ValueError for anything else, including dates outside what the database can hold."""
    from django.utils import timezone

    value = value.strip()
    parsed = parse_datetime(value)
    if parsed is None:
        day = parse_date(value)
        if day is None:
            raise ValueError("not an ISO 8601 date or date-time")
        parsed = dt.datetime.combine(day, dt.time.min)
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    # Year 1 or 9999 with an offset overflows in UTC; such a bound means "everything" or "nothing",
    # and the database handles the clamped values on every backend.
    try:
        parsed = parsed.astimezone(dt.timezone.utc)
    except OverflowError:
        parsed = EARLIEST if parsed.year < 5000 else LATEST
    return min(max(parsed, EARLIEST), LATEST)


EARLIEST = dt.datetime(1000, 1, 1, tzinfo=dt.timezone.utc)
LATEST = dt.datetime(9000, 1, 1, tzinfo=dt.timezone.utc)


def _column(model: type[Model], name: str | None) -> str:
    """The database column of a field (``None``: the primary key's)."""
    field = model._meta.get_field(name) if name else model._meta.pk
    if not isinstance(field, Field) or field.column is None:
        raise ValueError(f"{model.__name__}.{name} is not a column")
    return field.column


def table_fingerprint(*specs: tuple[type[Model], str | None, bool]) -> tuple:
    """One query over whole tables, e.g. ``((Motion, "updated_at", True), (Event, "seq", False))``:
    per table the highest value of the column (or of the primary key) and, if asked, the row count
    (which notices deletions). Cheap with an index on the column; used for list ETags."""
    from django.db import connections, router

    # The database the list's own rows come from (a read replica, when one is in use), so the ETag
    # never describes newer data than the page it stands for.
    connection = connections[router.db_for_read(specs[0][0]) or "default"]
    selects: list[str] = []
    for model, column, count in specs:
        table = connection.ops.quote_name(model._meta.db_table)
        col = connection.ops.quote_name(_column(model, column))
        selects.append(f"(SELECT max({col}) FROM {table})")
        if count:
            selects.append(f"(SELECT count(*) FROM {table})")
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(selects))
        return tuple(cursor.fetchone())

