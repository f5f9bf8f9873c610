"""python manage.py ingest_letter PATH [PATH …] [--title T] [--date YYYY-MM-DD] [--json]

Several files: each is its own letter and its own transaction; a file that fails is named at the
end (exit status 1) and does not undo the others. With ``--json`` one JSON object per line."""

from __future__ import annotations

import datetime as dt
import json
import os

from django.core.management.base import BaseCommand, CommandError

from letters.ingest import LetterError, receive_letter, suggestion_body
from letters.models import Citation, Letter


class Command(BaseCommand):
    help = "Ingest a government letter (txt, docx, pdf, xml, html): find its citations and link them."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="path", help="the letter file(s)")
        parser.add_argument("--title", help="the letter's title (default: from the file; only with one file)")
        parser.add_argument("--date", help="the letter's date, YYYY-MM-DD (default: from the text; only with one file)")
        parser.add_argument("--json", action="store_true", help="print one JSON object instead of a summary")

    def handle(self, *args, **options):
        date = None
        if options["date"]:
            try:
                date = dt.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(f"--date must be YYYY-MM-DD, got {options['date']!r}")
        paths = options["paths"]
        if len(paths) > 1 and (options["title"] or date):
            raise CommandError("--title and --date name one letter: give one file with them")
        missing = [p for p in paths if not os.path.isfile(p)]
        if missing:
            raise CommandError(f"cannot read {', '.join(missing)}: no such file")
        failed: list[str] = []
        for path in paths:
            try:
                receipt = receive_letter(path, title=options["title"], date=date, now=True)
            except LetterError as exc:
                if len(paths) == 1:
                    raise CommandError(str(exc))
                failed.append(f"{path}: {exc}")
                self.stderr.write(f"{path}: {exc}")
                continue
            self.report(receipt.letter, created=receipt.created, as_json=options["json"])
        if failed:
            raise CommandError(f"{len(failed)} of {len(paths)} files failed: " + "; ".join(failed))

    def report(self, letter: Letter, *, created: bool, as_json: bool) -> None:
        citations = list(letter.citations.select_related("kamerstuk").order_by("start"))
        if as_json:
            mentions = letter.mentions.select_related("best__kamerstuk", "runner_up__kamerstuk", "citation")
            payload = {
                "letter": {"id": letter.pk, "title": letter.title, "sender": letter.sender, "sha256": letter.sha256},
                "created": created,
                "citations": [
                    {
                        "raw": c.raw,
                        "kind": c.kind,
                        "key": c.key,
                        "target": c.target,
                        "submitters": c.submitters,
                        "excerpt": c.excerpt,
                        "section": c.section,
                        "suggestion": suggestion_body(c),
                    }
                    for c in citations
                ],
                "mentions": [
                    {
                        "raw": m.raw,
                        "submitters": m.submitters,
                        "subject": m.subject,
                        "proposed": m.citation.key if m.citation else None,
                        "best": m.best.kamerstuk.key if m.best else None,
                        "confidence": m.confidence,
                        "runner_up": m.runner_up.kamerstuk.key if m.runner_up else None,
                        "runner_up_confidence": m.runner_up_confidence,
                    }
                    for m in mentions
                ],
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        self.stdout.write(f"Letter {letter.pk}: {letter.title}")
        if letter.sender:
            self.stdout.write(f"  from: {letter.sender}")
        self.stdout.write(f"  sha256: {letter.sha256}")
        by_target: dict[str, list[Citation]] = {}
        for c in citations:
            by_target.setdefault(c.target, []).append(c)
        labels = {"motion": "motions", "commitment": "commitments", "paper": "papers", "other": "other references"}
        for target in ("motion", "commitment", "paper", "other"):
            items = by_target.get(target, [])
            if not items:
                continue
            self.stdout.write(f"  {len(items)} {labels[target]}:")
            for c in items:
                who = f" ({', '.join(c.submitters)})" if c.submitters else ""
                note = f" [voetnoot {c.footnote}]" if c.footnote else ""
                self.stdout.write(f"    {c.key or c.raw}{who}{note} — {c.section or '—'}")
