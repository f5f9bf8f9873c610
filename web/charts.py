"""Server-rendered SVG charts for the staff dashboard: no JavaScript, readable with a screen reader
(each chart has a title and description, and the page shows the same numbers as a table)."""

from __future__ import annotations

from xml.sax.saxutils import escape

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


def _svg(width: int, height: int, title: str, desc: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" aria-labelledby="t d">'
        f'<title id="t">{escape(title)}</title><desc id="d">{escape(desc)}</desc>'
        + f'<g font-family="system-ui, Arial, sans-serif" font-size="12" fill="#1b1f24">'
        + "".join(body)
        + "</g>"
        + "</svg>"
    )


def status_per_ministry(rows: list[tuple[str, dict[str, int]]]) -> str:
    """Stacked horizontal bars: one per ministry, one segment per status."""
    label_w, bar_w, row_h = 230, 420, 26
    height = 40 + row_h * max(len(rows), 1) + 40
    top = max((sum(counts.values()) for _, counts in rows), default=0) or 1
    body = []
    for i, (name, counts) in enumerate(rows):
        y = 30 + i * row_h
        body.append(f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end">{escape(name[:34])}</text>')
        x = label_w
        for status in Status.values:
            n = counts.get(status, 0)
            if not n:
                continue
            w = bar_w * n / top
            body.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row_h - 6}" fill="{COLOURS[status]}"><title>{escape(name)}: {escape(str(Status(status).label))} {n}</title></rect>')
            x += w
        body.append(f'<text x="{x + 6:.1f}" y="{y + 15}">{sum(counts.values())}</text>')
    legend_y = height - 14
    for j, status in enumerate(Status.values):
        lx = 10 + j * 115
        body.append(f'<rect x="{lx}" y="{legend_y - 10}" width="12" height="12" fill="{COLOURS[status]}"/><text x="{lx + 16}" y="{legend_y}">{escape(str(Status(status).label))}</text>')
    desc = "; ".join(f"{name}: " + ", ".join(f"{Status(s).label} {n}" for s, n in counts.items() if n) for name, counts in rows) or "geen gegevens"
    return _svg(label_w + bar_w + 60, height, "Uitvoeringsstatus per ministerie", desc, body)


def adopted_vs_finished(months: list[tuple[str, int, int]]) -> str:
    """Grouped bars per month: motions adopted (vote date) and motions finished (status change date)."""
    left, bottom, plot_h, group_w = 40, 40, 200, 44
    width = left + group_w * max(len(months), 1) + 20
    height = 30 + plot_h + bottom + 20
    top = max((max(a, f) for _, a, f in months), default=0) or 1
    body = [f'<line x1="{left}" y1="{30 + plot_h}" x2="{width - 10}" y2="{30 + plot_h}" stroke="#4a5460"/>']
    for i, (label, adopted, finished) in enumerate(months):
        x = left + i * group_w + 4
        for j, (n, colour, what) in enumerate(((adopted, "#154273", "aangenomen"), (finished, "#1f6b36", "afgerond"))):
            h = plot_h * n / top
            body.append(f'<rect x="{x + j * 18}" y="{30 + plot_h - h:.1f}" width="16" height="{h:.1f}" fill="{colour}"><title>{escape(label)}: {n} {what}</title></rect>')
        body.append(f'<text x="{x + 17}" y="{30 + plot_h + 16}" text-anchor="middle">{escape(label)}</text>')
    body.append(f'<text x="{left}" y="18">max {top}</text>')
    ly = height - 8
    body.append(f'<rect x="{left}" y="{ly - 10}" width="12" height="12" fill="#154273"/><text x="{left + 16}" y="{ly}">aangenomen</text>')
    body.append(f'<rect x="{left + 110}" y="{ly - 10}" width="12" height="12" fill="#1f6b36"/><text x="{left + 126}" y="{ly}">afgerond</text>')
    desc = "; ".join(f"{label}: {a} aangenomen, {f} afgerond" for label, a, f in months) or "geen gegevens"
    return _svg(width, height, "Aangenomen en afgeronde moties per maand", desc, body)
