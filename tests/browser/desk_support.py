"""Shared set-up of the staff-desk browser tests: a Buitenlandse Zaken officer with a password, and a
review queue of exactly twenty suggestions (the demo letter's eleven plus a second letter's nine)."""

from __future__ import annotations

import datetime as dt
import hashlib

PASSWORD = "a-long-test-password"
DESK = {"width": 1366, "height": 900}


def make_officer(username: str = "officier"):
    from django.contrib.auth import get_user_model

    from motions.models import Ministry, StaffProfile

    user = get_user_model().objects.create_user(username, f"{username}@example.org", PASSWORD, is_staff=True, first_name="Olga", last_name="Officier")
    StaffProfile.objects.create(user=user, ministry=Ministry.objects.get(abbreviation="BZ"))
    return user


def fill_queue_to(total: int = 20) -> int:
    """Add suggestions from a second letter until the officer's queue holds ``total``."""
    from letters.models import Citation, Letter
    from motions.models import Motion

    queue = Citation.objects.suggested().filter(kamerstuk__motion__ministry__abbreviation="BZ")
    missing = total - queue.count()
    motions = list(Motion.objects.adopted().filter(ministry__abbreviation="BZ").select_related("kamerstuk").order_by("kamerstuk__key"))
    sentences = []
    for i in range(missing):
        motion = motions[i % len(motions)]
        sentences.append(f"Over motie {motion.kamerstuk.key} ({i}) kan worden gemeld dat de uitvoering loopt.")
    text = "\n\n".join(sentences)
    letter = Letter.objects.create(
        title="Voortgangsbrief moties Buitenlandse Zaken",
        date=dt.date(2025, 11, 20),
        text=text,
        state=Letter.State.DONE,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        file="letters/test/voortgang.txt",
        format="text",
    )
    at = 0
    for i, sentence in enumerate(sentences):
        motion = motions[i % len(motions)]
        start = at + sentence.index("motie")
        Citation.objects.create(
            letter=letter, start=start, end=start + 16, raw=sentence[sentence.index("motie") : sentence.index("motie") + 16],
            kind=Citation.Kind.MOTIE, target=Citation.Target.MOTION, key=motion.kamerstuk.key, kamerstuk=motion.kamerstuk,
            excerpt=sentence, excerpt_start=at, excerpt_end=at + len(sentence),
            suggested_status="in_uitvoering", suggestion_confidence=0.7,
            suggestion_evidence=[{"start": at + sentence.index("de uitvoering loopt"), "end": at + len(sentence) - 1, "label": "in_uitvoering", "pattern": "test"}],
            review=Citation.Review.SUGGESTED,
        )
        at += len(sentence) + 2
    return queue.count()


def log_in(page, site: str, next_path: str, username: str = "officier") -> None:
    page.goto(site + next_path)
    assert "/beheer/inloggen/" in page.url
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
