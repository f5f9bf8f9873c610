"""Pages for letters: the list, and one letter with every citation highlighted and linked."""

from __future__ import annotations

import posixpath
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from letters.models import Citation, Letter
from web.rendering import headings, render_letter

PAGE_SIZE = 25
# The type a downloaded letter is served as, by its detected format: never guessed from a name an
# uploader chose. Anything else is plain bytes.
CONTENT_TYPES = {
    "text": "text/plain; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xml": "application/xml",
    "html": "text/html; charset=utf-8",
}
SUFFIXES = {"text": "txt", "pdf": "pdf", "docx": "docx", "xml": "xml", "html": "html"}
# The side list of what a letter answers; every citation stays marked in the text itself.
ANSWERS_SHOWN = 100


def letter_list(request: HttpRequest) -> HttpResponse:
    # Ids first, then the page's rows with their counts: counting citations for every letter
    # before sorting would cost a pass over all of them.
    page: Page[Any] = Paginator(Letter.objects.order_by("-date", "-id").values_list("pk", flat=True), PAGE_SIZE).get_page(request.GET.get("page"))
    ids = list(page.object_list)
    answers = Count("citations", filter=Q(citations__target__in=[Citation.Target.MOTION, Citation.Target.COMMITMENT]) & ~Q(citations__review=Citation.Review.REJECTED))
    rows = {letter.pk: letter for letter in Letter.objects.filter(pk__in=ids).select_related("ministry").annotate(answers=answers)}
    page.object_list = [rows[pk] for pk in ids if pk in rows]  # the ids become the letters
    return render(request, "letters/letter_list.html", {"page": page})


def letter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    letter = get_object_or_404(Letter.objects.select_related("ministry", "kamerstuk"), pk=pk)
    citations = list(letter.citations.select_related("kamerstuk__motion", "commitment").order_by("start"))
    # What the letter answers, once per motion or commitment, in the order the letter names them.
    answers: dict[tuple[str, int], Citation] = {}
    for citation in citations:
        if not citation.is_response or citation.review == Citation.Review.REJECTED:
            continue
        motion = getattr(citation.kamerstuk, "motion", None) if citation.kamerstuk_id else None
        if citation.target == Citation.Target.MOTION and motion is not None:
            answers.setdefault(("motion", motion.pk), citation)
        elif citation.target == Citation.Target.COMMITMENT and citation.commitment_id:
            answers.setdefault(("commitment", citation.commitment_id), citation)
    return render(
        request,
        "letters/letter_detail.html",
        {
            "letter": letter,
            "citations": citations,
            "answers": list(answers.values())[:ANSWERS_SHOWN],
            "more_answers": max(len(answers) - ANSWERS_SHOWN, 0),
            "headings": headings(letter),
            "download_name": download_name(letter) if letter.file else "",
            "body_html": render_letter(letter, citations),
            # Motions the letter names without a number and we could not tell apart: for staff.
            "unresolved_mentions": list(letter.mentions.unresolved().select_related("best__kamerstuk", "runner_up__kamerstuk"))
            if (letter.structure or {}).get("unresolved_mentions")
            else [],
        },
    )


def download_name(letter: Letter) -> str:
    """The name the file was uploaded with (without any folder), else one made from the letter."""
    name = posixpath.basename((letter.original_filename or "").replace("\\", "/")).strip()
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '"\\')
    if name.strip(". "):
        return name
    return f"brief-{letter.pk}.{SUFFIXES.get(letter.format, 'bin')}"


@require_safe
def letter_file(request: HttpRequest, pk: int) -> FileResponse:
    """The original uploaded file, always as a download (never shown inline: an uploaded HTML file
    must not run on our origin), with nosniff so no browser second-guesses the type. 404 when the
    letter or its stored file is missing."""
    letter = get_object_or_404(Letter.objects.only("pk", "file", "original_filename", "format"), pk=pk)
    if not letter.file:
        raise Http404("Deze brief heeft geen bestand.")
    try:
        handle = letter.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404("Het bestand van deze brief ontbreekt.") from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(letter),
        content_type=CONTENT_TYPES.get(letter.format, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
