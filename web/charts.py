"""Server-rendered SVG charts for the staff overview: no JavaScript, readable with a screen reader
(each chart has a title and description, and the page shows the same numbers as a table).

Two rules keep them legible: text is laid out from its estimated width, so labels never overlap
(legends wrap, names are shortened with an ellipsis), and months without any motion adopted or
finished do not take a column each: leading empty months are left out and a run of empty months
becomes one narrow gap marked "…".
"""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape

from django.utils import formats
from django.utils.translation import gettext as _

from motions.models import Status

# Colours match the status badges in static/css/site.css (contrast ≥ 4.5:1 against white text).
COLOURS = {
    Status.OPEN: "#154273",
    Status.IN_UITVOERING: "#8a5300",
    Status.DEELS_AFGEDAAN: "#6b4f00",
    Status.AFGEDAAN: "#1f6b36",
    Status.NIET_UITGEVOERD: "#a1262c",
    Status.VERVALLEN: "#4a5460",
}
FONT_SIZE = 12
# A generous average advance for a 12 px sans-serif: wide enough that estimated boxes never
# underestimate real text (digits and lower case run 6–7 px).
CHAR_W = 7.2


def text_width(text: str) -> float:
    return len(text) * CHAR_W


def _shorten(text: str, width: float) -> str:
    if text_width(text) <= width:
        return text
    keep = max(int(width / CHAR_W) - 1, 1)
    return text[:keep].rstrip() + "…"


def _svg(width: int, height: int, title: str, desc: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" aria-labelledby="t d">'
        f'<title id="t">{escape(title)}</title><desc id="d">{escape(desc)}</desc>'
        + f'<g font-family="system-ui, Arial, sans-serif" font-size="{FONT_SIZE}" fill="#1b1f24">'
        + "".join(body)
        + "</g>"
        + "</svg>"
    )


def _legend(items: list[tuple[str, str]], *, x0: float, y0: float, width: float) -> tuple[list[str], float]:
    """Swatch-and-label pairs laid out left to right, wrapping to a new line rather than overlapping.
    Returns the elements and the y below the last line."""
    body, x, y = [], x0, y0
    for colour, label in items:
        item_w = 16 + text_width(label) + 18
        if x > x0 and x + item_w > x0 + width:
            x, y = x0, y + 20
        body.append(f'<rect x="{x:.1f}" y="{y - 10}" width="12" height="12" fill="{colour}"/><text class="legend" x="{x + 16:.1f}" y="{y}">{escape(label)}</text>')
        x += item_w
    return body, y + 10


def status_per_ministry(rows: list[tuple[str, dict[str, int]]]) -> str:
    """Stacked horizontal bars: one per ministry, one segment per status."""
    label_w, bar_w, row_h, total_w = 260, 420, 26, 50
    width = label_w + bar_w + total_w
    top = max((sum(counts.values()) for _, counts in rows), default=0) or 1
    body = []
    for i, (name, counts) in enumerate(rows):
        y = 16 + i * row_h
        body.append(f'<text class="label" x="{label_w - 8}" y="{y + 15}" text-anchor="end">{escape(_shorten(name, label_w - 16))}</text>')
        x = float(label_w)
        for status in Status.values:
            n = counts.get(status, 0)
            if not n:
                continue
            w = bar_w * n / top
            body.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row_h - 6}" fill="{COLOURS[Status(status)]}"><title>{escape(name)}: {escape(str(Status(status).label))} {n}</title></rect>')
            x += w
        body.append(f'<text class="total" x="{x + 6:.1f}" y="{y + 15}">{sum(counts.values())}</text>')
    legend, bottom = _legend(
        [(COLOURS[Status(s)], str(Status(s).label)) for s in Status.values],
        x0=10,
        y0=16 + row_h * max(len(rows), 1) + 24,
        width=width - 20,
    )
    body += legend
    desc = "; ".join(f"{name}: " + ", ".join(f"{Status(s).label} {n}" for s, n in counts.items() if n) for name, counts in rows) or _("geen gegevens")
    return _svg(width, int(bottom + 8), _("Uitvoeringsstatus per ministerie"), desc, body)


def month_slots(months: list[tuple[dt.date, int, int]]) -> list[tuple[str, dt.date, dt.date, int, int]]:
    """Months to draw: ("month", first, first, adopted, finished) for a month with data, and
    ("gap", first, last, 0, 0) for a run of two or more empty months; leading empty months go."""
    slots: list[tuple[str, dt.date, dt.date, int, int]] = []
    run: list[dt.date] = []
    started = False
    for month, adopted, finished in months:
        if not adopted and not finished:
            if started:
                run.append(month)
            continue
        started = True
        if len(run) == 1:
            slots.append(("month", run[0], run[0], 0, 0))
        elif run:
            slots.append(("gap", run[0], run[-1], 0, 0))
        run = []
        slots.append(("month", month, month, adopted, finished))
    if len(run) == 1:
        slots.append(("month", run[0], run[0], 0, 0))
    elif run:
        slots.append(("gap", run[0], run[-1], 0, 0))
    return slots


def adopted_vs_finished(months: list[tuple[dt.date, int, int]]) -> str:
    """Grouped bars per month: motions adopted (vote date) and motions finished (status change date)."""
    slots = month_slots(months)
    left, top_pad, plot_h, group_w, gap_w = 44, 30, 200, 46, 26
    widths = [gap_w if kind == "gap" else group_w for kind, *_rest in slots]
    width = int(max(left + sum(widths) + 20, 320))
    top = max((max(a, f) for *_head, a, f in slots), default=0) or 1
    axis_y = top_pad + plot_h
    body = [f'<line x1="{left}" y1="{axis_y}" x2="{width - 10}" y2="{axis_y}" stroke="#4a5460"/>']
    body.append(f'<line x1="{left}" y1="{top_pad}" x2="{left}" y2="{axis_y}" stroke="#4a5460"/>')
    body.append(f'<text class="scale" x="{left - 6}" y="{top_pad + 4}" text-anchor="end">{top}</text>')
    body.append(f'<text class="scale" x="{left - 6}" y="{axis_y + 4}" text-anchor="end">0</text>')
    x = float(left)
    previous_year = None
    adopted_word, finished_word = _("aangenomen"), _("afgerond")
    for (kind, first, last, adopted, finished), w in zip(slots, widths):
        centre = x + w / 2
        if kind == "gap":
            span = f"{formats.date_format(first, 'M Y')} – {formats.date_format(last, 'M Y')}"
            body.append(f'<text class="x-label" x="{centre:.1f}" y="{axis_y + 16}" text-anchor="middle">…<title>{escape(span)}: {escape(_("niets aangenomen of afgerond"))}</title></text>')
            x += w
            continue
        label = formats.date_format(first, "M")
        for j, (n, colour, what) in enumerate(((adopted, "#154273", adopted_word), (finished, "#1f6b36", finished_word))):
            h = plot_h * n / top
            body.append(
                f'<rect x="{x + 5 + j * 18:.1f}" y="{axis_y - h:.1f}" width="16" height="{h:.1f}" fill="{colour}">'
                f'<title>{escape(formats.date_format(first, "F Y"))}: {n} {escape(what)}</title></rect>'
            )
        body.append(f'<text class="x-label" x="{centre:.1f}" y="{axis_y + 16}" text-anchor="middle">{escape(label)}</text>')
        if first.year != previous_year:
            body.append(f'<text class="x-year" x="{centre:.1f}" y="{axis_y + 31}" text-anchor="middle">{first.year}</text>')
            previous_year = first.year
        x += w
    legend, bottom = _legend([("#154273", adopted_word), ("#1f6b36", finished_word)], x0=left, y0=axis_y + 56, width=width - left - 10)
    body += legend
    desc = "; ".join(f"{formats.date_format(m, 'F Y')}: {a} {adopted_word}, {f} {finished_word}" for m, a, f in months if a or f) or _("geen gegevens")
    return _svg(width, int(bottom + 6), _("Aangenomen en afgeronde moties per maand"), desc, body)
