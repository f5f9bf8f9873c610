"""The yearly "overzicht aangenomen moties en toezeggingen" (budget annex, model 3.42).

Columns as budgets print them: *Omschrijving van de motie / toezegging*, *Vindplaats* (the key and a
link), *Stand van zaken* (the status plus the latest answering letter), split into finished items and
items still in progress. One builder, three writers: CSV, XLSX and a printable HTML page.

The annex is an official Dutch document whatever language the person exporting it reads: it is built
and written in Dutch, cites papers as the Kamer does ("Kamerstuk 26 150, nr. 227") and names statuses
in words. It cites only letters that staff confirmed as answers; a *draft* also cites letters that
Motietracker found but nobody confirmed yet, marked "(nog te bevestigen)".
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import hashlib
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import formats
from django.utils import translation
from django.utils.safestring import mark_safe

from letters.models import Citation
from motions.keys import InvalidKey, official_citation
from motions.models import Commitment, Ministry, Motion, Status

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The printable page must work as a standalone download, so its CSS is inline; the page is served
# with this block's hash in its Content-Security-Policy instead of 'unsafe-inline'.
ANNEX_CSS = """  body { font-family: system-ui, "Segoe UI", Arial, sans-serif; color: #1b1f24; margin: 2rem; line-height: 1.45; }
  h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
  table { border-collapse: collapse; width: 100%; font-size: .9rem; }
  th, td { border: 1px solid #9aa5b1; padding: .35rem .5rem; text-align: left; vertical-align: top; }
  th { background: #eef1f4; }
  a { color: #0b4f8a; }
  @media print { body { margin: 0; } a { color: inherit; text-decoration: none; } tr { break-inside: avoid; } }
"""
ANNEX_CSS_HASH = "'sha256-" + base64.b64encode(hashlib.sha256(ANNEX_CSS.encode()).digest()).decode() + "'"

HEADERS = ["Soort", "Omschrijving", "Vindplaats", "Link", "Stand van zaken", "Status", "Termijn"]


@dataclass(frozen=True)
class AnnexRow:
    kind: str  # "motie" or "toezegging"
    description: str
    vindplaats: str
    url: str
    stand_van_zaken: str
    status: str  # the status in words ("in uitvoering"), never the code
    deadline: dt.date | None
    finished: bool

    def as_list(self) -> list[str]:
        return [self.kind, self.description, self.vindplaats, self.url, self.stand_van_zaken, self.status, self.deadline.isoformat() if self.deadline else ""]


@dataclass(frozen=True)
class Annex:
    ministry: Ministry
    start: dt.date
    end: dt.date
    rows: list[AnnexRow]
    draft: bool = False

    @property
    def finished(self) -> list[AnnexRow]:
        return [r for r in self.rows if r.finished]

    @property
    def in_progress(self) -> list[AnnexRow]:
        return [r for r in self.rows if not r.finished]


def _date(value: dt.date) -> str:
    return formats.date_format(value, "j F Y")


def cite(key: str) -> str:
    """The official way to cite a paper; a key we cannot parse is shown as it is."""
    try:
        return official_citation(key)
    except InvalidKey:
        return f"Kamerstuk {key}"


def _stand(status_label: StrOrPromise, citations, *, draft: bool) -> str:
    """'Afgedaan. De Tweede Kamer is op 3 oktober 2025 per brief geïnformeerd (Kamerstuk 36 410, nr. 5).'"""
    status_label = str(status_label)
    status_label = status_label[:1].upper() + status_label[1:]
    answering = [c for c in citations if c.review != "rejected" and c.target in ("motion", "commitment")]
    confirmed = [c for c in answering if c.review == "confirmed"]
    candidates = confirmed or (answering if draft else [])
    if not candidates:
        return f"{status_label}."
    latest = max(candidates, key=lambda c: (c.letter.date or dt.date.min, c.letter_id))
    letter = latest.letter
    where = cite(letter.kamerstuk.key) if letter.kamerstuk_id else letter.title
    when = f" op {_date(letter.date)}" if letter.date else ""
    pending = "" if latest.review == "confirmed" else " (nog te bevestigen)"
    return f"{status_label}. De Tweede Kamer is{when} per brief geïnformeerd ({where}){pending}."


def build_annex(ministry: Ministry, start: dt.date, end: dt.date, *, draft: bool = False) -> Annex:
    """The annex of ``ministry`` for motions voted and commitments made between ``start`` and ``end``."""
    with translation.override("nl"):
        return _build_annex(ministry, start, end, draft=draft)


def _build_annex(ministry: Ministry, start: dt.date, end: dt.date, *, draft: bool) -> Annex:
    citations = Citation.objects.responses().select_related("letter__kamerstuk").order_by("letter__date")
    motions = (
        Motion.objects.adopted()
        .for_ministry(ministry)
        .filter(vote_date__gte=start, vote_date__lte=end)
        .select_related("kamerstuk")
        .prefetch_related(Prefetch("kamerstuk__citations", queryset=citations))
        .order_by("kamerstuk__key")
    )
    commitments = (
        Commitment.objects.for_ministry(ministry)
        .filter(made_on__gte=start, made_on__lte=end)
        .select_related("kamerstuk")
        .prefetch_related(Prefetch("citations", queryset=citations))
        .order_by("made_on", "pk")
    )
    base = settings.SITE_URL
    rows = [
        AnnexRow(
            kind="motie",
            description=m.title,
            vindplaats=cite(m.kamerstuk.key),
            url=f"{base}{m.get_absolute_url()}",
            stand_van_zaken=_stand(m.get_status_display() or Status.OPEN.label, m.kamerstuk.citations.all(), draft=draft),
            status=str(m.get_status_display() or Status.OPEN.label),
            deadline=m.deadline,
            finished=m.status in Status.finished(),
        )
        for m in motions
    ]
    rows += [
        AnnexRow(
            kind="toezegging",
            description=c.text,
            vindplaats=cite(c.kamerstuk.key) if c.kamerstuk is not None else (c.debate or c.number),
            url=f"{base}{c.get_absolute_url()}",
            stand_van_zaken=_stand(c.get_status_display(), c.citations.all(), draft=draft),
            status=str(c.get_status_display()),
            deadline=c.deadline,
            finished=c.status in Status.finished(),
        )
        for c in commitments
    ]
    return Annex(ministry=ministry, start=start, end=end, rows=rows, draft=draft)


# Excel reads a CSV file without a byte-order mark in the machine's legacy code page ("geÃ¯nformeerd").
BOM = "\ufeff"


def to_csv(annex: Annex) -> str:
    """Semicolon-separated, with a byte-order mark so that Excel reads it as UTF-8."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, delimiter=";")  # Dutch Excel opens ';'-separated files in columns
    writer.writerow(["Onderdeel"] + HEADERS)
    for part, rows in (("Afgerond", annex.finished), ("In uitvoering", annex.in_progress)):
        for row in rows:
            writer.writerow([part] + row.as_list())
    return out.getvalue()


def to_xlsx(annex: Annex) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    first = True
    for part, rows in (("Afgerond", annex.finished), ("In uitvoering", annex.in_progress)):
        sheet = workbook.active if first else workbook.create_sheet()
        first = False
        sheet.title = part
        concept = "CONCEPT — " if annex.draft else ""
        sheet.append([f"{concept}Overzicht aangenomen moties en toezeggingen — {annex.ministry.name}, {annex.start:%d-%m-%Y} t/m {annex.end:%d-%m-%Y}: {part.lower()}"])
        sheet.append(HEADERS)
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in rows:
            values: list[str | dt.date | None] = [*row.as_list()]
            values[6] = row.deadline  # a real date cell
            sheet.append(values)
            link = sheet.cell(row=sheet.max_row, column=4)
            link.hyperlink = row.url
        for column, width in zip("ABCDEFG", (12, 70, 22, 40, 70, 16, 12)):
            sheet.column_dimensions[column].width = width
        for line in sheet.iter_rows(min_row=3):
            for cell in line:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_html(annex: Annex) -> str:
    with translation.override("nl"):
        return render_to_string("motions/annex.html", {"annex": annex, "css": mark_safe(ANNEX_CSS)})
