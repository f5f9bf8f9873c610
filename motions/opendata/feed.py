"""A careful client for the Tweede Kamer SyncFeed (Atom XML; pure HTTP and lxml, no Django).

``Feed?category=C[&skiptoken=N]`` answers at most 250 entries of one category after token N, each with
one entity in ``<content>``; ``<link rel="next">`` leads on, and a page with no entries (with
``<link rel="resume">``) means caught up. ``fetch_page(url)`` streams one page through lxml's pull
parser (memory is bounded by one page: each ``<entry>`` is turned into a ``MirroredEntity`` and
dropped from the tree as soon as it ends) and answers a ``FeedPage``.

Elements are matched by namespace URI and local name, never by prefix (pages use the default
namespace, ``tk:`` or ``ns1:``), in whatever order they come; nothing is validated against the XSDs
(real pages do not follow their element order, and live values fall outside their enumerations).
An element with a ``ref`` attribute is a reference; ``xsi:nil="true"`` is a null field.

Transient faults (connection errors, timeouts, HTTP 429 (honouring ``Retry-After``) and 5xx, a 200
whose XML is cut off or is not a feed) are retried with exponential backoff; any other status (a 4xx)
raises ``FeedError`` at once with one line saying what failed. Each retry is logged at WARNING on the
``motions.opendata`` logger.
"""

from __future__ import annotations

import email.utils
import logging
import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from types import TracebackType
from urllib.parse import urlencode, urljoin

import httpx
from lxml import etree

from .mirror import MirroredEntity

__all__ = ["CATEGORIES", "USER_AGENT", "FeedError", "FeedPage", "SyncFeedClient", "TransientError", "parse_entity"]

logger = logging.getLogger("motions.opendata")

USER_AGENT = "Motietracker/0.2 (+https://github.com/motietracker/motietracker; SyncFeed mirror)"
TK = "http://www.tweedekamer.nl/xsd/tkData/v1-0"
ATOM = "http://www.w3.org/2005/Atom"
XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"

# The categories the mirror reads, in the order a run reads them. The projection converges in any order;
# reading Zaak after what it references builds each motion once on a first mirror instead of once per category.
CATEGORIES = (
    "Persoon", "Fractie", "Kamerstukdossier", "Activiteit", "Agendapunt", "Document", "DocumentVersie", "DocumentActor",
    "ZaakActor", "Besluit", "Stemming", "Zaak", "Toezegging",
)
_BY_ELEMENT = {c[:1].lower() + c[1:]: c for c in CATEGORIES}

_ENTRY = f"{{{ATOM}}}entry"
_TITLE, _UPDATED, _LINK, _CONTENT = (f"{{{ATOM}}}{n}" for n in ("title", "updated", "link", "content"))
_BIJGEWERKT, _VERWIJDERD = f"{{{TK}}}bijgewerkt", f"{{{TK}}}verwijderd"
_CONTENT_TYPE, _CONTENT_LENGTH = f"{{{TK}}}contentType", f"{{{TK}}}contentLength"
_GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_SKIPTOKEN = re.compile(r"[?&]skiptoken=(\d+)")


class FeedError(Exception):
    """A SyncFeed request failed and retrying will not help (or did not help)."""

    def __init__(self, message: str, *, url: str = "", status_code: int | None = None) -> None:
        super().__init__(message)
        self.url = url
        self.status_code = status_code


class TransientError(FeedError):
    """A fault worth retrying; raised to the caller only after the last attempt failed."""


class _Malformed(Exception):
    """The page is not a SyncFeed page (cut off, or not Atom): retried like a network fault."""


@dataclass
class FeedPage:
    url: str
    entities: list[MirroredEntity] = field(default_factory=list)
    next_url: str | None = None
    resume_url: str | None = None
    errors: list[str] = field(default_factory=list)  # entries without a usable entity (counted, skipped)

    @property
    def skiptoken(self) -> int | None:
        """Where to resume after this page: the next link's token, else the last entry's own token."""
        for url in (self.next_url, self.resume_url):
            token = skiptoken_of(url)
            if token is not None:
                return token
        return self.entities[-1].skiptoken if self.entities else None


def skiptoken_of(url: str | None) -> int | None:
    match = _SKIPTOKEN.search(url or "")
    return int(match.group(1)) if match else None


def _local(tag: object) -> str:
    if not isinstance(tag, str):
        return ""  # a comment or processing instruction
    return tag.rpartition("}")[2]


def parse_entity(element: etree._Element, *, updated: str = "", enclosure: str = "", skiptoken: int | None = None) -> MirroredEntity:
    """One entity element as a ``MirroredEntity``; raises ValueError when it has no valid id."""
    raw_id = element.get("id") or ""
    if not _GUID.fullmatch(raw_id):
        raise ValueError(f"{_local(element.tag) or 'entity'} without a valid id ({raw_id[:40]!r})")
    name = _local(element.tag)
    fields: dict[str, str | None] = {}
    refs: dict[str, list[str]] = {}
    for child in element:
        local = _local(child.tag)
        if not local:
            continue
        ref = child.get("ref")
        if ref is not None:
            if _GUID.fullmatch(ref):
                refs.setdefault(local, []).append(ref.lower())
        elif child.get(XSI_NIL) == "true":
            fields[local] = None
        elif len(child):
            fields[local] = "".join(child.itertext())
        else:
            fields[local] = child.text or ""
    length = element.get(_CONTENT_LENGTH)
    return MirroredEntity(
        guid=uuid.UUID(raw_id),
        category=_BY_ELEMENT.get(name, name[:1].upper() + name[1:]),
        bijgewerkt=element.get(_BIJGEWERKT) or "",
        deleted=(element.get(_VERWIJDERD) or "").strip().lower() == "true",
        fields=fields,
        refs=refs,
        updated=updated,
        content_type=element.get(_CONTENT_TYPE) or "",
        content_length=int(length) if length and length.strip().lstrip("-").isdigit() else None,
        enclosure=enclosure,
        skiptoken=skiptoken,
    )


def _entry(entry: etree._Element, page: FeedPage) -> None:
    updated, enclosure, token, content = "", "", None, None
    for child in entry:
        tag = child.tag
        if tag == _UPDATED:
            updated = (child.text or "").strip()
        elif tag == _LINK:
            rel = child.get("rel")
            if rel == "next":
                token = skiptoken_of(child.get("href"))
            elif rel == "enclosure":
                enclosure = urljoin(page.url, child.get("href") or "")
        elif tag == _CONTENT:
            content = next((c for c in child if isinstance(c.tag, str)), None)
    if content is None:
        page.errors.append(f"entry {entry.findtext(_TITLE) or '?'} has no entity in its content")
        return
    try:
        page.entities.append(parse_entity(content, updated=updated, enclosure=enclosure, skiptoken=token))
    except ValueError as exc:
        page.errors.append(str(exc))


def _retry_after_seconds(response: httpx.Response) -> float | None:
    value = (response.headers.get("Retry-After") or "").strip()
    if not value:
        return None
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


class SyncFeedClient:
    """Reads SyncFeed pages (sync httpx, one connection kept alive)."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 60.0,
        max_attempts: int = 6,
        backoff: float = 2.0,
        max_backoff: float = 300.0,
        pause: float = 0.0,
        user_agent: str | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.pause = pause
        self.user_agent = user_agent or USER_AGENT
        self._sleep = sleep
        self._last_request = 0.0
        self._http = httpx.Client(
            timeout=httpx.Timeout(timeout),
            headers={"User-Agent": self.user_agent, "Accept": "application/atom+xml, application/xml"},
            follow_redirects=True,
            transport=transport,
        )

    def feed_url(self, category: str, skiptoken: int | None = None) -> str:
        query = {"category": category}
        if skiptoken:
            query["skiptoken"] = str(skiptoken)
        return f"{self.base_url}Feed?{urlencode(query)}"

    def resource_url(self, guid: str) -> str:
        return f"{self.base_url}Resources/{guid}"

    def fetch_page(self, url: str) -> FeedPage:
        """One Feed page, with retries (see the module docstring)."""
        url = urljoin(self.base_url, url)
        last_reason = ""
        for attempt in range(self.max_attempts):
            retry_after: float | None = None
            self._polite_pause()
            try:
                return self._read(url)
            except _Malformed as exc:
                last_reason = str(exc)
            except _Status as exc:
                last_reason, retry_after = exc.reason, exc.retry_after
            except httpx.TimeoutException as exc:
                last_reason = f"timeout ({type(exc).__name__})"
            except (httpx.UnsupportedProtocol, httpx.LocalProtocolError) as exc:
                raise FeedError(f"SyncFeed request failed: {exc} for {url}", url=url) from exc
            except (httpx.TransportError, httpx.DecodingError) as exc:
                last_reason = f"connection error ({type(exc).__name__}: {exc})"
            if attempt + 1 >= self.max_attempts:
                break
            delay = min(max(float(self.backoff * 2**attempt), retry_after or 0.0), self.max_backoff)
            logger.warning("SyncFeed request failed (attempt %d/%d): %s for %s; retrying in %.1f s", attempt + 1, self.max_attempts, last_reason, url, delay)
            self._sleep(delay)
        raise TransientError(f"SyncFeed request failed after {self.max_attempts} attempts: {last_reason} for {url}", url=url)

    def _polite_pause(self) -> None:
        if self.pause > 0 and self._last_request:
            wait = self._last_request + self.pause - time.monotonic()
            if wait > 0:
                self._sleep(wait)
        self._last_request = time.monotonic()

    def _read(self, url: str) -> FeedPage:
        page = FeedPage(url=url)
        with self._http.stream("GET", url) as response:
            status = response.status_code
            if status == 429 or 500 <= status <= 599:
                response.read()
                raise _Status(f"{status} {response.reason_phrase}".strip(), _retry_after_seconds(response) if status in (429, 503) else None)
            if status != 200:
                body = " ".join(response.read().decode("utf-8", "replace").split())[:200]
                raise FeedError(f"SyncFeed request failed: {status} {response.reason_phrase} for {url}{': ' + body if body else ''}", url=url, status_code=status)
            parser = etree.XMLPullParser(events=("end",), resolve_entities=False, no_network=True, huge_tree=True)
            root: etree._Element | None = None
            try:
                for chunk in response.iter_bytes():
                    parser.feed(chunk)
                    root = self._drain(parser, page, root)
                parser.close()
                root = self._drain(parser, page, root)
            except etree.XMLSyntaxError as exc:
                raise _Malformed(f"200 with XML that is cut off or broken ({exc})") from None
        if root is None or root.tag != f"{{{ATOM}}}feed":
            raise _Malformed(f"200 whose body is not an Atom feed (root {getattr(root, 'tag', None)!r})")
        return page

    @staticmethod
    def _drain(parser: etree.XMLPullParser, page: FeedPage, root: etree._Element | None) -> etree._Element | None:
        for _event, element in parser.read_events():
            if root is None:
                root = element.getroottree().getroot()
            tag = element.tag
            if tag == _ENTRY:
                _entry(element, page)
                element.clear()
                # Drop the entries already read: memory stays at one entry, whatever the page size.
                parent = element.getparent()
                if parent is not None:
                    parent.remove(element)
            elif tag == _LINK and element.getparent() is root:
                rel, href = element.get("rel"), element.get("href")
                if href and rel == "next":
                    page.next_url = urljoin(page.url, href)
                elif href and rel == "resume":
                    page.resume_url = urljoin(page.url, href)
        return root

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> SyncFeedClient:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


class _Status(Exception):
    def __init__(self, reason: str, retry_after: float | None) -> None:
        super().__init__(reason)
        self.reason, self.retry_after = reason, retry_after
