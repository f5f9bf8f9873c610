"""The letter pipeline: store a file, extract its text, find every citation, link each one.

``receive_letter`` is the one way in, for the management command and load_demo (``now=True``:
processed at once), the API upload and the admin form (queued: the Celery task
``process_letter_task`` calls ``process_letter``). Both end in ``link_letter``. Each unit is one
transaction: a letter that cannot be read saves nothing (now) or is marked failed with its
message (queued).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, cast

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string

from common.tasks import queue
from motions.events import emit_many
from motions.keys import InvalidKey, parse_key
from motions.models import (
    Commitment,
    Dossier,
    Event,
    Kamerstuk,
    Member,
    Ministry,
    Motion,
    Outcome,
    Sponsorship,
)

from .extract import ExtractedLetter, ExtractionError, detect_format, extract_bytes
from .models import (
    Citation,
    Letter,
    MotionMention,
    refresh_answered_on,
    suggestion_shape,
)
from .reading.answers import Suggestion
from .reading.citations import Reference, merge_known_names
from .reading.letter import Found, find_citations, suggest_answers
from .reading.mentions import (
    Candidate,
    Decision,
    Mention,
    decide,
    find_motion_mentions,
    rank,
)
from .sources import signals_for

logger = logging.getLogger("letters")


class LetterError(Exception):
    """Anything wrong with a letter that the user must hear about, in one line."""





# --- Reading what was uploaded ------------------------------------------------------------------


def read_upload(file: str | os.PathLike | bytes | IO[bytes] | File) -> tuple[bytes, str]:
    """Bytes and a file name from a path, raw bytes or an uploaded file; enforces the size limit."""
    limit = settings.LETTER_MAX_UPLOAD_BYTES
    if isinstance(file, (str, os.PathLike)):
        path = Path(file)
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise LetterError(f"cannot read {path}: {exc.strerror or exc}") from exc
        if size > limit:
            raise LetterError(f"{path.name} is {size:,} bytes; the limit is {limit:,} bytes")
        try:
            return path.read_bytes(), path.name
        except OSError as exc:
            raise LetterError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if isinstance(file, bytes):
        data, name = file, "letter"
    else:
        name = Path(getattr(file, "name", "") or "letter").name
        declared = getattr(file, "size", None)  # an uploaded File knows its size; a plain stream may not
        if declared is not None and declared > limit:
            raise LetterError(f"{name} is {declared:,} bytes; the limit is {limit:,} bytes")
        if hasattr(file, "seek"):
            file.seek(0)
        data = file.read(limit + 1)
    if len(data) > limit:
        raise LetterError(f"{name} is larger than the limit of {limit:,} bytes")
    return data, name


def check_letter_bytes(data: bytes, filename: str) -> str:
    """Refuse what can never be a letter (empty, wrong type, zip bomb) before anything is stored."""
    try:
        return detect_format(data, filename)
    except ExtractionError as exc:
        raise LetterError(str(exc)) from exc


# --- Storing --------------------------------------------------------------------------------------


@dataclass
class Receipt:
    """What ``receive_letter`` did: the letter, whether it is new, whether processing was queued."""

    letter: Letter
    created: bool
    queued: bool


def receive_letter(
    file: str | os.PathLike | bytes | IO[bytes] | File,
    *,
    title: str | None = None,
    date: dt.date | None = None,
    ministry: Ministry | None = None,
    by=None,
    now: bool = False,
    fields: dict | None = None,
    replaces: Letter | None = None,
) -> Receipt:
    """The one way in for a letter file.

    Reads and checks the file (its format is detected once), stores it once per content (the same
    file twice is the same letter, also when both arrive at once) and then either processes it here
    in the same transaction (``now``: an unreadable file raises LetterError and nothing is saved)
    or queues the processing task after commit (a failed letter that arrives again is queued again).

    The harvest (letters/harvest.py) passes ``fields``, the open data's metadata (Document-Id,
    number, version, sender, own paper), set on the letter before it is read; a letter uploaded
    earlier with the same file gets them and is read again. ``replaces`` is the letter whose newer
    version this file is: its file is swapped and it is read again, keeping every staff decision.
    """
    data, filename = read_upload(file)
    extracted = None
    if now:
        try:
            extracted = extract_bytes(data, filename)
        except ExtractionError as exc:
            raise LetterError(f"{filename}: {exc}") from exc
        fmt = extracted.format
    else:
        fmt = check_letter_bytes(data, filename)
    with transaction.atomic():
        if replaces is not None:
            letter, created = replace_file(replaces, data, filename, fmt=fmt), False
        else:
            letter, created = store_letter(data, filename, fmt=fmt, title=title, date=date, ministry=ministry, by=by, fields=fields)
        again = bool(fields) and not created
        if again:
            _set_fields(letter, fields or {}, title=title, date=date)
        if extracted is not None:
            if letter.state != Letter.State.DONE or again or replaces is not None:
                letter = link_letter(letter, extracted, title=title, date=date)
            return Receipt(letter, created, queued=False)
        queued = created or letter.state == Letter.State.FAILED or again or replaces is not None
        if queued:
            Letter.objects.filter(pk=letter.pk).update(state=Letter.State.QUEUED)
            pk = letter.pk
            # After commit: the worker must find the row and the file. If the broker is down the
            # letter stays queued and requeue_letters picks it up.
            transaction.on_commit(lambda: enqueue_letter(pk))
            letter.refresh_from_db(fields=["state"])
        return Receipt(letter, created, queued)


def ingest_letter(file, *, title: str | None = None, date: dt.date | None = None, by=None) -> Letter:
    """``receive_letter(…, now=True)`` for scripts and tests that want the processed letter."""
    return receive_letter(file, title=title, date=date, by=by, now=True).letter


def store_letter(
    data: bytes,
    filename: str,
    *,
    fmt: str | None = None,
    title: str | None = None,
    date: dt.date | None = None,
    ministry: Ministry | None = None,
    by=None,
    fields: dict | None = None,
) -> tuple[Letter, bool]:
    """Store a new letter (state *received*), or return the one with the same content. ``fmt`` is
    the format when the caller has already detected it; ``fields`` are more Letter fields to set on
    a new letter (the harvest's metadata)."""
    fmt = fmt or check_letter_bytes(data, filename)
    digest = hashlib.sha256(data).hexdigest()
    existing = Letter.objects.filter(sha256=digest).first()
    if existing is not None:
        return existing, False
    values = {"ministry": ministry, **(fields or {})}
    letter = Letter(
        sha256=digest,
        title=(title or "").strip()[:500],
        date=date,
        original_filename=filename[:300],
        size=len(data),
        format=fmt,
        uploaded_by=by if getattr(by, "pk", None) else None,
        **values,
    )
    letter.file.save(filename, ContentFile(data), save=False)
    try:
        with transaction.atomic():
            letter.save()
    except IntegrityError:
        # The same file arrived twice at once; the other one stored it.
        letter.file.delete(save=False)
        return Letter.objects.get(sha256=digest), False
    except Exception:
        letter.file.delete(save=False)  # nothing partial: no orphan file without its row
        raise
    return letter, True


def _set_fields(letter: Letter, fields: dict, *, title: str | None, date: dt.date | None) -> None:
    for name, value in fields.items():
        setattr(letter, name, value)
    if title:
        letter.title = title.strip()[:500]
    if date:
        letter.date = date
    try:
        with transaction.atomic():
            letter.save()
    except IntegrityError as exc:
        raise LetterError(f"this file is already letter {letter.pk}, which another open-data Document claims") from exc


def replace_file(letter: Letter, data: bytes, filename: str, *, fmt: str) -> Letter:
    """Give ``letter`` a new file (a newer version of the same document); the caller reads it again.
    The old file is removed once the transaction commits."""
    digest = hashlib.sha256(data).hexdigest()
    if digest == letter.sha256:
        return letter
    other = Letter.objects.filter(sha256=digest).exclude(pk=letter.pk).first()
    if other is not None:
        raise LetterError(f"the new version is the same file as letter {other.pk}")
    old = letter.file.name
    letter.sha256, letter.size, letter.format = digest, len(data), fmt
    letter.original_filename = filename[:300]
    letter.file.save(filename, ContentFile(data), save=False)
    new = cast(str, letter.file.name)  # FieldFile.save() just set it to the stored name
    try:
        with transaction.atomic():
            letter.save()
    except Exception:
        letter.file.storage.delete(new)
        raise
    storage = letter.file.storage
    if old and old != new:
        transaction.on_commit(lambda: storage.delete(old))
    return letter


def enqueue_letter(letter_id: int, *, force: bool = False) -> bool:
    """Hand the processing job to Celery. If the broker is down the letter stays stored with
    ``enqueued_at`` empty, and ``requeue_letters`` (on the beat schedule) queues it later: an
    upload is never silently lost. Returns whether the broker took the job."""
    from kombu.exceptions import OperationalError as BrokerError

    try:
        queue("letters.tasks.process_letter_task", letter_id, force=force)
    except (BrokerError, ConnectionError) as exc:  # the broker is unreachable: not queued now
        logger.warning("letter %s stored but not queued (%s); it will be re-queued", letter_id, exc)
        return False
    Letter.objects.filter(pk=letter_id).update(enqueued_at=timezone.now())
    return True


STALE_AFTER = dt.timedelta(minutes=15)


def letters_to_requeue(now: dt.datetime | None = None):
    """Letters whose job was never queued, or whose queued or running job went quiet."""
    now = now or timezone.now()
    stale = now - STALE_AFTER
    waiting = Q(state__in=[Letter.State.RECEIVED, Letter.State.QUEUED]) & (Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=stale))
    stuck = Q(state=Letter.State.PROCESSING, updated_at__lt=stale)
    return Letter.objects.filter(waiting | stuck).order_by("pk")


def process_letter(letter_id: int, *, force: bool = False) -> Letter:
    """The task's work: extract and link a stored letter. Safe to run twice; ``force`` re-links a
    processed letter (its suggestions are recomputed, staff decisions kept)."""
    with transaction.atomic():
        letter = Letter.objects.select_for_update().get(pk=letter_id)
        if letter.state == Letter.State.DONE and not force:
            return letter
        letter.state = Letter.State.PROCESSING
        letter.attempts += 1
        letter.save(update_fields=["state", "attempts", "updated_at"])
    try:
        with letter.file.open("rb") as handle:
            data = handle.read()
        extracted = extract_bytes(data, letter.original_filename)
    except (ExtractionError, OSError) as exc:
        Letter.objects.filter(pk=letter_id).update(state=Letter.State.FAILED, error=str(exc)[:1000], updated_at=timezone.now())
        raise LetterError(str(exc)) from exc
    with transaction.atomic():
        letter = Letter.objects.select_for_update().get(pk=letter_id)
        return link_letter(letter, extracted)


# --- Linking ------------------------------------------------------------------------------------------


def ministry_for(function: str) -> Ministry | None:
    """'De minister van Buitenlandse Zaken' → the Buitenlandse Zaken ministry, when we know it."""
    return Ministry.objects.named(function)


def known_member_names(candidates: Iterable[str]) -> set[str]:
    """Which of these names ("Versnel-Schmitz", "Van der Burg-Paternotte") a member of the
    register carries, lower-cased; one query."""
    wanted = {" ".join(c.split()).lower() for c in candidates if c.strip()}
    if not wanted:
        return set()
    surnames = {w.split()[-1] for w in wanted}
    q = Q()
    for surname in surnames:
        q |= Q(surname__iexact=surname)
    known = set()
    for tussen, surname in Member.objects.filter(q).values_list("tussenvoegsel", "surname"):
        name = " ".join(f"{tussen} {surname}".split()).lower()
        if name in wanted:
            known.add(name)
    return known


def _merge_with_register(found: list[Found], text: str) -> None:
    """``motie-Versnel-Schmitz c.s.``: the text splits at the hyphen; the register says whether the
    two halves are one member. Asked only for pairs the letter writes with a hyphen."""
    pairs = [f"{a}-{b}" for f in found for a, b in zip(f.submitters, f.submitters[1:]) if f"{a}-{b}" in text]
    if not pairs:
        return
    known = known_member_names(pairs)
    if not known:
        return
    for f in found:
        f.submitters = list(merge_known_names(tuple(f.submitters), lambda name: name.lower() in known))


# --- Zaak and document numbers -------------------------------------------------------------------------

# Takes Zaak/document numbers ("2024Z12345", "2024D12345"), returns the Kamerstuk key of each it knows.
ZaakLookup = Callable[[Collection[str]], Mapping[str, str]]


def lookup_in_database(numbers: Collection[str]) -> dict[str, str]:
    """The numbers our own tables know: a motion's Zaak number, a paper's document number."""
    numbers = list(numbers)
    found = dict(Motion.objects.filter(zaak_number__in=numbers).values_list("zaak_number", "kamerstuk__key"))
    found.update(Kamerstuk.objects.filter(document_number__in=numbers).values_list("document_number", "key"))
    return found


def configured_zaak_lookup() -> ZaakLookup | None:
    """``settings.LETTERS_ZAAK_LOOKUP``: a dotted path to a ZaakLookup (the open-data mirror's)."""
    path = getattr(settings, "LETTERS_ZAAK_LOOKUP", "")
    return import_string(path) if path else None


def resolve_zaak_numbers(numbers: Collection[str], *, lookup: ZaakLookup | None = None) -> dict[str, str]:
    """Kamerstuk keys for Zaak/document numbers: first our tables, then ``lookup`` for the rest.

    A key the lookup returns that is not a key is ignored, not linked.
    """
    wanted = {n.upper() for n in numbers if n}
    resolved = lookup_in_database(wanted) if wanted else {}
    rest = wanted - set(resolved)
    if rest and lookup is not None:
        for number, key in dict(lookup(sorted(rest))).items():
            if number not in rest or not isinstance(key, str):
                continue
            try:
                resolved[number] = str(parse_key(key))
            except InvalidKey:
                logger.warning("zaak lookup gave %r for %s: not a key", key, number)
    return resolved


def _mentions_to_propose(letter: Letter, extracted: ExtractedLetter, found: list[Found]) -> list[tuple[Mention, Decision, dict[str, Motion]]]:
    """Resolve the letter's un-numbered motion mentions; each one proposed joins ``found`` as a
    motion citation (so it is classified, stored and reviewed like any other)."""
    mentions = find_motion_mentions(extracted.text, [f.ref for f in found])
    # A footnote marker in the sentence: the note carries the number (the parser and the hint
    # read it there). Extraction moves the markers out of the text, so ask for their places.
    markers = [f.ref_offset for f in extracted.footnotes if f.ref_offset is not None]
    mentions = [
        m for m in mentions if not any(m.start <= at <= extracted.sentence_span(m.start)[1] for at in markers)
    ]
    if not mentions:
        return []
    dossiers = {f"{f.ref.dossier}-{f.ref.toevoeging}" if f.ref.toevoeging else f.ref.dossier for f in found if f.ref.dossier}
    if letter.kamerstuk is not None:
        dossiers.add(letter.kamerstuk.dossier.key)
    resolved = resolve_mentions(mentions, letter_date=letter.date or extracted.date, letter_dossiers=frozenset(d for d in dossiers if d))
    for mention, decision, motions in resolved:
        if not (decision.resolved and decision.best is not None) or mention.plural:
            continue
        paper = motions[decision.best.key].kamerstuk
        ref = Reference("motie", str(paper.dossier.number), paper.dossier.toevoeging or None, paper.number, None, None, None, mention.submitters, mention.start, mention.end)
        footnote = extracted.footnote_at(mention.start)
        found.append(
            Found(
                ref=ref,
                key=paper.key,
                target=Citation.Target.MOTION,
                submitters=list(mention.submitters),
                excerpt=extracted.sentence_span(mention.start),
                section=extracted.heading_for(mention.start) or "",
                footnote=footnote.number if footnote is not None else "",
            )
        )
    found.sort(key=lambda f: (f.ref.start, f.ref.end))
    return resolved


def _store_mentions(letter: Letter, extracted: ExtractedLetter, resolved: list[tuple[Mention, Decision, dict[str, Motion]]]) -> None:
    """One MotionMention per mention, linked to its proposed citation when there is one."""
    letter.mentions.all().delete()
    letter.structure["unresolved_mentions"] = 0
    if not resolved:
        return
    citations = {(c.start, c.end, c.key): c.pk for c in letter.citations.filter(kind=Citation.Kind.MOTIE).only("pk", "start", "end", "key")}
    rows = []
    for mention, decision, motions in resolved:
        best = motions.get(decision.best.key) if decision.best else None
        runner = motions.get(decision.runner_up.key) if decision.runner_up else None
        citation = citations.get((mention.start, mention.end, decision.best.key)) if decision.resolved and decision.best else None
        rows.append(
            MotionMention(
                letter=letter,
                start=mention.start,
                end=mention.end,
                raw=extracted.text[mention.start : mention.end],
                submitters=list(mention.submitters),
                subject=mention.subject[:1000],
                best=best,
                confidence=decision.confidence,
                runner_up=runner,
                runner_up_confidence=decision.runner_up_confidence,
                citation_id=citation,
            )
        )
    MotionMention.objects.bulk_create(rows, ignore_conflicts=True)
    # The letter page asks for its unresolved mentions only when there are any (one query less).
    letter.structure["unresolved_mentions"] = sum(1 for row in rows if row.citation_id is None)


def suggestion_fields(suggestion: Suggestion | None, text: str = "") -> dict:
    """The Citation fields of a suggestion; each piece of evidence keeps the words it quotes, so
    the API and the change feed can show them without the letter's text."""
    if suggestion is None:
        return {"suggested_status": "", "suggestion_confidence": None, "suggestion_evidence": [], "suggestion_obstacle": None, "suggested_deadline": None, "suggested_deadline_text": ""}
    obstacle = suggestion.obstacle
    return {
        "suggested_status": suggestion.label,
        "suggestion_confidence": suggestion.confidence,
        "suggestion_evidence": [{"start": e.start, "end": e.end, "label": e.label, "pattern": e.pattern, "quote": text[e.start : e.end]} for e in suggestion.evidence],
        "suggestion_obstacle": {"start": obstacle.start, "end": obstacle.end, "label": obstacle.label, "pattern": obstacle.pattern, "quote": text[obstacle.start : obstacle.end]} if obstacle else None,
        "suggested_deadline": suggestion.proposed_deadline,
        "suggested_deadline_text": (suggestion.deadline_text or "")[:100],
    }


def suggestion_body(citation: Citation) -> dict | None:
    """The citation's suggestion in the one shape of ``suggestion_shape``."""
    return suggestion_shape(
        citation.suggested_status, citation.suggestion_confidence, citation.suggestion_evidence, citation.suggested_deadline,
        citation.suggested_deadline_text, citation.suggestion_accepted, target=citation.target,
    )


def _resolve_papers(found: list[Found], placeholders_as_motion: set[str]) -> dict[str, Kamerstuk]:
    """Kamerstukken by key, creating placeholders (kept by the sync, which fills them in).

    In bulk: a letter citing thousands of unknown papers costs a handful of queries, not thousands.
    """
    keys = {f.key for f in found if f.key}
    papers = {k.key: k for k in Kamerstuk.objects.filter(key__in=keys)}
    missing = {}
    for key in sorted(keys - set(papers)):
        try:
            missing[key] = parse_key(key)
        except InvalidKey:
            continue
    if not missing:
        return papers
    wanted = {(int(p.dossier), p.toevoeging) for p in missing.values()}
    numbers = {n for n, _ in wanted}
    dossiers = {(d.number, d.toevoeging): d for d in Dossier.objects.filter(number__in=numbers)}
    Dossier.objects.bulk_create([Dossier(number=n, toevoeging=t) for n, t in wanted if (n, t) not in dossiers], ignore_conflicts=True)
    dossiers = {(d.number, d.toevoeging): d for d in Dossier.objects.filter(number__in=numbers)}
    Kamerstuk.objects.bulk_create(
        [
            Kamerstuk(
                dossier=dossiers[(int(p.dossier), p.toevoeging)],
                number=p.number,
                key=key,
                is_placeholder=True,
                kind=Kamerstuk.Kind.MOTIE if key in placeholders_as_motion else Kamerstuk.Kind.ONBEKEND,
            )
            for key, p in missing.items()
        ],
        ignore_conflicts=True,  # a concurrent letter or sync may have created one meanwhile
    )
    papers.update({k.key: k for k in Kamerstuk.objects.filter(key__in=list(missing))})
    return papers


def _placeholder_motions(wanted: dict[int, tuple[Kamerstuk, list[str]]]) -> None:
    """A Motion for each paper the letter calls a motion and the registry does not know yet."""
    if not wanted:
        return
    existing = set(Motion.objects.filter(kamerstuk_id__in=list(wanted)).values_list("kamerstuk_id", flat=True))
    new = []
    for paper_id, (paper, submitters) in wanted.items():
        if paper_id in existing:
            continue
        names = " en ".join(submitters)
        new.append(Motion(kamerstuk=paper, title=f"Motie {names} ({paper.key})" if names else f"Motie {paper.key}"))
    Motion.objects.bulk_create(new, ignore_conflicts=True)


def _member_by_surname(names: Iterable[str]) -> Member | None:
    for name in names:
        parts = name.split()
        surname = parts[-1] if parts else ""
        tussen = " ".join(parts[:-1]).lower()
        candidates = list(Member.objects.filter(surname__iexact=surname, tussenvoegsel__iexact=tussen)[:2])
        if len(candidates) == 1:  # only an unambiguous name links a member
            return candidates[0]
    return None


def _commitment_for(paper: Kamerstuk | None, made_to: list[str], excerpt: str, ministry: Ministry | None) -> Commitment:
    made_to_raw = ", ".join(made_to)
    existing = Commitment.objects.filter(kamerstuk=paper) if paper is not None else Commitment.objects.none()
    if made_to_raw:
        match = existing.filter(Q(made_to_raw__iexact=made_to_raw) | Q(made_to_member__surname__in=[n.split()[-1] for n in made_to if n]))
        first = match.first()
        if first is not None:
            return first
    else:
        first = existing.first()
        if first is not None:
            return first
    return Commitment.objects.create(
        text=excerpt[:2000],
        kamerstuk=paper,
        made_to_raw=made_to_raw,
        made_to_member=_member_by_surname(made_to),
        ministry=ministry,
    )


def open_data_links(letter: Letter, extracted: ExtractedLetter, found: list[Found], own_key: str | None) -> list[Found]:
    """The harvested letter's links from its onderwerp, Zaak/document numbers and commitments'
    fulfilment (letters/sources.py), where its text does not already make them."""
    if letter.document_id is None:
        return []
    opening = next(((s, e) for s, e in extracted.paragraphs if e > s), (0, max(1, min(len(extracted.text), 200))))
    signals = signals_for(
        text=extracted.text, onderwerp=letter.title, document_id=letter.document_id, document_number=letter.document_number,
        own_key=own_key, sentence_span=extracted.sentence_span, opening=opening,
        known_keys={f.key for f in found if f.key and f.target in (Citation.Target.MOTION, Citation.Target.PAPER)},
        known_commitments=set(),
    )
    return [
        Found(ref=s.ref, key=s.key, target=s.target, submitters=list(s.ref.submitters), excerpt=s.excerpt, section="", footnote="", source=s.source, commitment=s.commitment,
              raw=_signal_raw(s, letter))
        for s in signals
    ]


def _signal_raw(signal, letter: Letter) -> str:
    if signal.source == Citation.Source.ONDERWERP:
        return f"Onderwerp: {letter.title}"
    if signal.source == Citation.Source.COMMITMENT and signal.commitment is not None:
        return f"Nakoming van toezegging {signal.commitment.number or signal.commitment.pk}"
    return ""


# --- Motions named without their number ---------------------------------------------------------------

# How many motions per mention the resolver weighs at most (a prolific member has hundreds).
MAX_CANDIDATES = 400


def _member_name(tussenvoegsel: str, surname: str) -> str:
    name = " ".join(f"{tussenvoegsel} {surname}".split())
    return name[:1].upper() + name[1:]


def resolve_mentions(mentions: list[Mention], *, letter_date: dt.date | None, letter_dossiers: frozenset[str]) -> list[tuple[Mention, Decision, dict[str, Motion]]]:
    """Rank the motions each mention may mean: candidates by the named members' surnames (as
    indiener or medeindiener), submitted before the letter; scored by letters.reading.mentions.rank.

    A constant number of queries, however many mentions.
    """
    if not mentions:
        return []
    known = known_member_names(f"{a}-{b}" for m in mentions for a, b in zip(m.submitters, m.submitters[1:]))
    mentions = [
        Mention(m.start, m.end, merge_known_names(m.submitters, lambda n: n.lower() in known), m.subject, m.context, m.plural)
        for m in mentions
    ]
    surnames = {name.split()[-1].lower() for m in mentions for name in m.submitters if name.split()}
    q = Q()
    for surname in surnames:
        q |= Q(member__surname__iexact=surname)
    if not surnames:
        return [(m, decide([], has_subject=bool(m.subject)), {}) for m in mentions]
    motions_q = Motion.objects.filter(withdrawn=False)
    if letter_date is not None:
        motions_q = motions_q.filter(Q(submitted_on__lte=letter_date) | Q(submitted_on__isnull=True))
    motion_ids = set(Sponsorship.objects.filter(q, motion__in=motions_q).values_list("motion_id", flat=True)[: MAX_CANDIDATES * len(mentions)])
    motions = {
        m.pk: m
        for m in Motion.objects.filter(pk__in=motion_ids).select_related("kamerstuk__dossier").prefetch_related("sponsorships__member")
    }
    candidates: dict[int, Candidate] = {}
    for motion in motions.values():
        sponsors = sorted(motion.sponsorships.all(), key=lambda s: (s.role != Sponsorship.Role.INDIENER, s.order))
        candidates[motion.pk] = Candidate(
            key=motion.kamerstuk.key,
            title=motion.title,
            text=motion.text,
            submitters=tuple(_member_name(s.member.tussenvoegsel, s.member.surname) for s in sponsors),
            dossier=motion.kamerstuk.dossier.key,
            submitted_on=motion.submitted_on,
            adopted=motion.outcome in (Outcome.AANGENOMEN, Outcome.OVERGENOMEN),
        )
    by_key = {c.key: motions[pk] for pk, c in candidates.items()}
    out = []
    for mention in mentions:
        ranked = rank(mention, list(candidates.values()), letter_date=letter_date, letter_dossiers=letter_dossiers)
        out.append((mention, decide(ranked, has_subject=bool(mention.subject)), by_key))
    return out


def link_letter(
    letter: Letter,
    extracted: ExtractedLetter,
    *,
    title: str | None = None,
    date: dt.date | None = None,
    zaak_lookup: ZaakLookup | None = None,
) -> Letter:
    """Write the letter's text and citations. Keeps every confirmation or rejection staff made.

    Zaak and document numbers are resolved to papers through our tables and ``zaak_lookup``
    (default: ``settings.LETTERS_ZAAK_LOOKUP``); one that resolves links its paper, one that does
    not stays a citation of its own kind.
    """
    answered_before = list(letter.citations.values_list("kamerstuk_id", "commitment_id")) if letter.pk else []
    letter.text = extracted.text
    letter.format = extracted.format
    letter.structure = {
        "body_end": extracted.body_end,
        "paragraphs": extracted.paragraphs,
        "headings": [{"text": h.text, "start": h.start, "end": h.end} for h in extracted.headings],
        "footnotes": [{"number": f.number, "start": f.start, "end": f.end, "ref_offset": f.ref_offset} for f in extracted.footnotes],
    }
    if title:
        letter.title = title[:500]
    elif not letter.title:
        letter.title = (extracted.title or Path(letter.original_filename).stem.replace("-", " ").replace("_", " ").strip() or "Brief")[:500]
    if date:
        letter.date = date
    elif letter.date is None:
        letter.date = extracted.date
    if extracted.signature is not None and letter.document_id is None:
        # A harvested letter's sender is the open data's (DocumentActor); the signature serves uploads.
        letter.sender_function = extracted.signature.function[:300]
        letter.sender_name = extracted.signature.name[:200]
        if letter.ministry_id is None:
            letter.ministry = ministry_for(extracted.signature.function)

    own_paper = letter.kamerstuk.key if letter.kamerstuk is not None else None
    found = find_citations(extracted)
    _merge_with_register(found, extracted.text)
    numbers = {f.ref.number for f in found if f.ref.kind in ("zaak", "document")}
    if numbers:
        resolved = resolve_zaak_numbers(numbers, lookup=zaak_lookup or configured_zaak_lookup())
        for f in found:
            if f.ref.kind in ("zaak", "document") and f.ref.number in resolved:
                f.key = resolved[f.ref.number]
                f.target = Citation.Target.PAPER  # the registry below says whether it is a motion
                f.source = Citation.Source.NUMBER
    # A letter printed as a Kamerstuk carries its own number in its heading: never a citation of itself.
    found = [f for f in found if not (own_paper and f.key == own_paper)]
    found += open_data_links(letter, extracted, found, own_paper)
    mentions = _mentions_to_propose(letter, extracted, found)
    suggestions = suggest_answers(extracted, found, letter.date)
    motion_keys = {f.key for f in found if f.key and f.target == Citation.Target.MOTION}
    papers = _resolve_papers(found, motion_keys)
    paper_ids = [p.pk for p in papers.values()]
    has_motion = set(Motion.objects.filter(kamerstuk_id__in=paper_ids).values_list("kamerstuk_id", flat=True))
    placeholders: dict[int, tuple[Kamerstuk, list[str]]] = {}

    # Staff decisions survive a re-run; everything else is recomputed.
    kept = {(c.key, c.raw): c for c in letter.citations.exclude(review__in=["", Citation.Review.SUGGESTED])}
    removable = letter.citations.filter(review__in=["", Citation.Review.SUGGESTED], status_changes__isnull=True)
    removable.delete()
    kept.update({(c.key, c.raw): c for c in letter.citations.all() if (c.key, c.raw) not in kept})

    to_create: list[Citation] = []
    seen_spans: set[tuple[int, int, str]] = set()
    for f, suggestion in zip(found, suggestions):
        ref = f.ref
        raw = f.raw or extracted.text[ref.start:ref.end]
        paper = papers.get(f.key) if f.key else None
        target = f.target
        commitment = None
        if paper is not None and target == Citation.Target.MOTION:
            registry_says_other = not paper.is_placeholder and paper.kind not in (Kamerstuk.Kind.MOTIE, Kamerstuk.Kind.ONBEKEND)
            if registry_says_other:
                # The text calls it a motion, the registry a letter (21501-20 nr. 2243): trust the
                # registry, keep the text's words in `kind` and `submitters`.
                target = Citation.Target.PAPER
            elif paper.pk not in has_motion:
                placeholders.setdefault(paper.pk, (paper, f.submitters))
        elif paper is not None and target == Citation.Target.PAPER and paper.pk in has_motion:
            target = Citation.Target.MOTION  # the registry knows it is a motion
        if target == Citation.Target.COMMITMENT and f.commitment is not None:
            commitment = f.commitment
        elif target == Citation.Target.COMMITMENT:
            commitment = _commitment_for(paper, f.submitters, extracted.text[f.excerpt[0]:f.excerpt[1]], letter.ministry)
        span_key = (ref.start, ref.end, f.key or "")
        if span_key in seen_spans:
            continue
        seen_spans.add(span_key)
        key = f.key or (ref.identifier or "") or (f"toezegging-{commitment.number or commitment.pk}" if commitment is not None and f.commitment is not None else "")
        values = {
            "start": ref.start,
            "end": ref.end,
            "raw": raw,
            "kind": ref.kind,
            "target": target,
            "key": key,
            "dossier": ref.dossier or "",
            "toevoeging": ref.toevoeging or "",
            "number": ref.number or "",
            "item": ref.item or "",
            "chamber": ref.chamber or "",
            "session": ref.session or "",
            "submitters": f.submitters,
            "kamerstuk": paper,
            "commitment": commitment,
            "excerpt": extracted.text[f.excerpt[0]:f.excerpt[1]].strip(),
            "excerpt_start": f.excerpt[0],
            "excerpt_end": f.excerpt[1],
            "section": f.section[:300],
            "footnote": f.footnote,
            "source": f.source,
        }
        is_response = target in (Citation.Target.MOTION, Citation.Target.COMMITMENT)
        values.update(suggestion_fields(suggestion if is_response else None, extracted.text))
        previous = kept.get((key, raw))
        if previous is not None:
            # Same citation as before: update where it stands and what we read, never the staff's review.
            moved = ["start", "end", "excerpt", "excerpt_start", "excerpt_end", "section", "footnote", "source"] + list(suggestion_fields(None))
            for name in moved:
                setattr(previous, name, values[name])
            previous.save(update_fields=moved)
            continue
        review = Citation.Review.SUGGESTED if is_response else Citation.Review.NONE
        to_create.append(Citation(letter=letter, review=review, **values))
    _placeholder_motions(placeholders)
    created = Citation.objects.bulk_create(to_create)
    _store_mentions(letter, extracted, mentions)
    motion_of_paper = dict(Motion.objects.filter(kamerstuk_id__in=paper_ids).values_list("kamerstuk_id", "id"))

    letter.state = Letter.State.DONE
    letter.error = ""
    letter.processed_at = timezone.now()
    letter.save()
    # The change feed hears of each new suggested response (last write: see motions.events).
    emit_many(
        [
            Event(
                kind=Event.Kind.RESPONSE_ADDED,
                motion_id=motion_of_paper.get(c.kamerstuk_id) if c.target == Citation.Target.MOTION and c.kamerstuk_id is not None else None,
                commitment=c.commitment,
                citation_id=c.pk,
                letter_id=letter.pk,
                payload={
                    "key": c.key,
                    "letter": letter.title,
                    "letter_date": letter.date.isoformat() if letter.date else None,
                    "excerpt": c.excerpt[:500],
                    "section": c.section,
                    "suggested_status": c.suggested_status,
                    "suggestion_confidence": c.suggestion_confidence,
                    "suggested_deadline": c.suggested_deadline.isoformat() if c.suggested_deadline else None,
                    "suggestion": suggestion_body(c),
                },
            )
            for c in created
            if c.review == Citation.Review.SUGGESTED
        ]
    )
    answered = answered_before + list(letter.citations.values_list("kamerstuk_id", "commitment_id"))
    refresh_answered_on(papers=[p for p, _ in answered], commitments=[c for _, c in answered])
    return letter
