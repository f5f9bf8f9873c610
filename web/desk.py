"""Pages for ministry staff: the overview with its charts and the harvest's state, and the annex export.

Part of the staff desk (see desk_views.py): a page module that reads letters too, so it moves to web/."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from letters.models import Letter

from web.annex import ANNEX_CSS_HASH, build_annex, to_csv, to_html, to_xlsx
from web.charts import adopted_vs_finished, month_slots, status_per_ministry
from web.desk_views import describe_fields, desk_required
from motions.models import Ministry, Motion, Status, StatusChange
from motions.services import profile_of


def _status_rows() -> list[tuple[Ministry | None, dict[str, int]]]:
    counts: dict[int | None, dict[str, int]] = {}
    for ministry_id, status, n in Motion.objects.tracked().values_list("ministry_id", "status").annotate(n=Count("id")).values_list("ministry_id", "status", "n"):
        counts.setdefault(ministry_id, {})[status] = n
    ministries = {m.pk: m for m in Ministry.objects.filter(pk__in=[k for k in counts if k])}
    rows = [(ministries.get(k) if k is not None else None, v) for k, v in counts.items()]
    return sorted(rows, key=lambda r: (r[0] is None, r[0].name if r[0] else ""))


# Two years: the gaps of months without anything adopted or finished are collapsed in the chart.
MONTHS_SHOWN = 24


def _months(today: dt.date, n: int = 12) -> list[tuple[dt.date, int, int]]:
    first = (today.replace(day=1) - dt.timedelta(days=31 * (n - 1))).replace(day=1)
    adopted = dict(
        Motion.objects.adopted().filter(vote_date__gte=first).annotate(m=TruncMonth("vote_date")).values("m").annotate(n=Count("id")).values_list("m", "n")
    )
    finished = dict(
        StatusChange.objects.filter(motion__isnull=False, new_status__in=Status.finished(), at__date__gte=first)
        .annotate(m=TruncMonth("at", tzinfo=timezone.get_current_timezone()))
        .values("m")
        .annotate(n=Count("motion", distinct=True))
        .values_list("m", "n")
    )
    finished = {(k.date() if isinstance(k, dt.datetime) else k): v for k, v in finished.items()}
    result, month = [], first
    while month <= today:
        result.append((month, adopted.get(month, 0), finished.get(month, 0)))
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return result


def _harvest() -> dict:
    """Letters by processing state (the job-state fields of Letter), and the latest failures."""
    counts = dict(Letter.objects.order_by().values_list("state").annotate(n=Count("id")).values_list("state", "n"))
    waiting = Letter.objects.filter(state__in=[Letter.State.RECEIVED, Letter.State.QUEUED]).order_by("enqueued_at", "uploaded_at").values_list("enqueued_at", "uploaded_at").first()
    return {
        "states": [(value, label, counts.get(value, 0)) for value, label in Letter.State.choices],
        "total": sum(counts.values()),
        "oldest_waiting": (waiting[0] or waiting[1]) if waiting else None,
        "failed": list(Letter.objects.filter(state=Letter.State.FAILED).order_by("-updated_at").only("pk", "title", "original_filename", "error", "attempts", "updated_at")[:5]),
    }


@desk_required
def dashboard(request: HttpRequest) -> HttpResponse:
    profile = profile_of(request.user)
    overdue = Motion.objects.overdue().select_related("kamerstuk", "ministry", "owner").order_by("deadline")
    if profile and profile.ministry_id and request.GET.get("alle") != "1":
        overdue = overdue.filter(ministry_id=profile.ministry_id)
    rows = _status_rows()
    months = _months(timezone.localdate(), MONTHS_SHOWN)
    return render(
        request,
        "motions/dashboard.html",
        {
            "rows": [(m, [counts.get(s, 0) for s in Status.values], sum(counts.values())) for m, counts in rows],
            "statuses": Status.choices,
            "overdue": overdue[:100],
            "overdue_total": overdue.count(),
            "months": [(kind, first, last, a, f) for kind, first, last, a, f in month_slots(months)],
            "profile": profile,
            "harvest": _harvest(),
        },
    )


@desk_required
def chart_status(request: HttpRequest) -> HttpResponse:
    rows = [(m.name if m else _("geen ministerie"), counts) for m, counts in _status_rows()]
    return HttpResponse(status_per_ministry(rows), content_type="image/svg+xml")


@desk_required
def chart_months(request: HttpRequest) -> HttpResponse:
    return HttpResponse(adopted_vs_finished(_months(timezone.localdate(), MONTHS_SHOWN)), content_type="image/svg+xml")


class AnnexForm(forms.Form):
    ministry = forms.ModelChoiceField(label=gettext_lazy("Ministerie"), queryset=Ministry.objects.all())
    # A date input only accepts ISO dates (2025-12-31): any other format leaves it empty.
    start = forms.DateField(label=gettext_lazy("Van"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    end = forms.DateField(label=gettext_lazy("Tot en met"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    format = forms.ChoiceField(
        label=gettext_lazy("Formaat"),
        choices=[("html", gettext_lazy("Afdrukbare pagina (HTML)")), ("csv", gettext_lazy("CSV (Excel, puntkomma's)")), ("xlsx", gettext_lazy("Excel (XLSX)"))],
    )
    draft = forms.BooleanField(
        label=gettext_lazy("Concept"),
        required=False,
        help_text=gettext_lazy("Noem ook brieven die nog niet als antwoord zijn bevestigd, met “(nog te bevestigen)”. De officiële bijlage noemt alleen bevestigde antwoorden."),
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("De einddatum ligt vóór de begindatum."))
        return data


@desk_required
def annex(request: HttpRequest) -> HttpResponse:
    profile = profile_of(request.user)
    today = timezone.localdate()
    initial = {"start": dt.date(today.year - 1, 1, 1), "end": dt.date(today.year - 1, 12, 31), "format": "html"}
    if profile and profile.ministry_id:
        initial["ministry"] = profile.ministry_id
    form = AnnexForm(request.GET or None, initial=initial)
    if request.GET and form.is_valid():
        data = form.cleaned_data
        built = build_annex(data["ministry"], data["start"], data["end"], draft=data["draft"])
        name = f"{'concept-' if data['draft'] else ''}moties-toezeggingen-{data['ministry'].slug}-{data['start']:%Y%m%d}-{data['end']:%Y%m%d}"
        if data["format"] == "csv":
            response = HttpResponse(to_csv(built), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
            return response
        if data["format"] == "xlsx":
            response = HttpResponse(to_xlsx(built), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
            return response
        response = HttpResponse(to_html(built))
        # An ad-hoc attribute, not one of HttpResponse's: tracker.middleware's CSP header reads it.
        setattr(response, "csp_hashes", [("style-src", ANNEX_CSS_HASH)])
        return response
    return render(request, "motions/annex_form.html", {"form": describe_fields(form)}, status=400 if request.GET and not form.is_valid() else 200)
