"""Public pages: home, the motion list (search and facets), one motion with its timeline, dossiers,
members, parties, ministries, commitments, and the page that explains statuses and sources.

Every page is server-rendered and works without JavaScript. Every page runs a bounded number of
queries, whatever the number of motions: lists prefetch what they show, and facet counts are a
few GROUP BY queries (see ``facets``), never one per row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from letters.filters import MotionFilter
from letters.models import Citation
from motions.keys import InvalidKey, parse_dossier_key, parse_key
from motions.models import (
    ReadRow,
    HOUSE_SEATS,
    Commitment,
    Dossier,
    Event,
    Kabinetsappreciatie,
    Kamerstuk,
    Member,
    Ministry,
    Motion,
    Outcome,
    Party,
    Sponsorship,
    Status,
    StatusChange,
    Vote,
    overdue_annotation,
    overdue_condition,
    votes_complete,
)
from motions.search import fallback_snippet, is_postgres, normalise_query, with_snippets

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PAGE_SIZE = 20
# Values shown per facet that has many (members, dossiers): the most frequent, plus the chosen one.
FACET_LIMIT = 10
FACET_MORE = 15
RECENT_EVENTS = 8
# Counts over all motions are cached, keyed by ``data_version()``; this only bounds how long.
COUNTS_CACHE_SECONDS = 600
OVERDUE_SHOWN = 5
# The event kinds the home page calls "recent changes": what a reader cares about.
RECENT_KINDS = [
    Event.Kind.RESPONSE_ADDED,
    Event.Kind.RESPONSE_CONFIRMED,
    Event.Kind.STATUS_CHANGED,
    Event.Kind.VOTE_RECORDED,
]


# --- Shared reads ---------------------------------------------------------------------------------


def has_response() -> Exists:
    """A letter answers the motion (suggested or confirmed): the same test as the list filter."""
    return Citation.objects.answering_motion()


def answered() -> Q:
    """``has_response`` as ``kamerstuk_id IN (…)``: PostgreSQL hashes the subquery once, where an
    EXISTS inside an aggregate's FILTER would run once per motion."""
    return Q(kamerstuk_id__in=Citation.objects.answered_papers())


def listed(queryset: QuerySet, today: dt.date | None = None) -> QuerySet:
    """What a row of a motion list shows, in a constant number of queries (2 for any page size)."""
    today = today or timezone.localdate()
    late = overdue_annotation(Motion, today)
    return (
        queryset.select_related("kamerstuk__dossier", "ministry")
        .prefetch_related(Prefetch("sponsorships", queryset=Sponsorship.objects.select_related("member", "party").order_by("order")))
        .annotate(answered=has_response(), late=late)
    )


def paginate(request: HttpRequest, ordered: QuerySet, size: int | None = None) -> Page:
    """A page of motions from an ordered queryset: first the page's ids, then its rows.

    Sorting 100,000 bare ids is cheap; PostgreSQL would otherwise compute every row's annotations
    (has a response, overdue) before sorting. Four queries: count, ids, rows, submitters.
    """
    page = Paginator(ordered.values_list("pk", flat=True), size or PAGE_SIZE).get_page(request.GET.get("page"))
    ids = list(page.object_list)
    rows = {motion.pk: motion for motion in listed(Motion.objects.filter(pk__in=ids))} if ids else {}
    page.object_list = [rows[pk] for pk in ids if pk in rows]
    return page


def data_version() -> str:
    """Changes whenever a motion or the change feed does, so cached counts are never stale:
    status changes, syncs and saves touch ``Motion.updated_at``; answers and reviews add events."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT (SELECT MAX(updated_at) FROM {Motion._meta.db_table}), (SELECT MAX(seq) FROM {Event._meta.db_table})")
        updated, seq = cursor.fetchone()
    return f"{updated}|{seq}"


def cached(name: str, state: str, compute: Callable[[], Any], version: str | None = None) -> Any:
    """Counts over many motions, cached until the data change (or COUNTS_CACHE_SECONDS pass)."""
    version = version if version is not None else data_version()
    key = "pages:" + name + ":" + hashlib.sha256(f"{state}|{version}|{timezone.localdate()}".encode()).hexdigest()[:32]
    return cache.get_or_set(key, compute, COUNTS_CACHE_SECONDS)


def summary_counts(queryset: QuerySet, today: dt.date | None = None) -> dict[str, Any]:
    """Counts by implementation status, plus total, adopted, answered and overdue: one query."""
    today = today or timezone.localdate()
    aggregates: dict[str, Any] = {f"status_{value}": Count("pk", filter=Q(status=value)) for value in Status.values}
    aggregates["total"] = Count("pk")
    aggregates["adopted"] = Count("pk", filter=Q(outcome__in=Outcome.tracked()))
    aggregates["answered"] = Count("pk", filter=answered())
    aggregates["overdue"] = Count("pk", filter=overdue_condition(Motion, today))
    row = queryset.order_by().aggregate(**aggregates)
    row["statuses"] = [(value, label, row[f"status_{value}"]) for value, label in Status.choices]
    return row


# --- Home -----------------------------------------------------------------------------------------


def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()

    def overview() -> dict[str, Any]:
        overdue = Motion.objects.overdue(today).order_by("deadline", "id").values_list("pk", flat=True)[:OVERDUE_SHOWN]
        return {"counts": summary_counts(Motion.objects.all(), today), "overdue": list(overdue)}

    data = cached("home", "", overview)
    rows = {m.pk: m for m in Motion.objects.filter(pk__in=data["overdue"]).select_related("kamerstuk", "ministry")}
    events = list(
        Event.objects.filter(kind__in=RECENT_KINDS)
        .select_related("motion__kamerstuk", "commitment", "status_change")
        .order_by("-seq")[:RECENT_EVENTS]
    )
    return render(
        request,
        "motions/home.html",
        {"counts": data["counts"], "overdue": [rows[pk] for pk in data["overdue"] if pk in rows], "events": events, "today": today},
    )


# --- Motion list: search, facets, sort ------------------------------------------------------------


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    url: str


@dataclass
class Facet:
    name: str  # the GET parameter, as the API and saved searches name it
    label: str
    values: list[FacetValue] = field(default_factory=list)
    more: list[FacetValue] = field(default_factory=list)  # behind a "more" disclosure

    @property
    def selected(self) -> list[FacetValue]:
        return [v for v in self.values + self.more if v.selected]


# Facets over fixed choices are counted together in one conditional aggregate per base.
CHOICE_FACETS: dict[str, tuple[StrOrPromise, list[tuple[str, Any]]]] = {
    "status": (_("Uitvoering"), list(Status.choices)),
    "outcome": (_("Uitslag"), list(Outcome.choices)),
    "has_response": (_("Antwoord van de regering"), [("true", _("met antwoord in een brief")), ("false", _("nog zonder antwoord"))]),
    "overdue": (_("Termijn"), [("true", _("over de termijn"))]),
}
GROUP_FACETS: dict[str, StrOrPromise] = {
    "party": _("Fractie"),
    "submitter": _("Kamerlid"),
    "dossier": _("Dossier"),
    "ministry": _("Ministerie"),
    "vergaderjaar": _("Vergaderjaar"),
}
FACET_ORDER = ["status", "outcome", "has_response", "overdue", "party", "submitter", "ministry", "dossier", "vergaderjaar"]
MULTIPLE = {"status", "outcome"}
NEWEST_FIRST = (F("submitted_on").desc(nulls_last=True), "-id")  # placeholders without a date last
SORTS = {"relevance": _("relevantie"), "date": _("datum"), "deadline": _("termijn")}


def _choice_condition(name: str, value: str, today: dt.date) -> Q:
    if name == "has_response":
        return answered()
    if name == "overdue":
        return overdue_condition(Motion, today)
    return Q(**{name: value})


def _group_rows(name: str, motions: QuerySet, selected: str) -> list[tuple[str, str, int]]:
    """(value, label, count) for a facet over related rows: one GROUP BY query, most frequent first."""
    first = Case(When(value=selected, then=Value(1)), default=Value(0), output_field=IntegerField()) if selected else Value(0)
    if name in ("party", "submitter"):
        sponsorships = Sponsorship.objects.filter(motion__in=motions) if motions.query.has_filters() else Sponsorship.objects.all()
        values: QuerySet[Sponsorship, Mapping[str, Any]]
        if name == "party":
            # The party at the time of submitting, or the member's party: as the party filter reads it.
            named = sponsorships.annotate(value=Coalesce("party__slug", "member__party__slug"), label=Coalesce("party__abbreviation", "member__party__abbreviation"))
            values = named.exclude(value=None).values("value", "label")
        else:
            values = sponsorships.annotate(value=F("member__slug")).values("value", "member__initials", "member__tussenvoegsel", "member__surname")
        # One list of rows either way: the two .values() give differently keyed dicts.
        counted: list[Mapping[str, Any]] = list(values.annotate(n=Count("motion_id", distinct=True), first=first).order_by("-first", "-n", "value")[: FACET_LIMIT + FACET_MORE])
        result = []
        for row in counted:
            if name == "submitter":
                label = Member.format_full_name(row["member__initials"], row["member__tussenvoegsel"], row["member__surname"])
            else:
                label = row["label"]
            result.append((row["value"], label, row["n"]))
        return result
    if name == "dossier":
        first = Value(0)
        if selected:
            number, toevoeging = parse_dossier_key(selected)  # validated by the filter form already
            first = Case(When(number=int(number), toevoeging=toevoeging, then=Value(1)), default=Value(0), output_field=IntegerField())
        rows = (
            motions.annotate(number=F("kamerstuk__dossier__number"), toevoeging=F("kamerstuk__dossier__toevoeging"), dossier_title=F("kamerstuk__dossier__title"))
            .values("number", "toevoeging", "dossier_title")
            .annotate(n=Count("pk"), first=first)
            .order_by("-first", "-n", "-number")[: FACET_LIMIT + FACET_MORE]
        )
        return [(Dossier(number=r["number"], toevoeging=r["toevoeging"]).key, _dossier_label(r), r["n"]) for r in rows]
    if name == "ministry":
        rows = motions.exclude(ministry=None).annotate(value=F("ministry__slug"), label=F("ministry__name")).values("value", "label")
    else:  # vergaderjaar
        rows = motions.exclude(kamerstuk__vergaderjaar="").annotate(value=F("kamerstuk__vergaderjaar"), label=F("kamerstuk__vergaderjaar")).values("value", "label")
    rows = rows.annotate(n=Count("pk"), first=first).order_by("-first", "-n", "value")[: FACET_LIMIT + FACET_MORE]
    return [(r["value"], r["label"], r["n"]) for r in rows]


def _dossier_label(row: dict) -> str:
    key = Dossier(number=row["number"], toevoeging=row["toevoeging"]).key
    title = (row["dossier_title"] or "").strip()
    return f"{key} {title[:70]}{'…' if len(title) > 70 else ''}".strip()


class MotionSearch:
    """The state of the motion list, read from the query string: search words, facets, sort, page.

    The filters are the API's ``MotionFilter``, so a shared URL, the API and a saved search (the
    alerts app reads the same query string) always agree on what matches.
    """

    def __init__(self, params: QueryDict, today: dt.date | None = None) -> None:
        self.today = today or timezone.localdate()
        self.q = normalise_query(params.get("q"))
        raw = QueryDict(mutable=True)
        for name in FACET_ORDER:
            values = [v.strip() for v in params.getlist(name) if v.strip()]
            if values:
                raw.setlist(name, values if name in MULTIPLE else values[:1])
        form = MotionFilter(data=raw, queryset=Motion.objects.none()).form
        form.is_valid()
        self.errors: dict[str, list[str]] = {name: [str(m) for m in messages] for name, messages in form.errors.items()}
        # Only what validates is state: an invalid value is reported on the page and ignored.
        self.active: dict[str, list[str]] = {name: raw.getlist(name) for name in FACET_ORDER if name in raw and name not in self.errors}
        sort = params.get("sort", "")
        self.sort = sort if sort in SORTS and (sort != "relevance" or self.q) else self.default_sort

    @property
    def default_sort(self) -> str:
        return "relevance" if self.q else "date"

    # The query strings of this state and its neighbours.

    def state(self, **changes: list[str] | str | None) -> QueryDict:
        data = QueryDict(mutable=True)
        if self.q:
            data["q"] = self.q
        for name, values in self.active.items():
            data.setlist(name, values)
        if self.sort != self.default_sort:
            data["sort"] = self.sort
        for name, value in changes.items():
            if value is None or value == []:
                data.pop(name, None)
            elif isinstance(value, list):
                data.setlist(name, value)
            else:
                data[name] = value
        return data

    def url(self, **changes: list[str] | str | None) -> str:
        encoded = self.state(**changes).urlencode()
        return f"?{encoded}" if encoded else "?"

    def toggle_url(self, name: str, value: str) -> str:
        current = self.active.get(name, [])
        if value in current:
            return self.url(**{name: [v for v in current if v != value]})
        return self.url(**{name: (current + [value]) if name in MULTIPLE else [value]})

    @property
    def filter_query(self) -> str:
        """The search as saved searches read it: words and filters, without sort or page."""
        return urlencode(([("q", self.q)] if self.q else []) + [(n, v) for n, values in self.active.items() for v in values])

    @property
    def is_filtered(self) -> bool:
        return bool(self.q or self.active)

    # Querysets.

    def base(self, without: str | None = None) -> QuerySet:
        """Motions matching everything except the facet ``without`` (for that facet's own counts)."""
        data = self.state(sort=None)
        if without is not None:
            data.pop(without, None)
        return MotionFilter(data=data, queryset=Motion.objects.all()).qs

    def scope(self, without: str | None = None) -> QuerySet:
        """``base`` as a plain queryset to count in: a semi-join on the matches, or every motion."""
        if not self.q and not (set(self.active) - {without}):
            return Motion.objects.all()
        return Motion.objects.filter(pk__in=self.base(without).values("pk"))

    def results(self) -> QuerySet:
        """The matching motions in the chosen order (rows are loaded per page by ``paginate``)."""
        motions = self.base()
        if self.sort == "deadline":
            return motions.order_by(F("deadline").asc(nulls_last=True), *NEWEST_FIRST)
        if self.sort == "relevance" and self.q:
            # On SQLite every rank is 0 and the newest come first.
            return motions.order_by("-rank", *NEWEST_FIRST)
        return motions.order_by(*NEWEST_FIRST)

    def counts(self) -> dict[str, list[tuple[str, str, int]]]:
        """Facet name → [(value, label, count)]. Each facet counts the motions that match every
        *other* filter, so a count says how many results choosing that value gives. Facets whose
        base is the same share it: one conditional aggregate for all choice facets that are not
        set, one GROUP BY per related facet — a handful of queries whatever the data."""
        counts: dict[str, list[tuple[str, str, int]]] = {}
        by_base: dict[str | None, list[str]] = {}
        for name in CHOICE_FACETS:
            by_base.setdefault(name if name in self.active else None, []).append(name)
        for without, names in by_base.items():
            aggregates: dict[str, Any] = {"total": Count("pk")}
            for name in names:
                for value, _label in CHOICE_FACETS[name][1]:
                    if (name, value) != ("has_response", "false"):  # the rest of the total
                        aggregates[f"{name}__{value}"] = Count("pk", filter=_choice_condition(name, value, self.today))
            row = self.scope(without).aggregate(**aggregates)
            if "has_response" in names:
                row["has_response__false"] = row["total"] - row["has_response__true"]
            for name in names:
                # Labels of choices are translated when shown, not when cached.
                counts[name] = [(value, "", row[f"{name}__{value}"]) for value, _label in CHOICE_FACETS[name][1]]
        for name in GROUP_FACETS:
            counts[name] = _group_rows(name, self.scope(name), self.active.get(name, [""])[0])
        return counts

    def facets(self) -> list[Facet]:
        counts = cached("facets", self.filter_query, self.counts)
        facets = []
        for name in FACET_ORDER:
            label = CHOICE_FACETS[name][0] if name in CHOICE_FACETS else GROUP_FACETS[name]
            selected = self.active.get(name, [])
            choices = dict(CHOICE_FACETS[name][1]) if name in CHOICE_FACETS else {}
            values = [FacetValue(value, str(choices.get(value, text)), n, value in selected, self.toggle_url(name, value)) for value, text, n in counts[name]]
            if name in CHOICE_FACETS:
                facets.append(Facet(name, str(label), values))
            else:
                facets.append(Facet(name, str(label), values[:FACET_LIMIT], values[FACET_LIMIT:]))
        return facets

    def sort_links(self) -> list[tuple[str, str, str, bool]]:
        return [(value, str(label), self.url(sort=value, page=None), value == self.sort) for value, label in SORTS.items() if value != "relevance" or self.q]


def _snippets(motions: list[Motion], q: str) -> dict[int, str]:
    """The matching passage of each motion on the page: one query on PostgreSQL, none on SQLite."""
    if not q or not motions:
        return {}
    if is_postgres():
        rows = with_snippets(Motion.objects.filter(pk__in=[m.pk for m in motions]), q).values_list("pk", "snippet")
        return {pk: snippet for pk, snippet in rows if snippet and "\u0001" in snippet}
    return {m.pk: fallback_snippet(m.text, q) for m in motions if m.text}


def motion_list(request: HttpRequest) -> HttpResponse:
    search = MotionSearch(request.GET)
    page = paginate(request, search.results())
    motions = list(page.object_list)
    snippets = _snippets(motions, search.q)
    for motion in motions:
        motion.snippet = snippets.get(motion.pk, "")
    facets = search.facets()
    return render(
        request,
        "motions/motion_list.html",
        {
            "search": search,
            "page": page,
            "motions": motions,
            "facets": facets,
            "chosen": [(facet, value) for facet in facets for value in facet.selected],
            "hidden_state": [(name, value) for name, values in search.active.items() for value in values] + ([("sort", search.sort)] if search.sort not in ("relevance", "date") else []),
        },
    )


# --- One motion -----------------------------------------------------------------------------------


@dataclass
class TimelineEntry:
    """One thing that happened to a motion, in the order they happened."""

    kind: str  # submitted, voted, response, status, deadline
    date: dt.date | None
    at: dt.datetime | None = None
    citation: Any = None
    change: StatusChange | None = None
    future: bool = False

    @property
    def sort_key(self) -> tuple:
        order = {"submitted": 0, "voted": 1, "response": 2, "status": 3, "deadline": 4}
        return (self.date or dt.date.max, order[self.kind], self.at or timezone.now())


def timeline(motion: Motion, responses: Iterable, history: Iterable[StatusChange], today: dt.date) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []
    if motion.submitted_on:
        entries.append(TimelineEntry("submitted", motion.submitted_on))
    if motion.vote_date:
        entries.append(TimelineEntry("voted", motion.vote_date))
    for citation in responses:
        entries.append(TimelineEntry("response", citation.letter.date or timezone.localdate(citation.letter.uploaded_at), citation=citation))
    for change in history:
        entries.append(TimelineEntry("status", timezone.localdate(change.at), at=change.at, change=change))
    if motion.deadline and motion.status in Status.unfinished():
        entries.append(TimelineEntry("deadline", motion.deadline, future=motion.deadline >= today))
    return sorted(entries, key=lambda e: e.sort_key)


@dataclass
class VoteSegment:
    label: str
    seats: int
    choice: str
    title: str

    @property
    def grow(self) -> int:
        # The stylesheet has a flex-grow class per seat count (a CSP without inline styles).
        return max(1, min(self.seats, 150))


def vote_segments(votes: list[Vote]) -> list[VoteSegment]:
    order: dict[str, int] = {Vote.Choice.VOOR: 0, Vote.Choice.TEGEN: 1, Vote.Choice.NIET_DEELGENOMEN: 2}
    segments = []
    for vote in sorted(votes, key=lambda v: (order.get(v.choice, 3), -v.seats)):
        label = vote.member.display_name if vote.member is not None else (vote.party.abbreviation if vote.party is not None else "?")
        segments.append(VoteSegment(label, vote.seats, vote.choice, f"{label}: {vote.get_choice_display()} ({vote.seats})"))
    return segments


# A motion page stored in the read model is the whole page for everyone but staff (who see a link to
# change the status): only the CSRF tokens of its forms differ, and go in when it is served.
CSRF_MARK = "csrf-token-goes-here-6d0c1a"


def motion_detail(request: HttpRequest, key: str) -> HttpResponse:
    try:
        parsed = parse_key(key)
    except InvalidKey as exc:
        raise Http404(str(exc))
    if str(parsed) != key:
        # One URL per motion: kst-35207-83 and "35 207, nr. 83" lead to /moties/35207-83/.
        return redirect("motion-detail", key=str(parsed), permanent=True)
    if request.GET or (request.user.is_authenticated and request.user.is_staff):
        return render_motion_page(request, key)
    language = translation.get_language() or "nl"
    found = ReadRow.objects.page(ReadRow.Kind.MOTION, key, language)
    if found is not None and found[1] is not None:
        return HttpResponse(found[1].replace(CSRF_MARK, get_token(request)))
    response = render_motion_page(request, key, csrf_token=CSRF_MARK)
    html = response.content.decode()
    if found is not None:
        ReadRow.objects.keep_page(ReadRow.Kind.MOTION, key, language, found[0], html)
    response.content = html.replace(CSRF_MARK, get_token(request)).encode()
    return response


def render_motion_page(request: HttpRequest, key: str, **extra: Any) -> HttpResponse:
    """The motion page, rendered now from the tables."""
    motion = get_object_or_404(
        Motion.objects.select_related("kamerstuk__dossier", "ministry", "replaces__kamerstuk").prefetch_related(
            Prefetch("sponsorships", queryset=Sponsorship.objects.select_related("member", "party").order_by("order")),
            Prefetch("votes", queryset=Vote.objects.select_related("party", "member").order_by("choice", "-seats")),
            Prefetch("status_changes", queryset=StatusChange.objects.select_related("citation__letter").order_by("at", "id")),
            Prefetch("replaced_by", queryset=Motion.objects.select_related("kamerstuk")),
        ),
        kamerstuk__key=key,
    )
    responses = list(
        Citation.objects.responses()
        .filter(kamerstuk_id=motion.kamerstuk_id)
        .select_related("letter")
        .order_by("letter__date", "letter_id", "start")
    )
    votes = list(motion.votes.all())
    seats = {choice: sum(v.seats for v in votes if v.choice == choice) for choice in Vote.Choice.values}
    today = timezone.localdate()
    seats_total = sum(seats.values())
    complete = votes_complete(seats_total)
    segments = vote_segments(votes)
    if complete is False and seats_total < HOUSE_SEATS:
        # The bar keeps the Kamer's scale: the seats the rows do not account for are shown as unknown.
        missing = HOUSE_SEATS - seats_total
        segments.append(VoteSegment(str(_("onbekend")), missing, "onbekend", str(_("Niet in de bron: %(n)s zetels")) % {"n": missing}))
    return render(
        request,
        "motions/motion_detail.html",
        {
            "motion": motion,
            "votes": votes,
            "segments": segments,
            "seats_total": seats_total,
            "house_seats": HOUSE_SEATS,
            "votes_complete": complete,
            "seats_for": seats[Vote.Choice.VOOR],
            "seats_against": seats[Vote.Choice.TEGEN],
            "seats_absent": seats[Vote.Choice.NIET_DEELGENOMEN],
            "responses": responses,
            "timeline": timeline(motion, responses, motion.status_changes.all(), today),
            **deadline_state(Motion, motion, responses, today),
            "request_text": request_text(motion.text),
            **extra,
        },
    )


def deadline_state(model: type, item: Motion | Commitment, responses: list, today: dt.date) -> dict[str, Any]:
    """``overdue`` as ``overdue()`` has it, and otherwise why a passed deadline is not overdue:
    ``answered_in_time`` (the first letter that answered on or before it) or ``partly_done``."""
    passed = bool(item.deadline and item.deadline < today and item.status in Status.unfinished())
    in_time = [c for c in responses if passed and c.letter.date and c.letter.date <= item.deadline]
    return {
        "overdue": passed and not in_time and item.status in Status.can_be_overdue(),
        "answered_in_time": in_time[0] if in_time else None,
        "partly_done": passed and not in_time and item.status == Status.DEELS_AFGEDAAN,
    }


def request_text(text: str) -> str:
    """The operative part of a motion, from "verzoekt de regering …" (or "spreekt uit …") to the end."""
    lower = text.lower()
    for marker in ("verzoekt ", "spreekt uit", "roept de regering op", "draagt de regering op"):
        at = lower.find(marker)
        if at >= 0:
            start = text.rfind("\n", 0, at) + 1
            end = lower.find("en gaat over tot de orde van de dag", at)
            return text[start : end if end > 0 else len(text)].strip()
    return ""


# --- Dossier, member, party, ministry, commitment -------------------------------------------------


def _list_page(request: HttpRequest, motions: QuerySet, order: tuple[Any, ...], state: str) -> dict[str, Any]:
    return {"page": paginate(request, motions.order_by(*order)), "counts": cached("summary", state, lambda: summary_counts(motions))}


def dossier_detail(request: HttpRequest, key: str) -> HttpResponse:
    try:
        number, toevoeging = parse_dossier_key(key)
    except InvalidKey as exc:
        raise Http404(str(exc))
    if int(number) > 2_147_483_647:
        raise Http404("dossier number is too large")
    dossier = get_object_or_404(Dossier, number=int(number), toevoeging=toevoeging)
    motions = Motion.objects.filter(kamerstuk__dossier=dossier)
    filter_query = urlencode({"dossier": dossier.key})
    context = _list_page(request, motions, ("kamerstuk__key",), filter_query)
    papers = dossier.kamerstukken.exclude(kind=Kamerstuk.Kind.MOTIE).order_by("date", "key")[:200]
    return render(request, "motions/dossier_detail.html", {**context, "dossier": dossier, "papers": papers, "filter_query": filter_query})


def member_detail(request: HttpRequest, slug: str) -> HttpResponse:
    member = get_object_or_404(Member.objects.select_related("party"), slug=slug)
    motions = Motion.objects.filter(Exists(Sponsorship.objects.filter(motion=OuterRef("pk"), member=member)))
    filter_query = urlencode({"submitter": member.slug})
    context = _list_page(request, motions, NEWEST_FIRST, filter_query)
    return render(request, "motions/member_detail.html", {**context, "member": member, "filter_query": filter_query})


def party_detail(request: HttpRequest, slug: str) -> HttpResponse:
    party = get_object_or_404(Party, slug=slug)
    # As the party filter of the list reads it: the party at submission, else the member's party.
    motions = Motion.objects.filter(
        Exists(Sponsorship.objects.filter(Q(party=party) | Q(party__isnull=True, member__party=party), motion=OuterRef("pk")))
    )
    filter_query = urlencode({"party": party.slug})
    context = _list_page(request, motions, NEWEST_FIRST, filter_query)
    return render(
        request,
        "motions/party_detail.html",
        {**context, "party": party, "members": party_members(party), "filter_query": filter_query},
    )


def party_members(party: Party) -> list[Member]:
    """Everyone the data knows for the party: its members now, and whoever signed a motion for it."""
    signed = Sponsorship.objects.filter(party=party).values("member_id")
    return list(Member.objects.filter(Q(party=party) | Q(pk__in=signed)).order_by("surname", "initials"))


def ministry_detail(request: HttpRequest, slug: str) -> HttpResponse:
    ministry = get_object_or_404(Ministry, slug=slug)
    motions = Motion.objects.for_ministry(ministry)
    filter_query = urlencode({"ministry": ministry.slug})
    context = _list_page(request, motions, (F("deadline").asc(nulls_last=True), "-id"), filter_query)
    commitments = list(Commitment.objects.for_ministry(ministry).select_related("made_to_member").order_by(F("deadline").asc(nulls_last=True), "-id")[:50])
    return render(
        request,
        "motions/ministry_detail.html",
        {**context, "ministry": ministry, "commitments": commitments, "filter_query": filter_query},
    )


def commitment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = get_object_or_404(Commitment.objects.with_related().select_related("kamerstuk__dossier"), pk=pk)
    responses = list(Citation.objects.responses().filter(commitment_id=commitment.pk).select_related("letter").order_by("letter__date", "start"))
    history = list(commitment.status_changes.select_related("citation__letter").order_by("at", "id"))
    today = timezone.localdate()
    return render(
        request,
        "motions/commitment_detail.html",
        {
            "commitment": commitment,
            "responses": responses,
            "history": history,
            **deadline_state(Commitment, commitment, responses, today),
        },
    )


# --- About ----------------------------------------------------------------------------------------

STATUS_EXPLAINED: dict[str, StrOrPromise] = {
    Status.OPEN: _("De Kamer nam de motie aan; de regering heeft nog niet gemeld dat zij ermee aan de slag is."),
    Status.IN_UITVOERING: _("De regering werkt aan de uitvoering, volgens een brief of het ministerie."),
    Status.DEELS_AFGEDAAN: _("Een deel van wat de motie vraagt is gedaan; een deel nog niet."),
    Status.AFGEDAAN: _("De regering meldt dat de motie is uitgevoerd."),
    Status.NIET_UITGEVOERD: _("De regering meldt dat zij de motie niet uitvoert of niet kan uitvoeren, met een reden."),
    Status.VERVALLEN: _("De motie hoeft niet meer te worden uitgevoerd, bijvoorbeeld omdat een latere motie haar vervangt."),
}
OUTCOME_EXPLAINED: dict[str, StrOrPromise] = {
    Outcome.INGEDIEND: _("Ingediend; er is (nog) niet over gestemd."),
    Outcome.AANGENOMEN: _("Een meerderheid stemde voor. Vanaf nu volgen wij de uitvoering."),
    Outcome.VERWORPEN: _("Een meerderheid stemde tegen."),
    Outcome.AANGEHOUDEN: _("De indiener stelde de stemming uit; de motie kan later alsnog in stemming komen."),
    Outcome.INGETROKKEN: _("De indiener trok de motie in."),
    Outcome.OVERGENOMEN: _("De regering nam de motie over zonder stemming; wij volgen de uitvoering zoals bij een aangenomen motie."),
    Outcome.VERVALLEN: _("De motie kwam niet meer in stemming, bijvoorbeeld omdat het lid de Kamer verliet."),
}


def about(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "motions/about.html",
        {
            "statuses": [(value, label, STATUS_EXPLAINED[value]) for value, label in Status.choices],
            "outcomes": [(value, label, OUTCOME_EXPLAINED[value]) for value, label in Outcome.choices],
            "appreciaties": [label for value, label in Kabinetsappreciatie.choices if value not in ("onbekend",)],
        },
    )
