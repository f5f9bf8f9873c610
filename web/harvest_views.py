"""/beheer/oogst/: the state of the letter harvest for staff (queued, done, failed with reasons)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from letters.harvest import harvest_summary
from letters.models import Harvest
from web.desk_views import desk_required


@desk_required
def harvest(request: HttpRequest) -> HttpResponse:
    summary = harvest_summary(failures=200)
    states = [(value, label, summary["counts"].get(value, 0)) for value, label in Harvest.State.choices]
    return render(request, "desk/harvest.html", {"summary": summary, "states": states})
