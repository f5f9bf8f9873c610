"""The staff desk under /beheer/: my work, the review queue, the status form, login and logout.

Ministry staff keep the statuses true here; the Django admin stays for data repair. Every decision
goes through the services (``motions.services``, ``letters.review``), so history rows, change-feed
events, versions and per-ministry permissions are the same as on every other route. Each page works
without JavaScript (plain forms, POST-redirect-GET); ``static/js/desk.js`` adds keyboard shortcuts.

This is a page module that shows letters beside motions, so it sits above both apps: it imports
``letters`` and moves to ``web/`` with the other page modules (DESIGN.md, layers).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from letters.models import Citation
from letters.review import ReviewError, accept_suggestion, confirm_response, reject_response

from motions.keys import InvalidKey
from motions.models import Commitment, Motion, StaffProfile, Status
from motions.services import TRANSITIONS, WorkflowError, assign, can_change, editable_ministry_ids, profile_of, record_status

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Deadlines this close count as "near" on My work.
SOON_DAYS = 30
# A page never lists more rows than this; the counts above it always cover everything.
LIST_LIMIT = 300


# --- Access ---------------------------------------------------------------------------------------------


def desk_required(view: Callable) -> Callable:
    """Staff only: visitors go to the desk's own login page, logged-in non-staff get 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("desk-login"))
        if not (user.is_active and user.is_staff):
            raise PermissionDenied(_("Alleen medewerkers van ministeries hebben toegang tot Beheer."))
        return view(request, *args, **kwargs)

    return never_cache(wrapper)


class DeskLoginView(auth_views.LoginView):
    template_name = "desk/login.html"
    authentication_form = AdminAuthenticationForm  # refuses accounts that are not staff, with a message
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        return reverse("desk-work")


login = DeskLoginView.as_view()
logout = auth_views.LogoutView.as_view(next_page="home")


def _error_status(exc: Exception) -> int:
    """A refused decision is the user's to fix: 403 not allowed, 409 someone was first, else 400."""
    return {"forbidden": 403, "stale": 409}.get(getattr(exc, "code", ""), 400)


def describe_fields(form: forms.Form) -> forms.Form:
    """Tie each field to its error and help text for screen readers (ids as the desk templates write them)."""
    for name, field in form.fields.items():
        bound = form[name]
        ids = []
        if form.is_bound and bound.errors:
            field.widget.attrs["aria-invalid"] = "true"
            ids.append(f"{bound.id_for_label}-fout")
        if field.help_text:
            ids.append(f"{bound.id_for_label}-hint")
        if ids:
            field.widget.attrs["aria-describedby"] = " ".join(ids)
    return form


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


# --- My work --------------------------------------------------------------------------------------------

NEEDS = {
    "over-termijn": gettext_lazy("termijn verstreken"),
    "beoordelen": gettext_lazy("antwoord te beoordelen"),
    "binnenkort": gettext_lazy("termijn binnenkort"),
    "geen-behandelaar": gettext_lazy("geen behandelaar"),
}
# The order of NEEDS is the order of urgency.
URGENCY = {need: rank for rank, need in enumerate(NEEDS)}
KINDS = {"moties": gettext_lazy("moties"), "toezeggingen": gettext_lazy("toezeggingen")}


@dataclass
class WorkItem:
    kind: str  # "moties" or "toezeggingen"
    item: Motion | Commitment
    label: str
    title: str
    needs: list[str]
    review_pk: int | None
    reviews: int
    status_url: str
    days: int | None = None  # days past the deadline (positive) or left (negative)
    need_labels: list[tuple[str, StrOrPromise]] = field(default_factory=list)

    @property
    def sort_key(self) -> tuple:
        return (min(URGENCY[n] for n in self.needs), self.item.deadline or dt.date.max, self.label)


def _pending_reviews(**match) -> tuple[Subquery, Subquery]:
    """The first suggested answer waiting for review, and how many there are, for each row."""
    pending = Citation.objects.suggested().filter(**match)
    first = Subquery(pending.order_by("letter__date", "letter_id", "start").values("pk")[:1])
    count = Subquery(pending.order_by().values(*match.keys()).annotate(n=Count("pk")).values("n")[:1])
    return first, count


def _work_items(user, *, mine_only: bool, today: dt.date) -> list[WorkItem]:
    """Motions and commitments of the user's ministry (or all, for coordinators) and those assigned
    to them that need something: two queries, however many items."""
    ministries = editable_ministry_ids(user)
    if mine_only:
        scope = Q(owner=user)
    elif ministries is None:
        scope = Q()
    else:
        scope = Q(owner=user) | Q(ministry_id__in=ministries)
    soon = today + dt.timedelta(days=SOON_DAYS)
    needs_something = Q(review_pk__isnull=False) | (Q(status__in=Status.unfinished()) & (Q(deadline__lte=soon) | Q(owner__isnull=True)))

    first, count = _pending_reviews(target=Citation.Target.MOTION, kamerstuk=OuterRef("kamerstuk"))
    motions = (
        Motion.objects.adopted()
        .tracked()
        .filter(scope, withdrawn=False)
        .annotate(review_pk=first, reviews=count)
        .filter(needs_something)
        .select_related("kamerstuk", "ministry", "owner")
    )
    first, count = _pending_reviews(target=Citation.Target.COMMITMENT, commitment=OuterRef("pk"))
    commitments = (
        Commitment.objects.filter(scope, withdrawn=False)
        .annotate(review_pk=first, reviews=count)
        .filter(needs_something)
        .select_related("kamerstuk", "ministry", "owner")
    )
    items = [
        _work_item("moties", m, m.kamerstuk.key, m.title, reverse("desk-motion-status", args=[m.kamerstuk.key]), today, soon)
        for m in motions[:LIST_LIMIT]
    ]
    items += [
        _work_item("toezeggingen", c, c.number or f"#{c.pk}", c.text, reverse("desk-commitment-status", args=[c.pk]), today, soon)
        for c in commitments[:LIST_LIMIT]
    ]
    return sorted(items, key=lambda w: w.sort_key)


def _work_item(kind: str, item, label: str, title: str, status_url: str, today: dt.date, soon: dt.date) -> WorkItem:
    needs = []
    unfinished = item.status in Status.unfinished()
    if unfinished and item.deadline and item.deadline < today:
        needs.append("over-termijn")
    if item.review_pk:
        needs.append("beoordelen")
    if unfinished and item.deadline and today <= item.deadline <= soon:
        needs.append("binnenkort")
    if unfinished and item.owner_id is None:
        needs.append("geen-behandelaar")
    return WorkItem(
        kind=kind,
        item=item,
        label=label,
        title=title,
        needs=needs,
        review_pk=item.review_pk,
        reviews=item.reviews or 0,
        status_url=status_url,
        days=(today - item.deadline).days if item.deadline else None,
        need_labels=[(n, NEEDS[n]) for n in needs],
    )


@desk_required
def work(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    need = request.GET.get("nodig", "")
    kind = request.GET.get("soort", "")
    mine_only = request.GET.get("wie") == "mij"
    everything = _work_items(request.user, mine_only=mine_only, today=today)
    counts = {n: sum(1 for w in everything if n in w.needs) for n in NEEDS}
    kind_counts = {k: sum(1 for w in everything if w.kind == k) for k in KINDS}
    shown = [w for w in everything if (not need or need in w.needs) and (not kind or w.kind == kind)]

    def link(**change) -> str:
        params = {"nodig": need, "soort": kind, "wie": "mij" if mine_only else ""}
        params.update(change)
        query = urlencode({k: v for k, v in params.items() if v})
        return f"?{query}" if query else "?"

    return render(
        request,
        "desk/work.html",
        {
            "items": shown,
            "total": len(everything),
            "need": need if need in NEEDS else "",
            "kind": kind if kind in KINDS else "",
            "mine_only": mine_only,
            "need_tiles": [(n, label, counts[n], link(nodig="" if n == need else n)) for n, label in NEEDS.items()],
            "kind_links": [(k, label, kind_counts[k], link(soort="" if k == kind else k)) for k, label in KINDS.items()],
            "needs": NEEDS,
            "kinds": KINDS,
            "soon_days": SOON_DAYS,
            "profile": profile_of(request.user),
            "queue_total": _queue(request.user).count(),
        },
    )


# --- Review queue ----------------------------------------------------------------------------------------


def _queue(user) -> QuerySet:
    """Suggested answers waiting for review that this user may decide, oldest letter first."""
    queue = (
        Citation.objects.suggested()
        .filter(target__in=[Citation.Target.MOTION, Citation.Target.COMMITMENT])
        .select_related("letter", "kamerstuk__motion__ministry", "kamerstuk__motion__owner", "commitment__ministry", "commitment__owner")
        .order_by("letter__date", "letter_id", "start", "pk")
    )
    ministries = editable_ministry_ids(user)
    if ministries is not None:
        queue = queue.filter(Q(kamerstuk__motion__ministry_id__in=ministries) | Q(commitment__ministry_id__in=ministries))
    return queue


def subject_of(citation: Citation) -> Motion | Commitment | None:
    if citation.target == Citation.Target.COMMITMENT:
        return citation.commitment
    if citation.kamerstuk_id is None:
        return None
    return getattr(citation.kamerstuk, "motion", None)


_ASK = re.compile(r"^(verzoekt|roept|draagt|spreekt|vraagt|besluit)\b", re.IGNORECASE)
_CLOSING = re.compile(r"^en gaat over tot de orde van de dag\.?$", re.IGNORECASE)


def motion_ask(text: str) -> str:
    """The dictum of a motion: from its first "verzoekt …" (or "roept … op", "spreekt uit") to the end,
    without the closing formula; empty when the text has none."""
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text or "") if p.strip()]
    for i, paragraph in enumerate(paragraphs):
        if _ASK.match(paragraph):
            return "\n\n".join(p for p in paragraphs[i:] if not _CLOSING.match(p))
    return ""


def marked_excerpt(citation: Citation) -> list[tuple[str, bool]]:
    """The letter's sentence in pieces, with the words that led to the suggestion marked."""
    text = citation.excerpt or ""
    base = citation.excerpt_start
    spans = []
    if base is not None:
        for evidence in citation.suggestion_evidence or []:
            start, end = evidence.get("start", 0) - base, evidence.get("end", 0) - base
            if 0 <= start < end <= len(text):
                spans.append((start, end))
    pieces, at = [], 0
    for start, end in sorted(spans):
        if start < at:
            continue
        if start > at:
            pieces.append((text[at:start], False))
        pieces.append((text[start:end], True))
        at = end
    if at < len(text):
        pieces.append((text[at:], False))
    return pieces


def evidence_outside(citation: Citation) -> list[str]:
    """Evidence words that lie outside the quoted sentence (in a footnote's referring sentence)."""
    letter_text = citation.letter.text or ""
    lo, hi = citation.excerpt_start, citation.excerpt_end
    words = []
    for evidence in citation.suggestion_evidence or []:
        start, end = evidence.get("start", 0), evidence.get("end", 0)
        if lo is not None and hi is not None and lo <= start and end <= hi:
            continue
        word = " ".join(letter_text[start:end].split())
        if word and word not in words:
            words.append(word)
    return words[:3]


class DecisionForm(forms.Form):
    action = forms.ChoiceField(choices=[("accept", "accept"), ("confirm", "confirm"), ("reject", "reject"), ("other", "other")])
    status = forms.ChoiceField(label=gettext_lazy("Andere status"), choices=[("", "—")] + list(Status.choices), required=False)
    reason = forms.CharField(label=gettext_lazy("Reden"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("action") == "other":
            if not data.get("status"):
                self.add_error("status", _("Kies de status die de brief volgens u meldt."))
            if not (data.get("reason") or "").strip():
                self.add_error("reason", _("Geef een reden als u een andere status kiest dan voorgesteld."))
        return data


def decide(citation_pk: int, *, action: str, by, status: str = "", reason: str = "", version: int | None = None) -> tuple[Citation, str]:
    """One review decision through the letters' review service; returns the citation and what happened."""
    if action == "accept":
        citation = accept_suggestion(citation_pk, by=by, expected_version=version)
        return citation, _("voorstel overgenomen")
    if action == "confirm":
        return confirm_response(citation_pk, by=by), _("bevestigd als antwoord, status ongewijzigd")
    if action == "reject":
        return reject_response(citation_pk, by=by), _("afgewezen: geen antwoord")
    if action == "other":
        citation = confirm_response(citation_pk, by=by, status=status, reason=reason, expected_version=version)
        return citation, _("bevestigd, status %(status)s") % {"status": Status(status).label}
    raise ReviewError(f"unknown action {action!r}")


def _describe(citation: Citation) -> str:
    subject = subject_of(citation)
    if isinstance(subject, Motion):
        return subject.kamerstuk.key
    if isinstance(subject, Commitment):
        return _("toezegging %(n)s") % {"n": subject.number or subject.pk}
    return citation.key or citation.raw[:40]


@desk_required
def review_list(request: HttpRequest) -> HttpResponse:
    queue = list(_queue(request.user)[:LIST_LIMIT])
    rows = [(c, subject_of(c)) for c in queue]
    return render(
        request,
        "desk/review_list.html",
        {
            "rows": rows,
            "total": _queue(request.user).count() if len(queue) == LIST_LIMIT else len(queue),
            "limit": LIST_LIMIT,
            "shortcuts": [
                ("j", _("volgende rij")),
                ("k", _("vorige rij")),
                ("x", _("rij aanvinken")),
                ("a", _("voorstel van de rij overnemen")),
                ("r", _("rij afwijzen")),
                ("o", _("rij openen")),
            ],
        },
    )


@desk_required
@require_POST
def review_bulk(request: HttpRequest) -> HttpResponse:
    """The list's buttons: one row ("accept:12") or the ticked rows with one action. Each decision is
    its own unit of work: one that is refused leaves the others done, and says why."""
    one = request.POST.get("one", "")
    if one:
        action, _sep, picked = one.partition(":")
        pks = [picked]
    else:
        action = request.POST.get("action", "")
        pks = request.POST.getlist("ids")
    if action not in ("accept", "confirm", "reject"):
        messages.error(request, _("Kies wat er met de aangevinkte voorstellen moet gebeuren."))
        return redirect("desk-review")
    if not pks:
        messages.error(request, _("Vink eerst een of meer voorstellen aan."))
        return redirect("desk-review")
    done, failed = [], []
    # The version each row was rendered with guards against other people's changes; two rows about
    # the same motion must not trip over the change this request itself made with the first one.
    subjects = dict(Citation.objects.filter(pk__in=[p for p in pks if str(p).isdigit()]).values_list("pk", "kamerstuk_id"))
    touched: set = set()
    for raw in pks:
        try:
            pk = int(raw)
        except ValueError:
            continue
        version = request.POST.get(f"version-{pk}")
        subject_key = subjects.get(pk) or ("citation", pk)
        expected = int(version) if version and version.isdigit() and subject_key not in touched else None
        try:
            citation, _what = decide(pk, action=action, by=request.user, version=expected)
            done.append(_describe(citation))
            touched.add(subject_key)
        except (WorkflowError, ReviewError) as exc:
            failed.append(f"{pk}: {exc}")
    labels = {"accept": _("Voorstel overgenomen"), "confirm": _("Bevestigd"), "reject": _("Afgewezen")}
    if done:
        messages.success(request, f"{labels[action]}: {', '.join(done)}.")
    for failure in failed:
        messages.error(request, _("Niet gelukt: %(why)s") % {"why": failure})
    return redirect("desk-review")


@desk_required
def review_item(request: HttpRequest, pk: int) -> HttpResponse:
    queue = _queue(request.user)
    citation = get_object_or_404(
        Citation.objects.select_related("letter", "kamerstuk__motion__ministry", "kamerstuk__motion__owner", "commitment__ministry", "reviewed_by"),
        pk=pk,
        target__in=[Citation.Target.MOTION, Citation.Target.COMMITMENT],
    )
    subject = subject_of(citation)
    order = list(queue.values_list("pk", flat=True))
    form = DecisionForm(request.POST or None)
    status_code = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                decided, what = decide(pk, action=data["action"], by=request.user, status=data["status"], reason=data["reason"].strip(), version=data["version"])
            except (WorkflowError, ReviewError) as exc:
                form.add_error(None, str(exc))
                status_code = _error_status(exc)
            else:
                messages.success(request, f"{_describe(decided)}: {what}.")
                return redirect(_next_in_queue(order, pk, set(queue.values_list("pk", flat=True))))
        else:
            status_code = 400
    position = order.index(pk) + 1 if pk in order else None
    previous = order[position - 2] if position and position > 1 else None
    following = order[position] if position and position < len(order) else (order[0] if order and position is None else None)
    return render(
        request,
        "desk/review_item.html",
        {
            "citation": citation,
            "subject": subject,
            "is_motion": isinstance(subject, Motion),
            "ask": motion_ask(subject.text) if isinstance(subject, Motion) else "",
            "pieces": marked_excerpt(citation),
            "evidence_elsewhere": evidence_outside(citation),
            "form": form,
            "position": position,
            "total": len(order),
            "previous_url": reverse("desk-review-item", args=[previous]) if previous else "",
            "next_url": reverse("desk-review-item", args=[following]) if following else "",
            "pending": citation.review == Citation.Review.SUGGESTED,
            "can_accept": citation.suggested_status not in ("", Citation.Suggestion.GEEN),
            "may_decide": subject is None or can_change(request.user, subject),
            "statuses": Status.choices,
            "shortcuts": [
                ("a", _("voorstel overnemen")),
                ("c", _("bevestigen, status ongewijzigd")),
                ("r", _("afwijzen: geen antwoord")),
                ("s", _("andere status kiezen")),
                ("j", _("volgende")),
                ("k", _("vorige")),
            ],
        },
        status=status_code,
    )


def _next_in_queue(order: list[int], current: int, remaining: set[int]) -> str:
    """The item after the one just decided (wrapping round), or the list when the queue is empty."""
    at = order.index(current) if current in order else -1
    for pk in order[at + 1 :] + order[: max(at, 0)]:
        if pk in remaining:
            return reverse("desk-review-item", args=[pk])
    return reverse("desk-review")


@desk_required
def review_start(request: HttpRequest) -> HttpResponse:
    """One suggestion at a time, from the first in the queue."""
    first = _queue(request.user).values_list("pk", flat=True).first()
    if first is None:
        messages.info(request, _("De wachtrij is leeg: er zijn geen voorstellen meer om te beoordelen."))
        return redirect("desk-review")
    return redirect("desk-review-item", pk=first)


# --- Status change on the motion or commitment itself ---------------------------------------------------------


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Nieuwe status"), required=False)
    citation = forms.TypedChoiceField(label=gettext_lazy("Antwoordbrief (bron)"), required=False, coerce=int, empty_value=None)
    reason = forms.CharField(
        label=gettext_lazy("Reden"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Verplicht bij niet uitgevoerd, vervallen en heropenen; komt in de geschiedenis op de openbare pagina."),
    )
    deadline = forms.DateField(label=gettext_lazy("Termijn"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    owner = forms.TypedChoiceField(label=gettext_lazy("Behandelaar"), required=False, coerce=int, empty_value=None)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, item, citations, owners, **kwargs):
        super().__init__(*args, **kwargs)
        current = item.status
        allowed = TRANSITIONS.get(current, set(Status.values)) if current else set(Status.values)
        keep = _("ongewijzigd (%(status)s)") % {"status": item.get_status_display() or _("geen")}
        self.fields["status"].choices = [("", keep)] + [(value, label) for value, label in Status.choices if value in allowed]
        self.fields["citation"].choices = [("", _("geen brief"))] + [(c.pk, _letter_label(c)) for c in citations]
        self.fields["owner"].choices = [("", _("niemand"))] + [(u.pk, _user_label(u)) for u in owners]

    def clean(self):
        data = super().clean()
        if data.get("citation") and not data.get("status"):
            self.add_error("citation", _("Een antwoordbrief hoort bij een statuswijziging: kies ook de nieuwe status."))
        return data


def _letter_label(citation: Citation) -> str:
    letter = citation.letter
    when = f"{letter.date:%d-%m-%Y} · " if letter.date else ""
    state = _("bevestigd") if citation.review == Citation.Review.CONFIRMED else _("nog niet bevestigd")
    return f"{when}{letter.title or letter}"[:140] + f" ({state})"


def _user_label(user) -> str:
    full = user.get_full_name()
    return f"{full} ({user.get_username()})" if full else user.get_username()


def _owners(item) -> list:
    """Who may own the item: staff of its ministry, coordinators, superusers (as ``assign`` checks)."""
    users = get_user_model().objects.filter(is_active=True).filter(
        Q(staff_profile__ministry_id=item.ministry_id) | Q(staff_profile__role=StaffProfile.Role.COORDINATOR) | Q(is_superuser=True) | Q(pk=item.owner_id)
    )
    return list(users.distinct().order_by("last_name", "username"))


def _answering(item) -> list[Citation]:
    """Letters that answer the item and were not rejected, latest first."""
    if isinstance(item, Motion):
        found = Citation.objects.responses().filter(target=Citation.Target.MOTION, kamerstuk_id=item.kamerstuk_id)
    else:
        found = Citation.objects.responses().filter(target=Citation.Target.COMMITMENT, commitment=item)
    return list(found.select_related("letter").order_by("-letter__date", "-letter_id", "start"))


def _preselected(citations: list[Citation]) -> int | None:
    """The answering letter: the latest confirmed one, else the latest suggested one."""
    confirmed = [c for c in citations if c.review == Citation.Review.CONFIRMED]
    chosen = confirmed or citations
    return chosen[0].pk if chosen else None


def _save_status(item, data: dict, *, by) -> list[str]:
    """Owner, deadline and status in one transaction: all of it or nothing."""
    done: list[str] = []
    version = data["version"]
    new_deadline = data["deadline"]
    deadline_changed = new_deadline != item.deadline
    with transaction.atomic():
        changes: dict = {}
        if data["owner"] != item.owner_id:
            changes["owner"] = get_user_model().objects.get(pk=data["owner"]) if data["owner"] else None
            done.append(_("behandelaar"))
        if deadline_changed and not data["status"]:
            changes["deadline"] = new_deadline
            done.append(_("termijn"))
        if changes:
            item = assign(item, by=by, expected_version=version, **changes)
            version = item.version
        if data["status"]:
            deadline = new_deadline if deadline_changed else None
            if deadline_changed and new_deadline is None:
                item = assign(item, by=by, deadline=None, expected_version=version)
                version = item.version
            if data["citation"]:
                confirm_response(data["citation"], by=by, status=data["status"], reason=data["reason"].strip(), expected_version=version, deadline=deadline)
            else:
                record_status(item, to=data["status"], by=by, reason=data["reason"], expected_version=version, deadline=deadline)
            done.append(_("status"))
            if deadline_changed:
                done.append(_("termijn"))
    return done


def _status_page(request: HttpRequest, item, *, label: str, title: str, public_url: str) -> HttpResponse:
    if not can_change(request.user, item):
        raise PermissionDenied(_("U mag de status van dit item niet wijzigen: het hoort bij een ander ministerie."))
    citations = _answering(item)
    owners = _owners(item)
    initial = {"deadline": item.deadline, "owner": item.owner_id, "version": item.version, "citation": _preselected(citations)}
    form = StatusForm(request.POST or None, initial=initial, item=item, citations=citations, owners=owners)
    status_code = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                done = _save_status(item, form.cleaned_data, by=request.user)
            except (WorkflowError, ReviewError) as exc:
                form.add_error(None, str(exc))
                status_code = _error_status(exc)
            else:
                if not done:
                    form.add_error(None, _("Er is niets gewijzigd: kies een nieuwe status, termijn of behandelaar."))
                    status_code = 400
                else:
                    messages.success(request, _("Opgeslagen: %(what)s.") % {"what": ", ".join(dict.fromkeys(done))})
                    return redirect(_safe_next(request, request.path))
        else:
            status_code = 400
    describe_fields(form)
    history = list(item.status_changes.select_related("by", "citation__letter").order_by("-at", "-id")[:5])
    return render(
        request,
        "desk/status_form.html",
        {"item": item, "label": label, "title": title, "public_url": public_url, "form": form, "citations": citations, "history": history, "next": request.GET.get("next", "")},
        status=status_code,
    )


@desk_required
def motion_status(request: HttpRequest, key: str) -> HttpResponse:
    try:
        motion = Motion.objects.by_key(key).select_related("kamerstuk", "ministry", "owner").get()
    except (InvalidKey, Motion.DoesNotExist):
        raise Http404(_("Geen motie met deze sleutel."))
    if not motion.is_tracked:
        raise Http404(_("Deze motie is niet aangenomen: zij heeft geen uitvoeringsstatus."))
    return _status_page(request, motion, label=motion.kamerstuk.key, title=motion.title, public_url=motion.get_absolute_url())


@desk_required
def commitment_status(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = get_object_or_404(Commitment.objects.select_related("ministry", "owner", "kamerstuk"), pk=pk)
    label = _("Toezegging %(n)s") % {"n": commitment.number or commitment.pk}
    return _status_page(request, commitment, label=label, title=commitment.text, public_url=commitment.get_absolute_url())
