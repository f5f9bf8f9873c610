"""Build the read model (the stored API body of every motion, commitment and dossier) again."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from api.readmodel import Kind, rebuild_all


class Command(BaseCommand):
    help = "Build the stored representations of motions, commitments and dossiers again (safe while the site serves)."

    def add_arguments(self, parser):
        parser.add_argument("--kind", choices=Kind.values, action="append", help="Only this kind (repeatable); default: all.")
        parser.add_argument("--stale", action="store_true", help="Only the rows whose date-dependent parts (overdue) have turned.")

    def handle(self, *args, **options):
        started = time.monotonic()
        last = [0.0]

        def progress(kind: str, done: int, total: int) -> None:
            now = time.monotonic()
            if done == total or now - last[0] >= 1.0:
                last[0] = now
                self.stdout.write(f"{kind}: {done:,}/{total:,} ({done / max(total, 1):.0%}, {done / max(now - started, 1e-6):,.0f}/s)")

        done = rebuild_all(kinds=options["kind"] or Kind.values, only_stale=options["stale"], progress=progress)
        self.stdout.write(self.style.SUCCESS(f"Rebuilt {', '.join(f'{n:,} {kind}' for kind, n in done.items())} in {time.monotonic() - started:.1f} s."))
