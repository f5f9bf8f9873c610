"""python manage.py import_data PATH   (a file written by export_data, into an empty database)"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from tracker.backup import BackupError, import_data


class Command(BaseCommand):
    help = "Restore a backup written by export_data into a freshly migrated, empty database."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, **options):
        try:
            with open(options["path"], encoding="utf-8") as handle:
                counts = import_data(handle)
        except OSError as exc:
            raise CommandError(f"cannot read {options['path']}: {exc.strerror or exc}")
        except BackupError as exc:
            raise CommandError(str(exc))
        self.stdout.write(json.dumps(counts))
