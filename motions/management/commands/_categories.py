"""The ``--category`` option that sync_opendata and reproject share (not a command: the name starts
with an underscore)."""

from __future__ import annotations

from django.core.management.base import CommandError

from motions.opendata.feed import CATEGORIES


def chosen_categories(names: list[str] | None) -> list[str] | None:
    """SyncFeed categories as the feed spells them, from any casing; None for all of them."""
    if not names:
        return None
    known = {c.lower(): c for c in CATEGORIES}
    unknown = [c for c in names if c.lower() not in known]
    if unknown:
        raise CommandError(f"unknown category {', '.join(unknown)}; choose from {', '.join(CATEGORIES)}")
    return [known[c.lower()] for c in names]
