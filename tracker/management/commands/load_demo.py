"""Load the demo data: the seed letter's motions from real open-data records, then the letter. Idempotent."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from api.readmodel import rebuild_all

from letters.ingest import receive_letter
from motions.demo import load_demo

SEED_LETTER = Path(__file__).resolve().parents[3] / "letters" / "fixtures" / "seed-letter-china-strategie.txt"
SEED_LETTER_TITLE = "Kabinetsreactie op de initiatiefnota over een Nieuwe China-Strategie"
SEED_LETTER_DATE = dt.date(2025, 10, 3)

DEMO_USER = "beheer"
DEMO_PASSWORD = "motietracker-demo"


class Command(BaseCommand):
    help = "Load the seed letter's motions (real open-data records) and related papers. Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument("--no-staff-user", action="store_true", help="Do not create the demo staff user.")

    def handle(self, *args, **options):
        result = load_demo()
        stats = result.motions
        self.stdout.write(
            f"Motions: {stats.created} created, {stats.updated} updated, {stats.unchanged} unchanged, {stats.errors} errors; "
            f"texts set: {result.texts_set}; papers created: {result.papers_created}; commitments created: {result.commitments_created}."
        )
        letter = receive_letter(SEED_LETTER, title=SEED_LETTER_TITLE, date=SEED_LETTER_DATE, now=True).letter
        responses = letter.citations.filter(target__in=["motion", "commitment"]).count()
        self.stdout.write(f"Seed letter: '{letter.title}' with {letter.citations.count()} citations, {responses} suggested responses.")
        if not options["no_staff_user"]:
            self._ensure_staff_user()
        built = rebuild_all()
        self.stdout.write(f"Read model: {', '.join(f'{n} {kind}' for kind, n in built.items())} stored.")

    def _ensure_staff_user(self) -> None:
        User = get_user_model()
        if User.objects.filter(username=DEMO_USER).exists():
            self.stdout.write(f"Staff login: user '{DEMO_USER}' already exists.")
            return
        if not settings.DEBUG:
            # A known password must never appear on a production instance.
            self.stdout.write("DEBUG is off: no demo staff user created (use createsuperuser).")
            return
        User.objects.create_superuser(DEMO_USER, email="beheer@example.org", password=DEMO_PASSWORD)
        self.stdout.write(f"Staff login: user '{DEMO_USER}', password '{DEMO_PASSWORD}' at /beheer/ (the staff desk) and /admin/ (development only).")
