"""Demo data from real records: the motions the seed letter reports on.

Everything goes through the same open-data mapping as the sync, so the demo shows what a
real sync produces. Fixtures live in motions/fixtures/demo/ (see its README for what is real).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from .events import emit_many
from .keys import parse_key
from .models import Commitment, Dossier, Event, Kamerstuk, Member, Ministry, Motion, Outcome, StatusChange
from .opendata.mapping import SyncStats, apply_zaken
from .publications import parse_motion_publication

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "demo"

MINISTRIES = [
    ("Algemene Zaken", "AZ"),
    ("Binnenlandse Zaken en Koninkrijksrelaties", "BZK"),
    ("Buitenlandse Zaken", "BZ"),
    ("Defensie", "DEF"),
    ("Economische Zaken", "EZ"),
    ("Financiën", "FIN"),
    ("Infrastructuur en Waterstaat", "IenW"),
    ("Justitie en Veiligheid", "JenV"),
    ("Klimaat en Groene Groei", "KGG"),
    ("Landbouw, Visserij, Voedselzekerheid en Natuur", "LVVN"),
    ("Onderwijs, Cultuur en Wetenschap", "OCW"),
    ("Sociale Zaken en Werkgelegenheid", "SZW"),
    ("Volksgezondheid, Welzijn en Sport", "VWS"),
    ("Volkshuisvesting en Ruimtelijke Ordening", "VRO"),
    ("Asiel en Migratie", "AenM"),
]

KIND_BY_SOORT = {
    "brief regering": Kamerstuk.Kind.BRIEF_REGERING,
    "motie": Kamerstuk.Kind.MOTIE,
    "initiatiefnota": Kamerstuk.Kind.INITIATIEFNOTA,
    "amendement": Kamerstuk.Kind.AMENDEMENT,
    "verslag van een commissiedebat": Kamerstuk.Kind.VERSLAG,
}


@dataclass
class DemoResult:
    motions: SyncStats
    papers_created: int
    commitments_created: int
    texts_set: int


def ensure_ministries() -> dict[str, Ministry]:
    result = {}
    for name, abbreviation in MINISTRIES:
        ministry, _ = Ministry.objects.get_or_create(name=name, defaults={"abbreviation": abbreviation})
        result[abbreviation] = ministry
    return result


@transaction.atomic
def load_demo() -> DemoResult:
    ministries = ensure_ministries()
    zaken = json.loads((FIXTURES / "zaken.json").read_text(encoding="utf-8"))
    stats = apply_zaken(zaken)

    texts_set = 0
    for entity in zaken:
        extra = entity.get("_motietracker", {})
        identifier = entity["Document"][0]["HuidigeDocumentVersie"]["ExterneIdentifier"]
        motion = Motion.objects.select_related("kamerstuk").get(zaak_id=entity["Id"])
        publication = parse_motion_publication((FIXTURES / "publications" / f"{identifier}.xml").read_bytes())
        changed = []
        if publication.text and motion.text != publication.text:
            motion.text = publication.text
            changed.append("text")
            texts_set += 1
        if extra.get("outcome_note") and motion.outcome_note != extra["outcome_note"]:
            motion.outcome_note = extra["outcome_note"]
            changed.append("outcome_note")
        # The seed letter comes from Buitenlandse Zaken; staff may reassign, so only fill a blank.
        if motion.ministry_id is None and motion.is_tracked:
            motion.ministry = ministries["BZ"]
            changed.append("ministry")
        if changed:
            motion.save(update_fields=changed + ["updated_at"])

    papers_created = 0
    for paper in json.loads((FIXTURES / "papers.json").read_text(encoding="utf-8")):
        key = parse_key(paper["key"])
        dossier, _ = Dossier.objects.get_or_create(number=int(key.dossier), toevoeging=key.toevoeging, defaults={"title": paper.get("dossier_title") or ""})
        kind = KIND_BY_SOORT.get((paper.get("kind_raw") or "").lower(), Kamerstuk.Kind.ONBEKEND)
        _, created = Kamerstuk.objects.get_or_create(
            dossier=dossier,
            number=key.number,
            defaults={
                "kind": kind,
                "kind_raw": paper.get("kind_raw") or "",
                "title": paper.get("title") or "",
                "date": paper.get("date"),
                "document_number": paper.get("document_number") or "",
                "is_placeholder": paper.get("kind_raw") is None,
            },
        )
        papers_created += int(created)

    backfill = backfill_events([e.motion.pk for e in stats.events if e.kind == Event.Kind.MOTION_CREATED and e.motion is not None])

    commitments_created = 0
    for item in json.loads((FIXTURES / "commitments.json").read_text(encoding="utf-8")):
        kamerstuk = Kamerstuk.objects.by_key(item["kamerstuk"]).first()
        member = Member.objects.filter(surname=item["made_to"]).first()
        _, created = Commitment.objects.get_or_create(
            kamerstuk=kamerstuk,
            made_to_raw=item["made_to"],
            defaults={
                "text": item["text"],
                "ministry": Ministry.objects.get(name=item["ministry"]),
                "made_to_member": member,
            },
        )
        commitments_created += int(created)
    emit_many(backfill)  # last write: the event counter's lock is held until commit (motions.events)
    return DemoResult(motions=stats, papers_created=papers_created, commitments_created=commitments_created, texts_set=texts_set)


VOTED = {Outcome.AANGENOMEN, Outcome.VERWORPEN, Outcome.AANGEHOUDEN, Outcome.INGETROKKEN, Outcome.OVERGENOMEN}


def _day_start(day: dt.date | None, fallback: dt.datetime) -> dt.datetime:
    return min(timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0))), fallback) if day else fallback


def backfill_events(motion_ids: list[int]) -> list[Event]:
    """The change feed's account of motions loaded just now from old records: created, voted, and
    (when adopted) their first status, each dated when it happened and marked ``backfill`` — history
    for clients that mirror the feed, not news for subscribers (DESIGN.md, open data mirror)."""
    now = timezone.now()
    motions = Motion.objects.filter(pk__in=motion_ids).select_related("kamerstuk").order_by("kamerstuk__key")
    first_changes: dict[int, StatusChange] = {}
    for change in StatusChange.objects.filter(motion_id__in=motion_ids, old_status="").order_by("at", "id"):
        if change.motion_id is not None:  # always: the filter is on motion_id
            first_changes.setdefault(change.motion_id, change)
    events = []
    for motion in motions:
        base = {"key": motion.kamerstuk.key, "title": motion.title[:300], "backfill": True}
        events.append(Event(kind=Event.Kind.MOTION_CREATED, motion=motion, at=_day_start(motion.submitted_on, now), payload={**base, "outcome": motion.outcome}))
        if motion.outcome in VOTED:
            vote = {"outcome": motion.outcome, "vote_date": motion.vote_date.isoformat() if motion.vote_date else None}
            events.append(Event(kind=Event.Kind.VOTE_RECORDED, motion=motion, at=_day_start(motion.vote_date, now), payload={**base, **vote}))
        first = first_changes.get(motion.pk)
        if first is not None:
            status = {"old": "", "new": first.new_status, "reason": first.reason, "by": "", "deadline": motion.deadline.isoformat() if motion.deadline else None}
            events.append(Event(kind=Event.Kind.STATUS_CHANGED, motion=motion, status_change=first, at=first.at, payload={**base, **status}))
    return events
