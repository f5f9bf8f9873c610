"""Pages for ministry staff: the dashboard with its charts, and the annex export."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.admin.views.decorators import staff_member_required
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from web.annex import ANNEX_CSS_HASH, build_annex, to_csv, to_html, to_xlsx
from web.charts import adopted_vs_finished, status_per_ministry
from motions.models import Ministry, Motion, Status, StatusChange
from motions.services import profile_of


def _status_rows() -> list[tuple[Ministry | None, dict[str, int]]]:
    counts: dict[int | None, dict[str, int]] = {}
    for ministry_id, status, n in Motion.objects.tracked().values_list("ministry_id", "status").annotate(n=Count("id")).values_list("ministry_id", "status", "n"):
        counts.setdefault(ministry_id, {})[status] = n
    ministries = {m.pk: m for m in Ministry.objects.filter(pk__in=[k for k in counts if k])}
    rows = [(ministries.get(k), v) for k, v in counts.items()]
    return sorted(rows, key=lambda r: (r[0] is None, r[0].name if r[0] else ""))


def _months(today: dt.date, n: int = 12) -> list[tuple[str, int, int]]:
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
        result.append((month.strftime("%m-%Y"), adopted.get(month, 0), finished.get(month, 0)))
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return result


@staff_member_required
@never_cache
def dashboard(request: HttpRequest) -> HttpResponse:
    profile = profile_of(request.user)
    overdue = Motion.objects.overdue().select_related("kamerstuk", "ministry", "owner").order_by("deadline")
    if profile and profile.ministry_id and request.GET.get("alle") != "1":
        overdue = overdue.filter(ministry_id=profile.ministry_id)
    rows = _status_rows()
    return render(
        request,
        "motions/dashboard.html",
        {
            "rows": [(m, [counts.get(s, 0) for s in Status.values], sum(counts.values())) for m, counts in rows],
            "statuses": Status.choices,
            "overdue": overdue[:100],
            "overdue_total": overdue.count(),
            "months": _months(timezone.localdate()),
            "profile": profile,
        },
    )


@staff_member_required
def chart_status(request: HttpRequest) -> HttpResponse:
    rows = [(m.name if m else "geen ministerie", counts) for m, counts in _status_rows()]
    return HttpResponse(status_per_ministry(rows), content_type="image/svg+xml")


@staff_member_required
def chart_months(request: HttpRequest) -> HttpResponse:
    return HttpResponse(adopted_vs_finished(_months(timezone.localdate())), content_type="image/svg+xml")


class AnnexForm(forms.Form):
    ministry = forms.ModelChoiceField(label="Ministerie", queryset=Ministry.objects.all())
    start = forms.DateField(label="Van", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="Tot en met", widget=forms.DateInput(attrs={"type": "date"}))
    format = forms.ChoiceField(label="Formaat", choices=[("html", "Afdrukbare pagina (HTML)"), ("csv", "CSV"), ("xlsx", "Excel (XLSX)")])

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError("De einddatum ligt vóór de begindatum.")
        return data


@staff_member_required
def annex(request: HttpRequest) -> HttpResponse:
    profile = profile_of(request.user)
    today = timezone.localdate()
    initial = {"start": dt.date(today.year - 1, 1, 1), "end": dt.date(today.year - 1, 12, 31), "format": "html"}
    if profile and profile.ministry_id:
        initial["ministry"] = profile.ministry_id
    form = AnnexForm(request.GET or None, initial=initial)
    if request.GET and form.is_valid():
        data = form.cleaned_data
        built = build_annex(data["ministry"], data["start"], data["end"])
        name = f"moties-toezeggingen-{data['ministry'].slug}-{data['start']:%Y%m%d}-{data['end']:%Y%m%d}"
        if data["format"] == "csv":
            response = HttpResponse(to_csv(built), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
            return response
        if data["format"] == "xlsx":
            response = HttpResponse(to_xlsx(built), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
            return response
        response = HttpResponse(to_html(built))
        response.csp_hashes = [("style-src", ANNEX_CSS_HASH)]
        return response
    return render(request, "motions/annex_form.html", {"form": form})
