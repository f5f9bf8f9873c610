"""Links a letter has besides the citations in its text: what the open data says about it.

A harvested letter (``Letter.document_id`` set) is linked by three more signals, each kept with its
source on the ``Citation`` (``Citation.Source``):

* ``onderwerp``: a motion or paper named in the Document's onderwerp ("Uitvoering van de motie van
  het lid Boswijk c.s. … (Kamerstuk 21501-20-2068)"), read by the same citation parser as the text;
* ``number``: a Zaak number (``2025Z07351``) or document number (``2024D49861``) in the text, resolved
  through the raw mirror (``resolve_numbers``): Zaak.nummer → the Zaak's Document → its key;
  Document.documentNummer → its key (dossier + toevoeging + volgnummer, else the DocumentVersie's
  ``kst-…`` identifier);
* ``commitment``: a Toezegging whose ``kamerbriefNakoming`` names this letter (its document number
  or its own Kamerstuk) links the letter to that commitment.

Every signal is a suggestion like a citation in the text; staff confirm or reject it. This module
reads only the mirror and motions; ``ingest.link_letter`` turns signals into citations.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from motions.keys import InvalidKey, format_key, parse_key
from motions.models import Commitment
from motions.opendata.mirror import FeedEntity, FeedReference

from .reading.citations import Reference, extract_references

__all__ = ["NUMBER", "Resolved", "Signal", "find_numbers", "paper_key_of", "resolve_numbers", "signals_for"]

# Zaak (Z) and document (D) numbers of the Tweede Kamer: year + letter + five digits.
NUMBER = re.compile(r"(?<![0-9A-Za-z])((?:19|20)\d{2})\s?([ZD])\s?(\d{5})(?![0-9A-Za-z])")


@dataclass(frozen=True)
class Resolved:
    """What a Zaak or document number names: a paper's key and whether it is a motion."""

    key: str
    motion: bool


@dataclass(frozen=True)
class Signal:
    """One link from the open data, before it becomes a citation."""

    source: str  # Citation.Source value
    ref: Reference  # the span in the letter's text and the paper's parts
    target: str  # Citation.Target value
    key: str | None
    excerpt: tuple[int, int]
    commitment: Commitment | None = None


def find_numbers(text: str) -> list[tuple[int, int, str]]:
    """Every Zaak/document number in ``text``: (start, end, normalised number such as 2025Z07351)."""
    return [(m.start(), m.end(), f"{m.group(1)}{m.group(2)}{m.group(3)}") for m in NUMBER.finditer(text or "")]


def paper_key_of(document: FeedEntity, dossiers: dict[str, FeedEntity], versions: dict[str, FeedEntity]) -> str | None:
    """A mirrored Document's Kamerstuk key: its dossier's number and toevoeging with its volgnummer,
    else its DocumentVersie's ``kst-…`` identifier; None when neither is known."""
    fields = document.fields
    dossier = dossiers.get(document.ref("kamerstukdossier") or "")
    volgnummer = str(fields.get("volgnummer") or "").strip()
    if dossier is not None and dossier.fields.get("nummer") and volgnummer.isdigit() and int(volgnummer) > 0:
        try:
            return format_key(str(dossier.fields["nummer"]), dossier.fields.get("toevoeging") or "", volgnummer)
        except (InvalidKey, ValueError):
            pass
    version = versions.get(document.ref("huidigeDocumentVersie") or "")
    identifier = (version.fields.get("externeidentifier") or "") if version is not None else ""
    if identifier.startswith("kst-"):
        try:
            return str(parse_key(identifier[4:]))
        except InvalidKey:
            return None
    return None


def _by_guid(guids: Iterable[str | None]) -> dict[str, FeedEntity]:
    wanted = {g for g in guids if g}
    if not wanted:
        return {}
    return {str(e.guid): e for e in FeedEntity.objects.filter(guid__in=list(wanted))}


def resolve_numbers(numbers: Iterable[str]) -> dict[str, Resolved]:
    """Zaak and document numbers → what they name, through the raw mirror, in a constant number of
    queries. Numbers the mirror does not know (or whose paper has no key) are left out."""
    numbers = {n.upper() for n in numbers}
    if not numbers:
        return {}
    rows = list(FeedEntity.objects.filter(nummer__in=list(numbers), category__in=["Zaak", "Document"], deleted=False))
    zaken = {r.nummer: r for r in rows if r.category == "Zaak"}
    documents = {r.nummer: r for r in rows if r.category == "Document"}
    # A Zaak holds no reference to its Documents; the Documents point at it.
    zaak_docs: dict[str, list[str]] = {}
    if zaken:
        for source, target in FeedReference.objects.filter(
            target__in=[z.guid for z in zaken.values()], category="Document", name="zaak"
        ).values_list("source", "target"):
            zaak_docs.setdefault(str(target), []).append(str(source))
    extra_docs = _by_guid(g for gs in zaak_docs.values() for g in gs)
    all_docs = {str(d.guid): d for d in documents.values()} | extra_docs
    dossiers = _by_guid(d.ref("kamerstukdossier") for d in all_docs.values())
    versions = _by_guid(d.ref("huidigeDocumentVersie") for d in all_docs.values())
    result: dict[str, Resolved] = {}
    for number, document in documents.items():
        key = paper_key_of(document, dossiers, versions)
        if key:
            result[number] = Resolved(key, str(document.fields.get("soort") or "").startswith("Motie"))
    for number, zaak in zaken.items():
        docs = [all_docs[g] for g in zaak_docs.get(str(zaak.guid), []) if g in all_docs and not all_docs[g].deleted]
        # The motion's own Document (soort Motie…) before any letter or report attached to the case.
        docs.sort(key=lambda d: (not str(d.fields.get("soort") or "").startswith(str(zaak.fields.get("soort") or "~")), d.nummer))
        for document in docs:
            key = paper_key_of(document, dossiers, versions)
            if key:
                result[number] = Resolved(key, zaak.fields.get("soort") == "Motie" or str(document.fields.get("soort") or "").startswith("Motie"))
                break
    return result


def mirror_lookup(numbers: Iterable[str]) -> dict[str, str]:
    """The Zaak/document-number lookup the citation linker uses by default (LETTERS_ZAAK_LOOKUP):
    numbers our own tables do not know, resolved through the raw mirror."""
    return {number: hit.key for number, hit in resolve_numbers(numbers).items()}


def _parts(key: str) -> tuple[str, str | None, str]:
    parsed = parse_key(key)
    return parsed.dossier, parsed.toevoeging or None, parsed.number


def _reference(kind: str, key: str | None, start: int, end: int, submitters: tuple[str, ...] = ()) -> Reference:
    dossier, toevoeging, number = _parts(key) if key else (None, None, "")
    return Reference(kind=kind, dossier=dossier, toevoeging=toevoeging, number=number, item=None, chamber=None, session=None, submitters=submitters, start=start, end=end)


def signals_for(
    *, text: str, onderwerp: str, document_id: uuid.UUID | None, document_number: str, own_key: str | None,
    sentence_span, opening: tuple[int, int], known_keys: set[str], known_commitments: set[int],
) -> list[Signal]:
    """The open data's links for one harvested letter (nothing for a letter that was only uploaded).

    ``sentence_span(offset)`` gives the sentence around an offset of ``text``; ``opening`` is the span
    that stands for the letter as a whole (its first paragraph) where a signal has no place in the
    text; ``known_keys``/``known_commitments`` are what the text's own citations already link, which
    a signal does not repeat.
    """
    if document_id is None or not text:
        return []
    signals: list[Signal] = []
    seen = set(known_keys) | ({own_key} if own_key else set())
    # 1. The onderwerp: motions (and papers the onderwerp calls motions) it names.
    for ref in extract_references(onderwerp or ""):
        key = ref.key
        if not key or key in seen or ref.kind not in ("motie", "kamerstuk"):
            continue
        seen.add(key)
        target = "motion" if ref.kind == "motie" or "motie" in (onderwerp or "").lower() else "paper"
        signals.append(Signal("onderwerp", _reference("motie" if target == "motion" else "kamerstuk", key, *opening, ref.submitters), target, key, opening))
    # 2. Zaak and document numbers in the text.
    found = [(s, e, n) for s, e, n in find_numbers(text) if n != document_number]
    resolved = resolve_numbers(n for _, _, n in found)
    for start, end, number in found:
        hit = resolved.get(number)
        if hit is None or hit.key in seen:
            continue
        seen.add(hit.key)
        target = "motion" if hit.motion else "paper"
        signals.append(Signal("number", _reference("motie" if hit.motion else "kamerstuk", hit.key, start, end), target, hit.key, sentence_span(start)))
    # 3. Commitments whose fulfilment names this letter.
    for commitment in commitments_fulfilled_by(document_number=document_number, own_key=own_key):
        if commitment.pk in known_commitments:
            continue
        ref = _reference("kamerstuk", None, *opening)
        signals.append(Signal("commitment", ref, "commitment", None, opening, commitment=commitment))
    return signals


def commitments_fulfilled_by(*, document_number: str, own_key: str | None) -> list[Commitment]:
    """Commitments whose register entry gives this letter (by document number or Kamerstuk) as its
    fulfilment (``Toezegging.kamerbriefNakoming``)."""
    if not document_number and not own_key:
        return []
    query = Q()
    if document_number:
        query |= Q(fields__kamerbriefNakoming__icontains=document_number)
    own = None
    if own_key:
        own = parse_key(own_key)
        query |= Q(fields__kamerbriefNakoming__icontains=own.dossier[-3:])  # "36 600" or "36600": verified below
    guids = []
    for row in FeedEntity.objects.filter(query, category="Toezegging", deleted=False).only("guid", "fields"):
        value = str(row.fields.get("kamerbriefNakoming") or "")
        if document_number and document_number.lower() in value.lower():
            guids.append(row.guid)
        elif own is not None and any(r.key == str(own) for r in extract_references(value)):
            guids.append(row.guid)
    if not guids:
        return []
    return list(Commitment.objects.filter(source_id__in=guids, withdrawn=False).select_related("kamerstuk").order_by("pk"))
