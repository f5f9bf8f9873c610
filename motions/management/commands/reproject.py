"""python manage.py reproject [--category C ...]

Rebuilds the domain (dossiers, papers, motions, submitters, decisions, votes, parties, commitments)
from the raw SyncFeed mirror alone, without downloading: after a change to the mapping rules, or to
repair. Idempotent: what is already right is left alone. One progress line per batch on stderr, one
JSON line of counts on stdout.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motions.management.commands._categories import chosen_categories
from motions.opendata.common import SyncStats
from motions.opendata.placeholders import resolve_placeholders
from motions.opendata.projection import reproject


class Command(BaseCommand):
    help = "Rebuild motions, votes and commitments from the raw SyncFeed mirror (no download)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--category", action="append", dest="categories", metavar="C", help="project the mirrored entities of this category (repeatable); default: every motion Zaak, Toezegging and Fractie")
        parser.add_argument("--batch", type=int, default=500, help="entities per transaction (default 500)")

    def handle(self, *args, **options) -> None:
        categories = chosen_categories(options["categories"])
        if options["batch"] < 1:
            raise CommandError("--batch must be at least 1")
        stats = reproject(categories, batch=options["batch"], on_batch=self.progress)
        stats.add(resolve_placeholders())
        result = stats.as_dict()
        for key in ("pages", "entities", "mirrored", "skipped"):
            result.pop(key, None)
        self.stdout.write(json.dumps(result))

    def progress(self, category: str, done: int, stats: SyncStats) -> None:
        self.stderr.write(f"{category}: {done} projected, +{stats.created} created, {stats.updated} updated, {stats.withdrawn} withdrawn, {stats.pending} pending, {stats.errors} errors")
        self.stderr.flush()
