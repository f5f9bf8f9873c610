"""Server-rendered pages for motions, dossiers, members, parties, ministries and commitments."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from .keys import InvalidKey, parse_dossier_key, parse_key
from .models import Commitment, Dossier, Member, Ministry, Motion, Party, Sponsorship, Status, StatusChange, Vote

PAGE_SIZE = 50


def _status_counts(queryset) -> list[tuple[str, str, int]]:
    counts = dict(queryset.exclude(status="").values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    return [(value, label, counts.get(value, 0)) for value, label in Status.choices]


def _paginate(request: HttpRequest, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def home(request: HttpRequest) -> HttpResponse:
    motions = Motion.objects.with_related().order_by("-submitted_on", "-id")
    return render(
        request,
        "motions/home.html",
        {
            "page": _paginate(request, motions),
            "status_counts": _status_counts(Motion.objects.all()),
            "overdue_count": Motion.objects.overdue().count(),
        },
    )


def motion_list(request: HttpRequest) -> HttpResponse:
    motions = Motion.objects.with_related().order_by("-submitted_on", "-id")
    return render(request, "motions/motion_list.html", {"page": _paginate(request, motions)})


def motion_detail(request: HttpRequest, key: str) -> HttpResponse:
    try:
        parsed = parse_key(key)
    except InvalidKey as exc:
        raise Http404(str(exc))
    if str(parsed) != key:
        # One URL per motion: kst-35207-83 and "35 207, nr. 83" lead to /moties/35207-83/.
        return redirect("motion-detail", key=str(parsed), permanent=True)
    motion = get_object_or_404(
        Motion.objects.select_related("kamerstuk__dossier", "ministry", "owner", "replaces__kamerstuk").prefetch_related(
            Prefetch("sponsorships", queryset=Sponsorship.objects.select_related("member", "party").order_by("order")),
            Prefetch("votes", queryset=Vote.objects.select_related("party", "member").order_by("choice", "-seats")),
            Prefetch("status_changes", queryset=StatusChange.objects.select_related("by", "citation__letter").order_by("at", "id")),
            "replaced_by__kamerstuk",
        ),
        kamerstuk__key=str(parsed),
    )
    # Reverse relation from Kamerstuk to letters' Citation: no import of the letters app needed.
    responses = (
        motion.kamerstuk.citations.exclude(review="rejected")
        .exclude(target="paper")
        .select_related("letter")
        .order_by("-letter__date", "letter_id", "start")
    )
    votes = list(motion.votes.all())
    seats_for = sum(v.seats for v in votes if v.choice == Vote.Choice.VOOR)
    seats_against = sum(v.seats for v in votes if v.choice == Vote.Choice.TEGEN)
    return render(
        request,
        "motions/motion_detail.html",
        {
            "motion": motion,
            "votes": votes,
            "seats_for": seats_for,
            "seats_against": seats_against,
            "responses": responses,
            "history": list(motion.status_changes.all()),
        },
    )


def dossier_detail(request: HttpRequest, key: str) -> HttpResponse:
    try:
        number, toevoeging = parse_dossier_key(key)
    except InvalidKey as exc:
        raise Http404(str(exc))
    dossier = get_object_or_404(Dossier, number=int(number), toevoeging=toevoeging)
    motions = Motion.objects.with_related().filter(kamerstuk__dossier=dossier).order_by("kamerstuk__key")
    papers = dossier.kamerstukken.exclude(kind="motie").order_by("key")
    return render(
        request,
        "motions/dossier_detail.html",
        {"dossier": dossier, "page": _paginate(request, motions), "papers": papers, "status_counts": _status_counts(motions)},
    )


def member_detail(request: HttpRequest, slug: str) -> HttpResponse:
    member = get_object_or_404(Member.objects.select_related("party"), slug=slug)
    motions = Motion.objects.with_related().filter(sponsorships__member=member).order_by("-submitted_on", "-id")
    return render(
        request,
        "motions/member_detail.html",
        {"member": member, "page": _paginate(request, motions), "status_counts": _status_counts(motions)},
    )


def party_detail(request: HttpRequest, slug: str) -> HttpResponse:
    party = get_object_or_404(Party, slug=slug)
    motions = (
        Motion.objects.with_related()
        .filter(Q(sponsorships__party=party) | Q(sponsorships__member__party=party))
        .distinct()
        .order_by("-submitted_on", "-id")
    )
    return render(
        request,
        "motions/party_detail.html",
        {"party": party, "page": _paginate(request, motions), "status_counts": _status_counts(motions), "members": party.members.all()},
    )


def ministry_detail(request: HttpRequest, slug: str) -> HttpResponse:
    ministry = get_object_or_404(Ministry, slug=slug)
    motions = Motion.objects.with_related().for_ministry(ministry).order_by("deadline", "-id")
    return render(
        request,
        "motions/ministry_detail.html",
        {
            "ministry": ministry,
            "page": _paginate(request, motions),
            "status_counts": _status_counts(motions),
            "commitments": Commitment.objects.with_related().for_ministry(ministry)[:50],
        },
    )


def commitment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = get_object_or_404(Commitment.objects.with_related(), pk=pk)
    responses = commitment.citations.exclude(review="rejected").select_related("letter").order_by("-letter__date", "start")
    history = commitment.status_changes.select_related("by", "citation__letter").order_by("at", "id")
    return render(
        request,
        "motions/commitment_detail.html",
        {"commitment": commitment, "responses": responses, "history": history},
    )
