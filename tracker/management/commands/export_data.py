"""python manage.py export_data PATH   (JSON lines; '-' writes to standard output)"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from tracker.backup import export_data


class Command(BaseCommand):
    help = "Write every row (keys, history, letter files) as JSON lines, streaming."

    def add_arguments(self, parser):
        parser.add_argument("path", help="file to write, or - for standard output")

    def handle(self, *args, **options):
        progress = lambda label, n: self.stderr.write(f"{label}: {n:,} rows")  # noqa: E731
        try:
            if options["path"] == "-":
                counts = export_data(sys.stdout, progress=progress)
            else:
                with open(options["path"], "w", encoding="utf-8") as handle:
                    counts = export_data(handle, progress=progress)
        except OSError as exc:
            raise CommandError(f"cannot write {options['path']}: {exc.strerror or exc}")
        self.stderr.write(json.dumps(counts))
