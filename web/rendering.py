"""Turn a letter's text and citations into safe HTML: every citation highlighted and linked.

Only text we escape ourselves goes into the page; the letter's own text is never trusted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _


def _citation_link(citation, inner: str) -> str:
    kamerstuk = citation.kamerstuk
    if citation.target == "motion" and kamerstuk is not None and hasattr(kamerstuk, "motion"):
        href = kamerstuk.motion.get_absolute_url()
    elif citation.target == "commitment" and citation.commitment_id:
        href = citation.commitment.get_absolute_url()
    elif kamerstuk is not None:
        href = kamerstuk.official_url
    else:
        href = ""
    classes = f"cite cite-{citation.target}"
    if citation.review:
        classes += f" review-{citation.review}"
    if href:
        return format_html('<mark id="cite-{}" class="{}"><a href="{}">{}</a></mark>', citation.pk, classes, href, mark_safe(inner))
    return format_html('<mark id="cite-{}" class="{}">{}</mark>', citation.pk, classes, mark_safe(inner))


def headings(letter) -> list[tuple[str, str]]:
    """(anchor, text) of the letter's section headings in order, for a table of contents."""
    result: list[tuple[str, str]] = []
    used: set[str] = set()
    for heading in (letter.structure or {}).get("headings", []):
        text = (heading.get("text") or "").strip()
        if not text:
            continue
        anchor = base = "par-" + (slugify(text)[:60] or "kop")
        n = 1
        while anchor in used:  # two sections with the same heading still get distinct anchors
            n += 1
            anchor = f"{base}-{n}"
        used.add(anchor)
        result.append((anchor, text))
    return result


def _paragraphs(html_text: str, anchors: list[tuple[str, str]]) -> str:
    pending: dict[str, list[str]] = {}
    for anchor, text in anchors:
        pending.setdefault(str(escape(text)), []).append(anchor)
    out = []
    for part in (p.strip() for p in html_text.split("\n\n")):
        if not part:
            continue
        if pending.get(part):
            # A section heading of the letter: a real heading, so it shows in the outline and can be linked.
            out.append(f'<h2 class="letter-heading" id="{pending[part].pop(0)}">{part}</h2>')
        else:
            out.append(f"<p>{part.replace(chr(10), '<br>')}</p>")
    return "".join(out)


def render_letter(letter, citations: Sequence) -> SafeString:
    """The letter body and its footnotes as HTML, with citations marked at their spans."""
    text: str = letter.text or ""
    structure = letter.structure or {}
    body_end = min(int(structure.get("body_end", len(text))), len(text))
    footnotes = structure.get("footnotes", [])
    markers = {int(f["ref_offset"]): str(f["number"]) for f in footnotes if f.get("ref_offset") is not None}
    # Links from the open data (a harvested letter's onderwerp, a commitment's fulfilment) have no
    # words of their own in the text: they are listed with the answers, not marked in the body.
    in_text = [c for c in citations if getattr(c, "source", "text") not in ("onderwerp", "commitment")]
    spans = sorted((c for c in in_text if 0 <= c.start < c.end <= len(text)), key=lambda c: (c.start, -c.end))
    body = _paragraphs(_render_segment(text, 0, body_end, spans, markers), headings(letter))
    items = []
    for f in footnotes:
        inner = _render_segment(text, int(f["start"]), int(f["end"]), spans, {}, links=True)
        back = (
            format_html(' <a class="fnback" href="#fnref-{0}" aria-label="{1}">↩</a>', f["number"], _("Terug naar voetnootteken %(n)s in de tekst") % {"n": f["number"]})
            if f.get("ref_offset") is not None
            else ""
        )
        items.append(format_html('<li id="fn-{}" value="{}">{}{}</li>', f["number"], f["number"], mark_safe(inner), back))
    if not items:
        return mark_safe(body)
    title = escape(_("Voetnoten"))
    return mark_safe(f'{body}<section class="footnotes" aria-labelledby="footnotes-title"><h2 id="footnotes-title">{title}</h2><ol>{"".join(items)}</ol></section>')


_URL = re.compile(r"https?://[^\s<>\"']+")


def _plain(text: str, links: bool) -> str:
    """Escaped text; with ``links``, every http(s) URL in it a link (footnotes cite their sources so)."""
    if not links:
        return escape(text)
    out, pos = [], 0
    for match in _URL.finditer(text):
        url = match.group(0).rstrip(".,;:)]")
        out.append(escape(text[pos : match.start()]))
        out.append(format_html('<a href="{}" rel="nofollow noopener">{}</a>', url, url))
        pos = match.start() + len(url)
    out.append(escape(text[pos:]))
    return "".join(out)


def _render_segment(text: str, start: int, end: int, spans: Sequence, markers: dict[int, str], *, links: bool = False) -> str:
    out: list[str] = []
    pos = start
    # (offset, 0, footnote number) or (offset, 1, citation): markers sort before a citation at the same place.
    events: list[tuple[int, int, Any]] = []
    last_end = -1
    for c in spans:
        if start <= c.start and c.end <= end and c.start >= last_end:
            events.append((c.start, 1, c))
            last_end = c.end
    for offset, number in markers.items():
        if start <= offset <= end:
            events.append((offset, 0, number))
    events.sort(key=lambda e: (e[0], e[1]))
    for offset, kind, payload in events:
        if offset < pos:
            continue
        out.append(_plain(text[pos:offset], links))
        pos = offset
        if kind == 0:
            out.append(format_html('<sup class="fnref"><a id="fnref-{0}" href="#fn-{0}" aria-label="{1}">{0}</a></sup>', payload, _("Voetnoot %(n)s") % {"n": payload}))
        else:
            out.append(_citation_link(payload, escape(text[payload.start:payload.end])))
            pos = payload.end
    out.append(_plain(text[pos:end], links))
    return "".join(out)
