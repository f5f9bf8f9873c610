"""A small, careful client for the Tweede Kamer OData v4 API (pure HTTP, no Django).

The API pages at 250 rows and links each page to the next with ``@odata.nextLink``. Setting ``$top``
suppresses that link, so this client never sends it. Soft-deleted rows stay in the API with
``Verwijderd eq true``; by default every query is restricted to live rows, and the sync asks for the
deleted ones explicitly (``include_deleted=True``) when it needs to honour deletions.

Transient faults (connection errors, timeouts, HTTP 429 and 5xx, a 200 whose body is not a JSON page) are
retried with exponential backoff; anything else (a 4xx such as a malformed ``$filter`` or an unknown entity
set) raises :class:`ODataError` at once. Each retry is logged at WARNING on the ``motions.opendata`` logger.

Resuming: every :class:`Page` carries the URL it was read from and its ``next_url``; store ``next_url``
after the page's rows are saved and pass it back as ``pages(..., start_url=...)`` to continue there.
"""

from __future__ import annotations

import email.utils
import json
import logging
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from types import TracebackType
from typing import Any
from urllib.parse import quote, urljoin

import httpx

__all__ = [
    "USER_AGENT",
    "ODataClient",
    "ODataError",
    "Page",
    "TransientError",
    "api_instant",
    "odata_datetime",
    "odata_string",
]

logger = logging.getLogger("motions.opendata")

USER_AGENT = "Motietracker/0.1 (+https://github.com/motietracker/motietracker; open data sync)"

# Characters left readable in query values. Everything else, notably space, '&', '+', '#', '=' and ';',
# is percent-encoded so that string literals and nested options such as
# "Besluit($expand=Stemming;$select=Id)" reach the server intact.
_SAFE_IN_VALUE = "$(),'/:*@"

_BODY_EXCERPT = 200


class ODataError(Exception):
    """A request to the OData API failed and retrying will not help (or did not help)."""

    def __init__(self, message: str, *, url: str = "", status_code: int | None = None, body: str = ""):
        super().__init__(message)
        self.url = url
        self.status_code = status_code
        self.body = body


class TransientError(ODataError):
    """A fault that is worth retrying; raised to the caller only after the last attempt failed."""


@dataclass(frozen=True)
class Page:
    items: list[dict[str, Any]]
    url: str
    next_url: str | None
    number: int  # 0-based index of the page within this run of pages()


def odata_string(s: str) -> str:
    """An OData string literal: single quotes, with embedded single quotes doubled."""
    return "'" + s.replace("'", "''") + "'"


_ISO_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$"
)


def odata_datetime(dt: datetime | str) -> str:
    """An OData v4 DateTimeOffset literal in UTC for ``$filter``, e.g. ``2025-04-15T14:39:17.3241093Z``.

    Accepts an aware ``datetime`` (naive ones are refused: guessing the zone would silently shift a
    "changes since" cursor) or an API timestamp string such as ``ApiGewijzigdOp``; a string keeps all of
    its fractional digits (the API uses 100 ns precision, a ``datetime`` only has microseconds, which
    truncates downwards: ``gt`` may then return the boundary row again, but never skips one).
    """
    if isinstance(dt, str):
        m = _ISO_RE.match(dt.strip())
        if not m:
            raise ValueError(f"not an ISO 8601 timestamp with a time zone: {dt!r}")
        year, month, day, hour, minute, second, frac, tz = m.groups()
        base = datetime(
            int(year), int(month), int(day), int(hour), int(minute), int(second or 0),
            tzinfo=timezone.utc if tz == "Z" else datetime.strptime(tz, "%z").tzinfo,
        ).astimezone(timezone.utc)
        text = base.strftime("%Y-%m-%dT%H:%M:%S")
        frac = (frac or "").rstrip("0")
        return f"{text}.{frac}Z" if frac else f"{text}Z"
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError("odata_datetime needs an aware datetime (got a naive one)")
    utc = dt.astimezone(timezone.utc)
    text = utc.strftime("%Y-%m-%dT%H:%M:%S")
    if utc.microsecond:
        text += "." + f"{utc.microsecond:06d}".rstrip("0")
    return text + "Z"


def api_instant(value: str) -> int:
    """An API timestamp as integer nanoseconds since the epoch, for ordering cursors exactly.

    ``datetime`` keeps only microseconds; ``ApiGewijzigdOp`` has 100 ns steps, and two rows a few
    ticks apart must not compare equal. Raises ValueError for anything that is not one.
    """
    m = _ISO_RE.match(value.strip())
    if not m:
        raise ValueError(f"not an ISO 8601 timestamp with a time zone: {value!r}")
    year, month, day, hour, minute, second, frac, tz = m.groups()
    base = datetime(
        int(year), int(month), int(day), int(hour), int(minute), int(second or 0),
        tzinfo=timezone.utc if tz == "Z" else datetime.strptime(tz, "%z").tzinfo,
    )
    seconds = (base - _EPOCH) // timedelta(seconds=1)
    return seconds * 1_000_000_000 + int((frac or "").ljust(9, "0"))


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _encode_query(options: list[tuple[str, str]]) -> str:
    return "&".join(f"{key}={quote(value, safe=_SAFE_IN_VALUE)}" for key, value in options)


def _retry_after_seconds(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def _status_line(response: httpx.Response) -> str:
    return f"{response.status_code} {response.reason_phrase}".strip()


def _excerpt(text: str) -> str:
    return text[:_BODY_EXCERPT].replace("\r", " ").replace("\n", " ")


class ODataClient:
    """Reads entity sets page by page from an OData v4 service (sync httpx)."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 30.0,
        max_attempts: int = 5,
        backoff: float = 1.0,
        max_backoff: float = 60.0,
        user_agent: str | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.timeout = timeout
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.user_agent = user_agent or USER_AGENT
        self._sleep = sleep
        self._http = httpx.Client(
            timeout=httpx.Timeout(timeout),
            headers={"User-Agent": self.user_agent, "Accept": "application/json"},
            follow_redirects=True,
            transport=transport,
        )

    # -- URLs ---------------------------------------------------------------------------------

    def build_url(
        self,
        entity: str,
        *,
        filter: str | None = None,
        expand: str | None = None,
        orderby: str | None = None,
        select: str | None = None,
        include_deleted: bool = False,
    ) -> str:
        """The URL of the first page of ``entity`` with these query options (never ``$top``)."""
        if not entity or "/" in entity or "?" in entity:
            raise ValueError(f"not an entity set name: {entity!r}")
        if include_deleted:
            effective_filter = filter
        elif filter:
            effective_filter = f"({filter}) and Verwijderd eq false"
        else:
            effective_filter = "Verwijderd eq false"
        options: list[tuple[str, str]] = []
        if effective_filter:
            options.append(("$filter", effective_filter))
        if expand:
            options.append(("$expand", expand))
        if orderby:
            options.append(("$orderby", orderby))
        if select:
            options.append(("$select", select))
        query = _encode_query(options)
        return f"{self.base_url}{entity}" + (f"?{query}" if query else "")

    def resolve(self, link: str) -> str:
        """A nextLink as an absolute URL: the API may send it relative to the service root."""
        return urljoin(self.base_url, link)

    # -- reading ------------------------------------------------------------------------------

    def pages(
        self,
        entity: str,
        *,
        filter: str | None = None,
        expand: str | None = None,
        orderby: str | None = None,
        select: str | None = None,
        include_deleted: bool = False,
        start_url: str | None = None,
    ) -> Iterator[Page]:
        """Yield every page, following ``@odata.nextLink`` until the service stops sending one.

        With ``start_url`` (a ``next_url`` stored from an earlier run) reading resumes there and the
        other query arguments are ignored: the link already carries them.
        """
        url = (
            self.resolve(start_url)
            if start_url
            else self.build_url(
                entity,
                filter=filter,
                expand=expand,
                orderby=orderby,
                select=select,
                include_deleted=include_deleted,
            )
        )
        number = 0
        seen: set[str] = set()
        while True:
            seen.add(url)
            data = self.get_json(url)
            link = data.get("@odata.nextLink")
            next_url = self.resolve(link) if isinstance(link, str) and link else None
            if next_url is not None and next_url in seen:
                raise ODataError(f"OData paging loops: nextLink {next_url} was already read", url=url)
            yield Page(items=data["value"], url=url, next_url=next_url, number=number)
            if next_url is None:
                return
            url = next_url
            number += 1

    def get_json(self, url: str, *, require_value: bool = True) -> dict[str, Any]:
        """One GET with retries; returns the decoded JSON object.

        With ``require_value`` (the default, for collection pages) a 200 whose body lacks a ``value``
        list counts as a transient fault, like a truncated body.
        """
        url = self.resolve(url)
        last_reason = ""
        for attempt in range(self.max_attempts):
            retry_after: float | None = None
            try:
                response = self._http.get(url)
            except httpx.TimeoutException as exc:
                last_reason = f"timeout ({type(exc).__name__})"
            except (httpx.UnsupportedProtocol, httpx.LocalProtocolError) as exc:
                # A bad URL or a request httpx cannot send: retrying will not help.
                raise ODataError(f"OData request failed: {exc} for {url}", url=url) from exc
            except (httpx.TransportError, httpx.DecodingError) as exc:
                last_reason = f"connection error ({type(exc).__name__}: {exc})"
            except httpx.RequestError as exc:
                raise ODataError(f"OData request failed: {type(exc).__name__}: {exc} for {url}", url=url) from exc
            else:
                status = response.status_code
                if status == 200:
                    try:
                        data = response.json()
                    except (json.JSONDecodeError, UnicodeDecodeError):
                        last_reason = (
                            f"200 with a body that is not valid JSON "
                            f"({len(response.content)} bytes, {response.headers.get('Content-Type', '?')}): "
                            f"{_excerpt(response.text)!r}"
                        )
                    else:
                        if not isinstance(data, dict):
                            last_reason = "200 with a JSON body that is not an object"
                        elif require_value and not isinstance(data.get("value"), list):
                            last_reason = "200 with a JSON body that has no 'value' list"
                        else:
                            return data
                elif status == 429 or 500 <= status <= 599:
                    last_reason = f"{_status_line(response)}"
                    if status in (429, 503):
                        retry_after = _retry_after_seconds(response)
                        if retry_after is not None:
                            last_reason += f" (Retry-After {response.headers.get('Retry-After')})"
                else:
                    raise ODataError(
                        f"OData request failed: {_status_line(response)} for {url} : "
                        f"{_excerpt(response.text)}",
                        url=url,
                        status_code=status,
                        body=response.text,
                    )
            if attempt + 1 >= self.max_attempts:
                break
            delay = self._delay(attempt, retry_after)
            logger.warning(
                "OData request failed (attempt %d/%d): %s for %s; retrying in %.1f s",
                attempt + 1,
                self.max_attempts,
                last_reason,
                url,
                delay,
            )
            self._sleep(delay)
        raise TransientError(
            f"OData request failed after {self.max_attempts} attempts: {last_reason} for {url}",
            url=url,
        )

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        delay = float(self.backoff * 2**attempt)
        if retry_after is not None:
            delay = max(delay, retry_after)
        return min(delay, self.max_backoff)

    # -- lifecycle ----------------------------------------------------------------------------

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> ODataClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
