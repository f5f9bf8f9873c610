"""Map Tweede Kamer open data (OData v4 entities) onto our models.

``apply_zaken(entities)`` takes one page of ``Zaak`` entities (Soort ``Motie``, expanded as
``ZAAK_EXPAND``) and ``apply_toezeggingen(entities)`` (module ``toezeggingen``, re-exported here) one
page of ``Toezegging`` entities; each writes its page in one transaction with a number of queries that
does not depend on the page size, and returns a ``SyncStats`` that counts every entity once.

Rules that matter (DOMAIN.md):
- the key comes from the dossier (Nummer + Toevoeging) and ``Document.Volgnummer``, or the
  publication identifier (``kst-35207-98``) when Volgnummer is -1; never from Zaak.Volgnummer;
- upsert by source GUID (or by key, for papers a letter created as placeholders): primary keys
  never change;
- implementation status and staff fields (status, owner, ministry and deadline once set) are never
  overwritten; a motion that becomes adopted starts at status ``open``, a commitment starts at the
  register's status, and after that only ``source_status_raw`` follows the register;
- a row the source marks ``Verwijderd`` is marked withdrawn, never deleted, and never created;
- unknown enumeration values are kept as raw text and logged once.

The changes worth telling subscribers about come back as unsaved ``Event`` rows in
``SyncStats.events``; the sync writes them with the page (``load_demo`` leaves them out).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from ..events import touch
from ..keys import InvalidKey, PaperKey, format_key, parse_key
from ..models import Event, Kabinetsappreciatie, Kamerstuk, Motion, Outcome, Sponsorship, Status, StatusChange, Vote
from .common import (
    MappingError,
    SyncStats,
    clean,
    deleted_ids,
    instant_or_zero,
    kind_for_soort,
    live,
    log_unknown,
    moment_of,
    parse_date,
    parse_datetime,
    guid_text,
    parse_uuid,
    person_name,
    shared_uuid,
)
from .lookups import PartyInfo, ensure_dossiers, ensure_members, ensure_parties, member_ident, split_name
from .mirror import insert_rows
from .toezeggingen import TOEZEGGING_EXPAND, apply_toezeggingen, commitment_status, parse_toezegging, withdraw_toezeggingen

__all__ = [
    "TOEZEGGING_EXPAND",
    "ZAAK_EXPAND",
    "ZAAK_SELECT",
    "MappingError",
    "SyncStats",
    "apply_toezeggingen",
    "apply_zaken",
    "commitment_status",
    "kind_for_soort",
    "log_unknown",
    "outcome_from_besluit",
    "parse_date",
    "parse_datetime",
    "parse_toezegging",
    "parse_uuid",
    "parse_zaak",
    "split_name",
    "withdraw_toezeggingen",
    "withdraw_zaken",
]

logger = logging.getLogger("motions.opendata")

# What a motion needs and no more: the API's rows are wide, and most of a page is Stemming rows.
ZAAK_SELECT = "Id,Nummer,Soort,Titel,Onderwerp,GestartOp,Vergaderjaar,Kabinetsappreciatie,GewijzigdOp,ApiGewijzigdOp,Verwijderd"
_DOSSIER_SELECT = "Id,Nummer,Toevoeging,Titel,Verwijderd"
ZAAK_EXPAND = (
    "ZaakActor($select=Id,ActorNaam,ActorFractie,Relatie,Persoon_Id,Fractie_Id,Verwijderd),"
    "Document($select=Id,Soort,DocumentNummer,Onderwerp,Datum,Volgnummer,GewijzigdOp,Verwijderd;"
    f"$expand=Kamerstukdossier($select={_DOSSIER_SELECT}),HuidigeDocumentVersie($select=Id,ExterneIdentifier)),"
    f"Kamerstukdossier($select={_DOSSIER_SELECT}),"
    "Besluit($select=Id,BesluitSoort,BesluitTekst,StemmingsSoort,GewijzigdOp,Verwijderd;"
    "$expand=Stemming($select=Id,Soort,FractieGrootte,ActorNaam,ActorFractie,Vergissing,Persoon_Id,Fractie_Id,Verwijderd;"
    "$expand=Fractie($select=Id,Afkorting,NaamNL,AantalZetels),Persoon($select=Id,Initialen,Tussenvoegsel,Achternaam)),"
    "Agendapunt($select=Id;$expand=Activiteit($select=Id,Soort,Datum,Aanvangstijd))),"
    "VervangenVanuit($select=Id,Nummer,Verwijderd),VervangenDoor($select=Id,Nummer,Verwijderd)"
)

_BESLUIT_OUTCOMES = {
    "stemmen - aangenomen": Outcome.AANGENOMEN,
    "stemmen - verworpen": Outcome.VERWORPEN,
    "stemmen - aangehouden": Outcome.AANGEHOUDEN,
    "stemmen - ingetrokken": Outcome.INGETROKKEN,
    "stemmen - zonder stemming aannemen": Outcome.AANGENOMEN,
    "stemmen - overgenomen": Outcome.OVERGENOMEN,
    "ingediend": Outcome.INGEDIEND,
}
_BESLUIT_TEKST = {
    "aangenomen": Outcome.AANGENOMEN,
    "verworpen": Outcome.VERWORPEN,
    "aangehouden": Outcome.AANGEHOUDEN,
    "ingetrokken": Outcome.INGETROKKEN,
    "overgenomen": Outcome.OVERGENOMEN,
    "vervallen": Outcome.VERVALLEN,
    "zonder stemming aangenomen": Outcome.AANGENOMEN,
}
# Decisions that do not decide the motion: the outcome stays what it was.
_PROCEDURAL = {"stemmen - uitstellen", "agenderen", "behandelen", "inbreng", "noteren", "stemmen - stemmingen uitgesteld"}
# Outcomes that come from a vote, worth a "vote recorded" event; "ingediend" and "vervallen" do not.
_VOTED = {Outcome.AANGENOMEN, Outcome.VERWORPEN, Outcome.AANGEHOUDEN, Outcome.INGETROKKEN, Outcome.OVERGENOMEN}

_VOTE_CHOICES = {"voor": Vote.Choice.VOOR, "tegen": Vote.Choice.TEGEN, "niet deelgenomen": Vote.Choice.NIET_DEELGENOMEN}


def outcome_from_besluit(besluit: dict) -> tuple[str | None, str]:
    """(outcome or None when the decision does not decide the motion, raw text)."""
    soort = (besluit.get("BesluitSoort") or "").strip()
    tekst = (besluit.get("BesluitTekst") or "").strip()
    raw = " / ".join(p for p in (soort, tekst) if p)
    key = soort.lower()
    if key in _BESLUIT_OUTCOMES:
        return _BESLUIT_OUTCOMES[key], raw
    tekst_key = tekst.lower().rstrip(".").strip()
    if tekst_key in _BESLUIT_TEKST:
        return _BESLUIT_TEKST[tekst_key], raw
    if key in _PROCEDURAL or not soort:
        return None, raw
    log_unknown("BesluitSoort", soort)
    return None, raw


# --- Zaak → Motion ----------------------------------------------------------------------


@dataclass
class ActorRecord:
    name: str
    fractie: str
    role: str
    persoon_id: uuid.UUID | None
    fractie_id: uuid.UUID | None


@dataclass
class VoteRecord:
    source_id: str | None  # lower-case GUID text: compared with str() of what the database holds
    fractie: str
    fractie_id: uuid.UUID | None
    fractie_name: str
    fractie_seats: int | None
    persoon_id: uuid.UUID | None
    persoon_name: str
    choice: str
    seats: int
    mistake: bool


@dataclass
class ZaakRecord:
    zaak_id: uuid.UUID
    nummer: str
    key: PaperKey
    dossier_title: str
    dossier_id: uuid.UUID | None
    document_id: uuid.UUID | None
    document_number: str
    document_kind_raw: str
    title: str
    date: dt.date | None
    vergaderjaar: str
    kabinetsappreciatie_raw: str
    withdrawn: bool
    outcome: str
    outcome_raw: str
    vote_date: dt.date | None
    actors: list[ActorRecord]
    votes: list[VoteRecord]
    replaces_zaak_ids: list[uuid.UUID]
    replaced_by_zaak_ids: list[uuid.UUID]
    replaces_key: PaperKey | None
    changed_at: str


_TVV = re.compile(r"\(t\.v\.v\.\s*([0-9][0-9A-Za-z\- ]+?)\)")


def _motion_document(entity: dict) -> dict | None:
    documents = live(entity.get("Document"))
    motions = [d for d in documents if (d.get("Soort") or "").lower().startswith("motie")]
    # A gewijzigde motie's own document is the newest one.
    candidates = motions or documents
    if not candidates:
        return None
    return max(candidates, key=lambda d: (moment_of(d.get("Datum")), moment_of(d.get("GewijzigdOp"))))


def _key_for(entity: dict, document: dict | None) -> tuple[PaperKey, dict | None]:
    dossiers = live(document.get("Kamerstukdossier")) if document else []
    dossiers = dossiers or live(entity.get("Kamerstukdossier"))
    dossier = dossiers[0] if dossiers else None
    volgnummer = document.get("Volgnummer") if document else None
    if dossier and dossier.get("Nummer") and isinstance(volgnummer, int) and volgnummer > 0:
        try:
            return parse_key(format_key(dossier["Nummer"], dossier.get("Toevoeging") or "", volgnummer)), dossier
        except (InvalidKey, ValueError):
            pass
    # Volgnummer -1 (some gewijzigde moties): the publication identifier carries the key.
    if document:
        versie = document.get("HuidigeDocumentVersie") or {}
        identifiers = [versie.get("ExterneIdentifier")] + [p.get("Identifier") for p in versie.get("DocumentPublicatie") or []]
        for identifier in identifiers:
            if identifier and identifier.startswith("kst-"):
                try:
                    return parse_key(identifier), dossier
                except InvalidKey:
                    continue
    raise MappingError(f"Zaak {entity.get('Nummer') or entity.get('Id')}: no dossier and paper number to build a key from")


def _decided_at(besluit: dict) -> float:
    """When a decision was taken: its vote day (Agendapunt → Activiteit), else its last change."""
    activiteit = (besluit.get("Agendapunt") or {}).get("Activiteit") or {}
    return moment_of(activiteit.get("Datum") or activiteit.get("Aanvangstijd")) or moment_of(besluit.get("GewijzigdOp"))


def _final_besluit(entity: dict) -> tuple[str, str, dict | None, dt.date | None]:
    """The decision that stands: the latest one that decides the motion."""
    outcome, raw, chosen, vote_date = "", "", None, None
    for besluit in sorted(live(entity.get("Besluit")), key=lambda b: (_decided_at(b), moment_of(b.get("GewijzigdOp")))):
        decided, text = outcome_from_besluit(besluit)
        if decided is None:
            continue
        outcome, raw, chosen = decided, text, besluit
    if chosen is not None and outcome != Outcome.INGEDIEND:
        activiteit = (chosen.get("Agendapunt") or {}).get("Activiteit") or {}
        # Without the agenda item, the decision's own timestamp is the vote day in practice.
        vote_date = parse_date(activiteit.get("Datum") or activiteit.get("Aanvangstijd")) or parse_date(chosen.get("GewijzigdOp"))
    return outcome, raw, chosen, vote_date


def parse_zaak(entity: dict) -> ZaakRecord:
    """A motion Zaak as a record; raises MappingError when it has no Id or no key we can trust."""
    zaak_id = parse_uuid(entity.get("Id"))
    if zaak_id is None:
        raise MappingError(f"Zaak {entity.get('Nummer') or '?'} without a valid Id")
    document = _motion_document(entity)
    key, dossier = _key_for(entity, document)
    outcome, outcome_raw, besluit, vote_date = _final_besluit(entity)
    replaced_by = live(entity.get("VervangenDoor"))
    if not outcome:
        if replaced_by:
            # Replaced by a gewijzigde motie before any vote: the original lapses.
            outcome, outcome_raw = Outcome.VERVALLEN, "vervangen door " + ", ".join(z.get("Nummer") or "" for z in replaced_by)
        else:
            outcome = Outcome.INGEDIEND
    actors = []
    for actor in live(entity.get("ZaakActor")):
        relatie = (actor.get("Relatie") or "").strip()
        if relatie not in ("Indiener", "Medeindiener"):
            continue
        actors.append(
            ActorRecord(
                name=clean(actor.get("ActorNaam")),
                fractie=clean(actor.get("ActorFractie")),
                role=Sponsorship.Role.INDIENER if relatie == "Indiener" else Sponsorship.Role.MEDEINDIENER,
                persoon_id=shared_uuid(actor.get("Persoon_Id")),
                fractie_id=shared_uuid(actor.get("Fractie_Id")),
            )
        )
    actors.sort(key=lambda a: 0 if a.role == Sponsorship.Role.INDIENER else 1)  # stable: keeps source order
    votes = []
    for stemming in live((besluit or {}).get("Stemming")):
        soort = (stemming.get("Soort") or "").strip()
        choice = _VOTE_CHOICES.get(soort.lower())
        if choice is None:
            log_unknown("Stemming.Soort", soort)
            continue
        fractie = stemming.get("Fractie") or {}
        persoon_id = shared_uuid(stemming.get("Persoon_Id"))
        votes.append(
            VoteRecord(
                source_id=guid_text(stemming.get("Id")),
                fractie=clean(stemming.get("ActorFractie") or fractie.get("Afkorting")),
                fractie_id=shared_uuid(stemming.get("Fractie_Id")),
                fractie_name=clean(fractie.get("NaamNL")),
                fractie_seats=fractie.get("AantalZetels"),
                persoon_id=persoon_id,
                persoon_name=(person_name(stemming.get("Persoon")) or clean(stemming.get("ActorNaam"))) if persoon_id else "",
                choice=choice,
                # A roll call row is one member; a show of hands row carries the party's size.
                seats=1 if persoon_id else max(int(stemming.get("FractieGrootte") or 0), 0),
                mistake=bool(stemming.get("Vergissing")),
            )
        )
    replaces_key = None
    match = _TVV.search(entity.get("Onderwerp") or "")
    if match:
        try:
            replaces_key = parse_key(match.group(1).strip())
        except InvalidKey:
            replaces_key = None
    return ZaakRecord(
        zaak_id=zaak_id,
        nummer=clean(entity.get("Nummer")),
        key=key,
        dossier_title=clean((dossier or {}).get("Titel") or entity.get("Titel")),
        dossier_id=parse_uuid((dossier or {}).get("Id")),
        document_id=parse_uuid((document or {}).get("Id")),
        document_number=clean((document or {}).get("DocumentNummer")),
        document_kind_raw=clean((document or {}).get("Soort")) or "Motie",
        title=clean(entity.get("Onderwerp") or (document or {}).get("Onderwerp")),
        date=parse_date((document or {}).get("Datum") or entity.get("GestartOp")),
        vergaderjaar=clean(entity.get("Vergaderjaar")),
        kabinetsappreciatie_raw=clean(entity.get("Kabinetsappreciatie")),
        withdrawn=bool(entity.get("Verwijderd")),
        outcome=outcome,
        outcome_raw=outcome_raw,
        vote_date=vote_date,
        actors=actors,
        votes=votes,
        replaces_zaak_ids=[z for z in (parse_uuid(v.get("Id")) for v in live(entity.get("VervangenVanuit"))) if z],
        replaced_by_zaak_ids=[z for z in (parse_uuid(v.get("Id")) for v in replaced_by) if z],
        replaces_key=replaces_key,
        changed_at=entity.get("ApiGewijzigdOp") or "",
    )


def _motion_payload(motion: Motion, key: str, **extra: object) -> dict:
    return {"key": key, "title": motion.title[:300], **extra}


_MOTION_FIELDS = ["title", "submitted_on", "outcome", "outcome_raw", "kabinetsappreciatie", "kabinetsappreciatie_raw", "vote_date", "zaak_id", "zaak_number", "withdrawn"]
_KAMERSTUK_FIELDS = ["kind", "kind_raw", "title", "date", "vergaderjaar", "document_number", "source_id", "is_placeholder"]
_BATCH = 2000  # rows per INSERT: far below PostgreSQL's 65,535 parameters, even for roll calls


def _parse_page(entities: Iterable[dict], stats: SyncStats) -> list[ZaakRecord]:
    records: list[ZaakRecord] = []
    for entity in entities:
        try:
            records.append(parse_zaak(entity))
        except MappingError as exc:
            stats.error(str(exc))
    return records


def _one_per_key(parsed: Iterable[ZaakRecord], stats: SyncStats) -> list[ZaakRecord]:
    records: dict[uuid.UUID, ZaakRecord] = {}
    for record in parsed:
        if record.zaak_id in records:  # a re-sent row in the same page: the later one wins
            stats.unchanged += 1
            del records[record.zaak_id]
        records[record.zaak_id] = record
    # Two Zaken claiming one key: keep the newest, report the other (never invent a key).
    by_key: dict[str, ZaakRecord] = {}
    for r in records.values():
        other = by_key.get(str(r.key))
        if other is None:
            by_key[str(r.key)] = r
            continue
        newer, older = (r, other) if instant_or_zero(r.changed_at) >= instant_or_zero(other.changed_at) else (other, r)
        stats.error(f"Zaak {older.nummer} and Zaak {newer.nummer} both claim key {r.key}; kept {newer.nummer}")
        by_key[str(r.key)] = newer
    return list(by_key.values())


def apply_zaken(entities: Iterable[dict], *, today: dt.date | None = None) -> SyncStats:
    """Upsert a batch of motion Zaken in the nested shape ``parse_zaak`` reads (the projection's
    assembly, the demo fixtures). Returns what changed; never raises for one bad entity."""
    stats = SyncStats()
    parsed = _parse_page(entities, stats)
    stats.add_with_events(apply_zaak_records(parsed))
    return stats


def apply_zaak_records(parsed: Iterable[ZaakRecord]) -> SyncStats:
    """Upsert parsed motion Zaken in one transaction, a fixed number of queries whatever their number."""
    stats = SyncStats()
    records = _one_per_key(parsed, stats)
    deleted = [r for r in records if r.withdrawn]
    records = [r for r in records if not r.withdrawn]
    for r in records:
        if Kabinetsappreciatie.normalise(r.kabinetsappreciatie_raw) == Kabinetsappreciatie.ONBEKEND:
            log_unknown("Kabinetsappreciatie", r.kabinetsappreciatie_raw)
    with transaction.atomic():
        if records:
            _upsert_motions(records, stats)
        if deleted:
            stats.add_with_events(withdraw_zaken([{"Id": str(r.zaak_id), "Verwijderd": True} for r in deleted]))
    return stats


def _upsert_motions(records: list[ZaakRecord], stats: SyncStats) -> None:
    dossiers = ensure_dossiers({(int(r.key.dossier), r.key.toevoeging): (r.dossier_title, r.dossier_id) for r in records})
    party_info: dict[str, PartyInfo] = {}
    people: dict[tuple, tuple[str, str]] = {}
    for r in records:
        for a in r.actors:
            party_info.setdefault(a.fractie, PartyInfo()).merge(PartyInfo(a.fractie_id))
            people.setdefault(member_ident(a.persoon_id, a.name), (a.name, a.fractie))
        for v in r.votes:
            party_info.setdefault(v.fractie, PartyInfo()).merge(PartyInfo(v.fractie_id, v.fractie_name, v.fractie_seats))
            if v.persoon_id:
                people.setdefault(member_ident(v.persoon_id, v.persoon_name), (v.persoon_name, v.fractie))
    parties = ensure_parties(party_info)
    members = ensure_members(people, parties)

    # Papers: by key (placeholders from letters included); a Document GUID is written only once.
    keys = [str(r.key) for r in records]
    kamerstukken = {k.key: k for k in Kamerstuk.objects.filter(key__in=keys)}
    doc_ids = [r.document_id for r in records if r.document_id]
    doc_owner = dict(Kamerstuk.objects.filter(source_id__in=doc_ids).values_list("source_id", "key")) if doc_ids else {}
    new_papers, changed_papers = [], []
    now = timezone.now()
    for r in records:
        values = {
            "kind": Kamerstuk.Kind.MOTIE,
            "kind_raw": r.document_kind_raw,
            "title": r.title,
            "date": r.date,
            "vergaderjaar": r.vergaderjaar,
            "document_number": r.document_number,
            "source_id": r.document_id if doc_owner.setdefault(r.document_id, str(r.key)) == str(r.key) else None,
            "is_placeholder": False,
        }
        paper = kamerstukken.get(str(r.key))
        if paper is None:
            paper = Kamerstuk(dossier=dossiers[(int(r.key.dossier), r.key.toevoeging)], number=r.key.number, key=str(r.key), **values)
            new_papers.append(paper)
            kamerstukken[paper.key] = paper
        elif any(getattr(paper, f) != value for f, value in values.items()):
            for f, value in values.items():
                setattr(paper, f, value)
            paper.updated_at = now
            changed_papers.append(paper)
    if new_papers:
        Kamerstuk.objects.bulk_create(new_papers, batch_size=_BATCH)
    if changed_papers:
        Kamerstuk.objects.bulk_update(changed_papers, _KAMERSTUK_FIELDS + ["updated_at"], batch_size=_BATCH)
    touch(papers=[p.pk for p in (*new_papers, *changed_papers)], later=True)  # their motions and their dossiers' paper lists

    zaak_ids = [r.zaak_id for r in records]
    paper_ids = [k.pk for k in kamerstukken.values()]
    motions_by_zaak, motions_by_paper = {}, {}
    for m in Motion.objects.filter(Q(zaak_id__in=zaak_ids) | Q(kamerstuk_id__in=paper_ids)):
        if m.zaak_id:
            motions_by_zaak[m.zaak_id] = m
        motions_by_paper[m.kamerstuk_id] = m
    new_motions: list[Motion] = []
    changed_motions: dict[int, Motion] = {}
    newly_adopted: list[Motion] = []
    record_motion: dict[uuid.UUID, Motion] = {}
    pending_events: list[tuple[Motion, str, dict]] = []
    for r in records:
        paper = kamerstukken[str(r.key)]
        motion = motions_by_zaak.get(r.zaak_id) or motions_by_paper.get(paper.pk)
        values = {
            "title": r.title or paper.title,
            "submitted_on": r.date,
            "outcome": r.outcome,
            "outcome_raw": r.outcome_raw,
            "kabinetsappreciatie": Kabinetsappreciatie.normalise(r.kabinetsappreciatie_raw),
            "kabinetsappreciatie_raw": r.kabinetsappreciatie_raw,
            "vote_date": r.vote_date,
            "zaak_id": r.zaak_id,
            "zaak_number": r.nummer,
            "withdrawn": False,
        }
        if motion is None:
            motion = Motion(kamerstuk=paper, **values)
            new_motions.append(motion)
            stats.created += 1
            pending_events.append((motion, Event.Kind.MOTION_CREATED, {"outcome": r.outcome}))
        elif motion.kamerstuk_id != paper.pk:
            stats.error(f"Zaak {r.nummer} now has key {r.key} but its motion is printed as another paper; kept the motion where it was")
            record_motion[r.zaak_id] = motion
            continue
        elif motion.zaak_id not in (None, r.zaak_id):
            stats.error(f"Zaak {r.nummer} claims key {r.key}, which another Zaak ({motion.zaak_number}) already holds; skipped")
            continue
        else:
            changed = [f for f, v in values.items() if getattr(motion, f) != v]
            if changed:
                stats.updated += 1
                if motion.zaak_id is None:  # a placeholder a letter made: the register knows it now
                    pending_events.append((motion, Event.Kind.MOTION_CREATED, {"outcome": r.outcome}))
                elif "outcome" in changed and r.outcome in _VOTED:
                    pending_events.append((motion, Event.Kind.VOTE_RECORDED, {"outcome": r.outcome, "vote_date": r.vote_date.isoformat() if r.vote_date else None}))
                else:
                    pending_events.append((motion, Event.Kind.MOTION_UPDATED, {"fields": changed}))
                for f in changed:
                    setattr(motion, f, values[f])
                motion.updated_at = now
                changed_motions[motion.pk] = motion
            else:
                stats.unchanged += 1
        # Adopted now and never tracked before: the implementation record starts at "open".
        if motion.is_tracked and not motion.status:
            motion.status = Status.OPEN
            if motion.deadline is None:
                motion.deadline = motion.default_deadline()
            newly_adopted.append(motion)
            if motion.pk is not None:
                changed_motions[motion.pk] = motion
        record_motion[r.zaak_id] = motion
    if new_motions:
        Motion.objects.bulk_create(new_motions, batch_size=_BATCH)
    if changed_motions:
        Motion.objects.bulk_update(list(changed_motions.values()), _MOTION_FIELDS + ["status", "deadline", "updated_at"], batch_size=_BATCH)
    if newly_adopted:
        StatusChange.objects.bulk_create(
            [
                StatusChange(
                    motion=m, old_status="", new_status=Status.OPEN, at=decided_at(m, fallback=now),
                    reason=f"Aangenomen door de Tweede Kamer{' op ' + m.vote_date.isoformat() if m.vote_date else ''}; uitvoering gestart.",
                )
                for m in newly_adopted
            ],
            batch_size=_BATCH,
        )
    keys_by_paper = {k.pk: k.key for k in kamerstukken.values()}
    stats.events.extend(
        Event(kind=kind, motion=m, payload=_motion_payload(m, keys_by_paper.get(m.kamerstuk_id, ""), **extra)) for m, kind, extra in pending_events
    )
    _sync_sponsorships(records, record_motion, members, parties)
    _sync_votes(records, record_motion, members, parties)
    _link_replacements(records, record_motion)


def decided_at(motion: Motion, *, fallback: dt.datetime) -> dt.datetime:
    """When an adopted motion's implementation record starts: the day of the vote (midday here, so it is
    that date in UTC too), not the day we happened to import it — else the history would show the motion opened
    after the letter that answered it. Without a vote date: the day it was submitted, else ``fallback``."""
    day = motion.vote_date or motion.submitted_on
    if day is None:
        return fallback
    return min(timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0))), fallback)


def _sync_sponsorships(records: list[ZaakRecord], record_motion: dict, members: dict, parties: dict) -> None:
    motion_ids = [m.pk for m in record_motion.values()]
    current: dict[int, list[tuple[int, str, int, int | None]]] = {}
    for s in Sponsorship.objects.filter(motion_id__in=motion_ids).order_by("motion_id", "order").values_list("motion_id", "member_id", "role", "order", "party_id"):
        current.setdefault(s[0], []).append(s[1:])
    replace_for: list[int] = []
    new_rows: list[tuple[int, int, str, int, int | None]] = []
    for r in records:
        motion = record_motion.get(r.zaak_id)
        if motion is None or not r.actors:
            continue  # no actors in this payload: keep what we have rather than erase submitters
        wanted: list[tuple[int, str, int, int | None]] = []
        seen: set[int] = set()
        for a in r.actors:
            member = members[member_ident(a.persoon_id, a.name)]
            if member.pk in seen:
                continue
            seen.add(member.pk)
            party = parties.get(a.fractie)
            wanted.append((member.pk, a.role, len(wanted), party.pk if party else None))
        if current.get(motion.pk, []) != wanted:
            replace_for.append(motion.pk)
            new_rows.extend((motion.pk, *row) for row in wanted)
    stale = [pk for pk in replace_for if pk in current]
    if stale:
        Sponsorship.objects.filter(motion_id__in=stale).delete()
    insert_rows(Sponsorship, ["motion", "member", "role", "order", "party"], new_rows)
    touch(motions=replace_for, later=True)


def _sync_votes(records: list[ZaakRecord], record_motion: dict, members: dict, parties: dict) -> None:
    motion_ids = [m.pk for m in record_motion.values()]
    current: dict[int, set[tuple]] = {}
    for row in Vote.objects.filter(motion_id__in=motion_ids).values_list("motion_id", "party_id", "member_id", "choice", "seats", "mistake", "source_id"):
        current.setdefault(row[0], set()).add((*row[1:6], str(row[6]) if row[6] else None))
    replace_for, new_rows = [], []
    for r in records:
        motion = record_motion.get(r.zaak_id)
        if motion is None or (not r.votes and motion.pk not in current):
            continue
        wanted, rows, seen = set(), [], set()
        for v in r.votes:
            party = parties.get(v.fractie)
            member = members.get(member_ident(v.persoon_id, v.persoon_name)) if v.persoon_id else None
            ident = (member.pk, None) if member else (None, party.pk if party else None)
            if (party is None and member is None) or ident in seen:
                continue
            seen.add(ident)
            vote = (party.pk if party else None, member.pk if member else None, v.choice, v.seats, v.mistake, v.source_id)
            wanted.add(vote)
            rows.append((motion.pk, *vote))
        if current.get(motion.pk, set()) != wanted:
            replace_for.append(motion.pk)
            new_rows.extend(rows)
    stale = [pk for pk in replace_for if pk in current]
    if stale:
        Vote.objects.filter(motion_id__in=stale).delete()
    columns = ["motion", "party", "member", "choice", "seats", "mistake", "source_id"]
    try:
        with transaction.atomic():
            insert_rows(Vote, columns, new_rows)
    except IntegrityError:
        # A Stemming the register moved to another decision: its old row goes with the old motion.
        Vote.objects.filter(source_id__in=[row[-1] for row in new_rows if row[-1]]).delete()
        insert_rows(Vote, columns, new_rows)
    touch(motions=replace_for, later=True)


def _link_replacements(records: list[ZaakRecord], record_motion: dict[uuid.UUID, Motion]) -> None:
    """A gewijzigde motie ``replaces`` its original, whichever of the two arrives first."""
    wanted_zaak = {r.zaak_id: r.replaces_zaak_ids[0] for r in records if r.replaces_zaak_ids and r.zaak_id in record_motion}
    wanted_key = {r.zaak_id: str(r.replaces_key) for r in records if not r.replaces_zaak_ids and r.replaces_key and r.zaak_id in record_motion}
    replaced_by = {z: r.zaak_id for r in records if r.zaak_id in record_motion for z in r.replaced_by_zaak_ids}
    if not wanted_zaak and not wanted_key and not replaced_by:
        return
    lookup = set(wanted_zaak.values()) | set(replaced_by)
    by_zaak = {m.zaak_id: m for m in Motion.objects.filter(zaak_id__in=lookup)} if lookup else {}
    by_zaak.update({z: m for z, m in record_motion.items()})
    by_key = {m.kamerstuk.key: m for m in Motion.objects.filter(kamerstuk__key__in=list(wanted_key.values())).select_related("kamerstuk")} if wanted_key else {}
    changed: dict[int, Motion] = {}

    def link(amended: Motion | None, original: Motion | None) -> None:
        if amended is None or original is None or original.pk == amended.pk or amended.replaces_id == original.pk:
            return
        amended.replaces = original
        changed[amended.pk] = amended

    for zaak_id, original_zaak in wanted_zaak.items():
        link(record_motion[zaak_id], by_zaak.get(original_zaak))
    for zaak_id, key in wanted_key.items():
        link(record_motion[zaak_id], by_key.get(key))
    for amended_zaak, original_zaak in replaced_by.items():
        amended = by_zaak.get(amended_zaak)
        if amended is not None and amended.replaces_id is None:
            link(amended, record_motion.get(original_zaak))
    if changed:
        Motion.objects.bulk_update(list(changed.values()), ["replaces"])
        touch(motions=[pk for m in changed.values() for pk in (m.pk, m.replaces_id)], later=True)  # replaces / replaced_by


def withdraw_zaken(entities: Iterable[dict]) -> SyncStats:
    """A page of Zaken the register deleted (``Verwijderd`` true): their motions are marked withdrawn.

    Only motions we hold are touched; a deleted Zaak we never saw is not created.
    """
    stats = SyncStats()
    ids = deleted_ids(entities, "Zaak", stats)
    with transaction.atomic():
        motions = list(Motion.objects.filter(zaak_id__in=ids, withdrawn=False).select_related("kamerstuk").only("pk", "title", "kamerstuk__key"))
        if motions:
            Motion.objects.filter(pk__in=[m.pk for m in motions]).update(withdrawn=True, updated_at=timezone.now())
    stats.withdrawn = len(motions)
    stats.unchanged = len(ids) - len(motions)
    stats.events.extend(Event(kind=Event.Kind.MOTION_UPDATED, motion=m, payload=_motion_payload(m, m.kamerstuk.key, withdrawn=True)) for m in motions)
    return stats
