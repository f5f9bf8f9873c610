"""What the harvest tests share: a fake SyncFeed that also serves government letters (Document +
DocumentVersie + DocumentActor + the file under Resources/<id>) and can fail on a resource.

``LetterFeed`` extends ``tests.fake_syncfeed.FakeSyncFeed`` (left unchanged) with ``resource_faults``:
a queue of faults for ``Resources/`` requests, each taken by the next such request: a status
(``500``), ``"short"`` (a 200 with half the file, its own Content-Length matching the half: only the
entity's contentLength tells it is short), ``"reset"`` (the connection closed without an answer),
``("stall", s)`` (counted on arrival, then no answer for ``s`` seconds or until the server stops).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from typing import Any

from tests.fake_syncfeed import SERVICE_PATH, FakeSyncFeed, _guid, _Handler, entity, new_guid

from .documents import make_docx, make_pdf

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class _LetterHandler(_Handler):
    fake: LetterFeed

    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        if "/Resources/" in self.path:
            fault = self.fake.take_resource_fault()
            if isinstance(fault, tuple) and fault[0] == "stall":
                # A download that hangs: the request counts when it arrives (the client is waiting
                # on it), and no answer comes before the stall ends or the fake stops.
                self.fake._record(self.path, dict(self.headers.items()))
                self.fake._stopping.wait(fault[1])
                return
            if fault is not None:
                self.fake._record(self.path, dict(self.headers.items()))
                guid = self.path.rsplit("/", 1)[-1].lower()
                body, content_type = self.fake.resources.get(guid, (b"", PDF))
                if fault == "reset":
                    self._reset()
                elif fault == "short":
                    self._send(200, body[: len(body) // 2], content_type=content_type)
                else:
                    self._send(int(fault), b"<Error><Message>An error has occurred.</Message></Error>")
                return
        super().do_GET()


class LetterFeed(FakeSyncFeed):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.resource_faults: list[Any] = []

    def take_resource_fault(self) -> Any:
        with self._lock:
            return self.resource_faults.pop(0) if self.resource_faults else None

    def start(self) -> LetterFeed:
        if self._server is not None:
            return self
        self._stopping.clear()
        handler = type("_BoundLetterHandler", (_LetterHandler,), {"fake": self})
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        self._server = server
        self.base_url = f"http://127.0.0.1:{server.server_address[1]}{SERVICE_PATH}"
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="LetterFeed", daemon=True)
        self._thread.start()
        return self

    def resource_requests(self) -> list[str]:
        return [r for r in self.requests if "/Resources/" in r]


@dataclass
class BuiltLetter:
    document: str
    versie: str
    nummer: str
    actors: list[str]


def letter_pdf(paragraphs: Iterable[str]) -> bytes:
    return make_pdf(list(paragraphs))


def letter_docx(paragraphs: Iterable[str]) -> bytes:
    return make_docx(list(paragraphs))


def add_letter(
    fake: LetterFeed,
    body: bytes,
    *,
    nummer: str,
    onderwerp: str = "Brief over de uitvoering van moties",
    dossier: int = 35207,
    toevoeging: str | None = None,
    volgnummer: int = 500,
    datum: str = "2025-06-02T00:00:00",
    soort: str = "Brief regering",
    content_type: str = PDF,
    content_length: int | None = None,
    actors: Iterable[tuple[str, str, str]] = (("minister van Buitenlandse Zaken", "C.C.J. Veldkamp", "Afzender"),),
    document: str | None = None,
    versienummer: int = 1,
) -> BuiltLetter:
    """A government letter in the feed: its dossier, Document (with contentType/contentLength, so the
    entry links its enclosure), DocumentVersie, DocumentActor rows, and the file under Resources/."""
    document = document or new_guid()
    versie = new_guid()
    dossier_id = _guid("dossier", hash((dossier, toevoeging or "")) & 0xFFFFFFF)
    fake.add("Kamerstukdossier", entity("Kamerstukdossier", dossier_id, titel=f"Dossier {dossier}", nummer=dossier, toevoeging=toevoeging, afgesloten=False))
    fake.add("Document", entity(
        "Document", document, huidigeDocumentVersie=versie, kamerstukdossier=dossier_id, soort=soort, documentNummer=nummer, titel=f"Dossier {dossier}",
        onderwerp=onderwerp, datum=datum, volgnummer=volgnummer, vergaderjaar="2024-2025", kamer=2, organisatie="Tweede Kamer",
        content_type=content_type, content_length=len(body) if content_length is None else content_length,
    ))
    fake.add("DocumentVersie", entity("DocumentVersie", versie, document=document, status="Openbaar", versienummer=versienummer, bestandsgrootte=len(body),
                                      extensie=".pdf" if content_type == PDF else ".docx", datum=datum, externeidentifier=f"kst-{dossier}-{volgnummer}"))
    actor_ids = []
    for functie, naam, relatie in actors:
        actor = new_guid()
        actor_ids.append(actor)
        fake.add("DocumentActor", entity("DocumentActor", actor, document=document, actorNaam=naam, functie=functie, relatie=relatie))
    fake.add_resource(document, body, content_type)
    return BuiltLetter(document, versie, nummer, actor_ids)


def new_version(fake: LetterFeed, built: BuiltLetter, body: bytes, *, versienummer: int = 2, content_type: str = PDF) -> str:
    """A newer DocumentVersie of the letter with a new file: the Document points at it and its
    contentLength is the new file's."""
    versie = new_guid()
    fake.add("DocumentVersie", entity("DocumentVersie", versie, document=built.document, status="Openbaar", versienummer=versienummer,
                                      bestandsgrootte=len(body), extensie=".pdf", datum="2025-06-03T00:00:00"))
    latest = fake.latest(built.document)
    xml = latest.xml.replace(f'tk:contentLength="{_length(latest.xml)}"', f'tk:contentLength="{len(body)}"')
    fake.add("Document", xml)
    fake.revise(built.document, huidigeDocumentVersie=versie)
    fake.add_resource(built.document, body, content_type)
    built.versie = versie
    return versie


def _length(xml: str) -> str:
    start = xml.index('tk:contentLength="') + len('tk:contentLength="')
    return xml[start : xml.index('"', start)]
