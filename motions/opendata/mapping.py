"""Map Tweede Kamer open data (OData v4 entities) onto our models.

``apply_zaken(entities)`` takes one page of ``Zaak`` entities (Soort ``Motie``, expanded with
``ZaakActor``, ``Document`` (→ ``Kamerstukdossier``, ``HuidigeDocumentVersie``),
``Kamerstukdossier``, ``Besluit($expand=Stemming)``, ``VervangenVanuit``/``VervangenDoor``)
and writes them in one transaction with a bounded number of queries, whatever the page size.

Rules that matter (DOMAIN.md):
- the key comes from the dossier (Nummer + Toevoeging) and ``Document.Volgnummer``, or the
  publication identifier (``kst-35207-98``) when Volgnummer is -1; never from Zaak.Volgnummer;
- upsert by source GUID (or by key, for papers a letter created as placeholders): primary keys
  never change;
- implementation status and staff fields (ministry, owner, deadline once set) are never
  overwritten; a motion that becomes adopted starts at status ``open``;
- unknown enumeration values are kept as raw text and logged once.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from ..keys import InvalidKey, PaperKey, parse_key
from ..models import (
    Dossier,
    Kabinetsappreciatie,
    Kamerstuk,
    Member,
    Motion,
    Outcome,
    Party,
    Sponsorship,
    Status,
    StatusChange,
    Vote,
)

logger = logging.getLogger("motions.opendata")

_logged_unknown: set[tuple[str, str]] = set()


def log_unknown(kind: str, value: str) -> None:
    """Log an unknown enumeration value once per process, not once per row."""
    if (kind, value) not in _logged_unknown:
        _logged_unknown.add((kind, value))
        logger.warning("unknown %s value from open data: %r (stored as raw text)", kind, value)


class MappingError(ValueError):
    """An entity we cannot map (no key, no id): counted as an error, never guessed."""


@dataclass
class SyncStats:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    withdrawn: int = 0
    errors: int = 0
    messages: list[str] = field(default_factory=list)

    def add(self, other: SyncStats) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.withdrawn += other.withdrawn
        self.errors += other.errors
        self.messages.extend(other.messages)

    def as_dict(self) -> dict[str, int]:
        return {"created": self.created, "updated": self.updated, "withdrawn": self.withdrawn, "unchanged": self.unchanged, "errors": self.errors}


# --- Parsing helpers (pure) -------------------------------------------------------------

_TUSSENVOEGSELS = {"van", "der", "den", "de", "het", "ten", "ter", "te", "in", "'t", "’t", "op", "la", "le", "du", "da", "el", "al", "von", "zu", "vd"}


def split_name(actor_naam: str) -> tuple[str, str, str]:
    """``"T.M.T. van der Lee"`` → ``("T.M.T.", "van der", "Lee")``; ``"D.A. Ergin"`` → ``("D.A.", "", "Ergin")``."""
    words = actor_naam.split()
    initials: list[str] = []
    while words and re.fullmatch(r"(?:[A-Z][a-z]?\.)+(?:-[A-Z]\.)?", words[0]):
        initials.append(words.pop(0))
    tussen: list[str] = []
    # A tussenvoegsel is lower-case in the register ("van der Lee"); keep at least one word as surname.
    while len(words) > 1 and words[0].lower() in _TUSSENVOEGSELS and words[0][0].islower():
        tussen.append(words.pop(0))
    return "".join(initials), " ".join(tussen), " ".join(words)


def parse_datetime(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    text = value.strip().replace("Z", "+00:00")
    # OData sends 7 fractional digits; Python reads at most 6.
    text = re.sub(r"(\.\d{6})\d+", r"\1", text)
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return None


def parse_date(value: str | None) -> dt.date | None:
    """The calendar date as the source meant it (``2025-04-09T00:00:00+02:00`` is 9 April)."""
    moment = parse_datetime(value)
    return moment.date() if moment else None


def parse_uuid(value: object) -> uuid.UUID | None:
    if not value:
        return None
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


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


@dataclass
class ActorRecord:
    name: str
    fractie: str
    role: str
    persoon_id: uuid.UUID | None
    fractie_id: uuid.UUID | None


@dataclass
class VoteRecord:
    source_id: uuid.UUID | None
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
    replaces_key: PaperKey | None
    changed_at: dt.datetime | None


_TVV = re.compile(r"\(t\.v\.v\.\s*([0-9][0-9A-Za-z\- ]+?)\)")


def _motion_document(entity: dict) -> dict | None:
    documents = [d for d in entity.get("Document") or [] if not d.get("Verwijderd")]
    motions = [d for d in documents if (d.get("Soort") or "").lower().startswith("motie")]
    # A gewijzigde motie's own document is the newest one.
    candidates = motions or documents
    if not candidates:
        return None
    return max(candidates, key=lambda d: (d.get("Datum") or "", d.get("GewijzigdOp") or ""))


def _key_for(entity: dict, document: dict | None) -> tuple[PaperKey, dict | None]:
    dossiers = []
    if document:
        dossiers = document.get("Kamerstukdossier") or []
    dossiers = dossiers or entity.get("Kamerstukdossier") or []
    dossier = dossiers[0] if dossiers else None
    volgnummer = document.get("Volgnummer") if document else None
    if dossier and dossier.get("Nummer") and isinstance(volgnummer, int) and volgnummer > 0:
        try:
            return parse_key(f"{dossier['Nummer']}-{dossier.get('Toevoeging') or ''}-{volgnummer}".replace("--", "-")), dossier
        except InvalidKey:
            pass
    # Volgnummer -1 (gewijzigde moties): the publication identifier carries the key.
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


def _final_besluit(entity: dict) -> tuple[str, str, dict | None, dt.date | None]:
    """The decision that stands: the latest one that decides the motion."""
    besluiten = [b for b in entity.get("Besluit") or [] if not b.get("Verwijderd")]

    def when(b: dict) -> tuple[str, str]:
        agendapunt = b.get("Agendapunt") or {}
        activiteit = agendapunt.get("Activiteit") or {}
        return (activiteit.get("Datum") or activiteit.get("Aanvangstijd") or "", b.get("GewijzigdOp") or "")

    outcome, raw, chosen, vote_date = "", "", None, None
    for besluit in sorted(besluiten, key=when):
        decided, text = outcome_from_besluit(besluit)
        if decided is None:
            continue
        outcome, raw, chosen = decided, text, besluit
    if chosen is not None:
        activiteit = (chosen.get("Agendapunt") or {}).get("Activiteit") or {}
        # Without the agenda item, the decision's own timestamp is the vote day in practice.
        vote_date = parse_date(activiteit.get("Datum") or activiteit.get("Aanvangstijd")) or parse_date(chosen.get("GewijzigdOp"))
        if outcome == Outcome.INGEDIEND:
            vote_date = None
    return outcome, raw, chosen, vote_date


def parse_zaak(entity: dict) -> ZaakRecord:
    zaak_id = parse_uuid(entity.get("Id"))
    if zaak_id is None:
        raise MappingError("Zaak without a valid Id")
    document = _motion_document(entity)
    key, dossier = _key_for(entity, document)
    outcome, outcome_raw, besluit, vote_date = _final_besluit(entity)
    replaced_by = [z for z in entity.get("VervangenDoor") or [] if not z.get("Verwijderd")]
    if not outcome:
        if replaced_by:
            # Replaced by a gewijzigde motie before any vote: the original lapses.
            outcome, outcome_raw = Outcome.VERVALLEN, "vervangen door " + ", ".join(z.get("Nummer") or "" for z in replaced_by)
        else:
            outcome = Outcome.INGEDIEND
    actors = []
    for actor in entity.get("ZaakActor") or []:
        relatie = (actor.get("Relatie") or "").strip()
        if actor.get("Verwijderd") or relatie not in ("Indiener", "Medeindiener"):
            continue
        actors.append(
            ActorRecord(
                name=(actor.get("ActorNaam") or "").strip(),
                fractie=(actor.get("ActorFractie") or "").strip(),
                role=Sponsorship.Role.INDIENER if relatie == "Indiener" else Sponsorship.Role.MEDEINDIENER,
                persoon_id=parse_uuid(actor.get("Persoon_Id")),
                fractie_id=parse_uuid(actor.get("Fractie_Id")),
            )
        )
    actors.sort(key=lambda a: 0 if a.role == Sponsorship.Role.INDIENER else 1)  # stable: keeps source order
    votes = []
    for stemming in (besluit or {}).get("Stemming") or []:
        if stemming.get("Verwijderd"):
            continue
        soort = (stemming.get("Soort") or "").strip()
        choice = _VOTE_CHOICES.get(soort.lower())
        if choice is None:
            log_unknown("Stemming.Soort", soort)
            continue
        fractie = stemming.get("Fractie") or {}
        persoon = stemming.get("Persoon") or {}
        persoon_id = parse_uuid(stemming.get("Persoon_Id"))
        persoon_name = ""
        if persoon_id:
            persoon_name = " ".join(p for p in (persoon.get("Initialen"), persoon.get("Tussenvoegsel"), persoon.get("Achternaam")) if p) or (stemming.get("ActorNaam") or "")
        votes.append(
            VoteRecord(
                source_id=parse_uuid(stemming.get("Id")),
                fractie=(stemming.get("ActorFractie") or fractie.get("Afkorting") or "").strip(),
                fractie_id=parse_uuid(stemming.get("Fractie_Id")),
                fractie_name=(fractie.get("NaamNL") or "").strip(),
                fractie_seats=fractie.get("AantalZetels"),
                persoon_id=persoon_id,
                persoon_name=persoon_name,
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
        nummer=(entity.get("Nummer") or "").strip(),
        key=key,
        dossier_title=((dossier or {}).get("Titel") or entity.get("Titel") or "").strip(),
        dossier_id=parse_uuid((dossier or {}).get("Id")),
        document_id=parse_uuid((document or {}).get("Id")),
        document_number=((document or {}).get("DocumentNummer") or "").strip(),
        document_kind_raw=((document or {}).get("Soort") or "Motie").strip(),
        title=" ".join((entity.get("Onderwerp") or (document or {}).get("Onderwerp") or "").split()),
        date=parse_date((document or {}).get("Datum") or entity.get("GestartOp")),
        vergaderjaar=(entity.get("Vergaderjaar") or "").strip(),
        kabinetsappreciatie_raw=(entity.get("Kabinetsappreciatie") or "").strip(),
        withdrawn=bool(entity.get("Verwijderd")),
        outcome=outcome,
        outcome_raw=outcome_raw,
        vote_date=vote_date,
        actors=actors,
        votes=votes,
        replaces_zaak_ids=[z for z in (parse_uuid(v.get("Id")) for v in entity.get("VervangenVanuit") or []) if z],
        replaces_key=replaces_key,
        changed_at=parse_datetime(entity.get("ApiGewijzigdOp")),
    )


# --- Writing (one transaction per page, bounded queries) ------------------------------------


def _ensure_dossiers(records: list[ZaakRecord]) -> dict[tuple[int, str], Dossier]:
    wanted = {(int(r.key.dossier), r.key.toevoeging): r for r in records}
    numbers = {n for n, _ in wanted}
    existing = {(d.number, d.toevoeging): d for d in Dossier.objects.filter(number__in=numbers)}
    new = [
        Dossier(number=n, toevoeging=t, title=r.dossier_title, source_id=r.dossier_id)
        for (n, t), r in wanted.items()
        if (n, t) not in existing
    ]
    if new:
        # A dossier's source id may already be used by a row we know under another toevoeging: drop it then.
        known_ids = set(Dossier.objects.filter(source_id__in=[d.source_id for d in new if d.source_id]).values_list("source_id", flat=True))
        for d in new:
            if d.source_id in known_ids:
                d.source_id = None
        Dossier.objects.bulk_create(new, ignore_conflicts=True)
        existing = {(d.number, d.toevoeging): d for d in Dossier.objects.filter(number__in=numbers)}
    changed = []
    for (n, t), r in wanted.items():
        d = existing[(n, t)]
        if r.dossier_title and d.title != r.dossier_title:
            d.title = r.dossier_title
            changed.append(d)
        if r.dossier_id and d.source_id is None and not any(x.source_id == r.dossier_id for x in existing.values()):
            d.source_id = r.dossier_id
            changed.append(d)
    if changed:
        Dossier.objects.bulk_update(set(changed), ["title", "source_id"])
    return existing


def _ensure_parties(names: dict[str, tuple[uuid.UUID | None, str, int | None]]) -> dict[str, Party]:
    """names: abbreviation → (Fractie_Id, full name, seats)."""
    names = {k: v for k, v in names.items() if k}
    existing = {p.abbreviation: p for p in Party.objects.filter(abbreviation__in=list(names))}
    missing = [a for a in names if a not in existing]
    if missing:
        from django.utils.text import slugify

        taken = set(Party.objects.filter(slug__in=[slugify(a)[:60] for a in missing]).values_list("slug", flat=True))
        new = []
        for abbreviation in missing:
            source_id, name, seats = names[abbreviation]
            slug = slugify(abbreviation)[:60] or "fractie"
            if slug in taken:
                slug = f"{slug}-{uuid.uuid4().hex[:6]}"
            taken.add(slug)
            new.append(Party(abbreviation=abbreviation, name=name or abbreviation, slug=slug, seats=seats))
        Party.objects.bulk_create(new, ignore_conflicts=True)
        existing = {p.abbreviation: p for p in Party.objects.filter(abbreviation__in=list(names))}
    changed = []
    for abbreviation, (source_id, name, seats) in names.items():
        party = existing.get(abbreviation)
        if party is None:
            continue
        dirty = False
        if name and party.name in ("", party.abbreviation) and name != party.name:
            party.name, dirty = name, True
        if seats is not None and party.seats != seats:
            party.seats, dirty = seats, True
        if dirty:
            changed.append(party)
    if changed:
        Party.objects.bulk_update(changed, ["name", "seats"])
    return existing


def _ensure_members(people: dict[tuple, tuple[str, str]], parties: dict[str, Party]) -> dict[tuple, Member]:
    """people: identity → (ActorNaam, fractie). Identity is ("id", Persoon_Id) or ("name", name)."""
    ids = [ident[1] for ident in people if ident[0] == "id"]
    by_id = {m.source_id: m for m in Member.objects.filter(source_id__in=ids)} if ids else {}
    parsed = {ident: split_name(name) for ident, (name, _) in people.items()}
    surnames = {p[2] for p in parsed.values()}
    by_name: dict[tuple[str, str, str], Member] = {}
    for m in Member.objects.filter(surname__in=surnames):
        by_name.setdefault((m.initials, m.tussenvoegsel.lower(), m.surname), m)
    result: dict[tuple, Member] = {}
    to_create: dict[tuple, Member] = {}
    to_update: list[Member] = []
    slugs_seen: set[str] = set()
    for ident, (name, fractie) in people.items():
        initials, tussen, surname = parsed[ident]
        member = by_id.get(ident[1]) if ident[0] == "id" else None
        if member is None:
            member = by_name.get((initials, tussen.lower(), surname))
            if member is not None and ident[0] == "id" and member.source_id is None:
                member.source_id = ident[1]
                to_update.append(member)
        if member is None:
            slug = Member.make_slug(initials, tussen, surname)
            member = Member(initials=initials, tussenvoegsel=tussen, surname=surname, slug=slug, source_id=ident[1] if ident[0] == "id" else None, party=parties.get(fractie))
            to_create[ident] = member
            slugs_seen.add(slug)
            by_name[(initials, tussen.lower(), surname)] = member
        elif fractie and parties.get(fractie) and member.party_id != parties[fractie].pk:
            member.party = parties[fractie]
            to_update.append(member)
        result[ident] = member
    if to_create:
        taken = set(Member.objects.filter(slug__in=slugs_seen).values_list("slug", flat=True))
        unique_new: list[Member] = []
        seen_objs: set[int] = set()
        for member in to_create.values():
            if id(member) in seen_objs:
                continue
            seen_objs.add(id(member))
            if member.slug in taken:
                member.slug = f"{member.slug}-{uuid.uuid4().hex[:6]}"
            taken.add(member.slug)
            unique_new.append(member)
        Member.objects.bulk_create(unique_new)
    if to_update:
        Member.objects.bulk_update(set(to_update), ["source_id", "party"])
    return result


def _member_ident(persoon_id: uuid.UUID | None, name: str) -> tuple:
    return ("id", persoon_id) if persoon_id else ("name", " ".join(name.split()))


_MOTION_FIELDS = ["title", "submitted_on", "outcome", "outcome_raw", "kabinetsappreciatie", "kabinetsappreciatie_raw", "vote_date", "zaak_id", "zaak_number", "withdrawn"]
_KAMERSTUK_FIELDS = ["kind", "kind_raw", "title", "date", "vergaderjaar", "document_number", "source_id", "is_placeholder"]


def apply_zaken(entities: Iterable[dict], *, today: dt.date | None = None) -> SyncStats:
    """Upsert one page of motion Zaken. Returns what changed; never raises for one bad entity."""
    stats = SyncStats()
    records: list[ZaakRecord] = []
    seen_ids: set[uuid.UUID] = set()
    for entity in entities:
        try:
            record = parse_zaak(entity)
        except MappingError as exc:
            stats.errors += 1
            stats.messages.append(str(exc))
            logger.warning("%s", exc)
            continue
        if record.zaak_id in seen_ids:  # a re-sent row in the same page: the later one wins
            records = [r for r in records if r.zaak_id != record.zaak_id]
        seen_ids.add(record.zaak_id)
        records.append(record)
    if not records:
        return stats
    # Two Zaken claiming one key: keep the newest, report the other (never invent a key).
    by_key: dict[str, ZaakRecord] = {}
    for r in records:
        other = by_key.get(str(r.key))
        if other is not None:
            loser = min(other, r, key=lambda x: (x.changed_at or dt.datetime.min.replace(tzinfo=dt.timezone.utc)))
            stats.errors += 1
            stats.messages.append(f"Zaak {loser.nummer} and another Zaak both claim key {r.key}; kept the newer")
            if loser is other:
                by_key[str(r.key)] = r
        else:
            by_key[str(r.key)] = r
    records = list(by_key.values())
    for r in records:
        normalised = Kabinetsappreciatie.normalise(r.kabinetsappreciatie_raw)
        if normalised == Kabinetsappreciatie.ONBEKEND:
            log_unknown("Kabinetsappreciatie", r.kabinetsappreciatie_raw)

    with transaction.atomic():
        dossiers = _ensure_dossiers(records)
        party_info: dict[str, tuple[uuid.UUID | None, str, int | None]] = {}
        people: dict[tuple, tuple[str, str]] = {}
        for r in records:
            for a in r.actors:
                party_info.setdefault(a.fractie, (a.fractie_id, "", None))
                people.setdefault(_member_ident(a.persoon_id, a.name), (a.name, a.fractie))
            for v in r.votes:
                current = party_info.get(v.fractie)
                if not current or not current[1]:
                    party_info[v.fractie] = (v.fractie_id, v.fractie_name, v.fractie_seats)
                if v.persoon_id:
                    people.setdefault(_member_ident(v.persoon_id, v.persoon_name), (v.persoon_name, v.fractie))
        parties = _ensure_parties(party_info)
        members = _ensure_members(people, parties)

        # Papers: by key (placeholders from letters included), then by Document GUID.
        keys = [str(r.key) for r in records]
        kamerstukken = {k.key: k for k in Kamerstuk.objects.filter(key__in=keys)}
        doc_ids = [r.document_id for r in records if r.document_id]
        taken_doc_ids = {
            k.source_id: k.key for k in Kamerstuk.objects.filter(source_id__in=doc_ids).only("source_id", "key")
        }
        new_papers, changed_papers = [], []
        for r in records:
            values = {
                "kind": Kamerstuk.Kind.MOTIE,
                "kind_raw": r.document_kind_raw,
                "title": r.title,
                "date": r.date,
                "vergaderjaar": r.vergaderjaar,
                "document_number": r.document_number,
                "source_id": r.document_id if taken_doc_ids.get(r.document_id, str(r.key)) == str(r.key) else None,
                "is_placeholder": False,
            }
            paper = kamerstukken.get(str(r.key))
            if paper is None:
                dossier = dossiers[(int(r.key.dossier), r.key.toevoeging)]
                paper = Kamerstuk(dossier=dossier, number=r.key.number, key=str(r.key), **values)
                new_papers.append(paper)
                kamerstukken[paper.key] = paper
            elif any(getattr(paper, f) != v for f, v in values.items()):
                for f, v in values.items():
                    setattr(paper, f, v)
                paper.updated_at = timezone.now()
                changed_papers.append(paper)
        if new_papers:
            Kamerstuk.objects.bulk_create(new_papers)
        if changed_papers:
            Kamerstuk.objects.bulk_update(changed_papers, _KAMERSTUK_FIELDS + ["updated_at"])

        paper_ids = [k.pk for k in kamerstukken.values()]
        motions_by_zaak = {m.zaak_id: m for m in Motion.objects.filter(zaak_id__in=[r.zaak_id for r in records])}
        motions_by_paper = {m.kamerstuk_id: m for m in Motion.objects.filter(kamerstuk_id__in=paper_ids)}
        new_motions, changed_motions, newly_adopted = [], [], []
        record_motion: dict[uuid.UUID, Motion] = {}
        now = timezone.now()
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
                "withdrawn": r.withdrawn,
            }
            if motion is None:
                motion = Motion(kamerstuk=paper, **values)
                new_motions.append(motion)
                if r.withdrawn:
                    stats.withdrawn += 1
                else:
                    stats.created += 1
            else:
                if motion.kamerstuk_id != paper.pk:
                    stats.errors += 1
                    stats.messages.append(f"Zaak {r.nummer} moved from {motion.kamerstuk_id} to key {r.key}; kept the motion on its paper")
                    record_motion[r.zaak_id] = motion
                    continue
                changed = [f for f, v in values.items() if getattr(motion, f) != v]
                if changed:
                    if "withdrawn" in changed and r.withdrawn:
                        stats.withdrawn += 1
                    else:
                        stats.updated += 1
                    for f in changed:
                        setattr(motion, f, values[f])
                    motion.updated_at = now
                    changed_motions.append(motion)
                else:
                    stats.unchanged += 1
            # Adopted now and never tracked before: the implementation record starts at "open".
            if motion.is_tracked and not motion.status and not r.withdrawn:
                motion.status = Status.OPEN
                if motion.deadline is None:
                    motion.deadline = motion.default_deadline()
                newly_adopted.append(motion)
                if motion.pk is not None and motion not in changed_motions:
                    changed_motions.append(motion)
            record_motion[r.zaak_id] = motion
        if new_motions:
            Motion.objects.bulk_create(new_motions)
        if changed_motions:
            Motion.objects.bulk_update(changed_motions, _MOTION_FIELDS + ["status", "deadline", "updated_at"])
        if newly_adopted:
            StatusChange.objects.bulk_create(
                [
                    StatusChange(
                        motion=m,
                        old_status="",
                        new_status=Status.OPEN,
                        at=now,
                        reason=f"Aangenomen door de Tweede Kamer{' op ' + m.vote_date.isoformat() if m.vote_date else ''}; uitvoering gestart.",
                    )
                    for m in newly_adopted
                ]
            )

        _sync_sponsorships(records, record_motion, members, parties)
        _sync_votes(records, record_motion, members, parties)
        _link_replacements(records, record_motion)
    return stats


def _sync_sponsorships(records, record_motion, members, parties) -> None:
    motion_ids = [m.pk for m in record_motion.values()]
    current: dict[int, list[tuple[int, str, int, int | None]]] = {}
    for s in Sponsorship.objects.filter(motion_id__in=motion_ids).order_by("order"):
        current.setdefault(s.motion_id, []).append((s.member_id, s.role, s.order, s.party_id))
    replace_for, new_rows = [], []
    for r in records:
        motion = record_motion.get(r.zaak_id)
        if motion is None or not r.actors:
            continue  # no actors in this payload: keep what we have rather than erase submitters
        wanted, seen = [], set()
        for order, a in enumerate(r.actors):
            member = members[_member_ident(a.persoon_id, a.name)]
            if member.pk in seen:
                continue
            seen.add(member.pk)
            party = parties.get(a.fractie)
            wanted.append((member.pk, a.role, order, party.pk if party else None))
        if current.get(motion.pk, []) != wanted:
            replace_for.append(motion.pk)
            new_rows.extend(Sponsorship(motion_id=motion.pk, member_id=m, role=role, order=o, party_id=p) for m, role, o, p in wanted)
    if replace_for:
        Sponsorship.objects.filter(motion_id__in=replace_for).delete()
        Sponsorship.objects.bulk_create(new_rows)


def _sync_votes(records, record_motion, members, parties) -> None:
    motion_ids = [m.pk for m in record_motion.values()]
    current: dict[int, set[tuple]] = {}
    for v in Vote.objects.filter(motion_id__in=motion_ids):
        current.setdefault(v.motion_id, set()).add((v.party_id, v.member_id, v.choice, v.seats, v.mistake, v.source_id))
    replace_for, new_rows = [], []
    for r in records:
        motion = record_motion.get(r.zaak_id)
        if motion is None:
            continue
        wanted, rows, seen = set(), [], set()
        for v in r.votes:
            party = parties.get(v.fractie)
            member = members.get(_member_ident(v.persoon_id, v.persoon_name)) if v.persoon_id else None
            ident = (member.pk if member else None, None if member else (party.pk if party else None))
            if (party is None and member is None) or ident in seen:
                continue
            seen.add(ident)
            row = (party.pk if party else None, member.pk if member else None, v.choice, v.seats, v.mistake, v.source_id)
            wanted.add(row)
            rows.append(Vote(motion_id=motion.pk, party_id=row[0], member_id=row[1], choice=v.choice, seats=v.seats, mistake=v.mistake, source_id=v.source_id))
        if not r.votes and motion.pk not in current:
            continue
        if current.get(motion.pk, set()) != wanted:
            replace_for.append(motion.pk)
            new_rows.extend(rows)
    if replace_for:
        Vote.objects.filter(motion_id__in=replace_for).delete()
        Vote.objects.bulk_create(new_rows)


def _link_replacements(records, record_motion) -> None:
    wanted_zaak = {r.zaak_id: r.replaces_zaak_ids[0] for r in records if r.replaces_zaak_ids and r.zaak_id in record_motion}
    wanted_key = {r.zaak_id: str(r.replaces_key) for r in records if not r.replaces_zaak_ids and r.replaces_key and r.zaak_id in record_motion}
    if not wanted_zaak and not wanted_key:
        return
    originals = {m.zaak_id: m for m in Motion.objects.filter(zaak_id__in=list(wanted_zaak.values()))}
    originals_by_key = {m.kamerstuk.key: m for m in Motion.objects.filter(kamerstuk__key__in=list(wanted_key.values())).select_related("kamerstuk")}
    changed = []
    for zaak_id, motion in record_motion.items():
        original = originals.get(wanted_zaak.get(zaak_id)) or originals_by_key.get(wanted_key.get(zaak_id, ""))
        if original is not None and original.pk != motion.pk and motion.replaces_id != original.pk:
            motion.replaces = original
            changed.append(motion)
    if changed:
        Motion.objects.bulk_update(changed, ["replaces"])
