"""python manage.py export_annex --ministry BZ --from 2025-01-01 --to 2025-12-31 --format csv|xlsx|html [--output PATH] [--draft]"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from web.annex import build_annex, to_csv, to_html, to_xlsx
from motions.models import Ministry


def find_ministry(value: str) -> Ministry:
    ministry = Ministry.objects.named(value)
    if ministry is None:
        known = ", ".join(Ministry.objects.values_list("abbreviation", flat=True))
        raise CommandError(f"unknown ministry {value!r}; use a name or abbreviation ({known})")
    return ministry


def parse_day(value: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{option} must be YYYY-MM-DD, got {value!r}")


class Command(BaseCommand):
    help = "Export the overzicht aangenomen moties en toezeggingen of one ministry for a period."

    def add_arguments(self, parser):
        parser.add_argument("--ministry", required=True, help="name, abbreviation (BZ) or slug")
        parser.add_argument("--from", dest="start", required=True, help="first vote/commitment date, YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="last date, YYYY-MM-DD")
        parser.add_argument("--format", choices=["csv", "xlsx", "html"], default="csv")
        parser.add_argument("--output", help="file to write (default: standard output; required for xlsx)")
        parser.add_argument("--draft", action="store_true", help="also cite answers nobody confirmed yet, marked '(nog te bevestigen)'")

    def handle(self, *args, **options):
        ministry = find_ministry(options["ministry"])
        start, end = parse_day(options["start"], "--from"), parse_day(options["end"], "--to")
        if end < start:
            raise CommandError("--to lies before --from")
        annex = build_annex(ministry, start, end, draft=options["draft"])
        fmt, output = options["format"], options["output"]
        if fmt == "xlsx":
            if not output:
                raise CommandError("--format xlsx needs --output PATH")
            with open(output, "wb") as handle:
                handle.write(to_xlsx(annex))
        else:
            content = to_csv(annex) if fmt == "csv" else to_html(annex)
            if output:
                with open(output, "w", encoding="utf-8", newline="") as handle:
                    handle.write(content)
            else:
                self.stdout.write(content, ending="")
        self.stderr.write(f"{len(annex.finished)} finished, {len(annex.in_progress)} in progress for {ministry.name}")
