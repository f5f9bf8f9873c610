"""``answered_on`` (the first letter that answers an item) is what "over de termijn" reads; the letters
app keeps it true when a letter is read, when staff reject or confirm an answer, and when a letter's
date is corrected — so motions decide "overdue" without reaching into the letters' tables."""

import datetime as dt
from pathlib import Path

from letters.ingest import ingest_letter
from letters.models import Citation
from letters.review import reject_response
from motions.models import Motion

SEED_LETTER = Path(__file__).resolve().parents[2] / "letters" / "fixtures" / "seed-letter-china-strategie.txt"


def answered_on(key: str):
    return Motion.objects.by_key(key).values_list("answered_on", flat=True).get()


def test_reading_a_letter_dates_the_answers(demo):
    assert answered_on("35207-83") is None
    ingest_letter(SEED_LETTER, title="Kabinetsreactie", date=dt.date(2025, 6, 30))
    assert answered_on("35207-83") == dt.date(2025, 6, 30)


def test_rejecting_the_only_answer_clears_it(demo, bz_staff):
    letter = ingest_letter(SEED_LETTER, title="Kabinetsreactie", date=dt.date(2025, 6, 30))
    for citation in Citation.objects.filter(letter=letter, kamerstuk__key="35207-83").responses():
        reject_response(citation, by=bz_staff)
    assert answered_on("35207-83") is None
    assert "35207-83" in set(Motion.objects.overdue(dt.date(2026, 1, 15)).values_list("kamerstuk__key", flat=True))


def test_a_corrected_letter_date_moves_it(demo, admin_client):
    letter = ingest_letter(SEED_LETTER, title="Kabinetsreactie", date=dt.date(2025, 6, 30))
    from letters.admin import LetterAdmin
    from django.contrib import admin

    model_admin = LetterAdmin(type(letter), admin.site)
    letter.date = dt.date(2025, 10, 3)

    class Form:
        changed_data = ["date"]

    model_admin.save_model(None, letter, Form(), change=True)
    assert answered_on("35207-83") == dt.date(2025, 10, 3)
