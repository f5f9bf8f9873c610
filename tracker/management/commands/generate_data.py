"""python manage.py generate_data --motions 100000 --letters 20000 --seed 1"""

from __future__ import annotations

import json
import time

from django.core.management.base import BaseCommand, CommandError

from tracker.generate import generate


class Command(BaseCommand):
    help = "Fill the database with a realistic, deterministic data set (for benchmarks and load tests)."

    def add_arguments(self, parser):
        parser.add_argument("--motions", type=int, default=100_000)
        parser.add_argument("--letters", type=int, default=20_000)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **options):
        if options["motions"] < 1 or options["letters"] < 0:
            raise CommandError("--motions must be at least 1 and --letters at least 0")
        started = time.monotonic()
        counts = generate(motions=options["motions"], letters=options["letters"], seed=options["seed"], out=self.stderr._out)
        counts["seconds"] = round(time.monotonic() - started, 1)
        self.stdout.write(json.dumps(counts))
