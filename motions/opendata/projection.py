"""Build the domain (dossiers, papers, motions, submitters, decisions, votes, parties, members,
commitments) from the raw mirror (``FeedEntity``/``FeedReference``), for the entities a page touched.

``project(touched)`` works out which records a page's entities complete, follows the references in
the mirror to everything those records need, and applies them with the mapping rules of
``mapping``/``toezeggingen``. Categories arrive in any order; whatever arrives, the records that
reference it are projected again, found through ``FeedReference`` (indexed on the target), never by a
rescan:

============== =============================================================================
touched        motions (Zaak GUIDs) projected again
============== =============================================================================
Zaak           itself, the Zaken it replaces (``vervangenVanuit``) and the Zaken replacing it
ZaakActor      its ``zaak``
Document       its ``zaak``\\s; DocumentVersie: its ``document``'s ``zaak``\\s
Kamerstukdossier  the Zaken and the Documents' Zaken that reference it
Besluit        its ``zaak``\\s; Stemming: its ``besluit``'s; Agendapunt: the Besluiten on it;
               Activiteit: the Besluiten on its Agendapunten
Toezegging     itself (commitments); Persoon/Fractie: the Toezeggingen made to them
Fractie        also our Party (name, seats, Fractie-Id) directly
============== =============================================================================

A motion Zaak without a key yet (its Document or dossier has not arrived) is ``pending``, not an
error: it is projected again when the missing part arrives. A deleted Zaak or Toezegging marks ours
withdrawn. The Zaak and its related entities are assembled into the nested shape ``mapping.parse_zaak``
reads (the shape of the former OData expansion, which the demo fixtures keep), so one set of mapping
rules serves the mirror and the demo. The number of queries per call does not depend on how many
entities were touched.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from django.db import transaction

from ..events import emit_many
from ..models import Motion
from .common import MappingError, SyncStats
from .lookups import PartyInfo, ensure_parties
from .mapping import apply_zaak_records, parse_zaak, withdraw_zaken
from .mirror import FeedEntity, FeedReference, guid_in
from .toezeggingen import apply_toezeggingen, withdraw_toezeggingen

__all__ = ["affected", "project", "project_commitments", "project_motions", "reproject"]

_AMSTERDAM = ZoneInfo("Europe/Amsterdam")
_CHUNK = 5000  # GUIDs per IN (...) list: below SQLite's 32,766 parameters


def _chunks(items: list, size: int = _CHUNK) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Row:
    """A mirrored entity as the projection reads it: plain attributes, no model machinery (a page's
    projection reads tens of thousands of them)."""

    __slots__ = ("guid", "category", "deleted", "bijgewerkt", "updated", "fields", "refs")

    def __init__(self, guid: uuid.UUID, category: str, deleted: bool, bijgewerkt: str, updated: str, fields: dict, refs: dict) -> None:
        self.guid, self.category, self.deleted, self.bijgewerkt, self.updated, self.fields, self.refs = guid, category, deleted, bijgewerkt, updated, fields, refs

    def ref(self, name: str) -> str | None:
        targets = self.refs.get(name) or []
        return targets[0] if targets else None


class Touched(Protocol):
    """What the projection reads of a touched entity: a ``MirroredEntity`` as a page parsed it, or
    a ``FeedEntity`` row as ``reproject`` reads it from the mirror."""

    @property
    def guid(self) -> uuid.UUID: ...
    @property
    def category(self) -> str: ...
    @property
    def deleted(self) -> bool: ...
    @property
    def fields(self) -> Mapping[str, str | None]: ...
    @property
    def refs(self) -> Mapping[str, list[str]]: ...


_ROW_COLUMNS = ("guid", "category", "deleted", "bijgewerkt", "updated", "fields", "refs")


def _entities(guids: Iterable[str | uuid.UUID]) -> dict[str, Row]:
    wanted = sorted({str(g) for g in guids if g})
    result: dict[str, Row] = {}
    for chunk in _chunks(wanted):
        for values in FeedEntity.objects.filter(guid_in("guid", chunk)).values_list(*_ROW_COLUMNS):
            row = Row(*values)
            result[str(row.guid)] = row
    return result


def _referrers(targets: Iterable[str | uuid.UUID], categories: Iterable[str], name: str | None = None) -> list[tuple[str, str, str]]:
    """(source, source category, target) of every reference to ``targets`` from ``categories``."""
    wanted = sorted({str(t) for t in targets if t})
    rows: list[tuple[str, str, str]] = []
    for chunk in _chunks(wanted):
        query = FeedReference.objects.filter(guid_in("target", chunk), category__in=list(categories))
        if name is not None:
            query = query.filter(name=name)
        rows.extend((str(s), c, str(t)) for s, c, t in query.values_list("source", "category", "target"))
    return rows


def _refs_of(rows: Iterable[Row | Touched], name: str) -> set[str]:
    return {t for r in rows for t in (r.refs.get(name) or [])}


# --- Which records a page touches ------------------------------------------------------------------


def affected(touched: Iterable[Touched]) -> tuple[set[str], set[str], list[Touched]]:
    """(motion Zaak GUIDs, Toezegging GUIDs, Fractie entities) that ``touched`` entities complete."""
    by_cat: dict[str, list[Touched]] = defaultdict(list)
    for e in touched:
        by_cat[e.category].append(e)
    zaken: set[str] = set()
    toezeggingen: set[str] = {str(e.guid) for e in by_cat["Toezegging"]}
    zaken |= {str(e.guid) for e in by_cat["Zaak"]}
    zaken |= _refs_of(by_cat["Zaak"], "vervangenVanuit")
    if by_cat["Zaak"]:
        zaken |= {s for s, _, _ in _referrers([e.guid for e in by_cat["Zaak"]], ["Zaak"], "vervangenVanuit")}
    zaken |= _refs_of(by_cat["ZaakActor"], "zaak")
    zaken |= _refs_of(by_cat["Document"], "zaak")
    zaken |= _refs_of(by_cat["Besluit"], "zaak")
    # One hop further: through the mirror.
    documents = _refs_of(by_cat["DocumentVersie"], "document")
    besluiten = _refs_of(by_cat["Stemming"], "besluit")
    if by_cat["Agendapunt"] or by_cat["Activiteit"]:
        agendapunten = {str(e.guid) for e in by_cat["Agendapunt"]}
        agendapunten |= {s for s, _, _ in _referrers([e.guid for e in by_cat["Activiteit"]], ["Agendapunt"], "activiteit")}
        besluiten |= {s for s, _, _ in _referrers(agendapunten, ["Besluit"], "agendapunt")}
    if by_cat["Kamerstukdossier"]:
        for source, category, _ in _referrers([e.guid for e in by_cat["Kamerstukdossier"]], ["Zaak", "Document"], "kamerstukdossier"):
            (zaken if category == "Zaak" else documents).add(source)
    if documents or besluiten:
        for row in _entities(documents | besluiten).values():
            zaken |= set(row.refs.get("zaak") or [])
    people = [e.guid for e in by_cat["Persoon"] + by_cat["Fractie"]]
    if people:
        toezeggingen |= {s for s, _, _ in _referrers(people, ["Toezegging"])}
    return zaken, toezeggingen, by_cat["Fractie"]


def project(touched: Iterable[Touched]) -> SyncStats:
    """Project what ``touched`` (the entities one page wrote) completes. The caller holds the transaction."""
    zaken, toezeggingen, fracties = affected(list(touched))
    stats = SyncStats()
    if fracties:
        _project_fracties(fracties)
    if zaken:
        stats.add_with_events(project_motions(zaken))
    if toezeggingen:
        stats.add_with_events(project_commitments(toezeggingen))
    return stats


def _project_fracties(fracties: list[Touched]) -> None:
    info: dict[str, PartyInfo] = {}
    for f in fracties:
        abbr = " ".join((f.fields.get("afkorting") or "").split())
        if abbr and not f.deleted:
            info[abbr] = PartyInfo(f.guid, " ".join((f.fields.get("naamNl") or "").split()), _int(f.fields.get("aantalZetels")))
    ensure_parties(info)


# --- Assembling a Zaak with what it needs -----------------------------------------------------------


def _int(value: object) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _bool(value: object) -> bool:
    return str(value or "").strip().lower() == "true"


def _moment(value: object) -> str | None:
    """A SyncFeed date-time (Amsterdam time without offset) with its offset, as the mapping reads it."""
    if not value:
        return None
    text = str(value).strip()
    try:
        moment = datetime.fromisoformat(text[:26] if "." in text else text)
    except ValueError:
        return text
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=_AMSTERDAM)
    return moment.isoformat()


def _base(row: Row) -> dict:
    return {"Id": str(row.guid), "Verwijderd": row.deleted, "GewijzigdOp": _moment(row.bijgewerkt), "ApiGewijzigdOp": row.updated}


def _ident(row: Row) -> dict:
    """Id and deletion only: for the many rows (votes, actors) whose times the mapping never reads."""
    return {"Id": str(row.guid), "Verwijderd": row.deleted}


def _dossier(row: Row) -> dict:
    f = row.fields
    return {**_base(row), "Nummer": _int(f.get("nummer")), "Toevoeging": f.get("toevoeging") or None, "Titel": f.get("titel")}


def _person(row: Row | None) -> dict | None:
    if row is None:
        return None
    f = row.fields
    return {**_ident(row), "Initialen": f.get("initialen"), "Tussenvoegsel": f.get("tussenvoegsel"), "Achternaam": f.get("achternaam"), "Fractielabel": f.get("fractielabel")}


def _party(row: Row | None) -> dict | None:
    if row is None:
        return None
    f = row.fields
    return {**_ident(row), "Afkorting": f.get("afkorting"), "NaamNL": f.get("naamNl"), "AantalZetels": _int(f.get("aantalZetels"))}


def _assemble_zaken(guids: set[str]) -> tuple[list[dict], list[str]]:
    """(motion Zaken in the mapping's nested shape, GUIDs of deleted motion Zaken)."""
    zaken = {g: r for g, r in _entities(guids).items() if r.category == "Zaak" and (r.fields.get("soort") or "").strip().lower() == "motie"}
    if not zaken:
        return [], []
    deleted = [g for g, r in zaken.items() if r.deleted]
    live = {g: r for g, r in zaken.items() if not r.deleted}
    if not live:
        return [], deleted
    # Level 1: what references the Zaken (actors, documents, decisions, replacing Zaken).
    referrers = _referrers(live, ["ZaakActor", "Document", "Besluit", "Zaak"])
    level1 = _entities({s for s, _, _ in referrers} | _refs_of(live.values(), "vervangenVanuit") | _refs_of(live.values(), "kamerstukdossier"))
    by_zaak: dict[str, dict[str, list[Row]]] = defaultdict(lambda: defaultdict(list))
    for source, category, target in referrers:
        row = level1.get(source)
        if row is not None:
            by_zaak[target][category].append(row)
    documents = [r for r in level1.values() if r.category == "Document"]
    besluiten = [r for r in level1.values() if r.category == "Besluit"]
    # Level 2: votes on the decisions, versions of the documents, dossiers, agenda items.
    referrers2 = _referrers([r.guid for r in documents + besluiten], ["Stemming", "DocumentVersie"])
    wanted2 = {s for s, _, _ in referrers2} | _refs_of(documents, "kamerstukdossier") | _refs_of(documents, "huidigeDocumentVersie") | _refs_of(besluiten, "agendapunt")
    level2 = _entities(wanted2 - set(level1))
    level2.update({g: r for g, r in level1.items() if g in wanted2})
    stemmingen: dict[str, list[Row]] = defaultdict(list)
    versies: dict[str, list[Row]] = defaultdict(list)
    for source, category, target in referrers2:
        row = level2.get(source)
        if row is not None:
            (stemmingen if category == "Stemming" else versies)[target].append(row)
    # Level 3: activities of the agenda items, parties and members of the votes.
    all_votes = [s for rows in stemmingen.values() for s in rows]
    agendapunten = [level2[a] for a in _refs_of(besluiten, "agendapunt") if a in level2]
    level3 = _entities(_refs_of(agendapunten, "activiteit") | _refs_of(all_votes, "fractie") | _refs_of(all_votes, "persoon"))

    def one(rows: dict[str, Row], guid: str | None) -> Row | None:
        return rows.get(guid) if guid else None

    # A party or member appears on thousands of votes: shape each once (the mapping only reads them).
    parties = {g: _party(r) for g, r in level3.items() if r.category == "Fractie"}
    people = {g: _person(r) for g, r in level3.items() if r.category == "Persoon"}

    def document(row: Row) -> dict:
        f = row.fields
        current = one(level2, row.ref("huidigeDocumentVersie"))
        if current is None and versies.get(str(row.guid)):
            current = max(versies[str(row.guid)], key=lambda v: _int(v.fields.get("versienummer")) or 0)
        dossier = one(level2, row.ref("kamerstukdossier"))
        return {
            **_base(row), "Soort": f.get("soort"), "DocumentNummer": f.get("documentNummer"), "Titel": f.get("titel"), "Onderwerp": f.get("onderwerp"),
            "Datum": _moment(f.get("datum")), "Volgnummer": _int(f.get("volgnummer")), "Vergaderjaar": f.get("vergaderjaar"),
            "Kamerstukdossier": [_dossier(dossier)] if dossier is not None else [],
            "HuidigeDocumentVersie": {"Id": str(current.guid), "ExterneIdentifier": current.fields.get("externeidentifier")} if current is not None and not current.deleted else None,
        }

    def besluit(row: Row) -> dict:
        f = row.fields
        agendapunt = one(level2, row.ref("agendapunt"))
        activiteit = one(level3, agendapunt.ref("activiteit")) if agendapunt is not None else None
        votes = []
        for s in stemmingen.get(str(row.guid), []):
            sf = s.fields
            votes.append({
                **_ident(s), "Soort": sf.get("soort"), "FractieGrootte": _int(sf.get("fractieGrootte")), "ActorNaam": sf.get("actorNaam"),
                "ActorFractie": sf.get("actorFractie"), "Vergissing": _bool(sf.get("vergissing")), "Persoon_Id": s.ref("persoon"), "Fractie_Id": s.ref("fractie"),
                "Fractie": parties.get(s.ref("fractie") or ""), "Persoon": people.get(s.ref("persoon") or ""),
            })
        return {
            **_base(row), "BesluitSoort": f.get("besluitSoort"), "BesluitTekst": f.get("besluitTekst"), "StemmingsSoort": f.get("stemmingsSoort"),
            "Agendapunt": {"Id": str(agendapunt.guid), "Activiteit": {"Id": str(activiteit.guid), "Soort": activiteit.fields.get("soort"), "Datum": _moment(activiteit.fields.get("datum")), "Aanvangstijd": _moment(activiteit.fields.get("aanvangstijd"))} if activiteit is not None and not activiteit.deleted else None} if agendapunt is not None and not agendapunt.deleted else None,
            "Stemming": votes,
        }

    result = []
    for guid, row in live.items():
        f = row.fields
        related = by_zaak.get(guid, {})
        dossier = one(level1, row.ref("kamerstukdossier"))
        result.append({
            **_base(row), "Nummer": f.get("nummer"), "Soort": f.get("soort"), "Titel": f.get("titel"), "Onderwerp": f.get("onderwerp"),
            "GestartOp": _moment(f.get("gestartOp")), "Vergaderjaar": f.get("vergaderjaar"), "Kabinetsappreciatie": f.get("kabinetsappreciatie"),
            "ZaakActor": [
                {**_ident(a), "ActorNaam": a.fields.get("actorNaam"), "ActorFractie": a.fields.get("actorFractie"), "Relatie": a.fields.get("relatie"),
                 "Persoon_Id": a.ref("persoon"), "Fractie_Id": a.ref("fractie")}
                for a in related.get("ZaakActor", [])
            ],
            "Document": [document(d) for d in related.get("Document", [])],
            "Kamerstukdossier": [_dossier(dossier)] if dossier is not None else [],
            "Besluit": [besluit(b) for b in related.get("Besluit", [])],
            "VervangenVanuit": [{**_base(z), "Nummer": z.fields.get("nummer")} for z in (level1.get(g) for g in row.refs.get("vervangenVanuit") or []) if z is not None],
            "VervangenDoor": [{**_base(z), "Nummer": z.fields.get("nummer")} for z in related.get("Zaak", []) if guid in (z.refs.get("vervangenVanuit") or [])],
        })
    return result, deleted


def pending_motions() -> int:
    """Live motion Zaken in the mirror that are not a motion of ours yet (waiting for their Document or dossier)."""
    zaken = FeedEntity.objects.filter(category="Zaak", deleted=False, fields__soort="Motie")
    return zaken.exclude(guid__in=Motion.objects.filter(zaak_id__isnull=False).values("zaak_id")).count()


def project_motions(guids: Iterable[str]) -> SyncStats:
    """Project these Zaken (those that are motions) onto our motions. The caller holds the transaction."""
    stats = SyncStats()
    wanted = sorted(set(guids))
    for chunk in _chunks(wanted, 250):
        entities, deleted = _assemble_zaken(set(chunk))
        records = []
        for entity in entities:
            try:
                records.append(parse_zaak(entity))
            except MappingError:
                stats.pending += 1  # its Document or dossier has not arrived yet
        if records:
            stats.add_with_events(apply_zaak_records(records))
        if deleted:
            stats.add_with_events(withdraw_zaken([{"Id": g, "Verwijderd": True} for g in deleted]))
    return stats


def _assemble_toezeggingen(guids: set[str]) -> tuple[list[dict], list[str]]:
    rows = {g: r for g, r in _entities(guids).items() if r.category == "Toezegging"}
    deleted = [g for g, r in rows.items() if r.deleted]
    live = [r for r in rows.values() if not r.deleted]
    related = _entities(_refs_of(live, "toegezegdAanPersoon") | _refs_of(live, "toegezegdAanFractie") | _refs_of(live, "activiteit"))
    result = []
    for row in live:
        f = row.fields
        persoon = related.get(row.ref("toegezegdAanPersoon") or "")
        fractie = related.get(row.ref("toegezegdAanFractie") or "")
        activiteit = related.get(row.ref("activiteit") or "")
        result.append({
            **_base(row), "Nummer": f.get("nummer"), "Tekst": f.get("tekst"), "Status": f.get("status"), "DatumNakoming": _moment(f.get("datumNakoming")),
            "Aanmaakdatum": _moment(f.get("aanmaakdatum")), "Ministerie": f.get("ministerie"), "Initialen": f.get("initialen"),
            "Tussenvoegsel": f.get("tussenvoegsel"), "Achternaam": f.get("achternaam"), "Naam": f.get("naam"), "Functie": f.get("functie"),
            "ToegezegdAanPersoon": _person(persoon), "ToegezegdAanFractie": _party(fractie),
            "Activiteit": {**_base(activiteit), "Soort": activiteit.fields.get("soort"), "Onderwerp": activiteit.fields.get("onderwerp"), "Datum": _moment(activiteit.fields.get("datum"))} if activiteit is not None else None,
        })
    return result, deleted


def project_commitments(guids: Iterable[str]) -> SyncStats:
    """Project these Toezeggingen onto our commitments. The caller holds the transaction."""
    stats = SyncStats()
    for chunk in _chunks(sorted(set(guids)), 250):
        entities, deleted = _assemble_toezeggingen(set(chunk))
        if entities:
            stats.add_with_events(apply_toezeggingen(entities))
        if deleted:
            stats.add_with_events(withdraw_toezeggingen([{"Id": g, "Verwijderd": True} for g in deleted]))
    return stats


def reproject(categories: Iterable[str] | None = None, *, batch: int = 500, on_batch: Callable[[str, int, SyncStats], None] | None = None) -> SyncStats:
    """Rebuild the domain from the raw mirror alone (no download): every entity of ``categories``
    (default: every category) is projected as if its page had just arrived, ``batch`` at a time, one
    transaction per batch. Idempotent: what is already right is left alone and emits nothing."""
    chosen = list(categories) if categories else ["Fractie", "Zaak", "Toezegging"]  # the roots; the rest is followed from them
    total = SyncStats()
    for category in chosen:
        after: uuid.UUID | None = None
        done = 0
        while True:
            query = FeedEntity.objects.filter(category=category).order_by("guid").only("guid", "category", "deleted", "fields", "refs")
            if after is not None:
                query = query.filter(guid__gt=after)
            rows = list(query[:batch])
            if not rows:
                break
            after = rows[-1].guid
            with transaction.atomic():
                stats = project(rows)
                emit_many(stats.events)
            stats.events = []
            done += len(rows)
            total.add(stats)
            if on_batch is not None:
                on_batch(category, done, stats)
    return total
