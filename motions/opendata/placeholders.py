"""Papers that letters cited before the register was synced: look them up and fill them in.

A letter that cites ``Kamerstuk 21 501-20, nr. 2243`` before we know that paper creates a placeholder
``Kamerstuk`` (and, when the letter calls it a motion, a placeholder ``Motion``: no Zaak, outcome
unknown). The motion stream fills most of them by key. What is left is asked of the register per
dossier, in one request for up to ``_CHUNK`` papers::

    Kamerstukdossier?$filter=Nummer eq 21501 and Toevoeging eq '20'
        &$expand=Document($filter=Verwijderd eq false and (Volgnummer eq 2243);$expand=Zaak(…))

- a motion: its Zaak is fetched with the full motion expand and goes through ``apply_zaken``
  (old motions outside the incremental window are filled this way too);
- anything else (21501-20 nr. 2243 is a ``Brief regering`` about a Boswijk motion): the paper gets its
  kind, title, date and document number, the placeholder motion is deleted (only a pure placeholder:
  no Zaak, no outcome, no status history) and ``kamerstuk_is_not_a_motion`` is sent after commit, so
  the letters app can point its citations at the paper;
- unknown to the register: left as it is, and tried again later.

At most ``limit`` placeholders are looked up per run; the ``placeholders`` SyncState row remembers
where the last run stopped (a Kamerstuk pk) so that a long list is worked through in turn.
"""

from __future__ import annotations

from collections import defaultdict
from functools import partial
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from ..events import emit_many
from ..models import Dossier, Kamerstuk, Motion, StatusChange
from ..signals import kamerstuk_is_not_a_motion
from .client import odata_string
from .common import SyncStats, clean, kind_for_soort, live, parse_date, parse_uuid
from .mapping import ZAAK_EXPAND, ZAAK_SELECT, apply_zaken
from .state import SyncState

if TYPE_CHECKING:
    from .client import ODataClient

__all__ = ["resolve_placeholders"]

STATE = "placeholders"
_CHUNK = 40  # papers per request: keeps the URL short
_DOCUMENT_SELECT = "Id,Soort,DocumentNummer,Titel,Onderwerp,Datum,Vergaderjaar,Volgnummer,Verwijderd"
_PAPER_FIELDS = ["kind", "kind_raw", "title", "date", "vergaderjaar", "document_number", "source_id", "is_placeholder", "updated_at"]


def _placeholders(limit: int, after: int) -> list[Kamerstuk]:
    query = Kamerstuk.objects.filter(is_placeholder=True).select_related("dossier").order_by("pk")
    papers = list(query.filter(pk__gt=after)[:limit])
    if len(papers) < limit and after:
        papers += list(query.filter(pk__lte=after)[: limit - len(papers)])  # wrap around
    return papers


def _documents(client: ODataClient, papers: list[Kamerstuk]) -> tuple[dict[int, tuple[dict, dict]], set[str]]:
    """paper pk → (Document, Kamerstukdossier) as the register has them, and the Ids of motion Zaken."""
    groups: dict[tuple[int, str], list[Kamerstuk]] = defaultdict(list)
    for paper in papers:
        if paper.number.isdigit():  # Eerste Kamer letters (33328-AI) are not Volgnummers here
            groups[(paper.dossier.number, paper.dossier.toevoeging)].append(paper)
    found: dict[int, tuple[dict, dict]] = {}
    zaak_ids: set[str] = set()
    for (number, toevoeging), group in groups.items():
        for start in range(0, len(group), _CHUNK):
            chunk = group[start : start + _CHUNK]
            by_nr = {int(p.number): p for p in chunk}
            wanted = " or ".join(f"Volgnummer eq {n}" for n in sorted(by_nr))
            toevoeging_filter = f"Toevoeging eq {odata_string(toevoeging)}" if toevoeging else "Toevoeging eq null"
            url = client.build_url(
                "Kamerstukdossier",
                filter=f"Nummer eq {number} and {toevoeging_filter}",
                select="Id,Nummer,Toevoeging,Titel",
                expand=f"Document($filter=Verwijderd eq false and ({wanted});$select={_DOCUMENT_SELECT};$expand=Zaak($select=Id,Soort,Nummer,Verwijderd))",
            )
            for dossier in client.get_json(url)["value"]:
                for document in live(dossier.get("Document")):
                    paper = by_nr.get(document.get("Volgnummer"))  # type: ignore[arg-type]
                    if paper is None:
                        continue
                    found[paper.pk] = (document, dossier)
                    if kind_for_soort(document.get("Soort")) == Kamerstuk.Kind.MOTIE:
                        zaak_ids.update(str(z["Id"]) for z in live(document.get("Zaak")) if (z.get("Soort") or "") == "Motie" and parse_uuid(z.get("Id")))
    return found, zaak_ids


def _zaken(client: ODataClient, zaak_ids: set[str]) -> list[dict]:
    rows: list[dict] = []
    ordered = sorted(zaak_ids)
    for start in range(0, len(ordered), _CHUNK):
        ids = " or ".join(f"Id eq {parse_uuid(i)}" for i in ordered[start : start + _CHUNK])
        for page in client.pages("Zaak", filter=f"Soort eq 'Motie' and ({ids})", expand=ZAAK_EXPAND, select=ZAAK_SELECT, orderby="ApiGewijzigdOp,Id"):
            rows.extend(page.items)
    return rows


def resolve_placeholders(client: ODataClient, *, limit: int = 200) -> SyncStats:
    """Look up to ``limit`` placeholder papers in the register; fill in what it knows (see module doc)."""
    stats = SyncStats()
    state, _ = SyncState.objects.get_or_create(entity=STATE)
    papers = _placeholders(limit, int(state.cursor or 0))
    if not papers:
        return stats
    found, zaak_ids = _documents(client, papers)
    zaken = _zaken(client, zaak_ids) if zaak_ids else []
    not_motions: list[Kamerstuk] = []
    with transaction.atomic():
        # Papers first, so that apply_zaken finds them by key and does not count them as new.
        doc_ids = [parse_uuid(doc.get("Id")) for doc, _ in found.values()]
        taken = set(Kamerstuk.objects.filter(source_id__in=[d for d in doc_ids if d]).values_list("source_id", flat=True))
        dossier_ids = [parse_uuid(dossier.get("Id")) for _, dossier in found.values()]
        taken_dossiers = set(Dossier.objects.filter(source_id__in=[d for d in dossier_ids if d]).values_list("source_id", flat=True))
        now = timezone.now()
        filled, dossiers = [], {}
        for paper in papers:
            if paper.pk not in found:
                continue
            document, dossier = found[paper.pk]
            source_id = parse_uuid(document.get("Id"))
            was_motion = paper.kind == Kamerstuk.Kind.MOTIE
            paper.kind = kind_for_soort(document.get("Soort"))
            paper.kind_raw = clean(document.get("Soort"))[:100]
            paper.title = clean(document.get("Onderwerp") or document.get("Titel"))
            paper.date = parse_date(document.get("Datum"))
            paper.vergaderjaar = clean(document.get("Vergaderjaar"))[:9]
            paper.document_number = clean(document.get("DocumentNummer"))[:20]
            if source_id and source_id not in taken:
                paper.source_id = source_id
                taken.add(source_id)
            paper.is_placeholder = False
            paper.updated_at = now
            filled.append(paper)
            if paper.kind != Kamerstuk.Kind.MOTIE:
                not_motions.append(paper)
                paper._was_motion = was_motion  # type: ignore[attr-defined]
            title, dossier_id = clean(dossier.get("Titel")), parse_uuid(dossier.get("Id"))
            if title and not paper.dossier.title:
                paper.dossier.title = title
                dossiers[paper.dossier.pk] = paper.dossier
            if dossier_id and paper.dossier.source_id is None and dossier_id not in taken_dossiers:
                paper.dossier.source_id = dossier_id
                taken_dossiers.add(dossier_id)
                dossiers[paper.dossier.pk] = paper.dossier
        if filled:
            Kamerstuk.objects.bulk_update(filled, _PAPER_FIELDS)
        if dossiers:
            Dossier.objects.bulk_update(list(dossiers.values()), ["title", "source_id"])
        if zaken:
            motion_stats = apply_zaken(zaken)
            emit_many(motion_stats.events)
            motion_stats.events = []
            stats.add(motion_stats)
        _drop_placeholder_motions(not_motions)
        SyncState.objects.filter(pk=state.pk).update(cursor=str(papers[-1].pk if len(papers) == limit else 0), last_stats={"looked_up": len(papers), "resolved": len(filled)})
    stats.resolved = len(filled)
    return stats


def _drop_placeholder_motions(papers: list[Kamerstuk]) -> None:
    """The register says these papers are not motions: a pure placeholder motion on them goes, and the
    letters app hears of each paper a letter had called a motion. A motion with anything of its own
    (a Zaak, an outcome, a status or its history) stays; that needs a person, not the sync."""
    if not papers:
        return
    motions = {m.kamerstuk_id: m for m in Motion.objects.filter(kamerstuk__in=papers)}
    with_history = set(StatusChange.objects.filter(motion__in=list(motions.values())).values_list("motion_id", flat=True)) if motions else set()
    for paper in papers:
        motion = motions.get(paper.pk)
        if motion is not None:
            if motion.zaak_id is not None or motion.outcome or motion.status or motion.pk in with_history:
                continue
            motion.delete()
        elif not getattr(paper, "_was_motion", False):
            continue
        transaction.on_commit(partial(kamerstuk_is_not_a_motion.send, sender=Kamerstuk, kamerstuk=paper))
