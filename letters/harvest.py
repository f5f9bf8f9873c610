"""The letter harvest: every government letter in the open-data mirror becomes a Letter, with nobody uploading it.

A mirrored ``Document`` whose ``soort`` is in ``LETTER_HARVEST_SOORTEN`` (default ``["Brief regering"]``)
gets a ``Harvest`` row: the job and its state. Rows are written

* by the sync, in the transaction of the page that brought the Document, its DocumentVersie or a
  DocumentActor (``note_mirror_changes``, connected in ``letters.receivers`` to the signal the sync
  sends per page), so a kill at any moment loses nothing and only new or changed letters are queued;
* by ``manage.py harvest_letters`` for the backfill (every such Document without a row).

``harvest_letter(pk)`` is the unit of work (run by ``letters.tasks.harvest_letter_task``): it reads the
Document, its current DocumentVersie (id, versienummer, bestandsgrootte) and its DocumentActor rows
from the mirror. When the letter already holds that version only the metadata is brought up to date:
a re-sent Document (a moved ``bijgewerkt``) fetches nothing. Otherwise the file is fetched from
``Resources/<id>`` (checked against ``contentLength``, retried with backoff on 5xx, timeouts and short
bodies) and handed to ``receive_letter``, the one way in: deduplicated by sha256 with uploaded
letters, read, linked (``link_letter`` adds the open data's links, ``letters.sources``), staff
decisions kept on a new version. A file that cannot be fetched or read is recorded with its reason
and not retried until staff ask (``harvest_letters --retry-failed``); the next letter goes on.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterable
from functools import partial
from pathlib import Path

import httpx
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from common.tasks import queue
from motions.keys import parse_key
from motions.models import Dossier, Kamerstuk, Ministry
from motions.opendata.mirror import FeedEntity, FeedReference

from .ingest import LetterError, receive_letter
from .models import Harvest, Letter
from .reading.citations import extract_references
from .sources import find_numbers, paper_key_of

__all__ = [
    "fetch_file", "harvest_letter", "harvest_summary", "harvestable_documents", "harvests_to_requeue", "note_documents",
    "note_mirror_changes", "queue_harvest", "relink_fulfilled", "take_up_stale",
]

logger = logging.getLogger("letters.harvest")

USER_AGENT = "Motietracker/0.2 (+https://github.com/motietracker/motietracker; letter harvest)"
NO_TEXT_LAYER = "the PDF has no text layer (scanned?)"
_EXTENSIONS = {"application/pdf": "pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx", "application/msword": "doc", "text/rtf": "rtf", "application/rtf": "rtf"}


def soorten() -> list[str]:
    return list(settings.LETTER_HARVEST_SOORTEN)


def harvestable_documents():
    """Mirrored Documents of a harvested soort that the source has not deleted."""
    return FeedEntity.objects.filter(category="Document", deleted=False, fields__soort__in=soorten())


# --- Queueing ------------------------------------------------------------------------------------


def note_documents(guids: Iterable[str | uuid.UUID], *, numbers: dict[str, str] | None = None) -> list[int]:
    """Queue a harvest for each Document (a new row, or a finished one again). Failed harvests stay
    failed (they are retried by hand); queued and running ones are left alone. The jobs go to the
    broker after commit. Answers the ids queued."""
    wanted = {str(g) for g in guids}
    if not wanted:
        return []
    numbers = numbers or {}
    now = timezone.now()
    existing = {str(d): (pk, state) for pk, d, state in Harvest.objects.filter(document__in=list(wanted)).values_list("pk", "document", "state")}
    Harvest.objects.bulk_create(
        [Harvest(document=uuid.UUID(g), document_number=numbers.get(g, "")[:20], queued_at=now) for g in sorted(wanted - set(existing))],
        ignore_conflicts=True,
    )
    again = [pk for pk, state in existing.values() if state in (Harvest.State.DONE, Harvest.State.SKIPPED)]
    if again:
        Harvest.objects.filter(pk__in=again).update(state=Harvest.State.QUEUED, queued_at=now, enqueued_at=None, reason="")
    # Still waiting (e.g. for its DocumentVersie): queue it again now; the claim makes a double harmless.
    again += [pk for pk, state in existing.values() if state == Harvest.State.QUEUED]
    running = [pk for pk, state in existing.values() if state == Harvest.State.RUNNING]
    if running:
        # Changed while a worker reads it: that worker queues it once more when it finishes.
        Harvest.objects.filter(pk__in=running).update(again=True)
    new = list(Harvest.objects.filter(document__in=[uuid.UUID(g) for g in wanted - set(existing)], state=Harvest.State.QUEUED).values_list("pk", flat=True))
    ids = sorted(new + again)
    if ids:
        transaction.on_commit(lambda: [queue_harvest(pk) for pk in ids])
    return ids


def note_mirror_changes(entities: Iterable) -> list[int]:
    """What a committed mirror page means for the harvest: a new or changed letter Document, a new
    DocumentVersie of one, or a changed DocumentActor queue that Document. Called inside the page's
    transaction, with a constant number of queries."""
    documents: set[str] = set()
    numbers: dict[str, str] = {}
    fulfilments: list[str] = []
    wanted_soorten = set(soorten())
    for e in entities:
        if e.category == "Toezegging" and not e.deleted and (e.fields or {}).get("kamerbriefNakoming"):
            fulfilments.append(str(e.fields["kamerbriefNakoming"]))
        elif e.category == "Document":
            if not e.deleted and (e.fields or {}).get("soort") in wanted_soorten:
                documents.add(str(e.guid))
                numbers[str(e.guid)] = e.nummer
        elif e.category in ("DocumentVersie", "DocumentActor"):
            target = (e.refs or {}).get("document") or []
            documents.update(target[:1])
    if fulfilments:
        relink_fulfilled(fulfilments)
    if not documents:
        return []
    letters = {str(g): n for g, n in harvestable_documents().filter(guid__in=list(documents)).values_list("guid", "nummer")}
    numbers.update(letters)
    return note_documents(letters, numbers=numbers)


def relink_fulfilled(fulfilments: list[str]) -> list[int]:
    """A commitment's register entry now names a harvested letter as its fulfilment: read that
    letter again (from its stored file) after commit, so the commitment link is added."""
    numbers = {n for text in fulfilments for _, _, n in find_numbers(text)}
    keys = {r.key for text in fulfilments for r in extract_references(text) if r.key}
    if not numbers and not keys:
        return []
    ids = list(
        Letter.objects.filter(document_id__isnull=False, state=Letter.State.DONE)
        .filter(Q(document_number__in=numbers) | Q(kamerstuk__key__in=keys))
        .values_list("pk", flat=True)
    )
    for pk in ids:
        transaction.on_commit(partial(queue, "letters.tasks.process_letter_task", pk, force=True))
    return ids


def queue_harvest(harvest_id: int) -> bool:
    """Hand one harvest to the broker; when it is down the row stays queued for the sweep."""
    from kombu.exceptions import OperationalError as BrokerError

    try:
        queue("letters.tasks.harvest_letter_task", harvest_id)
    except (BrokerError, ConnectionError) as exc:
        logger.warning("harvest %s not queued (%s); the sweep will queue it", harvest_id, exc)
        return False
    Harvest.objects.filter(pk=harvest_id, state=Harvest.State.QUEUED).update(enqueued_at=timezone.now())
    return True


def harvests_to_requeue(now: dt.datetime | None = None):
    """Harvests never handed to the broker, or whose job went quiet (a worker killed mid-letter)."""
    stale = (now or timezone.now()) - dt.timedelta(minutes=settings.LETTER_HARVEST_STALE_MINUTES)
    waiting = Q(state=Harvest.State.QUEUED) & (Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=stale))
    stuck = Q(state=Harvest.State.RUNNING, updated_at__lt=stale)
    return Harvest.objects.filter(waiting | stuck).order_by("pk")


def take_up_stale(limit: int = 1000) -> list[int]:
    """The harvests to queue again (see ``harvests_to_requeue``), a dead worker's put back to queued."""
    ids = list(harvests_to_requeue().values_list("pk", flat=True)[:limit])
    Harvest.objects.filter(pk__in=ids, state=Harvest.State.RUNNING).update(state=Harvest.State.QUEUED)
    return ids


# --- Fetching ------------------------------------------------------------------------------------


class _Transient(Exception):
    pass


def fetch_file(url: str, *, expected_length: int | None, client: httpx.Client | None = None) -> bytes:
    """The file at ``url``, whole: a body shorter or longer than ``expected_length`` (the entity's
    contentLength), a 5xx or 429, a timeout or a dropped connection is retried with exponential
    backoff (``LETTER_HARVEST_ATTEMPTS`` tries, ``LETTER_HARVEST_BACKOFF`` seconds doubling); a 4xx or
    a file over the upload limit fails at once. Raises LetterError with one line."""
    limit = settings.LETTER_MAX_UPLOAD_BYTES
    if expected_length is not None and expected_length > limit:
        raise LetterError(f"the file is {expected_length:,} bytes; the limit is {limit:,} bytes")
    attempts = max(1, settings.LETTER_HARVEST_ATTEMPTS)
    client = client or shared_client()
    last = ""
    for attempt in range(attempts):
        if attempt:
            time.sleep(settings.LETTER_HARVEST_BACKOFF * 2 ** (attempt - 1))
        try:
            return _fetch_once(client, url, expected_length, limit)
        except _Transient as exc:
            last = str(exc)
            logger.warning("fetching %s failed (%s); attempt %d of %d", url, last, attempt + 1, attempts)
    raise LetterError(f"{last} (after {attempts} attempts)")


_CLIENT: tuple[int, httpx.Client] | None = None


def shared_client() -> httpx.Client:
    """One HTTP client per process (a worker forks after import): its connection pool and TLS
    context are made once, not per letter (that cost 60 ms a letter, measured)."""
    global _CLIENT
    if _CLIENT is None or _CLIENT[0] != os.getpid():
        _CLIENT = (os.getpid(), httpx.Client(timeout=settings.LETTER_HARVEST_TIMEOUT, headers={"User-Agent": USER_AGENT}, follow_redirects=True))
    return _CLIENT[1]


def _fetch_once(client: httpx.Client, url: str, expected: int | None, limit: int) -> bytes:
    try:
        with client.stream("GET", url) as response:
            if response.status_code == 429 or response.status_code >= 500:
                raise _Transient(f"the server answered {response.status_code}")
            if response.status_code != 200:
                raise LetterError(f"the server answered {response.status_code} for {url}")
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise LetterError(f"the file is larger than the limit of {limit:,} bytes")
                chunks.append(chunk)
    except httpx.TimeoutException as exc:
        raise _Transient(f"timed out ({type(exc).__name__})") from exc
    except httpx.TransportError as exc:
        raise _Transient(f"the connection failed ({type(exc).__name__}: {exc})") from exc
    data = b"".join(chunks)
    if expected is not None and len(data) != expected:
        raise _Transient(f"the body has {len(data):,} bytes where contentLength says {expected:,}")
    return data


def ocr_available() -> bool:
    return bool(shutil.which("ocrmypdf") and shutil.which("tesseract"))


def _with_text_layer(data: bytes) -> bytes:
    """OCR a scanned PDF where ocrmypdf and tesseract (with Dutch) are installed; otherwise the
    letter fails with "no text layer"."""
    if not ocr_available():
        raise LetterError(f"{NO_TEXT_LAYER}; OCR is not installed here (ocrmypdf, tesseract-ocr-nld)")
    with tempfile.TemporaryDirectory() as tmp:
        source, target = Path(tmp) / "in.pdf", Path(tmp) / "out.pdf"
        source.write_bytes(data)
        result = subprocess.run(["ocrmypdf", "-l", "nld", "--skip-text", "-q", str(source), str(target)], capture_output=True, timeout=600, check=False)
        if result.returncode != 0 or not target.exists():
            raise LetterError(f"{NO_TEXT_LAYER}; OCR failed ({result.stderr.decode('utf-8', 'replace').strip()[:200]})")
        return target.read_bytes()


# --- The unit of work --------------------------------------------------------------------------------


def _date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


_SENDER_RELATIONS = ("afzender", "eerste ondertekenaar", "ondertekenaar")


def sender_of(actors: list[FeedEntity]) -> tuple[str, str, Ministry | None]:
    """(function, name, ministry) from a Document's DocumentActor rows: the sender (relatie
    Afzender/ondertekenaar) first, else any actor with a function."""

    def rank(a: FeedEntity) -> tuple[int, str]:
        relatie = str(a.fields.get("relatie") or "").lower()
        return (next((i for i, r in enumerate(_SENDER_RELATIONS) if r in relatie), len(_SENDER_RELATIONS)), str(a.guid))

    function = name = ""
    ministry = None
    for actor in sorted(actors, key=rank):
        f = " ".join(str(actor.fields.get("functie") or "").split())
        n = " ".join(str(actor.fields.get("actorNaam") or "").split())
        if not function and not name and (f or n):
            function, name = f, n
        if ministry is None and f:
            ministry = Ministry.objects.named(f)
        if function and ministry is not None:
            break
    return function[:300], name[:200], ministry


def own_paper(key: str | None, *, document: FeedEntity) -> Kamerstuk | None:
    """The letter's own Kamerstuk (found or created as a placeholder the sync completes)."""
    if not key:
        return None
    paper = Kamerstuk.objects.filter(key=key).first()
    if paper is not None:
        return paper
    parsed = parse_key(key)
    dossier, _ = Dossier.objects.get_or_create(number=int(parsed.dossier), toevoeging=parsed.toevoeging)
    Kamerstuk.objects.bulk_create(
        [Kamerstuk(dossier=dossier, number=parsed.number, key=key, kind=Kamerstuk.Kind.BRIEF_REGERING, kind_raw=str(document.fields.get("soort") or "")[:100],
                   is_placeholder=True, document_number=document.nummer[:20])],
        ignore_conflicts=True,
    )
    return Kamerstuk.objects.filter(key=key).first()


def _finish(harvest_id: int, state: str, *, reason: str = "", letter: Letter | None = None, downloads: int = 0) -> Harvest:
    changes = {"state": state, "reason": reason[:2000], "finished_at": timezone.now(), "updated_at": timezone.now(), "downloads": F("downloads") + downloads}
    if letter is not None:
        changes["letter"] = letter
    Harvest.objects.filter(pk=harvest_id).update(**changes)
    if state != Harvest.State.FAILED and Harvest.objects.filter(pk=harvest_id, again=True).update(again=False, state=Harvest.State.QUEUED, enqueued_at=None):
        transaction.on_commit(lambda: queue_harvest(harvest_id))
    return Harvest.objects.get(pk=harvest_id)


def harvest_letter(harvest_id: int, *, client: httpx.Client | None = None) -> Harvest:
    """Harvest one letter (see the module docstring). Safe to run twice: only a queued harvest is
    claimed. Never raises for what is wrong with one letter: that is recorded on the row."""
    now = timezone.now()
    if not Harvest.objects.filter(pk=harvest_id, state=Harvest.State.QUEUED).update(state=Harvest.State.RUNNING, attempts=F("attempts") + 1, updated_at=now):
        return Harvest.objects.get(pk=harvest_id)
    harvest = Harvest.objects.get(pk=harvest_id)
    document = FeedEntity.objects.filter(guid=harvest.document, category="Document").first()
    if document is None or document.deleted or document.fields.get("soort") not in soorten():
        return _finish(harvest_id, Harvest.State.SKIPPED, reason="het Document is verwijderd of geen brief (meer)" if document is not None else "het Document staat niet in de spiegel")
    version_guid = document.ref("huidigeDocumentVersie")
    related = {str(e.guid): e for e in FeedEntity.objects.filter(guid__in=[g for g in (version_guid, document.ref("kamerstukdossier")) if g])}
    version = related.get(version_guid or "")
    if version_guid and version is None:
        # Its DocumentVersie has not arrived yet; that page queues this letter again.
        Harvest.objects.filter(pk=harvest_id).update(state=Harvest.State.QUEUED, reason="wacht op de DocumentVersie", enqueued_at=timezone.now(), updated_at=timezone.now())
        return Harvest.objects.get(pk=harvest_id)
    actor_ids = FeedReference.objects.filter(target=document.guid, category="DocumentActor", name="document").values("source")
    actors = list(FeedEntity.objects.filter(guid__in=actor_ids, deleted=False))
    function, name, ministry = sender_of(actors)
    dossiers = {k: v for k, v in related.items() if v.category == "Kamerstukdossier"}
    versions = {k: v for k, v in related.items() if v.category == "DocumentVersie"}
    key = paper_key_of(document, dossiers, versions)
    vf = version.fields if version is not None else {}
    fields = {
        "document_id": document.guid,
        "document_number": document.nummer[:20],
        "version_id": version.guid if version is not None else None,
        "version_number": int(vf["versienummer"]) if str(vf.get("versienummer") or "").isdigit() else None,
        "version_size": int(vf["bestandsgrootte"]) if str(vf.get("bestandsgrootte") or "").isdigit() else document.content_length,
        "harvested_at": timezone.now(),
        "sender_function": function,
        "sender_name": name,
    }
    title = " ".join(str(document.fields.get("onderwerp") or document.fields.get("titel") or "").split())[:500]
    date = _date(document.fields.get("datum"))
    letter = Letter.objects.filter(document_id=document.guid).first()
    if letter is not None and letter.state == Letter.State.DONE and (letter.version_id, letter.version_number, letter.version_size) == (
        fields["version_id"], fields["version_number"], fields["version_size"]
    ):
        return _update_metadata(harvest_id, letter, fields, title=title, date=date, ministry=ministry, key=key, document=document)
    url = document.enclosure or f"{settings.TK_SYNCFEED_BASE_URL.rstrip('/')}/Resources/{document.guid}"
    try:
        data = fetch_file(url, expected_length=document.content_length, client=client)
    except LetterError as exc:
        return _finish(harvest_id, Harvest.State.FAILED, reason=f"ophalen mislukt: {exc}")
    extension = _EXTENSIONS.get(document.content_type.split(";")[0].strip().lower()) or str(vf.get("extensie") or ".pdf").lstrip(".").lower()[:8]
    filename = f"{document.nummer or document.guid}.{extension}"
    fields["ministry"] = ministry if ministry is not None else (letter.ministry if letter is not None else None)
    try:
        try:
            receipt = _receive(data, filename, key=key, document=document, title=title, date=date, fields=fields, replaces=letter)
        except LetterError as exc:
            if NO_TEXT_LAYER not in str(exc):
                raise
            # A scan: with OCR installed it gets a text layer and is read again; otherwise it fails here.
            receipt = _receive(_with_text_layer(data), filename, key=key, document=document, title=title, date=date, fields=fields, replaces=letter)
    except LetterError as exc:
        return _finish(harvest_id, Harvest.State.FAILED, reason=f"lezen mislukt: {exc}", downloads=1)
    return _finish(harvest_id, Harvest.State.DONE, letter=receipt.letter, downloads=1)


def _receive(data: bytes, filename: str, *, key: str | None, document: FeedEntity, title: str, date: dt.date | None, fields: dict, replaces: Letter | None):
    """Through the one way in, in one transaction: the file is read once (receive_letter extracts
    before it stores), and nothing is saved when it cannot be read."""
    with transaction.atomic():
        fields["kamerstuk"] = own_paper(key, document=document)
        return receive_letter(ContentFile(data, name=filename), title=title, date=date, now=True, fields=fields, replaces=replaces)


def _update_metadata(harvest_id: int, letter: Letter, fields: dict, *, title: str, date: dt.date | None, ministry: Ministry | None, key: str | None, document: FeedEntity) -> Harvest:
    """The letter holds this version: bring sender, ministry, title, date and own paper up to date
    without fetching. A new onderwerp changes the links it gives, so the stored file is read again."""
    with transaction.atomic():
        letter = Letter.objects.select_for_update().get(pk=letter.pk)
        changes = {k: v for k, v in fields.items() if k != "harvested_at" and getattr(letter, k) != v}
        paper = own_paper(key, document=document)
        if paper is not None and letter.kamerstuk_id != paper.pk:
            changes["kamerstuk"] = paper
        if ministry is not None and letter.ministry_id != ministry.pk:
            changes["ministry"] = ministry
        if date and letter.date != date:
            changes["date"] = date
        relink = bool(title) and letter.title != title
        if relink:
            changes["title"] = title
        for name, value in changes.items():
            setattr(letter, name, value)
        if changes:
            letter.save()
    if relink:
        pk = letter.pk
        transaction.on_commit(lambda: queue("letters.tasks.process_letter_task", pk, force=True))
    return _finish(harvest_id, Harvest.State.DONE, letter=letter)


# --- What staff see ----------------------------------------------------------------------------------


def harvest_summary(*, failures: int = 50) -> dict:
    """The harvest's state for staff and the command: counts by state, the rate over the last hour,
    an estimate for what is queued, and the latest failures with their reasons."""
    counts = {state: 0 for state in Harvest.State.values}
    counts.update(dict(Harvest.objects.values_list("state").annotate(n=Count("pk")).values_list("state", "n")))
    hour_ago = timezone.now() - dt.timedelta(hours=1)
    recent = Harvest.objects.filter(finished_at__gte=hour_ago, state=Harvest.State.DONE).count()
    rate = recent / 3600.0
    waiting = counts[Harvest.State.QUEUED] + counts[Harvest.State.RUNNING]
    return {
        "counts": counts,
        "total": sum(counts.values()),
        "letters": Letter.objects.filter(document_id__isnull=False).count(),
        "rate_per_hour": recent,
        "estimate_seconds": (waiting / rate) if rate and waiting else None,
        "failures": list(
            Harvest.objects.failed().select_related("letter").order_by("-updated_at", "-pk")[:failures]
        ),
        "ocr": ocr_available(),
    }
