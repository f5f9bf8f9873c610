"""A fake Tweede Kamer SyncFeed (``/SyncFeed/2.0/``) on 127.0.0.1, for tests and benchmarks.

It serves what ``../shared/syncfeed/README.md`` describes, in the shapes of the official XSDs (copied
into ``tests/fixtures/syncfeed/xsd/``):

* ``Feed?category=C[&skiptoken=N]``: an Atom page of at most ``page_size`` entries of category C whose
  skiptoken is greater than N, in token order. Every entry has ``<title>`` (the GUID), ``<id>``
  (``…/Entiteiten/<id>``), ``<updated>``, ``<category term="zaak"/>``, its own ``<link rel="next">``
  (the token that resumes right after it), ``<link rel="enclosure">`` when it has a file, and the
  entity in ``<content type="application/xml">``. A page with entries carries ``<link rel="next">``
  with the token of its last entry; a page with none carries ``<link rel="resume">`` (caught up).
  Tokens are one sequence over all categories, as in the real feed. An unknown category gives an
  empty feed, not an error (as the real one does).
* ``Entiteiten/<id>``: the latest version of one entity, as an entity document.
* ``Resources/<id>``: the bytes of a file added with ``add_resource`` (404 otherwise), with its
  content type.

Entities are built with ``entity(category, guid, **values)``: values are element local names; a
reference (an XSD element of a ``referentie*`` type) takes a GUID or a list of GUIDs, a field takes
text, an int, a bool or ``None`` (``xsi:nil``). Elements are written in XSD order (``order="xsd"``) or
as real pages do, references last (``order="real"``); the entity element is in the default namespace
or under a prefix (``prefix="tk"``, ``"ns1"``): the client must parse by namespace URI.

``add(category, xml)`` appends a version to the sequence (a new token); ``add_many`` a list;
``load_derived()`` every entity of ``tests/fixtures/syncfeed/derived/`` (the recorded OData records
converted to SyncFeed shape), each with a fresh token. ``drop_older=True`` makes a new version of a
GUID leave its old entry (as a compacted feed would); by default both stay in the sequence.

Faults: ``fake.faults`` is a queue; each Feed request takes the first matching fault and suffers it:

* ``"429"``/``("429", s)``, ``"503"``, any status: that status (``Retry-After: s`` when given)
* ``"truncated"``: a 200 whose XML is cut in half (Content-Length matches the cut body)
* ``"short_read"``: a 200 that promises the whole body, sends half and closes
* ``("stall", s)``: wait ``s`` seconds before answering (give the client a shorter timeout)
* ``"reset"``: close the connection (TCP RST) without answering
* ``("request", n, fault)``: only for the n-th request (0-based, counting every request)
* ``("category", C, fault)``: only for the next Feed request of category C
* ``("skiptoken", N, fault)``: only for the Feed request with ``skiptoken=N``

Recorded: ``fake.requests`` (path and query of each request) and ``fake.headers``.
"""

from __future__ import annotations

import itertools
import random
import socket
import struct
import threading
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, unquote
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

SERVICE_PATH = "/SyncFeed/2.0/"
TK = "http://www.tweedekamer.nl/xsd/tkData/v1-0"
ATOM = "http://www.w3.org/2005/Atom"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XSD_DIR = Path(__file__).resolve().parent / "fixtures" / "syncfeed" / "xsd"
DERIVED_DIR = Path(__file__).resolve().parent / "fixtures" / "syncfeed" / "derived"
FIRST_TOKEN = 26_000_000

CATEGORIES = (
    "Zaak", "ZaakActor", "Document", "DocumentActor", "DocumentVersie", "Kamerstukdossier", "Besluit", "Stemming",
    "Persoon", "Fractie", "Toezegging", "Activiteit", "Agendapunt",
)


def element_name(category: str) -> str:
    """``ZaakActor`` → ``zaakActor``: the entity's element name and its ``<category term>``."""
    return category[:1].lower() + category[1:]


# --- The contract: element order and reference elements, read from the XSDs -----------------------

_XS = "{http://www.w3.org/2001/XMLSchema}"


@lru_cache(maxsize=None)
def schema_elements(category: str) -> tuple[tuple[str, bool], ...]:
    """The child elements of the category's entity in XSD order: (local name, is a reference)."""
    name = element_name(category)
    path = XSD_DIR / f"tkData-v1-0-{category.lower()}.xsd"
    tree = etree.parse(str(path))
    root_type = tree.find(f"{_XS}element[@name='{name}']").get("type")
    complex_type = tree.find(f"{_XS}complexType[@name='{root_type}']")
    result = []
    for el in complex_type.iter(f"{_XS}element"):
        result.append((el.get("name"), (el.get("type") or "").startswith("referentie")))
    return tuple(result)


@lru_cache(maxsize=None)
def _names(category: str) -> frozenset[str]:
    return frozenset(name for name, _ in schema_elements(category))


@lru_cache(maxsize=None)
def download_entity(category: str) -> bool:
    """Whether the XSD makes the entity downloadable (``tk:contentType``/``tk:contentLength``)."""
    path = XSD_DIR / f"tkData-v1-0-{category.lower()}.xsd"
    return b'base="downloadEntiteitType"' in path.read_bytes()


# --- Builders ------------------------------------------------------------------------------------

_counter = itertools.count(1)


def new_guid() -> str:
    return str(uuid.uuid4())


def bijgewerkt(moment: float | None = None) -> str:
    """A ``tk:bijgewerkt``: Amsterdam time without offset, 7 fractional digits."""
    moment = time.time() if moment is None else moment
    base = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(moment + 3600))
    return f"{base}.{int((moment % 1) * 10_000_000):07d}"


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return escape(str(value))


def entity(
    category: str,
    guid: str | None = None,
    *,
    updated_at: str | None = None,
    deleted: bool = False,
    content_type: str | None = None,
    content_length: int | None = None,
    order: str = "xsd",
    prefix: str | None = None,
    **values: Any,
) -> str:
    """One entity element as XML text (see the module docstring). Unknown element names raise."""
    guid = guid or new_guid()
    name = element_name(category)
    unknown = values.keys() - _names(category)
    if unknown:
        raise ValueError(f"{category} has no element(s) {', '.join(sorted(unknown))} in its XSD")
    p = f"{prefix}:" if prefix else ""
    ns = f'xmlns:{prefix}="{TK}"' if prefix else f'xmlns="{TK}"'
    tk = "" if prefix == "tk" else f' xmlns:tk="{TK}"'
    attrs = f' id="{guid}" tk:bijgewerkt="{updated_at or bijgewerkt()}" tk:verwijderd="{"true" if deleted else "false"}"'
    if not deleted and download_entity(category):
        if content_type is not None:
            attrs += f" tk:contentType={quoteattr(content_type)}"
        if content_length is not None:
            attrs += f' tk:contentLength="{int(content_length)}"'
    head = f"<{p}{name} {ns}{tk} xmlns:xsi=\"{XSI}\"{attrs}"
    if deleted:
        return head + " />"
    if order == "xsd":
        body = "".join(_in_xsd_order(category, values, p))
    else:
        # As real pages often do: the references last.
        parts = list(_in_xsd_order(category, values, p))
        body = "".join([x for x in parts if ' ref="' not in x] + [x for x in parts if ' ref="' in x])
    return f"{head}>{body}</{p}{name}>"


def _in_xsd_order(category: str, values: dict[str, Any], p: str) -> Iterator[str]:
    for child, is_ref in schema_elements(category):
        if child not in values:
            continue
        value = values[child]
        if is_ref:
            targets = value if isinstance(value, (list, tuple)) else [value]
            yield from (f'<{p}{child} ref="{t}" />' for t in targets if t)
        elif value is None:
            yield f'<{p}{child} xsi:nil="true" />'
        else:
            yield f"<{p}{child}>{_text(value)}</{p}{child}>"


# --- The feed ------------------------------------------------------------------------------------


@dataclass
class Entry:
    token: int
    category: str
    guid: str
    xml: str
    updated: str
    enclosure: bool = False


def _updated_now() -> str:
    now = time.time()
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(now)) + f".{int((now % 1) * 10_000_000):07d}Z"


_GUID_ATTR = ' id="'


def _guid_of(xml: str) -> str:
    start = xml.index(_GUID_ATTR) + len(_GUID_ATTR)
    return xml[start : start + 36]


class FakeSyncFeed:
    """A fake SyncFeed on 127.0.0.1 (see the module docstring). Use as a context manager."""

    def __init__(self, *, page_size: int = 250, drop_older: bool = False, stall_seconds: float = 2.0) -> None:
        self.page_size = page_size
        self.drop_older = drop_older
        self.stall_seconds = stall_seconds
        self.faults: list[Any] = []
        self.requests: list[str] = []
        self.headers: list[dict[str, str]] = []
        self.resources: dict[str, tuple[bytes, str]] = {}
        self._entries: dict[str, list[Entry]] = {}
        self._generated: dict[str, tuple[int, int, Any]] = {}
        self._latest: dict[str, Entry] = {}
        self._next_token = FIRST_TOKEN
        self._lock = threading.RLock()
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._connections: set[socket.socket] = set()
        self.base_url = ""

    # -- data ---------------------------------------------------------------------------------

    def add(self, category: str, xml: str, *, updated: str | None = None, enclosure: bool | None = None) -> Entry:
        """Append one version of an entity to the feed; returns its entry (with its token)."""
        with self._lock:
            self._next_token += 1
            guid = _guid_of(xml)
            if enclosure is None:
                enclosure = "tk:contentType=" in xml
            item = Entry(self._next_token, category, guid, xml, updated or _updated_now(), enclosure)
            entries = self._entries.setdefault(category, [])
            if self.drop_older and guid in self._latest:
                old = self._latest[guid]
                entries[:] = [e for e in entries if e is not old]
            entries.append(item)
            self._latest[guid] = item
            return item

    def revise(self, guid: str, *, updated_at: str | None = None, **values: Any) -> Entry:
        """A new version of an entity: its latest XML with these elements changed (a field: text, int, bool
        or None for nil; a reference: a GUID or a list), appended to the feed with a new token."""
        old = self._latest[guid]
        root = etree.fromstring(old.xml)
        ns = etree.QName(root).namespace
        for name, value in values.items():
            for child in [c for c in root if isinstance(c.tag, str) and etree.QName(c).localname == name]:
                root.remove(child)
            targets = value if isinstance(value, (list, tuple)) else [value]
            if dict(schema_elements(old.category)).get(name):
                for target in targets:
                    if target:
                        etree.SubElement(root, f"{{{ns}}}{name}", ref=target)
                continue
            child = etree.SubElement(root, f"{{{ns}}}{name}")
            if value is None:
                child.set(f"{{{XSI}}}nil", "true")
            else:
                child.text = _plain(value)
        root.set(f"{{{TK}}}bijgewerkt", updated_at or bijgewerkt())
        return self.add(old.category, etree.tostring(root, encoding="unicode"))

    def find(self, category: str, **values: Any) -> list[str]:
        """GUIDs of the latest versions of ``category`` whose elements have these values (a reference: its GUID)."""
        found = []
        for guid, item in list(self._latest.items()):
            if item.category != category:
                continue
            root = etree.fromstring(item.xml)
            have: dict[str, list[str]] = {}
            for child in root:
                if isinstance(child.tag, str):
                    have.setdefault(etree.QName(child).localname, []).append(child.get("ref") or child.text or "")
            if all(_plain(v) in have.get(k, []) for k, v in values.items()):
                found.append(guid)
        return found

    def retouch(self, guid: str) -> Entry:
        """The same entity sent again with only a new ``tk:bijgewerkt`` (as bulk data fixes do)."""
        return self.revise(guid)

    def delete(self, guid: str) -> Entry:
        """A deletion version: ``tk:verwijderd="true"`` and no children."""
        old = self._latest[guid]
        return self.add(old.category, entity(old.category, guid, deleted=True))

    def add_many(self, items: Iterable[tuple[str, str]]) -> None:
        for category, xml in items:
            self.add(category, xml)

    def add_generated(self, category: str, count: int, render: Any) -> None:
        """``count`` entities of ``category`` made on demand by ``render(i) -> (guid, xml)``, on ``count``
        consecutive tokens: a feed of millions of entities without holding them (for benchmarks). One
        generated range per category, not mixed with ``add``."""
        with self._lock:
            self._generated[category] = (self._next_token + 1, count, render)
            self._next_token += count

    def add_resource(self, guid: str, body: bytes, content_type: str = "application/pdf") -> None:
        self.resources[guid] = (body, content_type)

    def entries(self, category: str) -> list[Entry]:
        return list(self._entries.get(category, []))

    def latest(self, guid: str) -> Entry | None:
        return self._latest.get(guid)

    @property
    def last_token(self) -> int:
        return self._next_token

    def load_derived(self, categories: Iterable[str] | None = None) -> int:
        """Every entity of the derived sample pages (tests/fixtures/syncfeed/derived/), in file order."""
        count = 0
        wanted = set(categories) if categories is not None else None
        for path in sorted(DERIVED_DIR.glob("*.xml")):
            category = path.stem
            if wanted is not None and category not in wanted:
                continue
            for updated, xml in derived_entities(path):
                self.add(category, xml, updated=updated)
                count += 1
        return count

    # -- lifecycle ----------------------------------------------------------------------------

    def start(self) -> FakeSyncFeed:
        if self._server is not None:
            return self
        self._stopping.clear()
        handler = type("_BoundHandler", (_Handler,), {"fake": self})
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        self._server = server
        self.base_url = f"http://127.0.0.1:{server.server_address[1]}{SERVICE_PATH}"
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="FakeSyncFeed", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        self._stopping.set()
        server.shutdown()
        server.server_close()
        with self._lock:
            connections = list(self._connections)
        for conn in connections:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeSyncFeed:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

    # -- pages --------------------------------------------------------------------------------

    def page(self, category: str, skiptoken: int, base: str) -> bytes:
        """The Atom page after ``skiptoken`` (what ``Feed?category=…&skiptoken=…`` answers)."""
        canonical = _canonical(category) or ""
        if canonical in self._generated:
            start, count, render = self._generated[canonical]
            first = max(0, skiptoken - start + 1)
            chosen_generated = []
            for i in range(first, min(count, first + self.page_size)):
                guid, xml = render(i)
                chosen_generated.append(Entry(start + i, canonical, guid, xml, "2025-04-15T14:39:17.3241093Z", "tk:contentType=" in xml))
            return render_page(category, skiptoken, chosen_generated, base)
        with self._lock:
            entries = self._entries.get(canonical, [])
            # Tokens ascend within a category: binary search for the first after skiptoken.
            lo, hi = 0, len(entries)
            while lo < hi:
                mid = (lo + hi) // 2
                if entries[mid].token <= skiptoken:
                    lo = mid + 1
                else:
                    hi = mid
            chosen = entries[lo : lo + self.page_size]
        return render_page(category, skiptoken, chosen, base)

    def _record(self, path: str, headers: dict[str, str]) -> int:
        with self._lock:
            self.requests.append(path)
            self.headers.append(headers)
            return len(self.requests) - 1

    def _take_fault(self, index: int, category: str, skiptoken: int) -> tuple[Any, ...] | None:
        with self._lock:
            for i, fault in enumerate(self.faults):
                if isinstance(fault, tuple) and fault and fault[0] in ("request", "category", "skiptoken"):
                    kind, match, inner = fault
                    hit = (
                        (kind == "request" and match == index)
                        or (kind == "category" and str(match).lower() == category.lower())
                        or (kind == "skiptoken" and int(match) == skiptoken)
                    )
                    if not hit:
                        continue
                    del self.faults[i]
                    return _normalise_fault(inner, self.stall_seconds)
                del self.faults[i]
                return _normalise_fault(fault, self.stall_seconds)
        return None


def _canonical(category: str) -> str | None:
    for known in CATEGORIES:
        if known.lower() == category.lower():
            return known
    return None


def render_page(category: str, skiptoken: int, entries: list[Entry], base: str) -> bytes:
    """An Atom page in the real feed's envelope."""
    self_url = f"{base}Feed?skiptoken={skiptoken}&amp;category={category}" if skiptoken else f"{base}Feed?category={category}"
    parts = [
        f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="{ATOM}">'
        f"<title>Gegevensmagazijn SyncFeed (category: {escape(category)})</title>"
        f'<link rel="self" href="{self_url}" />'
    ]
    if entries:
        parts.append(f'<link rel="next" href="{base}Feed?skiptoken={entries[-1].token}&amp;category={category}" />')
    else:
        parts.append(f'<link rel="resume" href="{base}Feed?skiptoken={skiptoken}&amp;category={category}" />')
    parts.append(
        f"<updated>{_updated_now()}</updated><author><name>Tweede Kamer der Staten-Generaal</name>"
        "<uri>https://opendata.tweedekamer.nl</uri><email>opendata@tweedekamer.nl</email></author>"
        f"<rights>Disclaimer: https://opendata.tweedekamer.nl/disclaimer</rights><id>{self_url}</id>"
    )
    for e in entries:
        enclosure = f'<link rel="enclosure" href="{base}Resources/{e.guid}" />' if e.enclosure else ""
        parts.append(
            f"<entry><title>{e.guid}</title><id>{base}Entiteiten/{e.guid}</id>"
            "<author><name>Tweede Kamer der Staten-Generaal</name></author>"
            f'<updated>{e.updated}</updated><category term="{element_name(e.category)}" />'
            f'<link rel="next" href="{base}Feed?skiptoken={e.token}&amp;category={e.category}" />{enclosure}'
            f'<content type="application/xml">{e.xml}</content></entry>'
        )
    parts.append("</feed>")
    return "".join(parts).encode("utf-8")


def derived_entities(path: Path) -> list[tuple[str, str]]:
    """(entry updated, entity XML) of every entry of a derived sample page."""
    tree = etree.parse(str(path))
    result = []
    for entry in tree.iter(f"{{{ATOM}}}entry"):
        updated = entry.findtext(f"{{{ATOM}}}updated") or _updated_now()
        content = entry.find(f"{{{ATOM}}}content")
        element = next(iter(content))
        result.append((updated, etree.tostring(element, encoding="unicode")))
    return result


def _normalise_fault(fault: Any, stall: float) -> tuple[Any, ...]:
    if isinstance(fault, int):
        return ("status", fault, None)
    if isinstance(fault, str):
        if fault.isdigit() and len(fault) == 3:
            return ("status", int(fault), None)
        if fault in ("stall", "timeout"):
            return ("stall", stall)
        if fault in ("truncated", "short_read", "reset"):
            return (fault,)
        raise ValueError(f"unknown fault {fault!r}")
    if isinstance(fault, tuple) and fault:
        head = fault[0]
        if head in ("stall", "timeout"):
            return ("stall", float(fault[1]) if len(fault) > 1 else stall)
        if str(head).isdigit():
            return ("status", int(head), fault[1] if len(fault) > 1 else None)
    raise ValueError(f"unknown fault {fault!r}")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakeSyncFeed/1.0"
    timeout = 60
    fake: FakeSyncFeed

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass

    def setup(self) -> None:
        super().setup()
        with self.fake._lock:
            self.fake._connections.add(self.connection)

    def finish(self) -> None:
        with self.fake._lock:
            self.fake._connections.discard(self.connection)
        try:
            super().finish()
        except OSError:
            pass

    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        fake = self.fake
        index = fake._record(self.path, dict(self.headers.items()))
        path, _, query = self.path.partition("?")
        path = unquote(path)
        if not path.startswith(SERVICE_PATH):
            self._send(404, b"<Error><Message>Not found.</Message></Error>")
            return
        resource = path[len(SERVICE_PATH) :]
        base = f"http://{self.headers.get('Host') or '127.0.0.1'}{SERVICE_PATH}"
        if resource == "Feed":
            options = {k: v[-1] for k, v in parse_qs(query, keep_blank_values=True).items()}
            category = options.get("category", "")
            try:
                skiptoken = int(options.get("skiptoken") or 0)
            except ValueError:
                self._send(400, b"<Error><Message>Bad skiptoken.</Message></Error>")
                return
            fault = fake._take_fault(index, category, skiptoken)
            if fault is not None:
                kind = fault[0]
                if kind == "reset":
                    self._reset()
                    return
                if kind == "status":
                    extra = {"Retry-After": str(fault[2])} if fault[2] is not None else {}
                    self._send(fault[1], b"<Error><Message>An error has occurred.</Message></Error>", extra)
                    return
                if kind == "stall" and fake._stopping.wait(fault[1]):
                    return
            body = fake.page(category, skiptoken, base)
            if fault is not None and fault[0] == "truncated":
                self._send(200, body[: len(body) // 2])
                return
            if fault is not None and fault[0] == "short_read":
                self._send(200, body[: len(body) // 2], declared_length=len(body), close=True)
                return
            self._send(200, body)
            return
        if resource.startswith("Entiteiten/"):
            item = fake.latest(resource.split("/", 1)[1].lower())
            if item is None:
                self._send(404, b"<Error><Message>Not found.</Message></Error>")
                return
            self._send(200, ('<?xml version="1.0" encoding="utf-8"?>' + item.xml).encode("utf-8"))
            return
        if resource.startswith("Resources/"):
            found = fake.resources.get(resource.split("/", 1)[1].lower())
            if found is None:
                self._send(404, b"<Error><Message>Not found.</Message></Error>")
                return
            self._send(200, found[0], content_type=found[1])
            return
        self._send(404, b"<Error><Message>Not found.</Message></Error>")

    def _send(
        self, status: int, body: bytes, extra_headers: dict[str, str] | None = None, *,
        content_type: str = "application/atom+xml; charset=utf-8", declared_length: int | None = None, close: bool = False,
    ) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(declared_length if declared_length is not None else len(body)))
            for key, value in (extra_headers or {}).items():
                self.send_header(key, value)
            if close:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            self.wfile.write(body)
            self.wfile.flush()
        except OSError:
            self.close_connection = True

    def _reset(self) -> None:
        self.close_connection = True
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
        except OSError:
            pass


# --- Generated data: motions with everything around them --------------------------------------------

PARTIES = [("VVD", "Volkspartij voor Vrijheid en Democratie", 24), ("PVV", "Partij voor de Vrijheid", 37), ("GL-PvdA", "GroenLinks-PvdA", 25), ("NSC", "Nieuw Sociaal Contract", 20), ("D66", "Democraten 66", 9), ("CDA", "Christen-Democratisch Appèl", 5), ("SP", "Socialistische Partij", 5), ("BBB", "BoerBurgerBeweging", 7)]
MEMBERS = [("T.M.T.", "van der", "Lee", "GL-PvdA"), ("J.", "", "Paternotte", "D66"), ("H.", "", "Boswijk", "CDA"), ("S.", "van", "Baarle", "DENK"), ("E.", "", "Ellian", "VVD"), ("C.", "", "Kamminga", "VVD"), ("P.", "de", "Roon", "PVV"), ("D.A.", "", "Ergin", "DENK")]


@lru_cache(maxsize=None)
def _kind_code(kind: str, seed: int) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"fake-syncfeed/{seed}/{kind}").hex[:12]


def _guid(kind: str, n: int, seed: int = 0) -> str:
    """A stable GUID for generated entity ``n`` of ``kind`` (so a generator can be re-run); cheap to make."""
    code = _kind_code(kind, seed)
    return f"{code[:8]}-{code[8:12]}-4{(n >> 60) & 0xFFF:03x}-8{(n >> 48) & 0xFFF:03x}-{n & 0xFFFFFFFFFFFF:012x}"


@dataclass
class MotionFeed:
    """What ``motion_feed`` made: the entities by category and the GUIDs a test needs."""

    entities: dict[str, list[str]]
    zaak_guids: list[str]
    keys: list[str]

    def items(self, order: Iterable[str] | None = None) -> Iterator[tuple[str, str]]:
        for category in order or self.entities:
            for xml in self.entities.get(category, []):
                yield category, xml

    def count(self) -> int:
        return sum(len(v) for v in self.entities.values())


def motion_feed(
    n: int, *, seed: int = 0, dossier: int = 36_000, start: int = 1, roll_call_every: int = 0, outcomes: Iterable[str] | None = None,
    order: str = "xsd", prefix: str | None = None,
) -> MotionFeed:
    """``n`` motions in dossier ``dossier`` (papers ``start``…), each with a Zaak, two ZaakActors (indiener,
    medeindiener), a Document (volgnummer = paper number) in that Kamerstukdossier with a DocumentVersie
    (``kst-…``), a Besluit on an Agendapunt of a voting Activiteit, and one Stemming per party (every
    ``roll_call_every``-th motion by roll call: one per member). Parties and members come once."""
    rng = random.Random(seed)
    outcome_cycle = itertools.cycle(list(outcomes) if outcomes else ["Stemmen - aangenomen", "Stemmen - verworpen", "Stemmen - aangenomen", "Stemmen - aangehouden"])
    kw: dict[str, Any] = {"order": order, "prefix": prefix}
    ents: dict[str, list[str]] = {c: [] for c in CATEGORIES}
    party_ids = {abbr: _guid("fractie", i, seed) for i, (abbr, _, _) in enumerate(PARTIES)}
    for abbr, name, seats in PARTIES:
        ents["Fractie"].append(entity("Fractie", party_ids[abbr], afkorting=abbr, naamNl=name, naamEn=name, aantalZetels=seats, **kw))
    member_ids = [_guid("persoon", i, seed) for i in range(len(MEMBERS))]
    for pid, (initials, tussen, surname, _) in zip(member_ids, MEMBERS):
        ents["Persoon"].append(entity("Persoon", pid, initialen=initials, tussenvoegsel=tussen or None, achternaam=surname, functie="Tweede Kamerlid", **kw))
    dossier_id = _guid("dossier", dossier, seed)
    ents["Kamerstukdossier"].append(entity("Kamerstukdossier", dossier_id, titel=f"Dossier {dossier}", nummer=dossier, afgesloten=False, kamer="Tweede Kamer", **kw))
    zaak_guids, keys = [], []
    activiteit_id = _guid("activiteit", dossier, seed)
    ents["Activiteit"].append(entity("Activiteit", activiteit_id, soort="Stemmingen", nummer=f"2025A{dossier:05d}", onderwerp="Stemmingen", datum="2025-04-15T00:00:00", status="Uitgevoerd", vergaderjaar="2024-2025", **kw))
    for i in range(start, start + n):
        zid, did, vid = _guid("zaak", dossier * 100_000 + i, seed), _guid("document", dossier * 100_000 + i, seed), _guid("versie", dossier * 100_000 + i, seed)
        bid, aid = _guid("besluit", dossier * 100_000 + i, seed), _guid("agendapunt", dossier * 100_000 + i, seed)
        zaak_guids.append(zid)
        key = f"{dossier}-{i}"
        keys.append(key)
        m1, m2 = rng.sample(range(len(MEMBERS)), 2)
        surname = MEMBERS[m1][2]
        ents["Zaak"].append(entity(
            "Zaak", zid, kamerstukdossier=dossier_id, nummer=f"2025Z{(dossier * 7 + i) % 100_000:05d}", soort="Motie",
            onderwerp=f"Motie van het lid {surname} over onderwerp {i}", gestartOp="2025-04-09T00:00:00", organisatie="Tweede Kamer",
            titel=f"Dossier {dossier}", vergaderjaar="2024-2025", volgnummer=i, status="Vrijgegeven", afgedaan=False,
            kabinetsappreciatie=("Oordeel Kamer", "Ontraden", "Ontraden tenzij gewijzigd", "Overbodig")[i % 4], **kw,
        ))
        for rank, m in enumerate((m1, m2)):
            initials, tussen, sur, party = MEMBERS[m]
            ents["ZaakActor"].append(entity(
                "ZaakActor", _guid("zaakactor", (dossier * 100_000 + i) * 4 + rank, seed), zaak=zid, persoon=member_ids[m],
                fractie=party_ids.get(party), actorNaam=" ".join(p for p in (initials, tussen, sur) if p), actorFractie=party,
                relatie="Indiener" if rank == 0 else "Medeindiener", **kw,
            ))
        ents["Document"].append(entity(
            "Document", did, huidigeDocumentVersie=vid, zaak=zid, kamerstukdossier=dossier_id, soort="Motie",
            documentNummer=f"2025D{(dossier * 11 + i) % 100_000:05d}", titel=f"Dossier {dossier}", onderwerp=f"Motie van het lid {surname} over onderwerp {i}",
            datum="2025-04-09T00:00:00", volgnummer=i, vergaderjaar="2024-2025", kamer=2, organisatie="Tweede Kamer",
            content_type="application/pdf", content_length=1000 + i, **kw,
        ))
        ents["DocumentVersie"].append(entity("DocumentVersie", vid, document=did, status="Openbaar", versienummer=1, extensie=".pdf", datum="2025-04-09T00:00:00", externeidentifier=f"kst-{key}", **kw))
        ents["Agendapunt"].append(entity("Agendapunt", aid, activiteit=activiteit_id, nummer=f"{i}", onderwerp=f"Stemmingen over moties {dossier}", volgorde=i, **kw))
        outcome = next(outcome_cycle)
        ents["Besluit"].append(entity("Besluit", bid, agendapunt=aid, zaak=zid, stemmingsSoort="Met handopsteken", besluitSoort=outcome, besluitTekst=outcome.split(" - ")[-1].capitalize() + ".", status="Besluit", **kw))
        if roll_call_every and i % roll_call_every == 0:
            for m, (initials, tussen, sur, party) in enumerate(MEMBERS):
                ents["Stemming"].append(entity(
                    "Stemming", _guid("stemming", (dossier * 100_000 + i) * 64 + m, seed), besluit=bid, persoon=member_ids[m], fractie=party_ids.get(party),
                    soort="Voor" if m % 3 else "Tegen", fractieGrootte=1, actorNaam=" ".join(p for p in (initials, tussen, sur) if p), actorFractie=party, vergissing=False, **kw,
                ))
        else:
            for p, (abbr, _, seats) in enumerate(PARTIES):
                ents["Stemming"].append(entity(
                    "Stemming", _guid("stemming", (dossier * 100_000 + i) * 64 + p, seed), besluit=bid, fractie=party_ids[abbr],
                    soort="Voor" if (p + i) % 3 else "Tegen", fractieGrootte=seats, actorNaam=abbr, actorFractie=abbr, vergissing=False, **kw,
                ))
    return MotionFeed(ents, zaak_guids, keys)


def toezegging(guid: str | None = None, *, nummer: str, tekst: str = "De minister zegt toe de Kamer te informeren.", status: str = "Openstaand",
               ministerie: str = "Buitenlandse Zaken", datum_nakoming: str | None = "2026-01-01T00:00:00", persoon: str | None = None,
               fractie: str | None = None, **values: Any) -> str:
    """A Toezegging entity with sensible defaults (``values`` add or override elements)."""
    defaults: dict[str, Any] = {
        "toegezegdAanFractie": fractie, "toegezegdAanPersoon": persoon, "aanmaakdatum": "2025-03-01T00:00:00", "nummer": nummer,
        "status": status, "datumNakoming": datum_nakoming, "ministerie": ministerie, "tekst": tekst, "initialen": "C.C.J.",
        "achternaam": "Veldkamp", "functie": "minister van Buitenlandse Zaken",
    }
    return entity("Toezegging", guid, **{**defaults, **values})


# --- The seed motions: the fully expanded OData records in tests/fixtures/opendata/, flattened ----------

ODATA_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "opendata"
_SPECIAL = {"naamNl": "NaamNL", "naamEn": "NaamEN", "externeidentifier": "ExterneIdentifier", "vrsNummer": "VRSNummer"}


@lru_cache(maxsize=None)
def nillable(category: str) -> frozenset[str]:
    path = XSD_DIR / f"tkData-v1-0-{category.lower()}.xsd"
    tree = etree.parse(str(path))
    return frozenset(el.get("name") for el in tree.iter(f"{_XS}element") if el.get("nillable") == "true")


def feed_datetime(value: str | None) -> str | None:
    """An OData date-time as the SyncFeed writes it: the offset dropped, 7 fractional digits when it has any."""
    if not value:
        return value
    text = value[:19]
    rest = value[19:]
    if rest.startswith("."):
        digits = ""
        for ch in rest[1:]:
            if not ch.isdigit():
                break
            digits += ch
        text += "." + digits.ljust(7, "0")[:7]
    return text


def from_odata(category: str, row: dict[str, Any], refs: dict[str, Any]) -> tuple[str, str]:
    """One OData record as (entry updated, SyncFeed entity XML), by field mapping (as make_derived.py does)."""
    values: dict[str, Any] = {}
    may_be_nil = nillable(category)
    for child, is_ref in schema_elements(category):
        if is_ref:
            if refs.get(child):
                values[child] = refs[child]
            continue
        key = _SPECIAL.get(child, child[:1].upper() + child[1:])
        if key not in row:
            continue
        value = row[key]
        if value is None:
            if child in may_be_nil:
                values[child] = None
            continue
        if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and value[10] == "T":
            value = feed_datetime(value)
        values[child] = value
    extra = {}
    if download_entity(category) and row.get("ContentType"):
        extra = {"content_type": row["ContentType"], "content_length": row.get("ContentLength")}
    xml = entity(category, row["Id"], updated_at=feed_datetime(row.get("GewijzigdOp")) or bijgewerkt(), deleted=bool(row.get("Verwijderd")), **extra, **values)
    return row.get("ApiGewijzigdOp") or _updated_now(), xml


def flatten_zaak(z: dict[str, Any]) -> list[tuple[str, str, str]]:
    """An expanded OData Zaak (with ZaakActor, Document(Kamerstukdossier, HuidigeDocumentVersie), Besluit(Stemming(Fractie,
    Persoon), Agendapunt(Activiteit)), VervangenVanuit) as SyncFeed entities: (category, entry updated, XML)."""
    out: list[tuple[str, str, str]] = []

    def add(category: str, row: dict | None, refs: dict[str, Any]) -> None:
        if row:
            out.append((category, *from_odata(category, row, refs)))

    dossiers = [d for d in z.get("Kamerstukdossier") or []]
    for d in dossiers:
        add("Kamerstukdossier", d, {})
    add("Zaak", z, {"kamerstukdossier": dossiers[0]["Id"] if dossiers else None, "vervangenVanuit": [v["Id"] for v in z.get("VervangenVanuit") or []]})
    for a in z.get("ZaakActor") or []:
        add("ZaakActor", a, {"zaak": z["Id"], "persoon": a.get("Persoon_Id"), "fractie": a.get("Fractie_Id"), "commissie": a.get("Commissie_Id")})
    for d in z.get("Document") or []:
        doc_dossiers = d.get("Kamerstukdossier") or []
        for dd in doc_dossiers:
            add("Kamerstukdossier", dd, {})
        versie = d.get("HuidigeDocumentVersie")
        add("Document", d, {"huidigeDocumentVersie": d.get("HuidigeDocumentVersie_Id") or (versie or {}).get("Id"), "zaak": z["Id"], "kamerstukdossier": doc_dossiers[0]["Id"] if doc_dossiers else None})
        if versie:
            add("DocumentVersie", versie, {"document": d["Id"]})
    for b in z.get("Besluit") or []:
        agendapunt = b.get("Agendapunt")
        if agendapunt:
            activiteit = agendapunt.get("Activiteit")
            if activiteit:
                add("Activiteit", activiteit, {})
            add("Agendapunt", agendapunt, {"activiteit": (activiteit or {}).get("Id") or agendapunt.get("Activiteit_Id")})
        add("Besluit", b, {"agendapunt": b.get("Agendapunt_Id") or (agendapunt or {}).get("Id"), "zaak": z["Id"]})
        for s in b.get("Stemming") or []:
            if s.get("Fractie"):
                add("Fractie", s["Fractie"], {})
            if s.get("Persoon"):
                add("Persoon", s["Persoon"], {})
            add("Stemming", s, {"besluit": b["Id"], "persoon": s.get("Persoon_Id"), "fractie": s.get("Fractie_Id")})
    return out


def seed_entities() -> list[tuple[str, str, str]]:
    """The twelve real seed motions of tests/fixtures/opendata/zaak_page*.json with everything around them,
    as SyncFeed entities (category, entry updated, XML); shared dossiers, parties and members once."""
    import json

    seen: set[tuple[str, str]] = set()
    result = []
    for path in sorted(ODATA_FIXTURES.glob("zaak_page*.json")):
        for z in json.loads(path.read_text(encoding="utf-8"))["value"]:
            for category, updated, xml in flatten_zaak(z):
                key = (category, _guid_of(xml))
                if key in seen:
                    continue
                seen.add(key)
                result.append((category, updated, xml))
    return result


def load_seed(fake: FakeSyncFeed, categories: Iterable[str] | None = None) -> int:
    """Add the seed motions' entities to ``fake`` in category order (``categories``: which, in which order)."""
    entities = seed_entities()
    order = list(categories) if categories is not None else list(CATEGORIES)
    count = 0
    for category in order:
        for cat, updated, xml in entities:
            if cat == category:
                fake.add(cat, xml, updated=updated)
                count += 1
    return count


# --- One motion, every part of it chosen by the test ---------------------------------------------------

KNOWN_PEOPLE = {
    "D.G. Boswijk": ("1e8aa099-9c94-432d-bff7-ac9fe20ff3ff", "CDA"),
    "J.M. Paternotte": ("8f2a1c0e-3d41-4c4b-9a3e-2f8e5c1b7d01", "D66"),
    "G. Wilders": ("8f2a1c0e-3d41-4c4b-9a3e-2f8e5c1b7d02", "PVV"),
    "C. Stoffer": ("8f2a1c0e-3d41-4c4b-9a3e-2f8e5c1b7d03", "SGP"),
    "T.M.T. van der Lee": ("8f2a1c0e-3d41-4c4b-9a3e-2f8e5c1b7d04", "GroenLinks-PvdA"),
}


def vote(fractie: str, *, soort: str = "Voor", grootte: int = 0, persoon: str | None = None, vergissing: bool = False) -> dict[str, Any]:
    return {"fractie": fractie, "soort": soort, "grootte": grootte, "persoon": persoon, "vergissing": vergissing}


def decision(soort: str = "Stemmen - aangenomen", tekst: str = "Aangenomen.", *, vote_date: str = "2025-04-15T00:00:00", bijgewerkt_at: str | None = None,
             stemmingssoort: str = "Met handopsteken", votes: Iterable[dict[str, Any]] = ()) -> dict[str, Any]:
    return {"soort": soort, "tekst": tekst, "vote_date": vote_date, "bijgewerkt": bijgewerkt_at, "stemmingssoort": stemmingssoort, "votes": list(votes)}


@dataclass
class BuiltMotion:
    zaak: str
    document: str
    entities: list[tuple[str, str]]

    def of(self, *categories: str) -> list[tuple[str, str]]:
        return [(c, x) for c, x in self.entities if c in categories]


def one_motion(
    *, dossier: int = 35207, toevoeging: str | None = None, volgnummer: int = 101, document_volgnummer: int | None = None,
    identifier: str | None = None, soort_document: str = "Motie", onderwerp: str = "Motie over iets",
    kabinetsappreciatie: str | None = "Oordeel Kamer", submitters: Iterable[tuple[str, str, str]] = (("D.G. Boswijk", "CDA", "Indiener"), ("J.M. Paternotte", "D66", "Medeindiener")),
    decisions: Iterable[dict[str, Any]] = (), vervangen_vanuit: str | None = None, zaak: str | None = None, nummer: str | None = None,
) -> BuiltMotion:
    """A motion Zaak with its dossier, Document (+ DocumentVersie ``kst-…``), ZaakActors, and per decision a Besluit on
    an Agendapunt of a voting Activiteit with its Stemmingen; Persoon and Fractie entities for whoever appears."""
    zaak = zaak or new_guid()
    document, versie = new_guid(), new_guid()
    dossier_id = _guid("dossier", hash((dossier, toevoeging or "")) & 0xFFFFFFF)
    key = f"{dossier}{'-' + toevoeging if toevoeging else ''}-{volgnummer}"
    out: list[tuple[str, str]] = [("Kamerstukdossier", entity("Kamerstukdossier", dossier_id, titel=f"Dossier {dossier}", nummer=dossier, toevoeging=toevoeging, afgesloten=False))]
    people: dict[str, str] = {}
    parties: dict[str, str] = {}

    def person(name: str) -> str:
        guid, _ = KNOWN_PEOPLE.get(name, (_guid("persoon", hash(name) & 0xFFFFFFF), ""))
        if name not in people:
            initials, _, surname = name.partition(" ")
            out.append(("Persoon", entity("Persoon", guid, initialen=initials, achternaam=surname, functie="Tweede Kamerlid")))
            people[name] = guid
        return guid

    def party(abbr: str, seats: int | None = None) -> str:
        guid = _guid("fractie", sum(ord(c) * (i + 1) for i, c in enumerate(abbr)))
        if abbr not in parties:
            out.append(("Fractie", entity("Fractie", guid, afkorting=abbr, naamNl=abbr, aantalZetels=seats)))
            parties[abbr] = guid
        return guid

    out.append(("Zaak", entity(
        "Zaak", zaak, kamerstukdossier=dossier_id, vervangenVanuit=vervangen_vanuit, nummer=nummer or f"2025Z{abs(hash(zaak)) % 100_000:05d}", soort="Motie",
        onderwerp=onderwerp, gestartOp="2025-04-09T00:00:00", titel=f"Dossier {dossier}", vergaderjaar="2024-2025", volgnummer=volgnummer,
        status="Vrijgegeven", kabinetsappreciatie=kabinetsappreciatie,
    )))
    for rank, (name, fractie, relatie) in enumerate(submitters):
        out.append(("ZaakActor", entity("ZaakActor", new_guid(), zaak=zaak, persoon=person(name), fractie=party(fractie), actorNaam=name, actorFractie=fractie, relatie=relatie)))
    out.append(("Document", entity(
        "Document", document, huidigeDocumentVersie=versie, zaak=zaak, kamerstukdossier=dossier_id, soort=soort_document, documentNummer=f"2025D{abs(hash(document)) % 100_000:05d}",
        onderwerp=onderwerp, datum="2025-04-09T00:00:00", volgnummer=volgnummer if document_volgnummer is None else document_volgnummer, vergaderjaar="2024-2025",
    )))
    out.append(("DocumentVersie", entity("DocumentVersie", versie, document=document, versienummer=1, extensie=".pdf", externeidentifier=identifier or f"kst-{key}")))
    for d in decisions:
        activiteit, agendapunt, besluit = new_guid(), new_guid(), new_guid()
        out.append(("Activiteit", entity("Activiteit", activiteit, soort="Stemmingen", datum=d["vote_date"], status="Uitgevoerd")))
        out.append(("Agendapunt", entity("Agendapunt", agendapunt, activiteit=activiteit, onderwerp="Stemmingen")))
        out.append(("Besluit", entity(
            "Besluit", besluit, updated_at=d["bijgewerkt"], agendapunt=agendapunt, zaak=zaak, stemmingsSoort=d["stemmingssoort"], besluitSoort=d["soort"],
            besluitTekst=d["tekst"], status="Besluit",
        )))
        for v in d["votes"]:
            values: dict[str, Any] = {"besluit": besluit, "fractie": party(v["fractie"], v["grootte"] or None), "soort": v["soort"], "fractieGrootte": v["grootte"],
                                      "actorNaam": v["persoon"] or v["fractie"], "actorFractie": v["fractie"], "vergissing": v["vergissing"]}
            if v["persoon"]:
                values["persoon"] = person(v["persoon"])
            out.append(("Stemming", entity("Stemming", new_guid(), **values)))
    return BuiltMotion(zaak, document, out)


def brief_2243() -> list[tuple[str, str, str]]:
    """Kamerstukdossier 21501-20 and its paper nr. 2243, a real ``Brief regering`` (tests/fixtures/opendata/
    kamerstukdossier_21501-20.json), with a DocumentActor for the minister: (category, entry updated, XML)."""
    import json

    dossier = json.loads((ODATA_FIXTURES / "kamerstukdossier_21501-20.json").read_text(encoding="utf-8"))["value"][0]
    out = [("Kamerstukdossier", *from_odata("Kamerstukdossier", dossier, {}))]
    for document in dossier.get("Document") or []:
        out.append(("Document", *from_odata("Document", document, {"kamerstukdossier": dossier["Id"]})))
        actor = {"Id": _guid("documentactor", 2243), "ActorNaam": "C.C.J. Veldkamp", "Functie": "minister van Buitenlandse Zaken", "Relatie": "Eerste ondertekenaar",
                 "GewijzigdOp": document.get("GewijzigdOp"), "ApiGewijzigdOp": document.get("ApiGewijzigdOp")}
        out.append(("DocumentActor", *from_odata("DocumentActor", actor, {"document": document["Id"]})))
    return out


# --- A decade's shape, generated on demand (benchmarks) ---------------------------------------------


def decade_feed(fake: FakeSyncFeed, motions: int, *, per_dossier: int = 200, seed: int = 7) -> dict[str, int]:
    """Add a generated feed of ``motions`` motions to ``fake``: per motion a Zaak, two ZaakActors, its Document
    and DocumentVersie, a Besluit on an Agendapunt, a Stemming per party (every 25th by roll call: per member),
    and a government letter (Document ``Brief regering`` with a DocumentActor); per ``per_dossier`` motions a
    Kamerstukdossier and a voting Activiteit; 15 parties and 150 members. Entities are rendered when a page
    asks for them. Returns the number of entities per category."""
    n_dossiers = (motions + per_dossier - 1) // per_dossier
    parties = [(f"P{p}", f"Partij {p}", 10) for p in range(15)]
    party_ids = [_guid("d-fractie", p, seed) for p in range(15)]
    member_ids = [_guid("d-persoon", m, seed) for m in range(150)]
    outcomes = ["Stemmen - aangenomen", "Stemmen - verworpen", "Stemmen - aangenomen", "Stemmen - aangehouden", "Stemmen - verworpen"]
    appreciations = ["Oordeel Kamer", "Ontraden", "Ontraden, tenzij gewijzigd", "Overbodig", "Ontijdig", None]
    roll_every = 25
    votes_per = [len(parties)] * motions
    # Stemming index → (motion, row): prefix sums are too big to keep for millions; roll calls are regular instead.
    block = roll_every - 1
    per_block = block * len(parties) + 150  # 24 show-of-hands motions and one roll call

    def g(kind: str, i: int) -> str:
        return _guid(kind, i, seed)

    def dossier_no(m: int) -> int:
        return 30_000 + m // per_dossier

    def number(m: int) -> int:
        return m % per_dossier + 1

    def zaak(i: int) -> tuple[str, str]:
        d = dossier_no(i)
        return g("zaak", i), entity(
            "Zaak", g("zaak", i), kamerstukdossier=g("dossier", i // per_dossier), nummer=f"20{15 + i % 10}Z{i % 100_000:05d}", soort="Motie",
            onderwerp=f"Motie van het lid Lid{i % 150} over onderwerp {i}", gestartOp="2020-04-09T00:00:00", organisatie="Tweede Kamer",
            titel=f"Dossier {d}", vergaderjaar="2019-2020", volgnummer=number(i), status="Vrijgegeven", afgedaan=False,
            kabinetsappreciatie=appreciations[i % len(appreciations)],
        )

    def actor(j: int) -> tuple[str, str]:
        m, rank = divmod(j, 2)
        member = (m * 7 + rank * 13) % 150
        return g("actor", j), entity(
            "ZaakActor", g("actor", j), zaak=g("zaak", m), persoon=member_ids[member], fractie=party_ids[member % 15], actorNaam=f"A.B. Lid{member}",
            actorFractie=parties[member % 15][0], relatie="Indiener" if rank == 0 else "Medeindiener", functie="Tweede Kamerlid",
        )

    def document(j: int) -> tuple[str, str]:
        m, letter = divmod(j, 2)
        if letter:
            return g("letter", m), entity(
                "Document", g("letter", m), kamerstukdossier=g("dossier", m // per_dossier), soort="Brief regering", documentNummer=f"2020D{(m * 2 + 1) % 100_000:05d}",
                titel=f"Dossier {dossier_no(m)}", onderwerp=f"Brief over onderwerp {m}", datum="2020-06-01T00:00:00", volgnummer=per_dossier + number(m),
                vergaderjaar="2019-2020", kamer=2, organisatie="Tweede Kamer", content_type="application/pdf", content_length=20_000 + m % 1000,
            )
        return g("document", m), entity(
            "Document", g("document", m), huidigeDocumentVersie=g("versie", m), zaak=g("zaak", m), kamerstukdossier=g("dossier", m // per_dossier), soort="Motie",
            documentNummer=f"2020D{(m * 2) % 100_000:05d}", titel=f"Dossier {dossier_no(m)}", onderwerp=f"Motie over onderwerp {m}", datum="2020-04-09T00:00:00",
            volgnummer=number(m), vergaderjaar="2019-2020", kamer=2, organisatie="Tweede Kamer", content_type="application/pdf", content_length=15_000 + m % 1000,
        )

    def versie(m: int) -> tuple[str, str]:
        return g("versie", m), entity("DocumentVersie", g("versie", m), document=g("document", m), status="Vrijgegeven", versienummer=1, extensie=".pdf",
                                      datum="2020-04-09T00:00:00", externeidentifier=f"kst-{dossier_no(m)}-{number(m)}")

    def document_actor(m: int) -> tuple[str, str]:
        return g("docactor", m), entity("DocumentActor", g("docactor", m), document=g("letter", m), actorNaam="minister", functie="minister", relatie="Eerste ondertekenaar")

    def agendapunt(m: int) -> tuple[str, str]:
        return g("agendapunt", m), entity("Agendapunt", g("agendapunt", m), activiteit=g("activiteit", m // per_dossier), nummer=str(number(m)), onderwerp="Stemmingen", volgorde=number(m))

    def besluit(m: int) -> tuple[str, str]:
        soort = outcomes[m % len(outcomes)]
        return g("besluit", m), entity("Besluit", g("besluit", m), agendapunt=g("agendapunt", m), zaak=g("zaak", m), stemmingsSoort="Hoofdelijk" if m % roll_every == block else "Met handopsteken",
                                       besluitSoort=soort, besluitTekst=soort.split(" - ")[-1].capitalize() + ".", status="Besluit")

    def stemming(j: int) -> tuple[str, str]:
        blk, rest = divmod(j, per_block)
        if rest < block * len(parties):
            m, p = blk * roll_every + rest // len(parties), rest % len(parties)
            return g("stemming", j), entity("Stemming", g("stemming", j), besluit=g("besluit", m), fractie=party_ids[p], soort="Voor" if (p + m) % 3 else "Tegen",
                                            fractieGrootte=10, actorNaam=parties[p][0], actorFractie=parties[p][0], vergissing=False)
        m, member = blk * roll_every + block, rest - block * len(parties)
        return g("stemming", j), entity("Stemming", g("stemming", j), besluit=g("besluit", m), persoon=member_ids[member], fractie=party_ids[member % 15],
                                        soort="Voor" if member % 2 else "Tegen", fractieGrootte=1, actorNaam=f"A.B. Lid{member}", actorFractie=parties[member % 15][0], vergissing=False)

    whole_blocks, left = divmod(motions, roll_every)
    n_stemmingen = whole_blocks * per_block + min(left, block) * len(parties)
    counts = {
        "Persoon": 150, "Fractie": 15, "Kamerstukdossier": n_dossiers, "Activiteit": n_dossiers, "Agendapunt": motions, "Document": 2 * motions,
        "DocumentVersie": motions, "DocumentActor": motions, "ZaakActor": 2 * motions, "Besluit": motions, "Stemming": n_stemmingen, "Zaak": motions,
    }
    renders = {
        "Persoon": lambda i: (member_ids[i], entity("Persoon", member_ids[i], initialen="A.B.", achternaam=f"Lid{i}", functie="Tweede Kamerlid")),
        "Fractie": lambda i: (party_ids[i], entity("Fractie", party_ids[i], afkorting=parties[i][0], naamNl=parties[i][1], aantalZetels=parties[i][2])),
        "Kamerstukdossier": lambda i: (g("dossier", i), entity("Kamerstukdossier", g("dossier", i), titel=f"Dossier {30_000 + i}", nummer=30_000 + i, afgesloten=False)),
        "Activiteit": lambda i: (g("activiteit", i), entity("Activiteit", g("activiteit", i), soort="Stemmingen", datum="2020-04-14T00:00:00", status="Uitgevoerd")),
        "Agendapunt": agendapunt, "Document": document, "DocumentVersie": versie, "DocumentActor": document_actor, "ZaakActor": actor,
        "Besluit": besluit, "Stemming": stemming, "Zaak": zaak,
    }
    del votes_per
    for category in CATEGORIES:
        if category in counts:
            fake.add_generated(category, counts[category], renders[category])
    return counts
