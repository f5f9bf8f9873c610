"""Map the commitments register (``Toezegging``, as the projection assembles it) onto ``Commitment``.

The register's status sets ours only when a commitment is first seen (with a history row saying so);
after that staff own the status and only ``source_status_raw`` follows the register. Schema values
(``Openstaand``, ``Voldaan``, ``Deels Voldaan``, ``Vervallen``) and live ones (``Afgedaan``,
``Deels Afgedaan``) are both known; anything else is kept raw, logged once, and starts as open.

``KamerbriefNakoming`` (the letter that fulfilled a commitment) has no field on ``Commitment`` yet and
is not stored.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..events import touch
from ..models import Commitment, Event, Status, StatusChange
from .common import MappingError, SyncStats, clean, deleted_ids, live, log_unknown, moment_of, parse_date, parse_uuid, person_name
from .lookups import PartyInfo, ensure_members, ensure_ministries, ensure_parties, member_ident

__all__ = ["REGISTER_REASON", "TOEZEGGING_EXPAND", "apply_toezeggingen", "commitment_status", "parse_toezegging", "withdraw_toezeggingen"]

TOEZEGGING_EXPAND = (
    "ToegezegdAanPersoon($select=Id,Initialen,Tussenvoegsel,Achternaam,Fractielabel),"
    "ToegezegdAanFractie($select=Id,Afkorting,NaamNL,AantalZetels),"
    "Activiteit($select=Id,Soort,Onderwerp,Datum)"
)
_BATCH = 2000

_TOEZEGGING_STATUS = {
    "openstaand": Status.OPEN,
    "voldaan": Status.AFGEDAAN,
    "afgedaan": Status.AFGEDAAN,  # live data
    "deels voldaan": Status.DEELS_AFGEDAAN,
    "deels afgedaan": Status.DEELS_AFGEDAAN,  # live data
    "vervallen": Status.VERVALLEN,
}
REGISTER_REASON = "Status volgens het toezeggingenregister"


def commitment_status(raw: str) -> str:
    """The register's status as ours; an unknown value is logged once and starts as open."""
    text = " ".join(raw.lower().split())
    if text in _TOEZEGGING_STATUS:
        return _TOEZEGGING_STATUS[text]
    if text:
        log_unknown("Toezegging.Status", raw)
    return Status.OPEN


@dataclass
class ToezeggingRecord:
    source_id: uuid.UUID
    number: str
    text: str
    status_raw: str
    deadline: dt.date | None
    made_on: dt.date | None
    ministry_raw: str
    minister: str
    minister_function: str
    made_to: list[tuple[uuid.UUID | None, str, str]]  # (Persoon_Id, name, fractie)
    made_to_parties: list[tuple[str, PartyInfo]]
    made_to_raw: str
    debate: str
    withdrawn: bool
    changed_at: str


def parse_toezegging(entity: dict) -> ToezeggingRecord:
    source_id = parse_uuid(entity.get("Id"))
    if source_id is None:
        raise MappingError(f"Toezegging {entity.get('Nummer') or '?'} without a valid Id")
    minister = " ".join(p for p in (entity.get("Initialen"), entity.get("Tussenvoegsel"), entity.get("Achternaam")) if p) or clean(entity.get("Naam"))
    made_to = []
    for persoon in live(entity.get("ToegezegdAanPersoon")):
        name = person_name(persoon)
        if name:
            made_to.append((parse_uuid(persoon.get("Id")), name, clean(persoon.get("Fractielabel"))))
    parties = []
    for fractie in live(entity.get("ToegezegdAanFractie")):
        abbr = clean(fractie.get("Afkorting") or fractie.get("NaamNL"))
        if abbr:
            parties.append((abbr, PartyInfo(parse_uuid(fractie.get("Id")), clean(fractie.get("NaamNL")), fractie.get("AantalZetels"))))
    named = {fractie for _, _, fractie in made_to}
    raw = ", ".join([f"{name} ({fractie})" if fractie else name for _, name, fractie in made_to] + [abbr for abbr, _ in parties if abbr not in named])
    activiteiten = live(entity.get("Activiteit"))
    debate = ""
    if activiteiten:
        first = min(activiteiten, key=lambda a: moment_of(a.get("Datum")))
        debate = clean(first.get("Onderwerp") or first.get("Soort"))[:300]
    return ToezeggingRecord(
        source_id=source_id,
        number=clean(entity.get("Nummer"))[:30],
        text=(entity.get("Tekst") or "").strip(),
        status_raw=clean(entity.get("Status"))[:50],
        deadline=parse_date(entity.get("DatumNakoming")),
        made_on=parse_date(entity.get("Aanmaakdatum")),
        ministry_raw=clean(entity.get("Ministerie")),
        minister=minister[:200],
        minister_function=clean(entity.get("Functie"))[:200],
        made_to=made_to,
        made_to_parties=parties,
        made_to_raw=raw[:300],
        debate=debate,
        withdrawn=bool(entity.get("Verwijderd")),
        changed_at=entity.get("ApiGewijzigdOp") or "",
    )


_COMMITMENT_FIELDS = ["number", "text", "minister", "minister_function", "made_to_member", "made_to_party", "made_to_raw", "debate", "made_on", "source_status_raw", "source_id", "withdrawn"]


def apply_toezeggingen(entities: Iterable[dict]) -> SyncStats:
    """Upsert one page of Toezeggingen (by Id, else by Nummer). Never raises for one bad entity."""
    stats = SyncStats()
    records: dict[uuid.UUID, ToezeggingRecord] = {}
    for entity in entities:
        try:
            record = parse_toezegging(entity)
        except MappingError as exc:
            stats.error(str(exc))
            continue
        if record.source_id in records:
            stats.unchanged += 1
        records[record.source_id] = record
    deleted = [r for r in records.values() if r.withdrawn]
    live = [r for r in records.values() if not r.withdrawn]
    with transaction.atomic():
        if live:
            _upsert_commitments(live, stats)
        if deleted:
            stats.add_with_events(withdraw_toezeggingen([{"Id": str(r.source_id), "Verwijderd": True} for r in deleted]))
    return stats


def _upsert_commitments(records: list[ToezeggingRecord], stats: SyncStats) -> None:
    party_info: dict[str, PartyInfo] = {}
    people: dict[tuple, tuple[str, str]] = {}
    for r in records:
        for persoon_id, name, fractie in r.made_to:
            people.setdefault(member_ident(persoon_id, name), (name, fractie))
            if fractie:
                party_info.setdefault(fractie, PartyInfo())
        for abbr, info in r.made_to_parties:
            party_info.setdefault(abbr, PartyInfo()).merge(info)
    parties = ensure_parties(party_info)
    members = ensure_members(people, parties)
    ministries = ensure_ministries({r.ministry_raw for r in records})

    numbers = [r.number for r in records if r.number]
    existing = list(Commitment.objects.filter(Q(source_id__in=[r.source_id for r in records]) | Q(number__in=numbers)))
    by_id = {c.source_id: c for c in existing if c.source_id}
    by_number = {c.number: c for c in existing if c.number}
    new: list[Commitment] = []
    changed: list[Commitment] = []
    now = timezone.now()
    for r in records:
        member = members[member_ident(*r.made_to[0][:2])] if r.made_to else None
        party = parties.get(r.made_to_parties[0][0] if r.made_to_parties else (r.made_to[0][2] if r.made_to else ""))
        values: dict[str, object] = {
            "number": r.number,
            "text": r.text,
            "minister": r.minister,
            "minister_function": r.minister_function,
            "made_to_member": member,
            "made_to_party": party,
            "made_to_raw": r.made_to_raw,
            "debate": r.debate,
            "made_on": r.made_on,
            "source_status_raw": r.status_raw,
            "source_id": r.source_id,
            "withdrawn": False,
        }
        commitment = by_id.get(r.source_id)
        if commitment is None and r.number:
            commitment = by_number.get(r.number)
            if commitment is not None and commitment.source_id not in (None, r.source_id):
                stats.error(f"Toezegging {r.number}: Id {r.source_id} differs from the one we hold ({commitment.source_id}); skipped")
                continue
        ministry = ministries.get(r.ministry_raw)
        if commitment is None:
            status = commitment_status(r.status_raw)
            commitment = Commitment(**values, status=status, deadline=r.deadline, ministry=ministry)
            new.append(commitment)
            if r.number:
                by_number[r.number] = commitment
            by_id[r.source_id] = commitment
            stats.created += 1
            continue
        # Staff own status, owner, and the ministry and deadline once they are set.
        if commitment.ministry_id is None and ministry is not None:
            values["ministry"] = ministry
        if commitment.deadline is None and r.deadline is not None:
            values["deadline"] = r.deadline
        diff = [f for f, v in values.items() if getattr(commitment, f) != v]
        if diff:
            for f in diff:
                setattr(commitment, f, values[f])
            commitment.updated_at = now
            changed.append(commitment)
            stats.updated += 1
        else:
            stats.unchanged += 1
    if new:
        Commitment.objects.bulk_create(new, batch_size=_BATCH)
        StatusChange.objects.bulk_create(
            [StatusChange(commitment=c, old_status="", new_status=c.status, at=now, reason=REGISTER_REASON) for c in new],
            batch_size=_BATCH,
        )
        stats.events.extend(
            Event(kind=Event.Kind.COMMITMENT_CREATED, commitment=c, payload={"commitment": c.pk, "number": c.number, "title": c.text[:300], "status": c.status})
            for c in new
        )
    if changed:
        Commitment.objects.bulk_update(changed, _COMMITMENT_FIELDS + ["ministry", "deadline", "updated_at"], batch_size=_BATCH)
        touch(commitments=[c.pk for c in changed], later=True)


def withdraw_toezeggingen(entities: Iterable[dict]) -> SyncStats:
    """A page of Toezeggingen the register deleted: ours are marked withdrawn, never deleted or created."""
    stats = SyncStats()
    ids = deleted_ids(entities, "Toezegging", stats)
    with transaction.atomic():
        going = list(Commitment.objects.filter(source_id__in=ids, withdrawn=False).values_list("pk", flat=True))
        withdrawn = Commitment.objects.filter(pk__in=going).update(withdrawn=True, updated_at=timezone.now())
        touch(commitments=going, later=True)
    stats.withdrawn = withdrawn
    stats.unchanged = len(ids) - withdrawn
    return stats
