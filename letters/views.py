"""Pages for letters: the list, and one letter with its citations highlighted."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .models import Letter
from .rendering import render_letter


def letter_list(request: HttpRequest) -> HttpResponse:
    letters = Letter.objects.select_related("ministry").order_by("-date", "-id")
    page = Paginator(letters, 50).get_page(request.GET.get("page"))
    return render(request, "letters/letter_list.html", {"page": page})


def letter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    letter = get_object_or_404(Letter.objects.select_related("ministry"), pk=pk)
    citations = list(letter.citations.select_related("kamerstuk__motion", "kamerstuk__dossier", "commitment").order_by("start"))
    return render(
        request,
        "letters/letter_detail.html",
        {"letter": letter, "citations": citations, "body_html": render_letter(letter, citations)},
    )
