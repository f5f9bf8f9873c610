"""Fixtures of the API tests: a client, tokens for staff, the seed letter's responses."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.cache import cache

ROOT = Path(__file__).resolve().parents[2]
SEED_LETTER = ROOT / "letters" / "fixtures" / "seed-letter-china-strategie.txt"


@pytest.fixture(autouse=True)
def fresh_throttles():
    """Throttle counters live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def letter(demo):
    """The seed letter, processed: suggested responses to the demo motions."""
    from letters.ingest import ingest_letter

    return ingest_letter(SEED_LETTER, title="Kabinetsreactie China-strategie", date=dt.date(2025, 10, 3))


def token_for(user) -> str:
    from tracker.models import ApiToken

    return ApiToken.issue(user, name="test")[1]


@pytest.fixture
def bz_token(bz_staff) -> str:
    return token_for(bz_staff)


@pytest.fixture
def ezk_token(ezk_staff) -> str:
    return token_for(ezk_staff)


def auth(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}
