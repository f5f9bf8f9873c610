"""Papers that letters cited before the register was mirrored: look them up in the raw mirror and fill them in.

A letter that cites ``Kamerstuk 21 501-20, nr. 2243`` before we know that paper creates a placeholder
``Kamerstuk`` (and, when the letter calls it a motion, a placeholder ``Motion``: no Zaak, outcome
unknown). The projection fills most of them by key as motions arrive. What is left is looked up in the
raw mirror, locally: the ``Kamerstukdossier`` with that nummer and toevoeging, then the Documents that
reference it (``FeedReference``, indexed on the target) with that volgnummer.

- a motion: its Zaak is projected (``project_motions``), which fills the paper by key;
- anything else (21501-20 nr. 2243 is a ``Brief regering`` about a Boswijk motion): the paper gets its
  kind, title, date and document number, the placeholder motion is deleted (only a pure placeholder:
  no Zaak, no outcome, no status history) and ``kamerstuk_is_not_a_motion`` is sent after commit, so
  the letters app can point its citations at the paper;
- not in the mirror (yet): left as it is, and tried again on a later run.

At most ``limit`` placeholders are looked up per run; the ``placeholders`` SyncState row remembers
where the last run stopped (a Kamerstuk pk) so that a long list is worked through in turn.
"""

from __future__ import annotations

from collections import defaultdict
from functools import partial

from django.db import transaction
from django.utils import timezone

from ..events import emit_many, touch
from ..models import Dossier, Kamerstuk, Motion, StatusChange
from ..signals import kamerstuk_is_not_a_motion
from .common import SyncStats, clean, kind_for_soort, parse_date, parse_uuid
from .mirror import FeedEntity, FeedReference
from .projection import project_motions
from .state import SyncState

__all__ = ["resolve_placeholders"]

STATE = "placeholders"
_PAPER_FIELDS = ["kind", "kind_raw", "title", "date", "vergaderjaar", "document_number", "source_id", "is_placeholder", "updated_at"]


def _placeholders(limit: int, after: int) -> list[Kamerstuk]:
    query = Kamerstuk.objects.filter(is_placeholder=True).select_related("dossier").order_by("pk")
    papers = list(query.filter(pk__gt=after)[:limit])
    if len(papers) < limit and after:
        papers += list(query.filter(pk__lte=after)[: limit - len(papers)])  # wrap around
    return papers


def _documents(papers: list[Kamerstuk]) -> tuple[dict[int, tuple[dict, dict]], set[str]]:
    """paper pk → (Document fields + Id, dossier fields + Id) as the mirror has them, and the Ids of motion Zaken."""
    wanted: dict[tuple[str, str], dict[int, Kamerstuk]] = defaultdict(dict)
    for paper in papers:
        if paper.number.isdigit():  # Eerste Kamer letters (33328-AI) are not volgnummers here
            wanted[(str(paper.dossier.number), paper.dossier.toevoeging or "")][int(paper.number)] = paper
    if not wanted:
        return {}, set()
    dossiers = {
        d.guid: d
        for d in FeedEntity.objects.filter(category="Kamerstukdossier", nummer__in=sorted({n for n, _ in wanted}), deleted=False)
        if (str(d.fields.get("nummer") or ""), d.fields.get("toevoeging") or "") in wanted
    }
    if not dossiers:
        return {}, set()
    doc_ids = FeedReference.objects.filter(target__in=list(dossiers), category="Document", name="kamerstukdossier").values_list("source", "target")
    doc_dossier = dict(doc_ids)
    found: dict[int, tuple[dict, dict]] = {}
    zaak_ids: set[str] = set()
    documents = FeedEntity.objects.filter(guid__in=list(doc_dossier), deleted=False).only("guid", "fields", "refs")
    for document in documents:
        dossier = dossiers[doc_dossier[document.guid]]
        volgnummer = str(document.fields.get("volgnummer") or "")
        by_nr = wanted[(str(dossier.fields.get("nummer") or ""), dossier.fields.get("toevoeging") or "")]
        match = by_nr.get(int(volgnummer)) if volgnummer.isdigit() else None
        if match is None:
            continue
        found[match.pk] = ({"Id": str(document.guid), **document.fields}, {"Id": str(dossier.guid), **dossier.fields})
        if kind_for_soort(document.fields.get("soort")) == Kamerstuk.Kind.MOTIE:
            zaak_ids.update(document.refs.get("zaak") or [])
    return found, zaak_ids


def resolve_placeholders(*, limit: int = 200) -> SyncStats:
    """Look up to ``limit`` placeholder papers in the raw mirror; fill in what it knows (see module doc)."""
    stats = SyncStats()
    state, _ = SyncState.objects.get_or_create(entity=STATE)
    papers = _placeholders(limit, int(state.cursor or 0))
    if not papers:
        return stats
    found, zaak_ids = _documents(papers)
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
            paper.kind = kind_for_soort(document.get("soort"))
            paper.kind_raw = clean(document.get("soort"))[:100]
            paper.title = clean(document.get("onderwerp") or document.get("titel"))
            paper.date = parse_date(document.get("datum"))
            paper.vergaderjaar = clean(document.get("vergaderjaar"))[:9]
            paper.document_number = clean(document.get("documentNummer"))[:20]
            if source_id and source_id not in taken:
                paper.source_id = source_id
                taken.add(source_id)
            paper.is_placeholder = False
            paper.updated_at = now
            filled.append(paper)
            if paper.kind != Kamerstuk.Kind.MOTIE:
                not_motions.append(paper)
                paper._was_motion = was_motion  # type: ignore[attr-defined]
            title, dossier_id = clean(dossier.get("titel")), parse_uuid(dossier.get("Id"))
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
        touch(papers=[p.pk for p in filled], dossiers=list(dossiers), later=True)
        if zaak_ids:
            motion_stats = project_motions(zaak_ids)
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
