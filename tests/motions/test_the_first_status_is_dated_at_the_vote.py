"""A loaded or synced motion's first status is dated at the vote, not at the import, so it does
not come after the letter that answered it."""

import datetime as dt

from django.utils import timezone

from letters.ingest import ingest_letter
from motions.models import Motion, StatusChange

from .test_load_demo import SEED_MOTIONS

SEED_LETTER = __import__("pathlib").Path(__file__).resolve().parents[2] / "letters" / "fixtures" / "seed-letter-china-strategie.txt"


def test_every_first_status_is_on_the_vote_date(demo):
    for key in SEED_MOTIONS:
        motion = Motion.objects.by_key(key).get()
        first = StatusChange.objects.filter(motion=motion).order_by("at", "id").first()
        assert timezone.localdate(first.at) == motion.vote_date, key


def test_the_timeline_puts_the_letter_after_the_opening(demo, client):
    ingest_letter(SEED_LETTER, title="Kabinetsreactie", date=dt.date(2025, 10, 3))
    page = client.get("/moties/35207-83/").content.decode()
    opened = page.index("tl-status")
    answered = page.index("tl-response")
    assert opened < answered
