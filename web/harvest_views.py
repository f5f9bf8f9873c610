"""/beheer/oogst/: the state of the letter harvest for staff (queued, done, failed with reasons)."""

from __future__ import annotations

from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from letters.harvest import harvest_summary
from letters.models import Harvest


@staff_member_required
@never_cache
def harvest(request: HttpRequest) -> HttpResponse:
    summary = harvest_summary(failures=200)
    states = [(value, label, summary["counts"].get(value, 0)) for value, label in Harvest.State.choices]
    return render(request, "desk/harvest.html", {"summary": summary, "states": states})
