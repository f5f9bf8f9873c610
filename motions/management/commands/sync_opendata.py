"""python manage.py sync_opendata [--base-url URL] [--category C ...] [--max-pages N] [--full]

Mirrors the Tweede Kamer SyncFeed (``TK_SYNCFEED_BASE_URL``) and projects it onto motions, votes and
commitments. One progress line per committed page on stderr, then one JSON line of counts on stdout::

    Zaak page 3: 250 entities, 250 mirrored, 0 skipped, +12 created, 8 updated, 0 withdrawn, 0 errors (skiptoken 26000750, 1,840/s)
    {"pages": 7, "entities": 1520, "mirrored": 1520, "skipped": 0, "pending": 0, "created": 512, ...}

A permanent failure (a 404, an unknown category, another sync running) ends with one line on stderr
and a non-zero exit; the pages committed before it stay, and the next run resumes after them.
"""

from __future__ import annotations

import json
import logging

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motions.management.commands._categories import chosen_categories
from motions.opendata.feed import CATEGORIES, FeedError
from motions.opendata.sync import PageReport, run_sync


class Command(BaseCommand):
    help = "Mirror the Tweede Kamer SyncFeed and bring motions, votes and commitments up to date."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--base-url", help="SyncFeed root, e.g. https://gegevensmagazijn.tweedekamer.nl/SyncFeed/2.0/ (default: TK_SYNCFEED_BASE_URL)")
        parser.add_argument("--category", action="append", dest="categories", metavar="C", help=f"read only this category (repeatable): {', '.join(CATEGORIES)}")
        parser.add_argument("--max-pages", type=int, help="stop each category after this many pages; the next run continues")
        parser.add_argument("--full", action="store_true", help="start every category from the beginning of the feed instead of its stored skiptoken")

    def handle(self, *args, **options) -> None:
        categories = chosen_categories(options["categories"])
        if options["max_pages"] is not None and options["max_pages"] < 1:
            raise CommandError("--max-pages must be at least 1")
        # One line per page is the progress report; httpx would add one per request at INFO.
        httpx_logger = logging.getLogger("httpx")
        level = httpx_logger.level
        httpx_logger.setLevel(max(level, logging.WARNING))
        try:
            stats = run_sync(categories, base_url=options["base_url"], full=options["full"], max_pages=options["max_pages"], on_page=self.progress)
        except FeedError as exc:
            raise CommandError(" ".join(str(exc).split()))
        finally:
            httpx_logger.setLevel(level)
        self.stdout.write(json.dumps(stats.as_dict()))

    def progress(self, report: PageReport) -> None:
        s = report.stats
        rate = report.entities / report.seconds if report.seconds > 0 else 0.0
        self.stderr.write(
            f"{report.category} page {report.number}: {report.entities} entities, {s.mirrored} mirrored, {s.skipped} skipped, "
            f"+{s.created} created, {s.updated} updated, {s.withdrawn} withdrawn, {s.errors} errors "
            f"(skiptoken {report.skiptoken if report.skiptoken is not None else '—'}, {rate:,.0f}/s)"
        )
        self.stderr.flush()
