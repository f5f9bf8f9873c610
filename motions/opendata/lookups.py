"""Find or create the reference rows a page of open data points at: dossiers, parties, members, ministries.

Each function takes everything one page needs and answers with a fixed number of queries, whatever
the page size: the sync's "bounded queries per page" rests on these. Rows found by the source's GUID
win over rows found by name; a GUID is only written where no other row holds it (they are unique).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import cast

from django.db.models import Q
from django.utils.text import slugify

from ..events import touch
from ..models import Dossier, Member, Ministry, Motion, Party, ministry_name

_TUSSENVOEGSELS = {"van", "der", "den", "de", "het", "ten", "ter", "te", "in", "'t", "’t", "op", "la", "le", "du", "da", "el", "al", "von", "zu", "vd"}
_INITIALS = re.compile(r"(?:[A-Z][a-z]?\.)+(?:-[A-Z]\.)?")


def split_name(actor_naam: str) -> tuple[str, str, str]:
    """``"T.M.T. van der Lee"`` → ``("T.M.T.", "van der", "Lee")``; ``"D.A. Ergin"`` → ``("D.A.", "", "Ergin")``."""
    words = actor_naam.split()
    initials: list[str] = []
    while words and _INITIALS.fullmatch(words[0]):
        initials.append(words.pop(0))
    tussen: list[str] = []
    # A tussenvoegsel is lower-case in the register ("van der Lee"); keep at least one word as surname.
    while len(words) > 1 and words[0].lower() in _TUSSENVOEGSELS and words[0][0].islower():
        tussen.append(words.pop(0))
    return "".join(initials), " ".join(tussen), " ".join(words)


# ("id", Persoon_Id) or ("name", the name as written).
MemberIdent = tuple[str, uuid.UUID | str]


def member_ident(persoon_id: uuid.UUID | None, name: str) -> MemberIdent:
    """Who a row means: the Persoon_Id when the source gives one, else the name as written."""
    return ("id", persoon_id) if persoon_id else ("name", " ".join(name.split()))


def _persoon_id(ident: MemberIdent) -> uuid.UUID | None:
    """The Persoon_Id of an ("id", …) identity; None for a name."""
    return cast(uuid.UUID, ident[1]) if ident[0] == "id" else None


@dataclass
class PartyInfo:
    source_id: uuid.UUID | None = None
    name: str = ""
    seats: int | None = None

    def merge(self, other: PartyInfo) -> None:
        self.source_id = self.source_id or other.source_id
        self.name = self.name or other.name
        self.seats = self.seats if self.seats is not None else other.seats


def ensure_dossiers(wanted: dict[tuple[int, str], tuple[str, uuid.UUID | None]]) -> dict[tuple[int, str], Dossier]:
    """wanted: (number, toevoeging) → (title, Kamerstukdossier Id)."""
    numbers = {n for n, _ in wanted}
    existing = {(d.number, d.toevoeging): d for d in Dossier.objects.filter(number__in=numbers)}
    source_ids = {sid for (_, sid) in wanted.values() if sid}
    taken = set(Dossier.objects.filter(source_id__in=source_ids).values_list("source_id", flat=True)) if source_ids else set()
    new = []
    for (n, t), (title, sid) in wanted.items():
        if (n, t) in existing:
            continue
        new.append(Dossier(number=n, toevoeging=t, title=title, source_id=sid if sid and sid not in taken else None))
        if sid:
            taken.add(sid)
    if new:
        Dossier.objects.bulk_create(new, ignore_conflicts=True)  # a letter may add the same dossier meanwhile
        existing = {(d.number, d.toevoeging): d for d in Dossier.objects.filter(number__in=numbers)}
    changed = {}
    for (n, t), (title, sid) in wanted.items():
        d = existing[(n, t)]
        if title and d.title != title:
            d.title = title
            changed[d.pk] = d
        if sid and d.source_id is None and sid not in taken:
            d.source_id = sid
            taken.add(sid)
            changed[d.pk] = d
    if changed:
        Dossier.objects.bulk_update(list(changed.values()), ["title", "source_id"])
        retitled = [pk for pk, d in changed.items() if d.title]
        # A dossier's title shows on its own detail and on its motions' pages.
        touch(dossiers=retitled, motions=Motion.objects.filter(kamerstuk__dossier_id__in=retitled).values_list("pk", flat=True), later=True)
    return existing


def ensure_parties(info: dict[str, PartyInfo]) -> dict[str, Party]:
    """info: abbreviation (ActorFractie) → what the source says about the party."""
    info = {k: v for k, v in info.items() if k}
    if not info:
        return {}
    ids = [v.source_id for v in info.values() if v.source_id]
    rows = list(Party.objects.filter(Q(abbreviation__in=list(info)) | Q(source_id__in=ids)))
    by_abbr = {p.abbreviation: p for p in rows}
    by_id = {p.source_id: p for p in rows if p.source_id}
    result: dict[str, Party] = {}
    missing = []
    for abbr, party_info in info.items():
        # A party renamed in the register keeps its Fractie_Id: follow the id, keep our row.
        party = by_abbr.get(abbr) or (by_id.get(party_info.source_id) if party_info.source_id else None)
        if party is None:
            missing.append(abbr)
        else:
            result[abbr] = party
    if missing:
        slugs = {a: slugify(a)[:60] or "fractie" for a in missing}
        taken = set(Party.objects.filter(slug__in=list(slugs.values())).values_list("slug", flat=True))
        new = []
        for abbr in missing:
            slug = slugs[abbr]
            if slug in taken:
                slug = f"{slug[:50]}-{uuid.uuid4().hex[:6]}"
            taken.add(slug)
            sid = info[abbr].source_id
            new.append(Party(abbreviation=abbr, name=info[abbr].name or abbr, slug=slug, seats=info[abbr].seats, source_id=sid if sid not in by_id else None))
            if sid:
                by_id[sid] = new[-1]
        Party.objects.bulk_create(new, ignore_conflicts=True)
        for p in Party.objects.filter(abbreviation__in=missing):
            result[p.abbreviation] = p
    changed = []
    for abbr, party_info in info.items():
        party = result.get(abbr)
        if party is None:
            continue
        dirty = False
        if party_info.name and party.name in ("", party.abbreviation) and party_info.name != party.name:
            party.name, dirty = party_info.name, True
        if party_info.seats is not None and party.seats != party_info.seats:
            party.seats, dirty = party_info.seats, True
        if party_info.source_id and party.source_id is None and by_id.get(party_info.source_id) in (None, party):
            party.source_id, dirty = party_info.source_id, True
            by_id[party_info.source_id] = party
        if dirty:
            changed.append(party)
    if changed:
        Party.objects.bulk_update(changed, ["name", "seats", "source_id"])
    return result


def ensure_members(people: dict[MemberIdent, tuple[str, str]], parties: dict[str, Party]) -> dict[MemberIdent, Member]:
    """people: identity → (name as the register writes it, party abbreviation)."""
    if not people:
        return {}
    ids = [pid for pid in map(_persoon_id, people) if pid is not None]
    parsed = {ident: split_name(name) for ident, (name, _) in people.items()}
    surnames = {p[2] for p in parsed.values()}
    rows = list(Member.objects.filter(Q(source_id__in=ids) | Q(surname__in=surnames)))
    by_id = {m.source_id: m for m in rows if m.source_id}
    by_name: dict[tuple[str, str, str], Member] = {}
    for m in rows:
        by_name.setdefault((m.initials, m.tussenvoegsel.lower(), m.surname), m)
    result: dict[MemberIdent, Member] = {}
    to_create: dict[int, Member] = {}
    to_update: dict[int, Member] = {}
    for ident, (_, fractie) in people.items():
        initials, tussen, surname = parsed[ident]
        party = parties.get(fractie)
        persoon_id = _persoon_id(ident)
        member = by_id.get(persoon_id) if persoon_id is not None else None
        if member is None:
            member = by_name.get((initials, tussen.lower(), surname))
            if member is not None and persoon_id is not None:
                if member.source_id is None:
                    member.source_id = persoon_id
                    by_id[persoon_id] = member
                    if member.pk:
                        to_update[member.pk] = member
                elif member.source_id != persoon_id:
                    member = None  # a namesake with another Persoon_Id: a different person
        if member is None:
            member = Member(
                initials=initials, tussenvoegsel=tussen, surname=surname or "?",
                slug=Member.make_slug(initials, tussen, surname),
                source_id=persoon_id, party=party,
            )
            to_create[id(member)] = member
            if persoon_id is not None:
                by_id[persoon_id] = member
            by_name.setdefault((initials, tussen.lower(), surname), member)
        elif party is not None and member.party_id != party.pk:
            member.party = party
            if member.pk:
                to_update[member.pk] = member
        result[ident] = member
    if to_create:
        new = list(to_create.values())
        taken = set(Member.objects.filter(slug__in=[m.slug for m in new]).values_list("slug", flat=True))
        for member in new:
            if member.slug in taken:
                member.slug = f"{member.slug[:190]}-{uuid.uuid4().hex[:6]}"
            taken.add(member.slug)
        Member.objects.bulk_create(new)
    if to_update:
        Member.objects.bulk_update(list(to_update.values()), ["source_id", "party"])
        touch(members=to_update, later=True)  # a member's party shows beside their name on motions
    return result


def ensure_ministries(names: set[str]) -> dict[str, Ministry]:
    """Raw Ministerie values → Ministry, found by name or abbreviation (case-insensitive) or created."""
    names = {n for n in names if n and ministry_name(n)}
    if not names:
        return {}
    known = list(Ministry.objects.all())  # a few dozen rows
    index: dict[str, Ministry] = {}
    for m in known:
        index.setdefault(m.name.lower(), m)
        if m.abbreviation:
            index.setdefault(m.abbreviation.lower(), m)
    result: dict[str, Ministry] = {}
    missing: dict[str, str] = {}
    for raw in names:
        clean = ministry_name(raw)
        found = index.get(clean.lower()) or index.get(raw.strip().lower())
        if found is None:
            missing.setdefault(clean.lower(), clean)
        else:
            result[raw] = found
    if missing:
        slugs = {m.slug for m in known}
        new = []
        for clean in missing.values():
            slug = slugify(clean)[:200] or "ministerie"
            if slug in slugs:
                slug = f"{slug[:190]}-{uuid.uuid4().hex[:6]}"
            slugs.add(slug)
            new.append(Ministry(name=clean, slug=slug))
        Ministry.objects.bulk_create(new, ignore_conflicts=True)
        created = {m.name.lower(): m for m in Ministry.objects.filter(name__in=list(missing.values()))}
        for raw in names:
            if raw not in result:
                result[raw] = created[ministry_name(raw).lower()]
    return result
