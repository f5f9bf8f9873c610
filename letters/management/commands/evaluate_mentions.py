"""Precision and recall of resolving motions a letter names without their number.

    python manage.py evaluate_mentions [--labelled tests/letters/mentions_labelled.json] [--json]
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from letters.reading.mentions import THRESHOLD, evaluate


class Command(BaseCommand):
    help = "Precision and recall of resolving un-numbered motion mentions on a labelled set."

    def add_arguments(self, parser):
        default = Path(settings.BASE_DIR) / "tests" / "letters" / "mentions_labelled.json"
        parser.add_argument("--labelled", default=str(default))
        parser.add_argument("--json", action="store_true", help="print the result as one JSON object")

    def handle(self, *args, **options):
        try:
            labelled = json.loads(Path(options["labelled"]).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"cannot read {options['labelled']}: {exc}") from exc
        result = evaluate(labelled)
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=1))
            return
        for row in result["rows"]:
            mark = "ok " if row["linked"] == row["gold"] else ("MISS" if row["linked"] is None else "WRONG")
            self.stdout.write(f"{mark:5} {row['letter']:5} gold={row['gold']} linked={row['linked']} conf={row['confidence']:.2f} runner-up={row['runner_up']}  {row['text'][:70]}")
        self.stdout.write(
            f"\n{result['mentions']} mentions ({result['with_gold_motion']} name one motion), {result['found']} found; "
            f"{result['links']} linked at threshold {THRESHOLD}: {result['correct']} right, {result['wrong']} wrong\n"
            f"precision {result['precision']:.3f}  recall {result['recall']:.3f}"
        )
